import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './queue.js';

/** Pop everything, returning [time, a] pairs in pop order. */
function drain(q: EventQueue): [number, number][] {
  const out: [number, number][] = [];
  for (let s = q.pop(); s >= 0; s = q.pop()) out.push([q.lastTime, q.a[s]]);
  return out;
}

describe('EventQueue', () => {
  it('pops in time order and keeps FIFO among equal times', () => {
    const q = new EventQueue(4);
    const times = [5, 1, 3, 1, 5, 0, 3, 1];
    times.forEach((t, i) => q.push(t, 0, i, 0));
    expect(drain(q)).toEqual([
      [0, 5],
      [1, 1],
      [1, 3],
      [1, 7],
      [3, 2],
      [3, 6],
      [5, 0],
      [5, 4],
    ]);
  });

  it('property: any interleaving of push, pop and cancel matches a sorted reference, FIFO on ties', () => {
    type Op = { op: 'push'; t: number } | { op: 'pop' } | { op: 'cancel'; k: number };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      // Few distinct times, so ties are common.
      fc.record({ op: fc.constant('push' as const), t: fc.integer({ min: 0, max: 8 }) }),
      fc.record({ op: fc.constant('pop' as const) }),
      fc.record({ op: fc.constant('cancel' as const), k: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const q = new EventQueue(2);
        // Reference: live events as (time, seq, id); popping takes the min by (time, seq).
        const ref: { t: number; seq: number; id: number; handle: number }[] = [];
        const handles: number[] = [];
        let seq = 0;
        let now = 0;
        for (const o of ops) {
          if (o.op === 'push') {
            const t = now + o.t;
            const id = seq;
            const handle = q.push(t, 1, id, 0);
            handles.push(handle);
            ref.push({ t, seq: seq++, id, handle });
          } else if (o.op === 'pop') {
            ref.sort((x, y) => x.t - y.t || x.seq - y.seq);
            const want = ref.shift();
            const slot = q.pop();
            if (!want) {
              expect(slot).toBe(-1);
            } else {
              expect(slot).toBeGreaterThanOrEqual(0);
              expect([q.lastTime, q.a[slot]]).toEqual([want.t, want.id]);
              now = want.t;
            }
          } else if (handles.length > 0) {
            const h = handles[o.k % handles.length];
            const i = ref.findIndex((e) => e.handle === h);
            expect(q.cancel(h)).toBe(i >= 0);
            if (i >= 0) ref.splice(i, 1);
          }
          expect(q.live).toBe(ref.length);
        }
        ref.sort((x, y) => x.t - y.t || x.seq - y.seq);
        expect(drain(q)).toEqual(ref.map((e) => [e.t, e.id]));
      }),
      { numRuns: 300 },
    );
  });

  it('a stale handle cancels nothing once its slot is reused', () => {
    const q = new EventQueue(16);
    const h = q.push(1, 0, 7, 0);
    expect(q.pop()).toBeGreaterThanOrEqual(0);
    const h2 = q.push(2, 0, 8, 0); // reuses the slot
    expect(h2).not.toBe(h);
    expect(q.cancel(h)).toBe(false);
    expect(q.isPending(h2)).toBe(true);
    expect(q.cancel(h2)).toBe(true);
    expect(q.cancel(h2)).toBe(false);
    expect(q.pop()).toBe(-1);
  });

  it('grows past its initial capacity and reports the peak', () => {
    const q = new EventQueue(16);
    for (let i = 0; i < 10_000; i++) q.push((i * 7919) % 1000, 0, i, i * 2);
    expect(q.peak).toBe(10_000);
    expect(q.capacity).toBeGreaterThanOrEqual(10_000);
    let last = -1;
    let count = 0;
    for (let s = q.pop(); s >= 0; s = q.pop()) {
      expect(q.lastTime).toBeGreaterThanOrEqual(last);
      expect(q.b[s]).toBe(q.a[s] * 2);
      last = q.lastTime;
      count++;
    }
    expect(count).toBe(10_000);
  });
});
