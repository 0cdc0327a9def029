/**
 * Random valley-free-able AS graphs for property tests: ASes are created in a random
 * order and a provider is always created before its customers, so there is never a
 * provider/customer cycle; ASNs are shuffled so index order and creation order differ.
 */
import fc from 'fast-check';
import { addEdge, createEdgeList, P2C, P2P, type EdgeList } from '../graph/edges.js';

export interface RandomGraphSpec {
  asns: number[];
  /** Per unordered pair (i < j in creation order): 0 none, 1 i provider of j, 2 peers. */
  pairs: number[];
}

export const randomGraphSpec = (minAses = 2, maxAses = 12): fc.Arbitrary<RandomGraphSpec> =>
  fc.integer({ min: minAses, max: maxAses }).chain((n) =>
    fc.record({
      asns: fc.uniqueArray(fc.integer({ min: 1, max: 70000 }), { minLength: n, maxLength: n }),
      pairs: fc.array(fc.constantFrom(0, 0, 1, 1, 2), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }),
    }),
  );

export function edgesOf(spec: RandomGraphSpec): EdgeList {
  const e = createEdgeList();
  const n = spec.asns.length;
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const kind = spec.pairs[k++];
      if (kind === 1) addEdge(e, spec.asns[i], spec.asns[j], P2C);
      else if (kind === 2) addEdge(e, spec.asns[i], spec.asns[j], P2P);
    }
  }
  e.lone.push(...spec.asns);
  return e;
}
