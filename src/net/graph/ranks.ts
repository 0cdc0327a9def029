/**
 * Propagation ranks, as bgpsimulator assigns them: 0 for an AS without customers,
 * otherwise one more than its highest-ranked customer. Computed customers-first
 * (Kahn's algorithm), which is also where a provider/customer cycle shows up: the ASes
 * on or above a cycle never run out of unranked customers. Such a graph has no
 * valley-free propagation order, so it is bad input, named by one concrete cycle.
 */
import { InputError, type Where } from '../../errors.js';

interface CsrView {
  size: number;
  asn: Uint32Array;
  offset: Int32Array;
  customerEnd: Int32Array;
  peerEnd: Int32Array;
  neighbour: Int32Array;
}

export function propagationRanks(g: CsrView, source: Where = {}): { rank: Int32Array; byRank: Int32Array; rankStart: Int32Array } {
  const n = g.size;
  const rank = new Int32Array(n);
  const unranked = new Int32Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let x = 0; x < n; x++) {
    unranked[x] = g.customerEnd[x] - g.offset[x];
    if (unranked[x] === 0) queue[tail++] = x;
  }
  let maxRank = 0;
  for (let head = 0; head < tail; head++) {
    const x = queue[head];
    const r = rank[x] + 1;
    for (let k = g.peerEnd[x]; k < g.offset[x + 1]; k++) {
      const p = g.neighbour[k];
      if (rank[p] < r) rank[p] = r;
      if (--unranked[p] === 0) {
        queue[tail++] = p;
        if (rank[p] > maxRank) maxRank = rank[p];
      }
    }
  }
  if (tail < n) throw cycleError(g, unranked, source);

  // Counting sort by rank; ties keep ascending index (so ascending ASN).
  const rankStart = new Int32Array(maxRank + 2);
  for (let x = 0; x < n; x++) rankStart[rank[x] + 1]++;
  for (let r = 0; r <= maxRank; r++) rankStart[r + 1] += rankStart[r];
  const fill = rankStart.slice(0, maxRank + 1);
  const byRank = new Int32Array(n);
  for (let x = 0; x < n; x++) byRank[fill[rank[x]]++] = x;
  return { rank, byRank, rankStart };
}

/** Walk down unranked customers from any unranked AS until an AS repeats: that loop is a cycle. */
function cycleError(g: CsrView, unranked: Int32Array, source: Where): InputError {
  let start = 0;
  while (unranked[start] === 0) start++;
  const seenAt = new Map<number, number>();
  const walk: number[] = [];
  let x = start;
  while (!seenAt.has(x)) {
    seenAt.set(x, walk.length);
    walk.push(x);
    let next = -1;
    for (let k = g.offset[x]; k < g.customerEnd[x]; k++) {
      if (unranked[g.neighbour[k]] > 0) {
        next = g.neighbour[k];
        break;
      }
    }
    x = next;
  }
  const cycle = walk.slice(seenAt.get(x)).map((y) => `AS ${g.asn[y]}`);
  cycle.push(`AS ${g.asn[x]}`);
  const stuck = unranked.reduce((s, u) => s + (u > 0 ? 1 : 0), 0);
  return new InputError(
    `provider/customer cycle: ${cycle.join(' -> ')} (each a provider of the next; ${stuck} AS${stuck === 1 ? '' : 'es'} on or above cycles)`,
    source,
  );
}
