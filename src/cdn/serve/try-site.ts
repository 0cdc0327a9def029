/**
 * One site's answer to a segment request: which of its appliances serves it, or why
 * none does, and the route the download takes from it.
 *
 * The control plane picks the appliance from what it believes: known up, holding the
 * file, least loaded by the last health report; with `checkHealth` (per-segment
 * steering, or the list being made) it also leaves out appliances whose reported
 * utilisation is at or over the health threshold. The client's attempt then meets the
 * data plane, which may be down where the control plane has not noticed yet.
 *
 * The route of a download from site `si`'s appliance `o` to a client of ISP `i`:
 * the appliance's disks and NIC, the site's out port, and from an exchange site the
 * ISP's interconnect there; the client's access line caps it and adds the site's delay.
 *
 * A reactive cache is one appliance per file, by consistent hash; the preferred site's
 * cache sees a request it cannot serve and admits the chunk, fetched from upstream as a
 * flow of its own (nobody waits for it).
 *
 * Reads: presence (content.ts), health and reports (control/), the world's links.
 */
import type { CachePolicy } from '../../cache/types.js';
import { isPresent } from '../content.js';
import type { SimContext } from '../context.js';
import type { ControlPlane } from '../control/control-plane.js';
import { jumpHash } from '../hash.js';
import { OWNER_UPSTREAM, type Network } from '../network.js';

/** Outcomes of trying one site. */
export const SERVED = 0;
/** Steering left the site out (nothing to serve the file with, or not healthy). */
export const SKIPPED = 1;
/** The client tried and timed out: the data plane is down there. */
export const FAILED_ATTEMPT = 2;

/** The route chosen by the last SERVED answer. */
export interface SiteRoute {
  oca: number;
  route: Int32Array;
  hops: number;
  /** One-way delay of the client's access line and metro (the site's latency to clients), seconds. */
  access: number;
  /** Whether any appliance of the site holds the file (for content vs health misses). */
  anyHolds: boolean;
}

/**
 * Try site `si` for a client of ISP `isp` asking for (`file`, `chunk`, `bytes`);
 * `preferred`: the site is the client's most preferred one (its reactive cache admits).
 */
export type TrySite = (isp: number, si: number, file: number, chunk: number, bytes: number, preferred: boolean, checkHealth: boolean) => number;

export function createTrySite(ctx: SimContext, control: ControlPlane, net: Network, out: SiteRoute): TrySite {
  const { world, engine, content, metrics, observer } = ctx;
  const { sites, isps, ocas } = world;
  const threshold = ctx.s.healthThreshold;
  const { ocaUp, ocaKnownUp, linkUp, peeringUp } = control.health;
  const reported = control.reportedOcaLoad;
  const { holders, holderStride, holderOffset, holderBytes } = content;
  const upstream = new Int32Array(3);
  const siteLatency = control.siteLatency;

  function reactiveAdmit(si: number, isp: number, o: number, file: number, chunk: number, bytes: number): void {
    const now = engine.now;
    const site = sites[si];
    const hit = (content.reactive[o] as CachePolicy).request(file, chunk, bytes, now, Infinity);
    if (observer.onCacheRequest) observer.onCacheRequest(o, file, chunk, bytes, hit);
    if (hit) return;
    const t = site.isp >= 0 ? isps[isp].transitLink : world.ixps[site.ixp].transitLink;
    metrics.reactiveFill(now, bytes);
    if (linkUp[t] === 0 || linkUp[site.inLink] === 0 || ocaUp[o] === 0) return;
    upstream[0] = net.link(t);
    upstream[1] = net.link(site.inLink);
    upstream[2] = net.disk(o);
    net.start(upstream, 3, bytes, OWNER_UPSTREAM, 0, Infinity, 0);
  }

  return (ispIdx, si, file, chunk, bytes, preferred, checkHealth) => {
    const site = sites[si];
    const isp = isps[ispIdx];
    // From an exchange, the ISP's interconnect there; an ISP that is not a member there
    // is reached through one that is (rank 3), over links the model does not hold.
    const interconnect = site.ixp >= 0 ? isp.interconnect[site.ixp] : -1;
    const reactiveAt = content.reactive[site.ocas[0]] !== null ? jumpHash(file, site.ocas.length) : -1;
    const reactiveOca = reactiveAt >= 0 ? site.ocas[reactiveAt] : -1;
    // The least loaded appliance known up with the file, by the last report. Only the
    // appliances holding it are visited, from the site's bit mask (plus the reactive one
    // when its cache has the chunk).
    let best = -1;
    let bestUse = Infinity;
    let anyHolds = false;
    const from = file * holderStride + holderOffset[si];
    for (let k = 0; k < holderBytes[si]; k++) {
      let m = holders[from + k];
      if (reactiveAt >> 3 === k && (content.reactive[reactiveOca] as CachePolicy).contains(file, chunk)) m |= 1 << (reactiveAt & 7);
      for (; m !== 0; m &= m - 1) {
        const o = site.ocas[(k << 3) + 31 - Math.clz32(m & -m)];
        anyHolds = true;
        if (ocaKnownUp[o] === 0) continue;
        const use = reported[o] / ocas.capacityBps[o];
        if ((!checkHealth || use < threshold) && use < bestUse) {
          best = o;
          bestUse = use;
        }
      }
    }
    out.anyHolds = anyHolds;
    if (best < 0) {
      if (preferred && !anyHolds && reactiveOca >= 0 && ocaUp[reactiveOca] === 1) reactiveAdmit(si, ispIdx, reactiveOca, file, chunk, bytes);
      return SKIPPED;
    }
    // The client's attempt: the data plane may be down where the control plane has not noticed.
    if (
      ocaUp[best] === 0 ||
      linkUp[site.outLink] === 0 ||
      (interconnect >= 0 && linkUp[interconnect] === 0) ||
      (site.ixp >= 0 && peeringUp[site.ixp * isps.length + ispIdx] === 0)
    ) {
      return FAILED_ATTEMPT;
    }
    if (best === reactiveOca && !isPresent(content, best, file)) {
      const hit = (content.reactive[best] as CachePolicy).request(file, chunk, bytes, engine.now, Infinity);
      if (observer.onCacheRequest) observer.onCacheRequest(best, file, chunk, bytes, hit);
    }
    const r = out.route;
    r[0] = net.disk(best);
    r[1] = net.nic(best);
    r[2] = net.link(site.outLink);
    let hops = 3;
    if (interconnect >= 0) r[hops++] = net.link(interconnect);
    out.oca = best;
    out.hops = hops;
    out.access = siteLatency[si];
    return SERVED;
  };
}
