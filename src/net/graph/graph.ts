/**
 * The AS graph in compressed sparse row form. AS indices follow ascending ASN, so
 * "lower next-hop ASN" is "lower index". Each AS's neighbour slots are grouped
 * customers, then peers, then providers, so each propagation pass reads one
 * contiguous range. A slot's relationship is the relationship of routes learned over
 * it (CUSTOMER for a customer neighbour, ...), in the numbering of ../relationship.ts.
 */
import { InputError } from '../../errors.js';
import { CUSTOMER, PEER, PROVIDER } from '../relationship.js';
import { P2C, type EdgeList } from './edges.js';
import { propagationRanks } from './ranks.js';

export interface AsGraph {
  /** Number of ASes. */
  size: number;
  /** Number of links (each is two slots). */
  linkCount: number;
  /** ASN of each AS index, ascending. */
  asn: Uint32Array;
  /** Slots of AS x: [offset[x], offset[x+1]); customers end at customerEnd[x], peers at peerEnd[x]. */
  offset: Int32Array;
  customerEnd: Int32Array;
  peerEnd: Int32Array;
  /** Per slot: the neighbour's index, the relationship of routes learned over it, the link, the owner, and the same link's slot at the neighbour. */
  neighbour: Int32Array;
  slotRel: Uint8Array;
  slotLink: Int32Array;
  slotOwner: Int32Array;
  reverse: Int32Array;
  /** Per link: its two ends (provider first for provider-customer links) and whether it is peer-peer. */
  linkA: Int32Array;
  linkB: Int32Array;
  linkPeer: Uint8Array;
  /** Propagation rank (0 for ASes without customers, else 1 + the highest customer rank), and the ASes by rank. */
  rank: Int32Array;
  byRank: Int32Array;
  /** ASes of rank r are byRank[rankStart[r] .. rankStart[r+1]). */
  rankStart: Int32Array;
  tier1: number[];
  ixpAsns: number[];
}

/** Index of an ASN, or -1 (binary search: no map to build or keep). */
export function indexOfAsn(g: Pick<AsGraph, 'asn'>, asn: number): number {
  const a = g.asn;
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid];
    if (v < asn) lo = mid + 1;
    else if (v > asn) hi = mid - 1;
    else return mid;
  }
  return -1;
}

function uniqueAsns(e: EdgeList): Uint32Array {
  const all = new Uint32Array(2 * e.count + e.lone.length);
  all.set(e.a.subarray(0, e.count));
  all.set(e.b.subarray(0, e.count), e.count);
  all.set(e.lone, 2 * e.count);
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i];
  return all.slice(0, n);
}

function where(e: EdgeList, row: number) {
  return e.line[row] > 0 ? { ...e.source, line: e.line[row] } : e.source;
}

/**
 * Rows naming the same pair twice: an exact repeat is dropped, a contradiction is an
 * error. Sorting one float key per row (lo * n + hi, exact below 2^53) finds them
 * without a hash map over half a million pairs.
 */
function dropRepeats(e: EdgeList, ia: Int32Array, ib: Int32Array, n: number): Uint8Array {
  const keep = new Uint8Array(e.count).fill(1);
  const keys = new Float64Array(e.count);
  for (let i = 0; i < e.count; i++) {
    if (ia[i] === ib[i]) throw new InputError(`AS ${e.a[i]} has a link to itself`, where(e, i));
    keys[i] = Math.min(ia[i], ib[i]) * n + Math.max(ia[i], ib[i]);
  }
  const sorted = keys.slice().sort();
  const repeated = new Set<number>();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) repeated.add(sorted[i]);
  if (repeated.size === 0) return keep;
  const first = new Map<number, number>();
  for (let i = 0; i < e.count; i++) {
    if (!repeated.has(keys[i])) continue;
    const j = first.get(keys[i]);
    if (j === undefined) {
      first.set(keys[i], i);
      continue;
    }
    const same = e.rel[i] === e.rel[j] && (e.rel[i] !== P2C || e.a[i] === e.a[j]);
    if (!same) {
      const at = e.line[j] > 0 ? ` (line ${e.line[j]} says ${describe(e, j)})` : ` (also given as ${describe(e, j)})`;
      throw new InputError(`${describe(e, i)} contradicts an earlier link between the same ASes${at}`, where(e, i));
    }
    keep[i] = 0;
  }
  return keep;
}

function describe(e: EdgeList, i: number): string {
  return e.rel[i] === P2C ? `AS ${e.a[i]} provider of AS ${e.b[i]}` : `AS ${e.a[i]} peer of AS ${e.b[i]}`;
}

export function buildGraph(e: EdgeList): AsGraph {
  const asn = uniqueAsns(e);
  const n = asn.length;
  const ia = new Int32Array(e.count);
  const ib = new Int32Array(e.count);
  for (let i = 0; i < e.count; i++) {
    ia[i] = indexOfAsn({ asn }, e.a[i]);
    ib[i] = indexOfAsn({ asn }, e.b[i]);
  }
  const keep = dropRepeats(e, ia, ib, n);

  // Count each AS's slots per group, then lay the groups out.
  const nCust = new Int32Array(n);
  const nPeer = new Int32Array(n);
  const nProv = new Int32Array(n);
  let links = 0;
  for (let i = 0; i < e.count; i++) {
    if (!keep[i]) continue;
    links++;
    if (e.rel[i] === P2C) {
      nCust[ia[i]]++;
      nProv[ib[i]]++;
    } else {
      nPeer[ia[i]]++;
      nPeer[ib[i]]++;
    }
  }
  const offset = new Int32Array(n + 1);
  const customerEnd = new Int32Array(n);
  const peerEnd = new Int32Array(n);
  for (let x = 0; x < n; x++) {
    customerEnd[x] = offset[x] + nCust[x];
    peerEnd[x] = customerEnd[x] + nPeer[x];
    offset[x + 1] = peerEnd[x] + nProv[x];
  }
  const slots = 2 * links;
  const neighbour = new Int32Array(slots);
  const slotRel = new Uint8Array(slots);
  const slotLink = new Int32Array(slots);
  const slotOwner = new Int32Array(slots);
  const reverse = new Int32Array(slots);
  const linkA = new Int32Array(links);
  const linkB = new Int32Array(links);
  const linkPeer = new Uint8Array(links);
  const fillC = offset.slice(0, n);
  const fillP = customerEnd.slice();
  const fillV = peerEnd.slice();
  const put = (x: number, k: number, y: number, rel: number, link: number) => {
    neighbour[k] = y;
    slotRel[k] = rel;
    slotLink[k] = link;
    slotOwner[k] = x;
  };
  let link = 0;
  for (let i = 0; i < e.count; i++) {
    if (!keep[i]) continue;
    const a = ia[i];
    const b = ib[i];
    let ka: number;
    let kb: number;
    if (e.rel[i] === P2C) {
      ka = fillC[a]++;
      kb = fillV[b]++;
      put(a, ka, b, CUSTOMER, link);
      put(b, kb, a, PROVIDER, link);
    } else {
      ka = fillP[a]++;
      kb = fillP[b]++;
      put(a, ka, b, PEER, link);
      put(b, kb, a, PEER, link);
      linkPeer[link] = 1;
    }
    reverse[ka] = kb;
    reverse[kb] = ka;
    linkA[link] = a;
    linkB[link] = b;
    link++;
  }
  const partial = { size: n, asn, offset, customerEnd, peerEnd, neighbour };
  const { rank, byRank, rankStart } = propagationRanks(partial, e.source);
  return {
    size: n,
    linkCount: links,
    asn,
    offset,
    customerEnd,
    peerEnd,
    neighbour,
    slotRel,
    slotLink,
    slotOwner,
    reverse,
    linkA,
    linkB,
    linkPeer,
    rank,
    byRank,
    rankStart,
    tier1: e.tier1.slice(),
    ixpAsns: e.ixpAsns.slice(),
  };
}

/** The same graph without some links (failed ones, say), rebuilt from scratch. */
export function withoutLinks(g: AsGraph, drop: (link: number) => boolean): AsGraph {
  const e: EdgeList = {
    count: 0,
    a: new Uint32Array(Math.max(1, g.linkCount)),
    b: new Uint32Array(Math.max(1, g.linkCount)),
    rel: new Int8Array(Math.max(1, g.linkCount)),
    line: new Int32Array(Math.max(1, g.linkCount)),
    lone: Array.from(g.asn),
    source: {},
    tier1: g.tier1,
    ixpAsns: g.ixpAsns,
  };
  for (let l = 0; l < g.linkCount; l++) {
    if (drop(l)) continue;
    const i = e.count++;
    e.a[i] = g.asn[g.linkA[l]];
    e.b[i] = g.asn[g.linkB[l]];
    e.rel[i] = g.linkPeer[l] ? 0 : P2C;
  }
  return buildGraph(e);
}

/** Neighbour ASNs of one AS by relationship (for printing and tests, not hot paths). */
export function neighbours(g: AsGraph, x: number): { customers: number[]; peers: number[]; providers: number[] } {
  const asns = (from: number, to: number) => Array.from(g.neighbour.subarray(from, to), (y) => g.asn[y]).sort((p, q) => p - q);
  return {
    customers: asns(g.offset[x], g.customerEnd[x]),
    peers: asns(g.customerEnd[x], g.peerEnd[x]),
    providers: asns(g.peerEnd[x], g.offset[x + 1]),
  };
}
