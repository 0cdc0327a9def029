import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.js';
import { parseAsRel } from '../graph/caida.js';
import { buildGraph, indexOfAsn, type AsGraph } from '../graph/graph.js';
import { CUSTOMER, exportable, NONE, ORIGIN, PEER, PROVIDER } from '../relationship.js';
import { FIXTURE_AS_REL } from '../test-helpers/fixtures.js';
import { edgesOf, randomGraphSpec } from '../test-helpers/random-graph.js';
import { runConformance } from './conformance.js';
import { pathOf, solvePrefix } from './solve.js';
import { lookup, parseAnnouncementArg, ribsJson, routesOf, solveTable } from './table.js';

const g = buildGraph(parseAsRel(FIXTURE_AS_REL));
const rib = (anns: { asn: number; prefix: string }[]) => ribsJson(solveTable(g, anns)).ases;
const entry = (path: number[], relationship: string) => ({ path, relationship });

describe('steady-state BGP on the hand-checked fixture', () => {
  it('one origin: customer routes go up, one hop across peers, then down', () => {
    const r = rib([{ asn: 4, prefix: '10.4.0.0/16' }]);
    const p = '10.4.0.0/16';
    expect(r['4'][p]).toEqual(entry([4], 'origin'));
    expect(r['30'][p]).toEqual(entry([30, 4], 'customer'));
    expect(r['200'][p]).toEqual(entry([200, 30, 4], 'customer'));
    expect(r['20'][p]).toEqual(entry([20, 30, 4], 'peer'));
    expect(r['100'][p]).toEqual(entry([100, 200, 30, 4], 'peer'));
    expect(r['10'][p]).toEqual(entry([10, 100, 200, 30, 4], 'provider'));
    // Two providers: the shorter path wins.
    expect(r['2'][p]).toEqual(entry([2, 20, 30, 4], 'provider'));
    // 3 learned it from a provider, so it does not export it to its peer 1.
    expect(r['1'][p]).toEqual(entry([1, 10, 100, 200, 30, 4], 'provider'));
    expect(r['3'][p]).toEqual(entry([3, 20, 30, 4], 'provider'));
  });

  it('equal relationship and length: the lower next-hop ASN wins', () => {
    const r = rib([{ asn: 2, prefix: '10.2.0.0/16' }]);
    const p = '10.2.0.0/16';
    expect(r['100'][p]).toEqual(entry([100, 10, 2], 'customer'));
    expect(r['200'][p]).toEqual(entry([200, 20, 2], 'customer'));
    expect(r['30'][p]).toEqual(entry([30, 20, 2], 'peer'));
    expect(r['4'][p]).toEqual(entry([4, 30, 20, 2], 'provider'));
    expect(r['1'][p]).toEqual(entry([1, 10, 2], 'provider'));
  });

  it('two origins of one prefix and a more specific one from a third AS', () => {
    const r = rib([
      { asn: 2, prefix: '10.2.0.0/16' },
      { asn: 3, prefix: '10.2.0.0/16' },
      { asn: 1, prefix: '10.2.128.0/17' },
    ]);
    const wide = '10.2.0.0/16';
    const narrow = '10.2.128.0/17';
    expect(r['20'][wide]).toEqual(entry([20, 2], 'customer'));
    expect(r['1'][wide]).toEqual(entry([1, 3], 'peer'));
    expect(r['4'][wide]).toEqual(entry([4, 30, 20, 2], 'provider'));
    expect(r['3'][narrow]).toEqual(entry([3, 1], 'peer'));
    expect(r['200'][narrow]).toEqual(entry([200, 100, 10, 1], 'peer'));
    expect(r['20'][narrow]).toEqual(entry([20, 100, 10, 1], 'provider'));
    expect(r['30'][narrow]).toEqual(entry([30, 200, 100, 10, 1], 'provider'));
    expect(r['2'][narrow]).toEqual(entry([2, 10, 1], 'provider'));
    expect(r['4'][narrow]).toEqual(entry([4, 30, 200, 100, 10, 1], 'provider'));
  });

  it('looks up the longest matching prefix each AS has a route for', () => {
    const t = solveTable(g, [
      { asn: 2, prefix: '10.2.0.0/16' },
      { asn: 1, prefix: '10.2.128.0/17' },
      { asn: 4, prefix: '2001:db8::/32' },
    ]);
    expect(lookup(t, 4, '10.2.200.1')?.path).toEqual([4, 30, 200, 100, 10, 1]);
    expect(lookup(t, 4, '10.2.1.1')?.path).toEqual([4, 30, 20, 2]);
    expect(lookup(t, 2, '10.2.200.1')?.path).toEqual([2, 10, 1]);
    expect(lookup(t, 2, '10.2.1.1')).toMatchObject({ prefix: '10.2.0.0/16', relationship: 'origin' });
    expect(lookup(t, 2, '10.3.0.1')).toBeUndefined();
    expect(lookup(t, 1, '2001:db8:ff::1')).toMatchObject({ prefix: '2001:db8::/32', path: [1, 10, 100, 200, 30, 4] });
  });

  it('solves each origin set once, when first needed', () => {
    const t = solveTable(g, [
      { asn: 2, prefix: '10.2.0.0/16' },
      { asn: 2, prefix: '2001:db8:2::/48' },
      { asn: 4, prefix: '10.4.0.0/16' },
    ]);
    expect(t.solved.length).toBe(2);
    expect(t.solved.every((r) => r === undefined)).toBe(true);
    expect(lookup(t, 1, '2001:db8:2::1')?.path).toEqual([1, 10, 2]);
    expect(routesOf(t, 0)).toBe(routesOf(t, 1));
    expect(t.solved[1]).toBeUndefined();
  });

  it('rejects unknown origins and invalid prefixes', () => {
    expect(() => solveTable(g, [{ asn: 5, prefix: '10.0.0.0/8' }])).toThrow(new InputError('AS 5 is not in the AS graph'));
    expect(() => solveTable(g, [{ asn: 4, prefix: '10.1.0.0/8' }])).toThrow("'10.1.0.0/8' has host bits set; did you mean 10.0.0.0/8?");
    expect(() => parseAnnouncementArg('4:10.0.0.0/8')).toThrow('expected ASN=PREFIX');
  });
});

/**
 * The steady state is a stable state: no AS would switch to a route a neighbour
 * exports to it. Checked directly on random graphs, independently of the three-pass
 * order, together with valley-freedom and loop-freedom of every path.
 */
function checkStable(graph: AsGraph, origins: number[]): void {
  const r = solvePrefix(graph, origins);
  for (let x = 0; x < graph.size; x++) {
    if (origins.includes(x)) {
      expect(r.rel[x]).toBe(ORIGIN);
      continue;
    }
    let best: [number, number, number] | undefined; // rel, length, next-hop index
    for (let k = graph.offset[x]; k < graph.offset[x + 1]; k++) {
      const n = graph.neighbour[k];
      const fromN = graph.slotRel[graph.reverse[k]]; // how n sees x
      if (r.rel[n] === NONE || !exportable(r.rel[n], fromN)) continue;
      if (pathOf(graph, r, n).includes(graph.asn[x])) continue;
      const cand: [number, number, number] = [graph.slotRel[k], r.length[n] + 1, n];
      if (!best || cand[0] > best[0] || (cand[0] === best[0] && (cand[1] < best[1] || (cand[1] === best[1] && cand[2] < best[2])))) best = cand;
    }
    if (!best) {
      expect(r.rel[x]).toBe(NONE);
      continue;
    }
    expect([r.rel[x], r.length[x], r.nextHop[x]]).toEqual(best);
    const path = pathOf(graph, r, x);
    expect(new Set(path).size).toBe(path.length);
    expect(path.length).toBe(r.length[x]);
    // Valley-free: up* (peer)? down*, read from the origin.
    const steps: number[] = [];
    for (let i = path.length - 1; i > 0; i--) {
      const a = indexOfAsn(graph, path[i]);
      const b = indexOfAsn(graph, path[i - 1]);
      let k = graph.offset[b];
      while (graph.neighbour[k] !== a) k++;
      steps.push(graph.slotRel[k]); // how b learned it from a
    }
    const shape = steps.map((s) => (s === CUSTOMER ? 'u' : s === PEER ? 'p' : s === PROVIDER ? 'd' : '?')).join('');
    expect(shape).toMatch(/^u*p?d*$/);
  }
}

describe('steady-state BGP properties', () => {
  it('is a stable, valley-free, loop-free routing on random graphs', () => {
    fc.assert(
      fc.property(randomGraphSpec(2, 14), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), (spec, picks) => {
        const graph = buildGraph(edgesOf(spec));
        const origins = [...new Set(picks.map((p) => p % graph.size))];
        checkStable(graph, origins);
      }),
      { numRuns: 300 },
    );
  });
});

const here = fileURLToPath(new URL('.', import.meta.url));
const conformanceDir = `${here}../../../../shared/conformance/bgp`;

describe('bgpsimulator conformance', () => {
  it.runIf(existsSync(conformanceDir))('reproduces every AS RIB of every case exactly', () => {
    const results = runConformance(conformanceDir);
    expect(results.length).toBeGreaterThanOrEqual(4);
    for (const r of results) expect(r.mismatches, r.name).toEqual([]);
  });
});
