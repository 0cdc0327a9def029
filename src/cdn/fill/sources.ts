/**
 * Where an appliance fills a file from, in Open Connect's order of preference ("Netflix
 * and Fill", Netflix Technology Blog): a peer in its own site, then an appliance at an
 * exchange point (the tier above, over the ISP's interconnect there for an embedded
 * site), then the origin: over the ISP's transit for an embedded site, over the CDN's
 * own backbone (the exchange's `transit` link) for an exchange site.
 *
 * The route is a flow's (network.ts): the source appliance's disks and NIC, the links
 * between, the site's in port and the filled appliance's disks.
 *
 * Reads: which appliances hold the file (content.ts) and are up, and the world's links.
 */
import { isPresent, type Content } from '../content.js';
import type { Network } from '../network.js';
import type { World } from '../world.js';

export const FROM_PEER = 0;
export const FROM_TIER = 1;
export const FROM_ORIGIN = 2;

/** A fill route: resources (network.ts ids) and their count. */
export interface FillRoute {
  route: Int32Array;
  hops: number;
}

/**
 * Where appliance `o` fetches file `f` from (FROM_*); writes the route into `out`.
 * `up(p)`: whether appliance p can be a source.
 */
export function fillSource(world: World, content: Content, net: Network, up: (p: number) => boolean, o: number, f: number, out: FillRoute): number {
  const { sites, isps, ixps } = world;
  const si = world.ocas.site[o];
  const site = sites[si];
  const r = out.route;
  for (const p of site.ocas) {
    if (p !== o && up(p) && isPresent(content, p, f)) {
      r[0] = net.disk(p);
      r[1] = net.nic(p);
      r[2] = net.disk(o);
      out.hops = 3;
      return FROM_PEER;
    }
  }
  for (let k = 0; k < ixps.length; k++) {
    // An embedded site reaches an exchange through its ISP's interconnect there.
    const interconnect = site.isp >= 0 ? isps[site.isp].interconnect[k] : -1;
    if (site.isp >= 0 && interconnect < 0) continue;
    for (const xs of ixps[k].sites) {
      if (xs === si) continue;
      for (const p of sites[xs].ocas) {
        if (!up(p) || !isPresent(content, p, f)) continue;
        let h = 0;
        r[h++] = net.disk(p);
        r[h++] = net.nic(p);
        r[h++] = net.link(sites[xs].outLink);
        if (interconnect >= 0) r[h++] = net.link(interconnect);
        r[h++] = net.link(site.inLink);
        r[h++] = net.disk(o);
        out.hops = h;
        return FROM_TIER;
      }
    }
  }
  const t = site.isp >= 0 ? isps[site.isp].transitLink : ixps[site.ixp].transitLink;
  r[0] = net.link(t);
  r[1] = net.link(site.inLink);
  r[2] = net.disk(o);
  out.hops = 3;
  return FROM_ORIGIN;
}
