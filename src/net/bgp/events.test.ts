import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsEngine } from '../../engine/js-engine.js';
import { stream } from '../../engine/rng.js';
import { parseAsRel } from '../graph/caida.js';
import { buildGraph, indexOfAsn, withoutLinks, type AsGraph } from '../graph/graph.js';
import { NONE, relationshipName } from '../relationship.js';
import { FIXTURE_AS_REL } from '../test-helpers/fixtures.js';
import { edgesOf, randomGraphSpec } from '../test-helpers/random-graph.js';
import { BgpSessions, type BgpEventOptions } from './events.js';
import { pathOf, solvePrefix } from './solve.js';

const rng = () => stream({ seed: 1, replication: 0, component: 'bgp-test', entity: 0 });

function sessions(g: AsGraph, options: Partial<BgpEventOptions> = {}) {
  const engine = new JsEngine();
  const bgp = new BgpSessions(engine, g, { kind: 0, prefixes: 1, rng: rng(), ...options });
  return { engine, bgp };
}

describe('BGP event mode, timed by hand', () => {
  // 1 is the provider of 2, 2 of 3. 10 ms per link, 2 ms per update.
  const line = buildGraph(parseAsRel('1|2|-1\n2|3|-1'));
  const at = (asn: number) => indexOfAsn(line, asn);

  it('an announcement climbs hop by hop: 10 ms on the wire plus 2 ms processing each', () => {
    const { engine, bgp } = sessions(line, { mrai: 0, linkDelay: 0.01, processing: [0.002, 0.002] });
    bgp.originate(at(3), 0);
    engine.run();
    expect(bgp.route(at(1), 0)).toEqual({ path: [1, 2, 3], relationship: 'customer' });
    const s = bgp.stats();
    expect(s.convergenceTime).toBeCloseTo(0.024, 12);
    // 3 -> 2 and 2 -> 1; nobody sends a path back to an AS already on it.
    expect([s.announcements, s.withdrawals, s.messagesProcessed, s.pending]).toEqual([2, 0, 2, 0]);
  });

  it('MRAI holds a re-announcement until the timer expires; withdrawals pass at once', () => {
    const { engine, bgp } = sessions(line, { mrai: 30, mraiJitter: [1, 1], linkDelay: 0.01, processing: [0.002, 0.002] });
    bgp.originate(at(3), 0, 0);
    bgp.stopOriginating(at(3), 0, 1);
    bgp.originate(at(3), 0, 2);
    engine.run({ until: 20 });
    expect(bgp.route(at(2), 0)).toBeUndefined();
    expect(bgp.stats().pending).toBe(1);
    engine.run();
    expect(bgp.route(at(1), 0)).toEqual({ path: [1, 2, 3], relationship: 'customer' });
    // 3's timer to 2 expires at 30 s; 2 has it at 30.012 and 1 at 30.024, 28.024 s after the re-announcement.
    const s = bgp.stats();
    expect(s.lastUpdate).toBeCloseTo(30.024, 9);
    expect(s.convergenceTime).toBeCloseTo(28.024, 9);
    expect([s.announcements, s.withdrawals]).toEqual([4, 2]);
  });

  it('fails over when a link goes down and back when it is repaired', () => {
    const g = buildGraph(parseAsRel(FIXTURE_AS_REL));
    const { engine, bgp } = sessions(g, { mrai: 5 });
    const x = (asn: number) => indexOfAsn(g, asn);
    const link20to2 = g.slotLink[g.offset[x(20)]]; // 20's first customer slot: 2
    expect(g.asn[g.neighbour[g.offset[x(20)]]]).toBe(2);
    bgp.originate(x(2), 0);
    engine.run();
    expect(bgp.route(x(30), 0)?.path).toEqual([30, 20, 2]);
    bgp.linkDown(link20to2);
    engine.run();
    expect(bgp.route(x(30), 0)?.path).toEqual([30, 200, 100, 10, 2]);
    expect(bgp.route(x(20), 0)).toEqual({ path: [20, 100, 10, 2], relationship: 'provider' });
    bgp.linkUp(link20to2);
    engine.run();
    expect(bgp.route(x(30), 0)?.path).toEqual([30, 20, 2]);
  });
});

interface Op {
  at: number;
  kind: 'originate' | 'stop' | 'down' | 'up';
  target: number;
  prefix: number;
}

const opArb = fc.record({
  at: fc.integer({ min: 0, max: 120 }),
  kind: fc.constantFrom('originate', 'stop', 'down', 'up') as fc.Arbitrary<Op['kind']>,
  target: fc.nat(),
  prefix: fc.integer({ min: 0, max: 1 }),
});

describe('BGP event mode converges to the steady state', () => {
  it('after any sequence of events, once quiet, every RIB equals the solver on the final topology', () => {
    fc.assert(
      fc.property(
        randomGraphSpec(2, 10),
        fc.array(opArb, { minLength: 1, maxLength: 14 }),
        fc.constantFrom(0, 0.5, 30),
        fc.constantFrom(false, true),
        fc.integer({ min: 1, max: 1000 }),
        (spec, ops, mrai, mraiWithdrawals, seed) => {
          const g = buildGraph(edgesOf(spec));
          const engine = new JsEngine();
          const r = stream({ seed, replication: 0, component: 'bgp-prop', entity: 0 });
          const delays = Array.from({ length: g.linkCount }, () => 0.001 + 0.05 * r());
          const bgp = new BgpSessions(engine, g, { kind: 0, prefixes: 2, rng: r, mrai, mraiWithdrawals, linkDelay: delays, processing: [0, 0.02] });
          const origin = [new Set<number>(), new Set<number>()];
          const down = new Set<number>();
          // Apply in the order the engine will (time, then scheduling order) to know the final state.
          const sorted = ops.map((o, i) => ({ ...o, i })).sort((a, b) => a.at - b.at || a.i - b.i);
          for (const op of sorted) {
            if (op.kind === 'originate' || op.kind === 'stop') {
              const x = op.target % g.size;
              if (op.kind === 'originate') origin[op.prefix].add(x);
              else origin[op.prefix].delete(x);
              (op.kind === 'originate' ? bgp.originate : bgp.stopOriginating).call(bgp, x, op.prefix, op.at);
            } else if (g.linkCount > 0) {
              const l = op.target % g.linkCount;
              if (op.kind === 'down') down.add(l);
              else down.delete(l);
              (op.kind === 'down' ? bgp.linkDown : bgp.linkUp).call(bgp, l, op.at);
            }
          }
          engine.run();
          expect(bgp.stats().pending).toBe(0);
          const final = withoutLinks(g, (l) => down.has(l));
          for (let p = 0; p < 2; p++) {
            const want = solvePrefix(final, [...origin[p]]);
            for (let x = 0; x < g.size; x++) {
              const expected = want.rel[x] === NONE ? undefined : { path: pathOf(final, want, x), relationship: relationshipName(want.rel[x]) };
              expect(bgp.route(x, p)).toEqual(expected);
            }
          }
        },
      ),
      { numRuns: 250 },
    );
  });
});

describe('BGP event mode started converged', () => {
  it('holds what converging on the clock reaches, and later events converge to the solver', () => {
    fc.assert(
      fc.property(
        randomGraphSpec(2, 10),
        fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 120 }), down: fc.boolean(), link: fc.nat() }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 1000 }),
        (spec, originPicks, linkOps, seed) => {
          const g = buildGraph(edgesOf(spec));
          const origins = [[...new Set(originPicks.map((o) => o % g.size))]];
          const r = () => stream({ seed, replication: 0, component: 'bgp-start', entity: 0 });
          // Reference: originate at time 0 and let the updates run.
          const slow = sessions(g, { rng: r(), mrai: 30 });
          for (const x of origins[0]) slow.bgp.originate(x, 0);
          slow.engine.run();
          const fast = sessions(g, { rng: r(), mrai: 30 });
          fast.bgp.startConverged(origins);
          expect(fast.bgp.stats().pending).toBe(0);
          for (let x = 0; x < g.size; x++) {
            expect(fast.bgp.route(x, 0)).toEqual(slow.bgp.route(x, 0));
            for (let k = g.offset[x]; k < g.offset[x + 1]; k++) expect(fast.bgp.receivedLength(k, 0)).toBe(slow.bgp.receivedLength(k, 0));
          }
          // A converged start must leave nothing to send: running the engine changes nothing.
          fast.engine.run();
          expect(fast.bgp.stats().messagesProcessed).toBe(0);
          if (g.linkCount === 0) return;
          const down = new Set<number>();
          linkOps
            .map((o, i) => ({ ...o, i }))
            .sort((a, b) => a.at - b.at || a.i - b.i)
            .forEach((o) => {
              const l = o.link % g.linkCount;
              if (o.down) (down.add(l), fast.bgp.linkDown(l, o.at));
              else (down.delete(l), fast.bgp.linkUp(l, o.at));
            });
          fast.engine.run();
          const final = withoutLinks(g, (l) => down.has(l));
          const want = solvePrefix(final, origins[0]);
          for (let x = 0; x < g.size; x++) {
            const expected = want.rel[x] === NONE ? undefined : { path: pathOf(final, want, x), relationship: relationshipName(want.rel[x]) };
            expect(fast.bgp.route(x, 0)).toEqual(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports each processed update, and each session loss, to onUpdate', () => {
    const line = buildGraph(parseAsRel('1|2|-1\n2|3|-1'));
    const seen: number[][] = [];
    const { engine, bgp } = sessions(line, { mrai: 0, onUpdate: (x, k, p) => seen.push([line.asn[x], line.asn[line.neighbour[k]], p]) });
    bgp.startConverged([[indexOfAsn(line, 3)]]);
    bgp.linkDown(line.slotLink[line.offset[indexOfAsn(line, 2)]]); // 2's customer link, to 3
    engine.run();
    // Both ends of the failed session lose what they had received; 2's withdrawal then reaches 1.
    expect(seen).toEqual([
      [2, 3, 0],
      [3, 2, 0],
      [1, 2, 0],
    ]);
    expect(bgp.route(indexOfAsn(line, 1), 0)).toBeUndefined();
  });
});
