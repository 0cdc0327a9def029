/**
 * The control plane's BGP: what the CDN hears, in event mode from a converged start.
 *
 * Inter-AS: what the exchange members tell the CDN about each ISP's aggregate (prefix
 * id = ISP index) changes only when an AS link fails or returns, after MRAI timers and
 * per-hop delays. Embedded sites: each ISP's session to each of its embedded sites runs
 * on a private graph, per site the ISP's speaker (which originates exactly what the ISP
 * announces to that site, one prefix id per announcement) above the site's speaker. A
 * lost session withdraws the routes when the hold timer expires; a re-established one
 * re-announces them with BGP's own delays.
 *
 * Either kind of change asks for one steering rebuild `steering.detection` later
 * (CONTROL_UPDATE, CONTROL_BGP); changes until then join that rebuild.
 *
 * Owns: both sets of BGP sessions (src/net/bgp/events.ts handles their events, kinds
 * BGP_EVENTS ..) and the BgpState steering is built from.
 */
import { BGP_EVENT_KINDS, BgpSessions } from '../../net/bgp/events.js';
import { addEdge, createEdgeList, P2C } from '../../net/graph/edges.js';
import { buildGraph, indexOfAsn, type AsGraph } from '../../net/graph/graph.js';
import type { EventHandle } from '../../engine/engine.js';
import type { SimContext } from '../context.js';
import { BGP_EVENTS, CONTROL_BGP, CONTROL_UPDATE } from '../events.js';
import type { BgpState } from './steering.js';

export interface ControlBgp {
  /** What steering is built from; sessionUp and ixpMembers change as the control plane learns. */
  state: BgpState;
  /** The control plane rereads the embedded sessions (at the CONTROL_BGP update). */
  refreshSessions(): void;
  /** The session to embedded site `si` is lost: down when the hold timer expires (the handle cancels that). */
  siteSessionDown(si: number, holdTime: number): EventHandle;
  siteSessionUp(si: number): void;
  /** The AS link between two ASNs, or -1. */
  asLinkBetween(a: number, b: number): number;
  asLinkDown(link: number): void;
  asLinkUp(link: number): void;
  stats(): { updatesProcessed: number; announcements: number; withdrawals: number; lastConvergence: number };
}

export function createControlBgp(ctx: SimContext): ControlBgp {
  const { s, world, engine, streams } = ctx;
  const { isps, sites } = world;
  const cdnIndex = indexOfAsn(world.graph, world.cdnAsn);
  const cdnSlot = new Map<number, number>();
  for (let k = world.graph.offset[cdnIndex]; k < world.graph.offset[cdnIndex + 1]; k++) cdnSlot.set(world.graph.neighbour[k], k);
  let rebuildPending = false;
  function changed(): void {
    if (rebuildPending) return;
    rebuildPending = true;
    engine.schedule(s.steering.detection, CONTROL_UPDATE, CONTROL_BGP, 0);
  }
  const interAs = new BgpSessions(engine, world.graph, {
    kind: BGP_EVENTS,
    prefixes: isps.length,
    rng: streams.bgp,
    mrai: s.bgp.mrai,
    onUpdate: (x) => x === cdnIndex && changed(),
  });
  interAs.startConverged(isps.map((isp) => [indexOfAsn(world.graph, isp.asn)]));

  const announcing = sites.map((_, si) => world.announcements.some((a) => a.site === si));
  const privateEdges = createEdgeList();
  for (let si = 0; si < sites.length; si++) if (announcing[si]) addEdge(privateEdges, 2 * si + 1, 2 * si + 2, P2C);
  const privateGraph = buildGraph(privateEdges);
  /** Per site: the slot its speaker hears the ISP on (-1 without a session). */
  const siteSlot = Int32Array.from(sites, (_, si) => (announcing[si] ? privateGraph.offset[indexOfAsn(privateGraph, 2 * si + 2)] : -1));
  const embedded = new BgpSessions(engine, privateGraph, {
    kind: BGP_EVENTS + BGP_EVENT_KINDS,
    prefixes: world.announcements.length,
    rng: streams.bgp,
    mrai: s.bgp.mrai,
    // Every update on this graph is news about an embedded site's session.
    onUpdate: changed,
  });
  embedded.startConverged(world.announcements.map((a) => [indexOfAsn(privateGraph, 2 * a.site + 1)]));

  const state: BgpState = {
    announcements: world.announcements,
    sessionUp: new Uint8Array(world.announcements.length).fill(1),
    graph: world.graph,
    cdnAsn: world.cdnAsn,
    ixpMembers: world.ixpMembers.map((m) => [...m]),
    received: (member, isp) => {
      const k = cdnSlot.get(member);
      return k === undefined ? 0 : interAs.receivedLength(k, isp);
    },
  };
  return {
    state,
    refreshSessions() {
      rebuildPending = false;
      // What each embedded site holds now: an announcement counts while its route is there.
      world.announcements.forEach((a, k) => (state.sessionUp[k] = embedded.receivedLength(siteSlot[a.site], k) > 0 ? 1 : 0));
    },
    siteSessionDown: (si, holdTime) => embedded.linkDown(privateGraph.slotLink[siteSlot[si]], holdTime),
    siteSessionUp: (si) => embedded.linkUp(privateGraph.slotLink[siteSlot[si]]),
    asLinkBetween: (a, b) => asLink(world.graph, a, b),
    asLinkDown: (link) => interAs.linkDown(link),
    asLinkUp: (link) => interAs.linkUp(link),
    stats() {
      const a = interAs.stats();
      const b = embedded.stats();
      return {
        updatesProcessed: a.messagesProcessed + b.messagesProcessed,
        announcements: a.announcements + b.announcements,
        withdrawals: a.withdrawals + b.withdrawals,
        lastConvergence: Math.max(a.convergenceTime, b.convergenceTime),
      };
    },
  };
}

function asLink(g: AsGraph, a: number, b: number): number {
  const x = indexOfAsn(g, a);
  const y = indexOfAsn(g, b);
  if (x < 0 || y < 0) return -1;
  for (let k = g.offset[x]; k < g.offset[x + 1]; k++) if (g.neighbour[k] === y) return g.slotLink[k];
  return -1;
}
