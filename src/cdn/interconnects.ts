/**
 * The links of the world, as the operators at each end name and bill them. Every link
 * carries traffic one way, towards the clients:
 *
 *   <site>/out, <site>/in   a site's port into its ISP or exchange fabric (serving out,
 *                           fill in)
 *   <isp>@<ixp>             the ISP's public port at an exchange: traffic from the
 *                           exchange's sites into the ISP
 *   <isp>@<ixp>/pni         a private interconnect (PNI) there, used instead of the port
 *   <isp>/transit           the ISP's transit: origin to the ISP
 *   <ixp>/transit           the CDN's own backbone: origin to the exchange's sites
 *
 * A fault may also name `<isp>/peering`: all of that ISP's interconnects at once.
 *
 * Everything here is a pure function of the scenario, so the schema checks fault link
 * names with the same rules the world builds links by.
 */
import type { OpenConnectScenario } from './schema.js';

/** What a link is (Links.kind). */
export const LINK_PORT = 0;
export const LINK_PUBLIC = 1;
export const LINK_PNI = 2;
export const LINK_TRANSIT = 3;
export const LINK_BACKBONE = 4;
export const LINK_KIND_NAMES = ['port', 'public', 'pni', 'transit', 'backbone'] as const;

/**
 * One-way latency defaults, seconds (sources in README.md, Links). A site's port is in
 * the building of the switch it plugs into; an exchange port or PNI crosses one metro
 * fabric; the origin is a cloud region some hundreds of km away.
 */
export const DEFAULT_LATENCY = { port: 0, interconnect: 0.001, transit: 0.02, backbone: 0.02 };

/** One link as the world will hold it. */
export interface LinkSpec {
  name: string;
  /** bit/s */
  capacity: number;
  /** one-way, seconds */
  latency: number;
  kind: number;
  /** The ISP the link delivers into, or -1. */
  isp: number;
  /** The exchange the link leaves from, or -1. */
  ixp: number;
}

type Scenario = Pick<OpenConnectScenario, 'isps' | 'ixps' | 'interconnects'>;

export const interconnectName = (isp: string, ixp: string, pni: boolean) => `${isp}@${ixp}${pni ? '/pni' : ''}`;

/**
 * The ISPs' interconnects with the CDN at each exchange: a public port for every member
 * (capacity the ISP's `peering` unless an `interconnects` entry says), and a PNI where
 * one is listed; a listed connection makes the ISP peer there even when the exchange's
 * `members` leave it out. Entries naming an unknown ISP or exchange are skipped (the
 * schema reports them).
 */
export function interconnectLinks(s: Scenario): LinkSpec[] {
  const listed = new Map(s.interconnects.map((c) => [interconnectName(c.isp, c.ixp, c.type === 'pni'), c]));
  const out: LinkSpec[] = [];
  s.ixps.forEach((x, k) => {
    const members = x.members ?? s.isps.map((i) => i.name);
    s.isps.forEach((isp, i) => {
      const link = (pni: boolean, entry: Scenario['interconnects'][number] | undefined): LinkSpec => ({
        name: interconnectName(isp.name, x.name, pni),
        capacity: entry?.capacity ?? isp.peering,
        latency: entry?.latency ?? DEFAULT_LATENCY.interconnect,
        kind: pni ? LINK_PNI : LINK_PUBLIC,
        isp: i,
        ixp: k,
      });
      const port = listed.get(interconnectName(isp.name, x.name, false));
      if (port || members.includes(isp.name) || members.includes(isp.asn)) out.push(link(false, port));
      const pni = listed.get(interconnectName(isp.name, x.name, true));
      if (pni) out.push(link(true, pni));
    });
  });
  return out;
}

/** Transit: each ISP's from the origin, and the CDN's backbone to each exchange. */
export function transitLinks(s: Scenario): LinkSpec[] {
  return [
    ...s.isps.map((x, i) => ({ name: `${x.name}/transit`, capacity: x.transit, latency: x.transitLatency ?? DEFAULT_LATENCY.transit, kind: LINK_TRANSIT, isp: i, ixp: -1 })),
    ...s.ixps.map((x, k) => ({ name: `${x.name}/transit`, capacity: x.transit, latency: x.transitLatency ?? DEFAULT_LATENCY.backbone, kind: LINK_BACKBONE, isp: -1, ixp: k })),
  ];
}

/** A site's two ports; `isp` is its ISP when embedded (what `out` delivers into), else -1. */
export function sitePorts(name: string, capacity: number, isp: number, ixp: number): LinkSpec[] {
  return [
    { name: `${name}/out`, capacity, latency: DEFAULT_LATENCY.port, kind: LINK_PORT, isp, ixp },
    { name: `${name}/in`, capacity, latency: DEFAULT_LATENCY.port, kind: LINK_PORT, isp: -1, ixp },
  ];
}

/**
 * Per ISP and exchange (isp * exchanges + ixp): the link that carries traffic from the
 * exchange's sites into the ISP (its PNI there if it has one, else its public port), or
 * -1 where the ISP does not peer there. `first` is the index of specs[0] in the world.
 */
export function interconnectTable(specs: LinkSpec[], first: number, isps: number, ixps: number): Int32Array {
  const table = new Int32Array(isps * ixps).fill(-1);
  specs.forEach((l, j) => {
    const at = l.isp * ixps + l.ixp;
    if (l.kind === LINK_PNI || (l.kind === LINK_PUBLIC && table[at] < 0)) table[at] = first + j;
  });
  return table;
}

/**
 * The links a fault's `link` may name, each with what it stands for: a link's own name,
 * and `<isp>/peering` for all of the ISP's interconnects.
 */
export function linkAliases(s: Scenario, siteNames: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const interconnects = interconnectLinks(s);
  for (const l of [...transitLinks(s), ...interconnects]) out.set(l.name, [l.name]);
  for (const site of siteNames) for (const end of ['out', 'in']) out.set(`${site}/${end}`, [`${site}/${end}`]);
  s.isps.forEach((isp, i) => {
    const own = interconnects.filter((l) => l.isp === i).map((l) => l.name);
    if (own.length > 0) out.set(`${isp.name}/peering`, own);
  });
  return out;
}

/** What each name a fault may give stands for, as indices into the world's links. */
export function faultLinks(s: Scenario & { sites: { name: string }[] }, linkNames: string[]): Map<string, number[]> {
  const index = new Map(linkNames.map((name, l) => [name, l]));
  const out = new Map<string, number[]>();
  for (const [alias, names] of linkAliases(s, s.sites.map((x) => x.name))) out.set(alias, names.map((n) => index.get(n) as number));
  return out;
}
