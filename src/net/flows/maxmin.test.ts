import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MaxMinSharing } from './maxmin.js';

const rates = (m: MaxMinSharing, flows: number[]) => flows.map((f) => m.rate[f]);

describe('max-min fair sharing: textbook cases worked by hand', () => {
  it('one bottleneck shared by N flows gives C/N each', () => {
    const m = new MaxMinSharing([12]);
    const flows = [0, 1, 2, 3].map(() => m.add([0]));
    expect(rates(m, flows)).toEqual([3, 3, 3, 3]);
    m.remove(flows[0]);
    expect(rates(m, flows.slice(1))).toEqual([4, 4, 4]);
    expect(m.load[0]).toBe(12);
  });

  it('three links in a row, a long flow over all three and one short flow per link: 1/2 each', () => {
    const m = new MaxMinSharing([1, 1, 1]);
    const long = m.add([0, 1, 2]);
    const short = [m.add([0]), m.add([1]), m.add([2])];
    expect(m.rate[long]).toBe(0.5);
    expect(rates(m, short)).toEqual([0.5, 0.5, 0.5]);
  });

  it('the long flow held down at the busiest link frees capacity for the others', () => {
    // Link 0 carries the long flow and two short ones: share 1/3. Link 1 then has
    // 1 - 1/3 left for its one short flow; link 2 has the long flow only.
    const m = new MaxMinSharing([1, 1, 1]);
    const long = m.add([0, 1, 2]);
    const a = m.add([0]);
    const b = m.add([0]);
    const c = m.add([1]);
    expect(rates(m, [long, a, b])).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(m.rate[c]).toBeCloseTo(2 / 3, 15);
    expect(m.load[2]).toBe(1 / 3);
  });

  it('unequal capacities: bottlenecks fill in order of their fair share', () => {
    // L0 = 10, L1 = 4, L2 = 6. A: L0 L1, B: L1, C: L0 L2, D: L2, E: L0.
    // Shares 10/3, 2, 3: L1 fills first (A = B = 2); L2 next (C = D = 3); E gets 10 - 2 - 3 = 5.
    const m = new MaxMinSharing([10, 4, 6]);
    const [A, B, C, D, E] = [[0, 1], [1], [0, 2], [2], [0]].map((r) => m.add(r));
    expect(rates(m, [A, B, C, D, E])).toEqual([2, 2, 3, 3, 5]);
    expect(Array.from(m.load)).toEqual([10, 4, 6]);
  });

  it('a rate cap is a private bottleneck', () => {
    const m = new MaxMinSharing([10]);
    const capped = m.add([0], 1);
    const others = [m.add([0]), m.add([0])];
    expect(m.rate[capped]).toBe(1);
    expect(rates(m, others)).toEqual([4.5, 4.5]);
  });

  it('a failed link (capacity 0) stops its flows and frees their share elsewhere', () => {
    const m = new MaxMinSharing([10, 10]);
    const across = m.add([0, 1]);
    const local = m.add([1]);
    expect(rates(m, [across, local])).toEqual([5, 5]);
    m.setCapacity(0, 0);
    expect(rates(m, [across, local])).toEqual([0, 10]);
    m.setCapacity(0, 10);
    expect(rates(m, [across, local])).toEqual([5, 5]);
  });

  it('refills only the component that changed', () => {
    const m = new MaxMinSharing([1, 1, 1, 1]);
    m.add([0, 1]);
    m.add([2]);
    m.add([3]);
    m.add([1]);
    expect(m.compFlowCount).toBe(2);
    expect(Array.from(m.compRes.subarray(0, m.compResCount)).sort()).toEqual([0, 1]);
  });

  it('rejects bad routes', () => {
    const m = new MaxMinSharing([1, 1], { maxHops: 2 });
    expect(() => m.add([0, 0])).toThrow('appears twice');
    expect(() => m.add([0, 1, 0])).toThrow('1 to 2 resources');
    expect(() => m.add([5])).toThrow('no resource 5');
  });
});

interface Op {
  add: boolean;
  route: number[];
  cap: number;
  pick: number;
}

const scenario = fc.record({
  caps: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 8 }),
  ops: fc.array(
    fc.record({
      add: fc.boolean(),
      route: fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 4 }),
      cap: fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 60 })),
      pick: fc.nat(),
    }),
    { maxLength: 40 },
  ),
});

function play(caps: number[], ops: Op[]): { m: MaxMinSharing; live: number[] } {
  const m = new MaxMinSharing(caps, { maxHops: 4, flows: 16 });
  const live: number[] = [];
  for (const op of ops) {
    if (op.add || live.length === 0) {
      const route = [...new Set(op.route.map((r) => r % caps.length))];
      live.push(m.add(route, op.cap));
    } else {
      m.remove(live.splice(op.pick % live.length, 1)[0]);
    }
  }
  return { m, live };
}

describe('max-min fair sharing: properties', () => {
  it('is feasible and every flow has a bottleneck (the definition of max-min fairness)', () => {
    fc.assert(
      fc.property(scenario, ({ caps, ops }) => {
        const { m, live } = play(caps, ops);
        const eps = 1e-9 * 100;
        for (let r = 0; r < caps.length; r++) {
          let sum = 0;
          for (const f of live) if (m.routeOf(f).includes(r)) sum += m.rate[f];
          expect(sum).toBeLessThanOrEqual(caps[r] + eps);
          expect(m.load[r]).toBeCloseTo(sum, 9);
        }
        for (const f of live) {
          if (Math.abs(m.rate[f] - m.cap[f]) <= eps) continue;
          const bottleneck = Array.from(m.routeOf(f)).some(
            (r) => m.load[r] >= caps[r] - eps && live.every((g) => !m.routeOf(g).includes(r) || m.rate[g] <= m.rate[f] + eps),
          );
          expect(bottleneck).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('incremental updates give the same rates as refilling everything', () => {
    fc.assert(
      fc.property(scenario, ({ caps, ops }) => {
        const { m, live } = play(caps, ops);
        const incremental = live.map((f) => m.rate[f]);
        m.recomputeAll();
        live.forEach((f, i) => expect(incremental[i]).toBeCloseTo(m.rate[f], 9));
      }),
      { numRuns: 300 },
    );
  });
});
