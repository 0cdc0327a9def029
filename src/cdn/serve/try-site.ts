/**
 * One site's answer to a segment request: which of its appliances serves it, or why
 * none does. The control plane picks the least loaded appliance it believes up, healthy
 * (utilisation under the threshold, spare capacity for the lowest rung) and holding the
 * file; the site's path to the client needs spare capacity too. The client's attempt
 * then meets the data plane, which may be down where the control plane has not noticed.
 * A served request takes its rate on the appliance, the site and every link of its path
 * (serve.ts releases them when the segment is done).
 *
 * A reactive cache is one appliance per file, by consistent hash; the preferred site's
 * cache sees a request it cannot serve and admits the chunk.
 *
 * Reads: presence (content.ts), health and site load (control/), link loads.
 */
import type { CachePolicy } from '../../cache/types.js';
import { isPresent } from '../content.js';
import type { SimContext } from '../context.js';
import type { ControlPlane } from '../control/control-plane.js';
import { jumpHash } from '../hash.js';
import type { LinkLoads } from '../link-load.js';
import type { Sessions } from '../player/sessions.js';

/** Outcomes of trying one site. */
export const SERVED = 0;
/** Steering left the site out (nothing to serve the file with, or no capacity). */
export const SKIPPED = 1;
/** The client tried and timed out: the data plane is down there. */
export const FAILED_ATTEMPT = 2;

/** Try site `si` for session `x`'s segment (`file`, `chunk`, `bytes`); `first`: the most preferred site. On SERVED, sets the session's oca, site and rate. */
export type TrySite = (x: number, si: number, file: number, chunk: number, bytes: number, first: boolean) => number;

export function createTrySite(ctx: SimContext, ss: Sessions, control: ControlPlane, loads: LinkLoads): TrySite {
  const { world, engine, content, metrics, observer, minRate } = ctx;
  const { sites, isps, ocas, links } = world;
  const threshold = ctx.s.healthThreshold;
  const { ocaUp, ocaKnownUp, linkUp, linkKnownUp, peeringUp } = control.health;
  const siteLoad = control.siteLoad;
  const { holders, holderStride, holderOffset, holderBytes } = content;

  /** Path of site `si` to the client's ISP: its out port and, from an exchange, the ISP's peering. */
  function pathOk(si: number, peering: number, known: boolean): boolean {
    const up = known ? linkKnownUp : linkUp;
    return up[sites[si].outLink] === 1 && (peering < 0 || up[peering] === 1);
  }

  return (x, si, file, chunk, bytes, first) => {
    const now = engine.now;
    const site = sites[si];
    const ispIdx = ss.isp[x];
    const isp = isps[ispIdx];
    const peering = site.isp >= 0 ? -1 : isp.peeringLink;
    const pathSpare = Math.min(
      links.capacity[site.outLink] - links.load[site.outLink],
      peering >= 0 ? links.capacity[peering] - links.load[peering] : Infinity,
    );
    const reactiveAt = content.reactive[site.ocas[0]] !== null ? jumpHash(file, site.ocas.length) : -1;
    const reactiveOca = reactiveAt >= 0 ? site.ocas[reactiveAt] : -1;
    // What the control plane believes: the least loaded healthy appliance known up with
    // the file. Only the appliances holding it are visited, in site order, from the
    // site's bit mask (plus the reactive one when its cache has the chunk).
    let best = -1;
    let bestUse = Infinity;
    let anyHolds = false;
    const from = file * holderStride + holderOffset[si];
    const maskBytes = holderBytes[si];
    for (let k = 0; k < maskBytes; k++) {
      let m = holders[from + k];
      if (reactiveAt >> 3 === k && (content.reactive[reactiveOca] as CachePolicy).contains(file, chunk)) m |= 1 << (reactiveAt & 7);
      for (; m !== 0; m &= m - 1) {
        const o = site.ocas[(k << 3) + 31 - Math.clz32(m & -m)];
        anyHolds = true;
        if (ocaKnownUp[o] === 0) continue;
        const use = ocas.load[o] / ocas.capacityBps[o];
        if (use < threshold && ocas.capacityBps[o] - ocas.load[o] >= minRate && use < bestUse) {
          best = o;
          bestUse = use;
        }
      }
    }
    if (best < 0 || pathSpare < minRate || !pathOk(si, peering, true)) {
      // The preferred site's reactive cache, when healthy, sees the request and admits the
      // chunk on a miss, fetched from the origin (counted in fill and transit bytes; the
      // transfer is not simulated on links). Later sites in the list do not admit: the
      // client was only passing through.
      if (first && !anyHolds && reactiveOca >= 0 && ocaUp[reactiveOca] === 1 && pathSpare >= minRate && ocas.load[reactiveOca] / ocas.capacityBps[reactiveOca] < threshold) {
        const hit = (content.reactive[reactiveOca] as CachePolicy).request(file, chunk, bytes, now, Infinity);
        if (observer.onCacheRequest) observer.onCacheRequest(reactiveOca, file, chunk, bytes, hit);
        const upstream = site.isp >= 0 ? isp.transitLink : world.ixps[site.ixp].transitLink;
        metrics.reactiveFill(now, bytes, links.isTransit[upstream] === 1);
      }
      if (first) metrics.miss(now, si, bytes, anyHolds);
      return SKIPPED;
    }
    // The client's attempt: the data plane may be down where the control plane has not noticed.
    if (ocaUp[best] === 0 || !pathOk(si, peering, false) || (site.ixp >= 0 && peeringUp[site.ixp * isps.length + ispIdx] === 0)) {
      if (first) metrics.miss(now, si, bytes, true);
      return FAILED_ATTEMPT;
    }
    if (best === reactiveOca && !isPresent(content, best, file)) {
      const hit = (content.reactive[best] as CachePolicy).request(file, chunk, bytes, now, Infinity);
      if (observer.onCacheRequest) observer.onCacheRequest(best, file, chunk, bytes, hit);
    }
    const rate = Math.min(ss.clientRate[x], ocas.capacityBps[best] - ocas.load[best], pathSpare);
    ss.oca[x] = best;
    ss.site[x] = si;
    ss.rate[x] = rate;
    ocas.load[best] += rate;
    siteLoad[si] += rate;
    loads.add(site.outLink, rate);
    if (peering >= 0) loads.add(peering, rate);
    return SERVED;
  };
}
