/**
 * Serving a segment: the path from a player's request to the loads it puts on the
 * network, and their release when the segment is done.
 *
 * The control plane lists the client's sites in order (candidates.ts) and leaves out
 * those it knows cannot serve (try-site.ts: no appliance up with the file, a content or
 * health miss against the most preferred site; no healthy appliance or path capacity, a
 * health miss). The client tries the listed sites in order; a site that failed after
 * the control plane last heard of it costs a timeout, up to the retry budget. The
 * origin, over transit, comes last.
 *
 * Flows: a download's rate is fixed when it starts, at the least of the client's access
 * rate, the serving appliance's spare capacity and every link's spare capacity on its
 * path; the loads are released when it ends. Spare capacity below the lowest rung's bit
 * rate makes a site unusable for that request (a health miss). This keeps every link at
 * or below capacity with O(path) work per segment; it does not speed up flows when
 * others end (max-min sharing would, at a cost per event that a national day cannot
 * pay).
 *
 * Reads and writes: the session's oca, site and rate; appliance, site and link loads.
 */
import { isPresent } from '../content.js';
import type { LiveState, SimContext, SimObserver } from '../context.js';
import type { ControlPlane } from '../control/control-plane.js';
import { RANK_ORIGIN } from '../control/steering.js';
import * as abi from '../kernel/abi.js';
import { ORIGIN } from '../kernel/abi.js';
import type { LinkLoads } from '../link-load.js';
import type { Sessions } from '../player/sessions.js';
import { createCandidateOrder } from './candidates.js';
import { createTrySite, FAILED_ATTEMPT, SERVED } from './try-site.js';

export interface Serving {
  /**
   * Serve session `x`'s segment (`file`, `chunk`, `bytes`) and take its loads; returns
   * the seconds lost to timeouts before it started, or -1 when nobody could serve it.
   */
  serve(x: number, file: number, chunk: number, bytes: number): number;
  /** Session `x`'s segment is done: release the loads it held. */
  release(x: number): void;
}

export function createServing(ctx: SimContext, ss: Sessions, control: ControlPlane, loads: LinkLoads): Serving {
  const { s, world, engine, metrics, observer, minRate, content } = ctx;
  const { isps, sites, ocas, links } = world;
  const { linkUp } = control.health;
  const siteLoad = control.siteLoad;
  const candidates = createCandidateOrder(ctx, ss, control);
  const list = candidates.list;
  const trySite = createTrySite(ctx, ss, control, loads);

  const live: LiveState = { ocaUp: control.health.ocaUp, present: (o, f) => isPresent(content, o, f), ocaLoad: ocas.load, threshold: s.healthThreshold };
  function report(x: number, file: number, site: number, rank: number, n: number): void {
    const tried = Array.from({ length: n }, (_, j) => ({ site: list.site[list.from + j], rank: list.rank[list.from + j] }));
    (observer.onServe as NonNullable<SimObserver['onServe']>)(
      { time: engine.now, isp: ss.isp[x], prefix: ss.prefix[x], file, site, oca: ss.oca[x], rank, candidates: tried },
      live,
    );
  }

  return {
    serve(x, file, chunk, bytes) {
      const now = engine.now;
      const n = candidates.order(x, file);
      let penalty = 0;
      let attempts = 0;
      for (let j = 0; j < n; j++) {
        const si = list.site[list.from + j];
        const verdict = trySite(x, si, file, chunk, bytes, j === 0);
        if (verdict === SERVED) {
          metrics.served(now, list.rank[list.from + j], si, ss.oca[x], bytes, j === 0);
          if (observer.onServe) report(x, file, si, list.rank[list.from + j], n);
          return penalty;
        }
        if (verdict === FAILED_ATTEMPT) {
          attempts++;
          penalty += s.steering.timeout;
          metrics.count(now, abi.T_FAILOVERS, 1);
          if (attempts > s.steering.retries) return -1;
        }
      }
      const t = isps[ss.isp[x]].transitLink;
      if (n === 0) metrics.count(now, abi.T_UNSTEERED, bytes);
      if (linkUp[t] === 0) {
        metrics.count(now, abi.T_FAILOVERS, 1);
        return -1;
      }
      const spareT = links.capacity[t] - links.load[t];
      if (spareT < minRate) return -1;
      const rate = Math.min(ss.clientRate[x], spareT);
      ss.oca[x] = ORIGIN;
      ss.site[x] = ORIGIN;
      ss.rate[x] = rate;
      loads.add(t, rate);
      metrics.served(now, RANK_ORIGIN, -1, -1, bytes, false);
      metrics.count(now, abi.T_TRANSIT, bytes);
      if (observer.onServe) report(x, file, -1, RANK_ORIGIN, n);
      return penalty;
    },
    release(x) {
      const rate = ss.rate[x];
      const o = ss.oca[x];
      if (o === ORIGIN) loads.add(isps[ss.isp[x]].transitLink, -rate);
      else {
        ocas.load[o] -= rate;
        siteLoad[ss.site[x]] -= rate;
        const site = sites[ss.site[x]];
        loads.add(site.outLink, -rate);
        if (site.isp < 0) loads.add(isps[ss.isp[x]].peeringLink, -rate);
      }
    },
  };
}
