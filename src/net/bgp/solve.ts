/**
 * Steady-state BGP under Gao-Rexford, in bgpsimulator's three passes: up from
 * customers in propagation-rank order, one hop across peers, down to customers in
 * reverse rank order. Each AS keeps one best route, chosen by relationship (origin >
 * customer > peer > provider), then shorter AS path, then lower next-hop ASN.
 *
 * Written as "pull": an AS, when its pass comes, reads its neighbours' final routes.
 * Every neighbour it reads from is already final (customers have lower rank,
 * providers higher; peers only offer customer routes, fixed after the first pass),
 * so a route is stored as its next hop and the AS path is the chain of next hops:
 * no paths are built, and one origin costs one sweep over the links.
 *
 * Loop prevention (drop a path holding your own ASN) never fires here: a path
 * through x reaches x only if x already holds a route at least as preferred, and in
 * the first pass only through a provider/customer cycle, which the graph rejects.
 * The event mode, where it does fire, checks it explicitly; the property test checks
 * that both agree.
 */
import type { AsGraph } from '../graph/graph.js';
import { CUSTOMER, NONE, ORIGIN, PEER, PROVIDER } from '../relationship.js';

/** One prefix's best route at every AS, struct-of-arrays. */
export interface PrefixRoutes {
  /** Relationship of the route (NONE when the AS has no route). */
  rel: Uint8Array;
  /** AS index of the next hop (the AS itself for an origin). */
  nextHop: Int32Array;
  /** AS-path length, counting the AS itself (an origin's is 1). */
  length: Uint16Array;
}

export function createRoutes(size: number): PrefixRoutes {
  return { rel: new Uint8Array(size), nextHop: new Int32Array(size), length: new Uint16Array(size) };
}

/**
 * Scratch reused across calls (JS is single-threaded): ASes holding origin or
 * customer routes, in the order they got them, and per-rank queues of ASes to visit
 * in the first pass. Only the origins' provider cones are visited there, and only
 * their peers in the second pass; the third pass is the one that touches everyone.
 */
let routed = new Int32Array(0);
let queued = new Uint8Array(0);
let queueNext = new Int32Array(0);
let queueHead = new Int32Array(0);

function scratch(g: AsGraph): void {
  if (routed.length < g.size) {
    routed = new Int32Array(g.size);
    queued = new Uint8Array(g.size);
    queueNext = new Int32Array(g.size);
  }
  if (queueHead.length < g.rankStart.length) queueHead = new Int32Array(g.rankStart.length);
}

/** Solve one prefix announced by `origins` (AS indices) into `out`, reusing its arrays. */
export function solvePrefix(g: AsGraph, origins: ArrayLike<number>, out: PrefixRoutes = createRoutes(g.size)): PrefixRoutes {
  scratch(g);
  const { rel, nextHop, length } = out;
  rel.fill(NONE);
  for (let i = 0; i < origins.length; i++) {
    const o = origins[i];
    rel[o] = ORIGIN;
    nextHop[o] = o;
    length[o] = 1;
  }
  const nRouted = up(g, out, origins);
  across(g, out, nRouted);
  down(g, out);
  return out;
}

function enqueueProviders(g: AsGraph, x: number): void {
  for (let k = g.peerEnd[x]; k < g.offset[x + 1]; k++) {
    const p = g.neighbour[k];
    if (queued[p]) continue;
    queued[p] = 1;
    const r = g.rank[p];
    queueNext[p] = queueHead[r];
    queueHead[r] = p;
  }
}

/**
 * Pass 1: rank by rank, each AS above a routed one takes the best route its customers
 * hold (all of lower rank, so final). Returns how many ASes hold origin or customer routes.
 */
function up(g: AsGraph, r: PrefixRoutes, origins: ArrayLike<number>): number {
  const { rel, nextHop, length } = r;
  const { offset, customerEnd, neighbour } = g;
  const ranks = g.rankStart.length - 1;
  queueHead.fill(-1, 0, ranks);
  let n = 0;
  for (let i = 0; i < origins.length; i++) {
    const o = origins[i];
    let seen = false;
    for (let j = 0; j < n; j++) seen ||= routed[j] === o;
    if (seen) continue;
    routed[n++] = o;
    enqueueProviders(g, o);
  }
  for (let rank = 1; rank < ranks; rank++) {
    for (let x = queueHead[rank]; x >= 0; x = queueNext[x]) {
      if (rel[x] === ORIGIN) continue;
      let bestLen = 0x10000;
      let bestHop = -1;
      for (let k = offset[x]; k < customerEnd[x]; k++) {
        const c = neighbour[k];
        if (rel[c] < CUSTOMER) continue;
        const len = length[c] + 1;
        if (len < bestLen || (len === bestLen && c < bestHop)) {
          bestLen = len;
          bestHop = c;
        }
      }
      // Queued only because a customer got a route, so there is one.
      rel[x] = CUSTOMER;
      nextHop[x] = bestHop;
      length[x] = bestLen;
      routed[n++] = x;
      enqueueProviders(g, x);
    }
  }
  for (let rank = 0; rank < ranks; rank++) for (let x = queueHead[rank]; x >= 0; x = queueNext[x]) queued[x] = 0;
  return n;
}

/** Pass 2: each AS holding an origin or customer route offers it to its peers; one without a route takes the best offer. */
function across(g: AsGraph, r: PrefixRoutes, nRouted: number): void {
  const { rel, nextHop, length } = r;
  const { customerEnd, peerEnd, neighbour } = g;
  for (let i = 0; i < nRouted; i++) {
    const y = routed[i];
    const len = length[y] + 1;
    for (let k = customerEnd[y]; k < peerEnd[y]; k++) {
      const x = neighbour[k];
      const rx = rel[x];
      if (rx === NONE || (rx === PEER && (len < length[x] || (len === length[x] && y < nextHop[x])))) {
        rel[x] = PEER;
        nextHop[x] = y;
        length[x] = len;
      }
    }
  }
}

/** Pass 3: in reverse rank order, an AS still without a route takes its providers' best. */
function down(g: AsGraph, r: PrefixRoutes): void {
  const { rel, nextHop, length } = r;
  const { byRank, peerEnd, offset, neighbour } = g;
  for (let i = g.size - 1; i >= 0; i--) {
    const x = byRank[i];
    if (rel[x] !== NONE) continue;
    let bestLen = 0x10000;
    let bestHop = -1;
    for (let k = peerEnd[x]; k < offset[x + 1]; k++) {
      const p = neighbour[k];
      if (rel[p] === NONE) continue;
      const len = length[p] + 1;
      if (len < bestLen || (len === bestLen && p < bestHop)) {
        bestLen = len;
        bestHop = p;
      }
    }
    if (bestHop >= 0) {
      rel[x] = PROVIDER;
      nextHop[x] = bestHop;
      length[x] = bestLen;
    }
  }
}

/** The AS path of x's route as ASNs, receiver first, origin last; empty when x has none. */
export function pathOf(g: AsGraph, r: PrefixRoutes, x: number): number[] {
  if (r.rel[x] === NONE) return [];
  const path = [g.asn[x]];
  let y = x;
  while (r.rel[y] !== ORIGIN) {
    y = r.nextHop[y];
    path.push(g.asn[y]);
  }
  return path;
}
