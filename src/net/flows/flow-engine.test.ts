import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsEngine } from '../../engine/js-engine.js';
import { WasmEngine } from '../../engine/wasm-engine.js';
import { loadWasm } from '../../engine/wasm-module.js';
import { FlowEngine } from './flow-engine.js';
import { cdnFlowSet } from './generate.js';
import { runFlowSet } from './instance.js';
import { MaxMinSharing } from './maxmin.js';
import { FLOW_MODELS, type FlowModel } from './models.js';

interface Setup {
  capacity: number[];
  latency: number[];
  model?: FlowModel;
  groupMin?: number;
}

function setup({ capacity, latency, model, groupMin }: Setup) {
  const engine = new JsEngine();
  const ends = new Map<number, number>();
  const failures: [number, number, number][] = [];
  const net = new FlowEngine(engine, { capacity, latency }, {
    kind: 0,
    model,
    groupMin,
    onComplete: (tag) => ends.set(tag, engine.now),
    onFail: (tag, _f, delivered) => failures.push([tag, engine.now, delivered]),
  });
  return { engine, net, ends, failures };
}

function startAt(engine: JsEngine, net: FlowEngine, at: number, route: number[], bytes: number, tag: number, cap = Infinity): void {
  engine.on(100 + tag, () => net.start(route, bytes, tag, cap));
  engine.scheduleAt(at, 100 + tag);
}

describe('flows on the clock, worked by hand (maxmin: CM02 without window)', () => {
  it('N flows on one link without latency finish together at N·size / C', () => {
    const { engine, net, ends } = setup({ capacity: [100], latency: [0] });
    for (let i = 0; i < 4; i++) net.start([0], 50, i);
    engine.run();
    expect([...ends.values()]).toEqual([2, 2, 2, 2]);
  });

  it('a short flow leaves and the long one speeds up: 2 s and 3 s', () => {
    const { engine, net, ends } = setup({ capacity: [100], latency: [0] });
    net.start([0], 100, 1);
    net.start([0], 200, 2);
    engine.run();
    expect(ends.get(1)).toBe(2);
    expect(ends.get(2)).toBe(3);
  });

  it('weights by route latency: the case in the reference notes ends at 2.55 s and 3.10 s', () => {
    // Link 0: 100 B/s, 0.1 s. Link 1: fast, 0.1 s. A pays 0.1 s and runs alone 1.1-1.2 s (10 B);
    // then weights 1/0.1 : 1/0.2 give A 200/3 B/s: 90 B more by 2.55 s. B has had 45 B, then 100 B/s: 3.10 s.
    const { engine, net, ends } = setup({ capacity: [100, 1e9], latency: [0.1, 0.1] });
    startAt(engine, net, 1, [0], 100, 0);
    startAt(engine, net, 1, [0, 1], 100, 1);
    engine.run();
    expect(ends.get(0)).toBeCloseTo(2.55, 12);
    expect(ends.get(1)).toBeCloseTo(3.1, 12);
  });

  it('two levels: a site port shared by two clients, one behind a slow access line', () => {
    // Port 10 B/s; access lines 2 and 100 B/s. The slow client gets 2, the other the 8 left.
    const { engine, net, ends } = setup({ capacity: [10, 2, 100], latency: [0, 0, 0] });
    net.start([0, 1], 20, 0);
    net.start([0, 2], 80, 1);
    engine.run();
    expect(ends.get(0)).toBe(10);
    expect(ends.get(1)).toBe(10);
  });

  it('parking lot: the long flow across three links gets what the busiest leaves', () => {
    // Links of 12 B/s; a long flow over all three, one local flow on links 0 and 2, three on link 1.
    // Link 1 binds: 3 B/s each for its four flows; locals on 0 and 2 get 9 B/s.
    const { engine, net, ends } = setup({ capacity: [12, 12, 12], latency: [0, 0, 0] });
    net.start([0, 1, 2], 30, 0);
    net.start([0], 90, 1);
    net.start([2], 90, 2);
    for (let i = 3; i < 6; i++) net.start([1], 30, i);
    engine.run();
    expect([0, 1, 2, 3, 4, 5].map((t) => ends.get(t))).toEqual([10, 10, 10, 10, 10, 10]);
  });
});

describe('lv08: latency paid 13.01 times, 0.97 of the share, window bound', () => {
  it('a lone flow on a slow link: 13.01·latency + size / (0.97·bandwidth)', () => {
    const { engine, net, ends } = setup({ capacity: [1e6], latency: [0.01], model: FLOW_MODELS.lv08 });
    net.start([0], 970_000, 0);
    engine.run();
    expect(ends.get(0)).toBeCloseTo(0.1301 + 1, 12);
  });

  it('a lone flow on a fast long link is held by its window, gamma / (2·latency)', () => {
    const { engine, net, ends } = setup({ capacity: [1e9], latency: [0.05], model: FLOW_MODELS.lv08 });
    const window = 4194304 / 0.1;
    net.start([0], 0.97 * window, 0);
    engine.run();
    expect(ends.get(0)).toBeCloseTo(13.01 * 0.05 + 1, 12);
  });

  it('RTT-unfair sharing: the penalty adds S / bandwidth for every link', () => {
    // One 1e6 B/s link (latency 0.01 s) shared by a flow also crossing a 2e6 B/s link (0.03 s).
    // Penalties 0.01 + 20537/1e6 and 0.04 + 20537/1e6 + 20537/2e6; shares in inverse proportion.
    const { engine, net } = setup({ capacity: [1e6, 2e6], latency: [0.01, 0.03], model: FLOW_MODELS.lv08 });
    const a = net.start([0], 1e9, 0);
    const b = net.start([0, 1], 1e9, 1);
    engine.run({ until: 1 });
    const pa = 0.01 + 20537 / 1e6;
    const pb = 0.04 + 20537 / 1e6 + 20537 / 2e6;
    expect(net.rate(a)).toBeCloseTo((0.97 * 1e6 * (1 / pa)) / (1 / pa + 1 / pb), 6);
    expect(net.rate(b)).toBeCloseTo((0.97 * 1e6 * (1 / pb)) / (1 / pa + 1 / pb), 6);
  });
});

describe('failures', () => {
  it('a failed link ends its flows with the bytes delivered; the others speed up', () => {
    const { engine, net, ends, failures } = setup({ capacity: [100, 100], latency: [0, 0] });
    net.start([0, 1], 1000, 0);
    net.start([1], 150, 1);
    engine.on(50, () => net.fail(0));
    engine.scheduleAt(1, 50);
    engine.run();
    // 50 B/s each for 1 s; then the survivor has 100 B left at 100 B/s.
    expect(failures).toEqual([[0, 1, 50]]);
    expect(ends.get(1)).toBe(2);
    expect(ends.has(0)).toBe(false);
  });

  it('a flow still paying its latency fails too, having delivered nothing; new flows fail until repair', () => {
    const { engine, net, ends, failures } = setup({ capacity: [100], latency: [1] });
    net.start([0], 100, 0);
    engine.on(50, () => net.fail(0));
    engine.on(51, () => net.start([0], 100, 1));
    engine.on(52, () => {
      net.repair(0);
      net.start([0], 100, 2);
    });
    engine.scheduleAt(0.5, 50);
    engine.scheduleAt(0.6, 51);
    engine.scheduleAt(5, 52);
    engine.run();
    expect(failures).toEqual([
      [0, 0.5, 0],
      [1, 0.6, 0],
    ]);
    expect(ends.get(2)).toBe(7);
  });

  it('abort returns the bytes delivered and frees the share', () => {
    const { engine, net, ends } = setup({ capacity: [100], latency: [0] });
    const a = net.start([0], 1000, 0);
    net.start([0], 100, 1);
    engine.on(50, () => expect(net.abort(a)).toBe(25));
    engine.scheduleAt(0.5, 50);
    engine.run();
    expect(ends.get(1)).toBe(1.25);
  });
});

describe('on either event engine', () => {
  it('gives the same completion times, to the bit, on the JS and the WASM engine', () => {
    const wasm = loadWasm();
    if (!wasm.ok) throw new Error(`the WASM engine must be built for this test (npm run build:wasm): ${wasm.reason}`);
    const set = cdnFlowSet(100, 5);
    for (const model of [FLOW_MODELS.maxmin, FLOW_MODELS.lv08]) {
      const js = runFlowSet(set, model, new JsEngine()).end;
      const native = runFlowSet(set, model, new WasmEngine(wasm.module)).end;
      expect(Array.from(native)).toEqual(Array.from(js));
      expect(js.every((e) => e > 0)).toBe(true);
    }
  });
});

describe('flows on the clock: properties', () => {
  const instance = fc.record({
    capacity: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 6 }),
    latency: fc.array(fc.constantFrom(0, 0.001, 0.01, 0.05), { minLength: 6, maxLength: 6 }),
    model: fc.constantFrom(FLOW_MODELS.maxmin, FLOW_MODELS.lv08),
    flows: fc.array(
      fc.record({ start: fc.integer({ min: 0, max: 100 }).map((x) => x / 10), bytes: fc.integer({ min: 1, max: 5000 }), route: fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 3 }) }),
      { minLength: 1, maxLength: 25 },
    ),
    failAt: fc.option(fc.record({ at: fc.integer({ min: 0, max: 100 }).map((x) => x / 10), resource: fc.nat() })),
    // Groups from one flow up, so these small cases run on the virtual clocks too; 1000 for none.
    groupMin: fc.constantFrom(1, 2, 1000),
  });

  it('no resource is ever above capacity, rates equal a fresh solve at every event, loads are reported as they change, and every completed flow carried exactly its bytes', () => {
    let levelMoves = 0;
    fc.assert(
      fc.property(instance, ({ capacity, latency, model, flows, failAt, groupMin }) => {
        const n = capacity.length;
        const engine = new JsEngine();
        const carried = new Float64Array(flows.length);
        const done = new Uint8Array(flows.length);
        const ids = new Int32Array(flows.length).fill(-1);
        let t0 = 0;
        let rate: number[] = [];
        const routes = flows.map((f) => [...new Set(f.route.map((r) => r % n))]);
        const reported = new Float64Array(n);
        const net = new FlowEngine(engine, { capacity, latency: latency.slice(0, n) }, {
          kind: 0,
          model,
          groupMin,
          onLoad: (r, l) => (reported[r] = l),
          onComplete: (tag) => {
            done[tag] = 1;
            ids[tag] = -1;
          },
          onFail: (tag, _f, delivered) => {
            expect(delivered).toBeCloseTo(carried[tag] + rate[tag] * (engine.now - t0), 6);
            done[tag] = 2;
            ids[tag] = -1;
          },
        });
        flows.forEach((f, i) => {
          engine.on(10 + i, () => (ids[i] = net.start(routes[i], f.bytes, i)));
          engine.scheduleAt(f.start, 10 + i);
        });
        if (failAt) {
          engine.on(9, () => net.fail(failAt.resource % n));
          engine.scheduleAt(failAt.at, 9);
        }
        // Rates only change at events: integrate each flow's rate exactly between them.
        for (;;) {
          t0 = engine.now;
          const load = new Float64Array(n);
          rate = Array.from(ids, (f) => (f >= 0 ? net.rate(f) : 0));
          rate.forEach((x, i) => routes[i].forEach((r) => (load[r] += x)));
          load.forEach((l, r) => expect(l).toBeLessThanOrEqual(capacity[r] * (1 + 1e-9)));
          load.forEach((l, r) => expect(reported[r]).toBeCloseTo(l, 6));
          // The rates the engine's incremental solves left equal solving the active flows afresh.
          const s = net.sharing;
          const active = Array.from(ids).filter((f) => f >= 0 && s.isActive(f));
          const full = new MaxMinSharing(Array.from(capacity, (c, r) => (net.isDown(r) ? 0 : c)), { maxHops: 3 });
          const fresh = active.map((f) => full.insert(s.routeOf(f), s.cap[f], s.weight[f]));
          full.recomputeAll();
          active.forEach((f, i) => expect(s.rateOf(f)).toBeCloseTo(full.rateOf(fresh[i]), 9));
          if (engine.run({ maxEvents: 1 }).eventsProcessed === 0) break;
          rate.forEach((x, i) => (carried[i] += x * (engine.now - t0)));
        }
        levelMoves += net.stats.levelMoves;
        flows.forEach((f, i) => {
          expect(done[i]).toBeGreaterThan(0);
          if (done[i] === 1) expect(carried[i]).toBeCloseTo(f.bytes, 6);
        });
      }),
      { numRuns: 150 },
    );
    expect(levelMoves).toBeGreaterThan(20);
  });
});

/**
 * Processor sharing with per-flow caps, worked independently: at every arrival or
 * completion the port's share λ is the water level with Σ min(cap, λ) = C (or every
 * flow runs at its cap when their sum is below C), and time advances to the next event.
 */
function sharedPortEnds(capacity: number, flows: { start: number; bytes: number; access: number }[]): number[] {
  const ends = flows.map(() => NaN);
  const left = flows.map((f) => f.bytes);
  const order = flows.map((_, i) => i).sort((a, b) => flows[a].start - flows[b].start || a - b);
  let next = 0;
  let now = 0;
  let active: number[] = [];
  while (next < order.length || active.length > 0) {
    while (next < order.length && flows[order[next]].start <= now) active.push(order[next++]);
    const byCap = [...active].sort((a, b) => flows[a].access - flows[b].access);
    let rest = capacity;
    let level = Infinity;
    for (let k = 0; k < byCap.length; k++) {
      const share = rest / (byCap.length - k);
      if (flows[byCap[k]].access >= share) {
        level = share;
        break;
      }
      rest -= flows[byCap[k]].access;
    }
    const rate = (i: number) => Math.min(flows[i].access, level);
    let dt = next < order.length ? flows[order[next]].start - now : Infinity;
    for (const i of active) dt = Math.min(dt, left[i] / rate(i));
    for (const i of active) left[i] -= rate(i) * dt;
    now += dt;
    active = active.filter((i) => {
      if (left[i] > 1e-9 * flows[i].bytes) return true;
      ends[i] = now;
      return false;
    });
  }
  return ends;
}

describe('many flows on one saturated port, each behind its own access line', () => {
  it('completion times equal processor sharing with caps, worked independently', () => {
    const flow = fc.record({ start: fc.integer({ min: 0, max: 20 }), bytes: fc.integer({ min: 1, max: 20_000 }), access: fc.integer({ min: 1, max: 200 }) });
    // The access line as a resource of its own or as the flow's cap (as the CDN model has it);
    // the port's flows on its virtual clock from 8 on, or never.
    const shape = fc.record({ lineAsCap: fc.boolean(), groupMin: fc.constantFrom(8, 1000) });
    let levelMoves = 0;
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 5000 }), fc.array(flow, { minLength: 50, maxLength: 300 }), shape, (port, flows, { lineAsCap, groupMin }) => {
        const capacity = lineAsCap ? [port] : [port, ...flows.map((f) => f.access)];
        const { engine, net, ends } = setup({ capacity, latency: capacity.map(() => 0), groupMin });
        flows.forEach((f, i) => startAt(engine, net, f.start, lineAsCap ? [0] : [0, 1 + i], f.bytes, i, lineAsCap ? f.access : Infinity));
        engine.run();
        levelMoves += net.stats.levelMoves;
        const expected = sharedPortEnds(port, flows);
        flows.forEach((_, i) => expect(Math.abs(ends.get(i)! - expected[i])).toBeLessThanOrEqual(1e-9 * expected[i]));
      }),
      { numRuns: 30 },
    );
    expect(levelMoves).toBeGreaterThan(100);
  });
});
