/**
 * Steering: which sites may serve a client, in which order.
 *
 * The control plane ranks sites per client prefix from BGP ([D] "Driving Content
 * Delivery Efficiency Through Classifying Cache Misses"; Open Connect docs: an
 * embedded OCA serves only the prefixes its ISP announces to it):
 *
 *   rank 0  embedded sites whose announcement is the most specific one covering the prefix
 *   rank 1  embedded sites of the same ISP with a less specific covering announcement
 *   rank 2  exchange-point sites where the client's ISP peers with the CDN (AS path 1)
 *   rank 3  exchange-point sites that reach it through another member (longer AS path)
 *   rank 4  the origin, over transit
 *
 * Within a rank, the steering policy orders sites. The table is rebuilt when BGP state
 * changes (a session or link goes down or up), never per request.
 */
import { covers, type Prefix } from '../../net/prefix.js';
import { indexOfAsn, type AsGraph } from '../../net/graph/graph.js';
import type { World } from '../world.js';

export const RANK_SPECIFIC = 0;
export const RANK_COVERING = 1;
export const RANK_IXP_DIRECT = 2;
export const RANK_IXP_INDIRECT = 3;
/** The origin's rank: after every site's. */
export const RANK_ORIGIN = 4;
export const RANKS = 5;
export const RANK_NAMES = ['embedded-specific', 'embedded-covering', 'ixp-direct', 'ixp-indirect', 'origin'];

export interface Announcement {
  site: number;
  prefix: Prefix;
}

/** What BGP currently says, as the control plane sees it. */
export interface BgpState {
  /** Announcements ISPs make to their embedded sites, and whether each session is up. */
  announcements: Announcement[];
  sessionUp: Uint8Array;
  /** The AS graph with the links currently up. */
  graph: AsGraph;
  cdnAsn: number;
  /** Per exchange point: member ASNs (the CDN peers with each at that exchange). */
  ixpMembers: number[][];
  /**
   * Length of the AS path exchange member `member` (AS index) currently sends the CDN
   * for ISP `isp`'s aggregate, 0 for none: what BGP (event mode) has delivered.
   */
  received: (member: number, isp: number) => number;
}

export interface SteeringTable {
  /** Candidates of client prefix p (global index) are [offset[p], offset[p+1]). */
  offset: Int32Array;
  site: Int32Array;
  rank: Uint8Array;
  /** Tie-break inside a rank for the proximity policy: AS path length. */
  pathLength: Float64Array;
}

/** Global index of (ISP, client prefix). */
export function prefixBase(world: World): Int32Array {
  const base = new Int32Array(world.isps.length + 1);
  for (let i = 0; i < world.isps.length; i++) base[i + 1] = base[i] + world.isps[i].prefixes;
  return base;
}

export function buildSteering(world: World, bgp: BgpState, base: Int32Array): SteeringTable {
  const site: number[] = [];
  const rank: number[] = [];
  const pathLength: number[] = [];
  const offset = new Int32Array(base[world.isps.length] + 1);
  const cdn = indexOfAsn(bgp.graph, bgp.cdnAsn);

  world.isps.forEach((isp, i) => {
    const ixpCandidates = exchangeCandidates(world, bgp, cdn, i);
    for (let p = 0; p < isp.prefixes; p++) {
      const g = base[i] + p;
      offset[g] = site.length;
      const client = isp.clientPrefixes[p];
      // Embedded: the longest covering announcement wins rank 0, shorter ones rank 1.
      let longest = -1;
      const covering: { site: number; length: number }[] = [];
      bgp.announcements.forEach((a, k) => {
        if (bgp.sessionUp[k] === 0 || world.sites[a.site].isp !== i) return;
        if (a.prefix.length > client.length || !covers(a.prefix, client)) return;
        covering.push({ site: a.site, length: a.prefix.length });
        if (a.prefix.length > longest) longest = a.prefix.length;
      });
      const seen = new Set<number>();
      for (const c of covering.sort((x, y) => y.length - x.length || x.site - y.site)) {
        if (seen.has(c.site)) continue;
        seen.add(c.site);
        site.push(c.site);
        rank.push(c.length === longest ? RANK_SPECIFIC : RANK_COVERING);
        pathLength.push(0);
      }
      for (const c of ixpCandidates) {
        site.push(c.site);
        rank.push(c.pathLength === 1 ? RANK_IXP_DIRECT : RANK_IXP_INDIRECT);
        pathLength.push(c.pathLength);
      }
    }
  });
  offset[base[world.isps.length]] = site.length;
  return { offset, site: Int32Array.from(site), rank: Uint8Array.from(rank), pathLength: Float64Array.from(pathLength) };
}

/**
 * Exchange-point sites that can reach an ISP: at each exchange, the CDN learns the
 * ISP's routes from the members it peers with (a member sends a peer only routes it
 * originated or learned from a customer: Gao-Rexford, applied by BGP). The AS path is
 * the member's. Sorted by path length, then site index.
 */
function exchangeCandidates(world: World, bgp: BgpState, cdn: number, isp: number): { site: number; pathLength: number }[] {
  if (cdn < 0) return [];
  const out: { site: number; pathLength: number }[] = [];
  world.ixps.forEach((ixp, k) => {
    let best = Infinity;
    for (const asn of bgp.ixpMembers[k]) {
      const m = indexOfAsn(bgp.graph, asn);
      if (m < 0 || m === cdn || !peers(bgp.graph, cdn, m)) continue;
      const length = bgp.received(m, isp);
      if (length > 0) best = Math.min(best, length);
    }
    if (best === Infinity) return;
    for (const s of ixp.sites) out.push({ site: s, pathLength: best });
  });
  return out.sort((a, b) => a.pathLength - b.pathLength || a.site - b.site);
}

function peers(g: AsGraph, a: number, b: number): boolean {
  for (let k = g.customerEnd[a]; k < g.peerEnd[a]; k++) if (g.neighbour[k] === b) return true;
  return false;
}

/** Sort every candidate list by (rank, key); stable on the build order for equal keys. */
export function sortLists(t: SteeringTable, key: (site: number, pathLength: number) => number): void {
  for (let g = 0; g + 1 < t.offset.length; g++) {
    const from = t.offset[g];
    const to = t.offset[g + 1];
    const items = [];
    for (let j = from; j < to; j++) items.push({ site: t.site[j], rank: t.rank[j], pathLength: t.pathLength[j], key: key(t.site[j], t.pathLength[j]), j });
    items.sort((a, b) => a.rank - b.rank || a.key - b.key || a.j - b.j);
    items.forEach((it, k) => {
      t.site[from + k] = it.site;
      t.rank[from + k] = it.rank;
      t.pathLength[from + k] = it.pathLength;
    });
  }
}
