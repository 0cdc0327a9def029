/**
 * Where an appliance fills a file from, in Open Connect's order of preference: a peer
 * in its own site, then an appliance at an exchange point (the tier above, over the
 * ISP's peering link for an embedded site), then the origin over transit.
 *
 * Reads: which appliances hold the file (content.ts) and the world's links.
 */
import { isPresent, type Content } from '../content.js';
import type { World } from '../world.js';

export const FROM_PEER = 0;
export const FROM_TIER = 1;
export const FROM_ORIGIN = 2;

/** Per appliance: the links of its current fill path (-1 = none). */
export interface FillPaths {
  pathA: Int32Array;
  pathB: Int32Array;
  pathC: Int32Array;
}

/** Where appliance `o` fetches file `f` from (FROM_*); writes its path into `paths`. */
export function fillSource(world: World, content: Content, paths: FillPaths, o: number, f: number): number {
  const { sites, isps, ixps } = world;
  const si = world.ocas.site[o];
  const site = sites[si];
  paths.pathA[o] = paths.pathB[o] = paths.pathC[o] = -1;
  for (const p of site.ocas) if (p !== o && isPresent(content, p, f)) return FROM_PEER;
  if (site.isp >= 0) {
    const isp = isps[site.isp];
    for (const x of ixps) {
      for (const xs of x.sites) {
        for (const p of sites[xs].ocas) {
          if (isPresent(content, p, f)) {
            paths.pathA[o] = sites[xs].outLink;
            paths.pathB[o] = isp.peeringLink;
            paths.pathC[o] = site.inLink;
            return FROM_TIER;
          }
        }
      }
    }
    paths.pathA[o] = isp.transitLink;
    paths.pathB[o] = site.inLink;
    return FROM_ORIGIN;
  }
  for (const x of ixps) {
    for (const xs of x.sites) {
      if (xs === si) continue;
      for (const p of sites[xs].ocas) {
        if (isPresent(content, p, f)) {
          paths.pathA[o] = sites[xs].outLink;
          paths.pathB[o] = site.inLink;
          return FROM_TIER;
        }
      }
    }
  }
  paths.pathA[o] = ixps[site.ixp].transitLink;
  paths.pathB[o] = site.inLink;
  return FROM_ORIGIN;
}
