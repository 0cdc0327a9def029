/**
 * Each playback's ranked list of sites, as the control plane handed it out, and where
 * the client stands in it.
 *
 * A list is made from the client prefix's candidates in order (candidates.ts), leaving
 * out the sites the control plane believes cannot serve: its port known down, none of
 * its appliances known up, or (by the last health report) every one of them at or over
 * the health threshold. An appliance judges its health by its own bottleneck (Open
 * Connect's appliances do: CPU, disk, NIC), so a congested link beyond it does not
 * count; a load-aware steering policy sees it (control-plane.ts, the view). At most LIST_LENGTH sites are kept (Open Connect hands out a
 * handful of URLs per stream). The playback's preferred site is the first candidate
 * before that filtering: misses are counted against it.
 *
 * Owns: the lists (per session, struct of arrays). Reads: the control plane's health
 * and reports.
 */
import { grow } from '../../util/grow.js';
import type { SimContext } from '../context.js';
import type { ControlPlane } from '../control/control-plane.js';
import type { Sessions } from '../player/sessions.js';
import type { CandidateOrder } from './candidates.js';
import { T_RESTEERS } from '../totals.js';

export const LIST_LENGTH = 8;

export interface PlaybackLists {
  /** Make x's list now (a playback starts, or the client asks again). */
  steer(x: number): void;
  /** The client ran out of its list: ask again (counted as a re-steer). */
  resteer(x: number): void;
  length(x: number): number;
  site(x: number, j: number): number;
  rank(x: number, j: number): number;
  /** The first entry the client has not given up on: length(x) at the origin, beyond it when that failed too. */
  cursor(x: number): number;
  moveTo(x: number, j: number): void;
  /** The playback's most preferred site (-1: none). */
  preferred(x: number): number;
  /** One-way delay from site `si` to session x's client: access, port and interconnect. */
  oneWayLatency(x: number, si: number): number;
  /** The list as objects, for observers. */
  tried(x: number): { site: number; rank: number }[];
}

export function createPlaybackLists(ctx: SimContext, ss: Sessions, control: ControlPlane, order: CandidateOrder): PlaybackLists {
  const { world, engine, metrics } = ctx;
  const { sites, ocas, links, isps } = world;
  const threshold = ctx.s.healthThreshold;
  const { ocaKnownUp, linkKnownUp } = control.health;
  const rungs = world.catalog.rungs;
  let site = new Int32Array(0);
  let rank = new Uint8Array(0);
  let length = new Uint8Array(0);
  let cursor = new Uint8Array(0);
  let preferred = new Int32Array(0);

  function ensure(x: number): void {
    if (x < length.length) return;
    const n = Math.max(x + 1, 2 * length.length, 1024);
    site = grow(site, n * LIST_LENGTH);
    rank = grow(rank, n * LIST_LENGTH);
    length = grow(length, n);
    cursor = grow(cursor, n);
    preferred = grow(preferred, n);
  }

  /** Whether the control plane believes site `si` can serve: its port up, an appliance known up and healthy. */
  function usable(si: number): boolean {
    const st = sites[si];
    if (linkKnownUp[st.outLink] === 0) return false;
    for (const o of st.ocas) if (ocaKnownUp[o] === 1 && control.reportedOcaLoad[o] / ocas.capacityBps[o] < threshold) return true;
    return false;
  }

  function steer(x: number): void {
    ensure(x);
    const n = order.order(x, ss.title[x] * rungs);
    const { list } = order;
    preferred[x] = n > 0 ? list.site[list.from] : -1;
    let k = 0;
    for (let j = 0; j < n && k < LIST_LENGTH; j++) {
      const si = list.site[list.from + j];
      if (!usable(si)) continue;
      site[x * LIST_LENGTH + k] = si;
      rank[x * LIST_LENGTH + k] = list.rank[list.from + j];
      k++;
    }
    length[x] = k;
    cursor[x] = 0;
  }

  return {
    steer,
    resteer(x) {
      metrics.count(engine.now, T_RESTEERS, 1);
      steer(x);
    },
    length: (x) => length[x],
    site: (x, j) => site[x * LIST_LENGTH + j],
    rank: (x, j) => rank[x * LIST_LENGTH + j],
    cursor: (x) => cursor[x],
    moveTo(x, j) {
      cursor[x] = Math.min(j, length[x] + 1);
    },
    preferred: (x) => preferred[x],
    oneWayLatency(x, si) {
      const st = sites[si];
      let l = control.siteLatency[si] + links.latency[st.outLink];
      if (st.ixp >= 0) {
        const ic = isps[ss.isp[x]].interconnect[st.ixp];
        if (ic >= 0) l += links.latency[ic];
      }
      return l;
    },
    tried(x) {
      return Array.from({ length: length[x] }, (_, j) => ({ site: site[x * LIST_LENGTH + j], rank: rank[x * LIST_LENGTH + j] }));
    },
  };
}
