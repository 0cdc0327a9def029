import { describe, expect, it } from 'vitest';
import { JsEngine } from './js-engine.js';
import { runHold } from './hold.js';

describe('JsEngine', () => {
  it('dispatches by kind with payloads and advances the clock', () => {
    const e = new JsEngine();
    const seen: string[] = [];
    e.on(0, (a, b) => seen.push(`A${a},${b}@${e.now}`));
    e.on(3, (a) => {
      seen.push(`B${a}@${e.now}`);
      if (a < 2) e.schedule(1.5, 3, a + 1);
    });
    e.schedule(2, 0, 10, -4);
    e.schedule(0.5, 3, 0);
    const r = e.run();
    // A was scheduled before B1, so at the tie t=2 it fires first.
    expect(seen).toEqual(['B0@0.5', 'A10,-4@2', 'B1@2', 'B2@3.5']);
    expect(r).toEqual({ eventsProcessed: 4, clock: 3.5, stoppedBy: 'empty' });
  });

  it('run({until}) stops before later events and sets the clock to until; a second run resumes', () => {
    const e = new JsEngine();
    const fired: number[] = [];
    e.on(0, (a) => fired.push(a));
    for (let i = 1; i <= 10; i++) e.schedule(i, 0, i);
    expect(e.run({ until: 4.5 })).toEqual({ eventsProcessed: 4, clock: 4.5, stoppedBy: 'until' });
    expect(fired).toEqual([1, 2, 3, 4]);
    expect(e.pending).toBe(6);
    expect(e.run({ maxEvents: 2 }).stoppedBy).toBe('maxEvents');
    expect(fired).toEqual([1, 2, 3, 4, 5, 6]);
    expect(e.run({ until: 100 })).toEqual({ eventsProcessed: 4, clock: 100, stoppedBy: 'empty' });
    expect(e.eventsProcessed).toBe(10);
  });

  it('an event exactly at until still fires', () => {
    const e = new JsEngine();
    let n = 0;
    e.on(0, () => n++);
    e.schedule(5, 0);
    e.run({ until: 5 });
    expect(n).toBe(1);
  });

  it('cancelled events never fire and stop() returns after the current event', () => {
    const e = new JsEngine();
    const fired: number[] = [];
    e.on(0, (a) => {
      fired.push(a);
      if (a === 2) e.stop();
    });
    const h = e.schedule(1, 0, 1);
    e.schedule(2, 0, 2);
    e.schedule(3, 0, 3);
    expect(e.cancel(h)).toBe(true);
    expect(e.pending).toBe(2);
    expect(e.run().stoppedBy).toBe('stopped');
    expect(fired).toEqual([2]);
    e.run();
    expect(fired).toEqual([2, 3]);
  });

  it('rejects scheduling in the past and events with no handler', () => {
    const e = new JsEngine();
    expect(() => e.schedule(-1, 0)).toThrow(RangeError);
    expect(() => e.schedule(Number.NaN, 0)).toThrow(RangeError);
    e.schedule(1, 9);
    expect(() => e.run()).toThrow(/no handler registered for event kind 9/);
  });

  it('hold model: same seed gives the same final clock; pending count is kept', () => {
    const a = runHold(new JsEngine(), 1000, 20_000, 7);
    const b = runHold(new JsEngine(), 1000, 20_000, 7);
    const c = runHold(new JsEngine(), 1000, 20_000, 8);
    expect(a.finalClock).toBe(b.finalClock);
    expect(a.finalClock).not.toBe(c.finalClock);
    // Each op advances the clock by the gap to the next of 1000 Exp(1) timers: about ops/pending.
    expect(a.finalClock).toBeGreaterThan(15);
    expect(a.finalClock).toBeLessThan(25);
  });
});
