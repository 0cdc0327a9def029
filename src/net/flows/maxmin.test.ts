import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MaxMinSharing } from './maxmin.js';

const rates = (m: MaxMinSharing, flows: number[]) => flows.map((f) => m.rateOf(f));

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
    expect(m.rateOf(long)).toBe(0.5);
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
    expect(m.rateOf(c)).toBeCloseTo(2 / 3, 15);
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
    expect(m.rateOf(capped)).toBe(1);
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

  it('weights scale the shares: weight 2 gets twice weight 1 on a shared bottleneck', () => {
    const m = new MaxMinSharing([9]);
    const heavy = m.add([0], Infinity, 2);
    const light = m.add([0], Infinity, 1);
    expect(m.rateOf(heavy)).toBe(6);
    expect(m.rateOf(light)).toBe(3);
  });

  it('a start behind a slack upstream link touches only the flows on its own access line', () => {
    // 100 clients on their own 1-unit lines behind a 1000-unit site port: the port never binds.
    const m = new MaxMinSharing([1000, ...Array.from({ length: 101 }, () => 1)], { maxHops: 2 });
    for (let c = 1; c <= 100; c++) m.add([0, c]);
    m.add([0, 1]);
    expect(m.compFlowCount).toBe(2);
    expect([m.rateOf(0), m.rateOf(100)]).toEqual([0.5, 0.5]);
    m.remove(0);
    expect(m.compFlowCount).toBe(1);
    expect(m.rateOf(100)).toBe(1);
    expect(m.load[0]).toBe(100);
  });

  it('a start that fills the upstream link widens to every flow there', () => {
    const m = new MaxMinSharing([10, ...Array.from({ length: 11 }, () => 1)], { maxHops: 2 });
    for (let c = 1; c <= 10; c++) m.add([0, c]);
    expect(m.rateOf(0)).toBe(1);
    m.add([0, 11]);
    expect(m.compFlowCount).toBe(11);
    for (let f = 0; f < 11; f++) expect(m.rateOf(f)).toBeCloseTo(10 / 11, 14);
  });

  it('rejects bad routes', () => {
    const m = new MaxMinSharing([1, 1], { maxHops: 2 });
    expect(() => m.add([0, 0])).toThrow('appears twice');
    expect(() => m.add([0, 1, 0])).toThrow('1 to 2 resources');
    expect(() => m.add([5])).toThrow('no resource 5');
  });
});

type Op =
  | { kind: 'add'; route: number[]; cap: number; weight: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'capacity'; resource: number; capacity: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('add' as const), route: fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 4 }), cap: fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 60 })), weight: fc.constantFrom(1, 0.5, 2, 1 / 0.013, 1 / 0.031) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('capacity' as const), resource: fc.nat(), capacity: fc.integer({ min: 0, max: 100 }) }) },
);

const scenario = fc.record({
  caps: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 8 }),
  ops: fc.array(op, { maxLength: 40 }),
  // Groups from one flow up, so small cases run through the group steps too; 1000 for none.
  groupMin: fc.constantFrom(1, 2, 3, 1000),
});

interface Live {
  f: number;
  route: number[];
  cap: number;
  weight: number;
}

/** Apply one operation incrementally; returns the capacities now in force. */
function apply(m: MaxMinSharing, live: Live[], caps: number[], o: Op): void {
  if (o.kind === 'add' || (o.kind === 'remove' && live.length === 0)) {
    const a = o.kind === 'add' ? o : { route: [0], cap: Infinity, weight: 1 };
    const route = [...new Set(a.route.map((r) => r % caps.length))];
    live.push({ f: m.add(route, a.cap, a.weight), route, cap: a.cap, weight: a.weight });
  } else if (o.kind === 'remove') {
    m.remove(live.splice(o.pick % live.length, 1)[0].f);
  } else {
    caps[o.resource % caps.length] = o.capacity;
    m.setCapacity(o.resource % caps.length, o.capacity);
  }
}

/** The same flows solved from scratch. */
function fresh(caps: number[], live: Live[]): number[] {
  const m = new MaxMinSharing(caps, { maxHops: 4 });
  const ids = live.map((l) => m.insert(l.route, l.cap, l.weight));
  m.recomputeAll();
  return ids.map((f) => m.rateOf(f));
}

describe('max-min fair sharing: properties', () => {
  it('is feasible and every flow has a bottleneck where no flow has a higher level (weighted max-min)', () => {
    fc.assert(
      fc.property(scenario, ({ caps, ops, groupMin }) => {
        const m = new MaxMinSharing(caps, { maxHops: 4, flows: 16, groupMin });
        const live: Live[] = [];
        const now = [...caps];
        for (const o of ops) apply(m, live, now, o);
        const eps = 1e-9 * 100;
        const level = (l: Live) => m.rateOf(l.f) / l.weight;
        for (let r = 0; r < now.length; r++) {
          let sum = 0;
          for (const l of live) if (l.route.includes(r)) sum += m.rateOf(l.f);
          expect(sum).toBeLessThanOrEqual(now[r] + eps);
          expect(m.load[r]).toBeCloseTo(sum, 9);
        }
        for (const l of live) {
          if (Math.abs(m.rateOf(l.f) - l.cap) <= eps) continue;
          const bottleneck = l.route.some(
            (r) => m.load[r] >= now[r] - eps && live.every((g) => !g.route.includes(r) || level(g) <= level(l) * (1 + 1e-9) + eps),
          );
          expect(bottleneck).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('after every change, the incremental rates equal a full recomputation', () => {
    let inPlace = 0;
    fc.assert(
      fc.property(scenario, ({ caps, ops, groupMin }) => {
        const m = new MaxMinSharing(caps, { maxHops: 4, flows: 16, groupMin });
        const live: Live[] = [];
        const now = [...caps];
        for (const o of ops) {
          apply(m, live, now, o);
          if (m.groups.moved >= 0) inPlace++;
          const full = fresh(now, live);
          live.forEach((l, i) => expect(m.rateOf(l.f)).toBeCloseTo(full[i], 9));
        }
      }),
      { numRuns: 300 },
    );
    // The group steps were among the changes checked.
    expect(inPlace).toBeGreaterThan(20);
  });
});

describe('max-min fair sharing: many flows on one saturated port', () => {
  // A site port (resource 0) ahead of access lines 1..lines. Most flows cross the port
  // and one line; some use a line alone, so a line can hold port flows and others at
  // once. Flows move between "held by their line or cap" and "held by the port" as the
  // port's share crosses their limits: the case a per-port virtual clock must get right.
  const lines = 12;
  type PortOp =
    | { kind: 'add'; line: number; viaPort: boolean; cap: number; weight: number }
    | { kind: 'remove'; pick: number }
    | { kind: 'capacity'; resource: number; capacity: number };
  const portOp: fc.Arbitrary<PortOp> = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('add' as const),
        line: fc.integer({ min: 1, max: lines }),
        viaPort: fc.integer({ min: 0, max: 3 }).map((k) => k > 0),
        cap: fc.oneof(fc.constant(Infinity), fc.integer({ min: 1, max: 30 })),
        weight: fc.constantFrom(1, 2, 1 / 0.013),
      }),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('capacity' as const), resource: fc.integer({ min: 0, max: lines }), capacity: fc.integer({ min: 0, max: 400 }) }) },
  );

  it('after every start, end and capacity change, the rates equal a full recomputation', () => {
    let inPlace = 0;
    let changes = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 400 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: lines, maxLength: lines }),
        fc.array(portOp, { minLength: 50, maxLength: 200 }),
        fc.constantFrom(1, 4, 16),
        (port, access, ops, groupMin) => {
          const caps = [port, ...access];
          const m = new MaxMinSharing(caps, { maxHops: 4, flows: 16, groupMin });
          const live: Live[] = [];
          for (const o of ops) {
            if (o.kind === 'add') {
              const route = o.viaPort ? [0, o.line] : [o.line];
              live.push({ f: m.add(route, o.cap, o.weight), route, cap: o.cap, weight: o.weight });
            } else if (o.kind === 'remove') {
              if (live.length > 0) m.remove(live.splice(o.pick % live.length, 1)[0].f);
            } else {
              caps[o.resource] = o.capacity;
              m.setCapacity(o.resource, o.capacity);
            }
            changes++;
            if (m.groups.moved >= 0) inPlace++;
            const full = fresh(caps, live);
            live.forEach((l, i) => expect(m.rateOf(l.f)).toBeCloseTo(full[i], 9));
          }
        },
      ),
      { numRuns: 60 },
    );
    expect(inPlace).toBeGreaterThan(changes / 40);
  });

  it('a start or end that only re-splits the port moves its level and touches no other flow', () => {
    // Port 100 ahead of 200 lines of 10: 100 flows get 1 each, held by the port (one group).
    const m = new MaxMinSharing([100, ...Array.from({ length: 200 }, () => 10)], { maxHops: 2, groupMin: 32 });
    const flows = Array.from({ length: 100 }, (_, i) => m.insert([0, 1 + i]));
    m.recomputeAll();
    expect(m.groups.formedCount).toBe(1);
    expect(m.groups.size[0]).toBe(100);
    const late = m.add([0, 101]);
    expect([m.groups.moved, m.compFlowCount, m.groups.dissolvedCount]).toEqual([0, 1, 0]);
    for (const f of [...flows, late]) expect(m.rateOf(f)).toBeCloseTo(100 / 101, 14);
    expect(m.load[1]).toBeCloseTo(100 / 101, 14);
    // A flow capped below the share stays outside the group: 100 - 0.5 left for 101.
    const slow = m.add([0, 102], 0.5);
    expect([m.groups.moved, m.groups.joinedCount, m.groups.group[slow]]).toEqual([0, 0, -1]);
    expect(m.rateOf(late)).toBeCloseTo(99.5 / 101, 14);
    m.remove(flows[0]);
    expect([m.groups.moved, m.compFlowCount]).toEqual([0, 0]);
    expect(m.rateOf(late)).toBeCloseTo(99.5 / 100, 14);
    expect(m.load[0]).toBeCloseTo(100, 12);
  });

  it('a level that passes a cap moves that flow across in place; one that would fill a line goes through the full fill', () => {
    // Port 100, 40 flows on lines of 3 (share 2.44), one more flow capped at 2.4.
    const m = new MaxMinSharing([100, ...Array.from({ length: 50 }, () => 3)], { maxHops: 2, groupMin: 32 });
    const flows = Array.from({ length: 40 }, (_, i) => m.insert([0, 1 + i]));
    const capped = m.insert([0, 41], 2.4);
    m.recomputeAll();
    expect(m.groups.size[0]).toBe(40);
    expect(m.rateOf(flows[0])).toBeCloseTo(97.6 / 40, 14);
    // One more flow: 97.6 / 41 = 2.38 < 2.4, so the capped flow is held by the port too, 100 / 42 each.
    m.add([0, 42]);
    expect([m.groups.moved, m.groups.dissolvedCount, m.groups.joinedCount]).toEqual([0, 0, 2]);
    expect(m.compFlowCount).toBe(2);
    expect(m.rateOf(capped)).toBeCloseTo(100 / 42, 12);
    // Two ends: 100 / 40 = 2.5 passes the cap again and it leaves the group.
    m.remove(flows[0]);
    m.remove(flows[1]);
    expect([m.groups.moved, m.groups.group[capped]]).toEqual([0, -1]);
    expect(m.rateOf(capped)).toBe(2.4);
    expect(m.rateOf(flows[2])).toBeCloseTo(97.6 / 39, 12);
    // Ending 20 more: the share rises past the lines' 3, which then hold their flows.
    for (let i = 2; i < 22; i++) m.remove(flows[i]);
    expect(m.rateOf(flows[30])).toBe(3);
    expect(m.groups.size[0]).toBe(0);
  });
});
