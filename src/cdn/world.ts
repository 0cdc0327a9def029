/**
 * The world of one replication, built from the scenario: catalog and popularity, ISPs
 * with their client prefixes, exchange points, sites and their appliances, and the
 * links between them. Plain data in typed arrays, indexed by small integers, so the
 * event handlers can carry indices in an event's two payload fields.
 *
 * Links are one-directional and named from the clients' side (interconnects.ts): a
 * site's `out` port carries what it serves, its `in` port what it is filled with; an
 * ISP's interconnects carry traffic into it from each exchange's sites, its transit from
 * the origin; the CDN's backbone carries fill from the origin to an exchange's sites.
 */
import type { Rng } from '../engine/rng.js';
import { InputError } from '../errors.js';
import { addEdge, createEdgeList, P2C, P2P } from '../net/graph/edges.js';
import { buildGraph, indexOfAsn, type AsGraph } from '../net/graph/graph.js';
import { topologyEdges } from '../net/network.js';
import { formatPrefix, parsePrefix, type Prefix } from '../net/prefix.js';
import { buildCatalog, type Catalog } from './demand/catalog.js';
import { DEFAULT_APPLIANCE_CLASSES } from './defaults.js';
import { diurnal, diurnalMean, type Diurnal } from './demand/diurnal.js';
import { buildPopularity, type Popularity } from './demand/popularity.js';
import type { OpenConnectScenario } from './schema.js';
import { utcOffsetSeconds } from './timezone.js';
import { interconnectLinks, interconnectTable, LINK_TRANSIT, sitePorts, transitLinks, type LinkSpec } from './interconnects.js';
import { expectedRungShare } from './player/rung-forecast.js';

export interface ApplianceClass {
  name: string;
  storageBytes: number;
  nicBps: number;
  diskReadBps: number;
  fillRateBps: number;
  fillBytesPerWindow: number;
}

export interface Isp {
  name: string;
  asn: number;
  demand: Diurnal;
  peakSessionRate: number;
  prefixes: number;
  /** The block the client prefixes are carved from, and the client prefixes. */
  aggregate: Prefix;
  clientPrefixes: Prefix[];
  clientMedianBps: number;
  clientSigma: number;
  /** Subscribers the demand stands for, when the scenario says. */
  members: number | undefined;
  transitLink: number;
  /**
   * Per exchange k: the link that carries traffic from exchange k's sites into this ISP
   * (its PNI there if it has one, else its public port), or -1 where it does not peer there.
   */
  interconnect: Int32Array;
  /** Embedded sites of this ISP. */
  sites: number[];
}

export interface Site {
  name: string;
  /** ISP index when embedded, else -1. */
  isp: number;
  /** IXP index when at an exchange, else -1. */
  ixp: number;
  utcOffset: number;
  /** Appliance indices. */
  ocas: number[];
  outLink: number;
  inLink: number;
}

export interface Ixp {
  name: string;
  utcOffset: number;
  /** The CDN's backbone from the origin to this exchange. */
  transitLink: number;
  sites: number[];
}

export interface Links {
  names: string[];
  capacity: Float64Array;
  /** Current load, bit/s. */
  load: Float64Array;
  /** One-way latency, seconds. */
  latency: Float64Array;
  /** LINK_* of interconnects.ts: site port, public port, PNI, ISP transit, CDN backbone. */
  kind: Uint8Array;
  /** The ISP a link delivers into (an embedded site's out port, an interconnect, a transit), or -1. */
  isp: Int32Array;
  /** Whether the link is an ISP's transit from the origin (transit bytes are counted on these). */
  isTransit: Uint8Array;
}

export interface Appliances {
  count: number;
  site: Int32Array;
  cls: Int32Array;
  /** Serving capacity: the bottleneck of NIC and disk, bit/s. */
  capacityBps: Float64Array;
  storageBytes: Float64Array;
  fillRateBps: Float64Array;
  fillBytesPerWindow: Float64Array;
  /** Current serving load, bit/s. */
  load: Float64Array;
}

/** An ISP's BGP announcement to one of its embedded sites. */
export interface SiteAnnouncement {
  site: number;
  prefix: Prefix;
}

export interface World {
  catalog: Catalog;
  popularity: Popularity;
  days: number;
  classes: ApplianceClass[];
  isps: Isp[];
  ixps: Ixp[];
  sites: Site[];
  ocas: Appliances;
  links: Links;
  /** Expected playback starts per day across all ISPs, and per ISP (sizes the sampled history). */
  sessionsPerDay: number;
  ispSessionsPerDay: Float64Array;
  /** Expected share of segment requests per rung, from the ABR and client throughputs. */
  rungShare: Float64Array;
  /** BGP: the AS graph, the CDN's AS, exchange members, announcements to embedded sites. */
  graph: AsGraph;
  cdnAsn: number;
  ixpMembers: number[][];
  announcements: SiteAnnouncement[];
}

export interface WorldStreams {
  catalog: Rng;
  popularity: Rng;
}

export function buildWorld(s: OpenConnectScenario & { duration: number }, streams: WorldStreams, baseDir = '.'): World {
  const start = new Date(`${s.start}T00:00:00Z`);
  const days = Math.max(1, Math.ceil(s.duration / 86400));
  const catalog = buildCatalog(
    {
      titles: s.catalog.titles,
      filmShare: s.catalog.filmShare,
      filmMinutes: s.catalog.filmMinutes,
      episodeMinutes: s.catalog.episodeMinutes,
      ladderBps: s.catalog.ladder,
    },
    streams.catalog,
  );
  const historyDays = s.placement.historyDays + 1;
  const popularity = buildPopularity(catalog.titles, s.catalog.popularity, -historyDays, days, streams.popularity, s.isps.length);

  const classes = applianceClasses(s.applianceClasses);
  const classIndex = new Map(classes.map((c, i) => [c.name, i]));

  // Links 0..: each ISP's transit, then each exchange's backbone (transitLinks' order).
  const links: LinkSpec[] = transitLinks(s);

  const interconnects = interconnectLinks(s);
  const table = interconnectTable(interconnects, links.length, s.isps.length, s.ixps.length);
  links.push(...interconnects);
  const isps: Isp[] = s.isps.map((i, idx) => ({
    name: i.name,
    asn: i.asn,
    demand: diurnal(s.workload.diurnal, utcOffsetSeconds(i.timezone, start)),
    peakSessionRate: i.peakSessionRate,
    prefixes: i.prefixes,
    ...clientPrefixes(i, idx),
    clientMedianBps: i.clientThroughput.median,
    clientSigma: i.clientThroughput.sigma,
    members: i.members,
    transitLink: idx,
    interconnect: table.subarray(idx * s.ixps.length, (idx + 1) * s.ixps.length),
    sites: [],
  }));
  const ispIndex = new Map(isps.map((x, i) => [x.name, i]));
  const ixps: Ixp[] = s.ixps.map((x, k) => ({
    name: x.name,
    utcOffset: utcOffsetSeconds(x.timezone, start),
    transitLink: s.isps.length + k,
    sites: [],
  }));
  const ixpIndex = new Map(ixps.map((x, i) => [x.name, i]));

  const ocaSite: number[] = [];
  const ocaCls: number[] = [];
  const sites: Site[] = s.sites.map((site, si) => {
    const isp = site.isp !== undefined ? (ispIndex.get(site.isp) as number) : -1;
    const ixp = site.ixp !== undefined ? (ixpIndex.get(site.ixp) as number) : -1;
    const ocas: number[] = [];
    let nic = 0;
    for (const a of site.appliances) {
      const c = classIndex.get(a.class) as number;
      for (let k = 0; k < a.count; k++) {
        ocas.push(ocaSite.length);
        ocaSite.push(si);
        ocaCls.push(c);
        nic += classes[c].nicBps;
      }
    }
    const port = site.port ?? nic;
    const entry: Site = {
      name: site.name,
      isp,
      ixp,
      utcOffset: isp >= 0 ? isps[isp].demand.utcOffset : ixps[ixp].utcOffset,
      ocas,
      outLink: links.length,
      inLink: links.length + 1,
    };
    links.push(...sitePorts(site.name, port, isp, ixp));
    if (isp >= 0) isps[isp].sites.push(si);
    else ixps[ixp].sites.push(si);
    return entry;
  });

  // Announcements: by default each embedded site gets an even share of its ISP's client
  // prefixes (its region) plus the ISP's aggregate (the fallback other sites match less
  // specifically); `announces` lists them explicitly.
  const announcements: SiteAnnouncement[] = [];
  s.sites.forEach((site, si) => {
    const isp = sites[si].isp;
    if (isp < 0) return;
    if (site.announces !== undefined) {
      for (const text of site.announces) {
        const r = parsePrefix(text);
        if (r.ok) announcements.push({ site: si, prefix: r.value });
      }
      return;
    }
    const own = isps[isp].sites;
    const k = own.indexOf(si);
    isps[isp].clientPrefixes.forEach((prefix, p) => {
      if (p % own.length === k) announcements.push({ site: si, prefix });
    });
    if (isps[isp].clientPrefixes.length > 1 || own.length > 1) announcements.push({ site: si, prefix: isps[isp].aggregate });
  });
  const { graph, ixpMembers } = asGraph(s, isps, baseDir);

  const n = ocaSite.length;
  const ocas: Appliances = {
    count: n,
    site: Int32Array.from(ocaSite),
    cls: Int32Array.from(ocaCls),
    capacityBps: Float64Array.from(ocaCls, (c) => Math.min(classes[c].nicBps, classes[c].diskReadBps)),
    storageBytes: Float64Array.from(ocaCls, (c) => (s.placement.unlimitedStorage ? Infinity : classes[c].storageBytes)),
    fillRateBps: Float64Array.from(ocaCls, (c) => classes[c].fillRateBps),
    fillBytesPerWindow: Float64Array.from(ocaCls, (c) => classes[c].fillBytesPerWindow),
    load: new Float64Array(n),
  };

  const ispSessionsPerDay = Float64Array.from(isps, (isp) => isp.peakSessionRate * 86400 * diurnalMean(isp.demand));
  const sessionsPerDay = ispSessionsPerDay.reduce((a, b) => a + b, 0);

  return {
    catalog,
    popularity,
    days,
    classes,
    isps,
    ixps,
    sites,
    ocas,
    links: {
      names: links.map((l) => l.name),
      capacity: Float64Array.from(links, (l) => l.capacity),
      load: new Float64Array(links.length),
      latency: Float64Array.from(links, (l) => l.latency),
      kind: Uint8Array.from(links, (l) => l.kind),
      isp: Int32Array.from(links, (l) => l.isp),
      isTransit: Uint8Array.from(links, (l) => (l.kind === LINK_TRANSIT ? 1 : 0)),
    },
    sessionsPerDay,
    ispSessionsPerDay,
    rungShare: expectedRungShare(catalog.ladderBps, isps, { ...s.workload, meanRuntime: catalog.runtime.reduce((a, b) => a + b, 0) / catalog.titles }),
    graph,
    cdnAsn: s.cdn.asn,
    ixpMembers,
    announcements,
  };
}

/**
 * Client prefixes: the ISP's `aggregate` (default a /16 of 16.0.0.0/4 by position) split
 * into `prefixes` equal more-specific blocks, or the listed ones.
 */
function clientPrefixes(i: OpenConnectScenario['isps'][number], index: number): { aggregate: Prefix; clientPrefixes: Prefix[] } {
  const parse = (text: string): Prefix => {
    const r = parsePrefix(text);
    if (!r.ok) throw new InputError(r.message, { field: `isps[${index}].aggregate` });
    return r.value;
  };
  const aggregate = parse(i.aggregate ?? `${16 + (index >> 8)}.${index & 255}.0.0/16`);
  const bits = Math.ceil(Math.log2(i.prefixes));
  const length = aggregate.length + bits;
  const limit = aggregate.family === 4 ? 32 : 128;
  if (length > limit) throw new InputError(`${i.prefixes} prefixes do not fit in ${aggregate.text}`, { field: `isps[${index}].prefixes` });
  const out: Prefix[] = [];
  for (let p = 0; p < i.prefixes; p++) {
    const words = Uint32Array.from(aggregate.words);
    // Write p into the bits just after the aggregate's length.
    for (let b = 0; b < bits; b++) {
      if (((p >> (bits - 1 - b)) & 1) === 0) continue;
      const bit = aggregate.length + b;
      words[bit >> 5] |= 1 << (31 - (bit & 31));
    }
    out.push(parse(formatPrefix(aggregate.family, words, length)));
  }
  return { aggregate, clientPrefixes: out };
}

/**
 * The AS graph BGP runs on: the scenario's `topology` if it has one, else a minimal one
 * (each ISP and the CDN buy transit from one transit AS). Either way the CDN peers with
 * every member of each exchange where it has a site.
 */
function asGraph(s: OpenConnectScenario, isps: Isp[], baseDir: string): { graph: AsGraph; ixpMembers: number[][] } {
  const edges = s.topology ? topologyEdges(s.topology, { baseDir }).edges : createEdgeList();
  const cdn = s.cdn.asn;
  if (!s.topology) {
    const transit = s.cdn.transitAsn;
    addEdge(edges, transit, cdn, P2C);
    for (const isp of isps) addEdge(edges, transit, isp.asn, P2C);
  }
  const ispAsn = new Map(isps.map((x) => [x.name, x.asn]));
  const ixpMembers = s.ixps.map((x) => (x.members ?? isps.map((i) => i.name)).map((m) => (typeof m === 'number' ? m : (ispAsn.get(m) as number))));
  // A listed interconnect makes its ISP peer at that exchange too.
  const ixpIndex = new Map(s.ixps.map((x, k) => [x.name, k]));
  for (const c of s.interconnects) {
    const members = ixpMembers[ixpIndex.get(c.ixp) as number];
    const asn = ispAsn.get(c.isp) as number;
    if (!members.includes(asn)) members.push(asn);
  }
  const present = new Set<string>();
  for (let e = 0; e < edges.count; e++) present.add(`${Math.min(edges.a[e], edges.b[e])}|${Math.max(edges.a[e], edges.b[e])}`);
  s.ixps.forEach((_x, k) => {
    if (!s.sites.some((site) => site.ixp === s.ixps[k].name)) return;
    for (const m of ixpMembers[k]) {
      const key = `${Math.min(cdn, m)}|${Math.max(cdn, m)}`;
      if (m === cdn || present.has(key)) continue;
      present.add(key);
      addEdge(edges, cdn, m, P2P);
    }
  });
  const graph = buildGraph(edges);
  for (const isp of isps) {
    if (indexOfAsn(graph, isp.asn) < 0) throw new InputError(`AS ${isp.asn} of ISP '${isp.name}' is not in the topology`, { field: 'topology' });
  }
  if (indexOfAsn(graph, cdn) < 0) throw new InputError(`the CDN's AS ${cdn} is not in the topology`, { field: 'cdn.asn' });
  return { graph, ixpMembers };
}

function applianceClasses(overrides: OpenConnectScenario['applianceClasses']): ApplianceClass[] {
  const names = [...new Set([...Object.keys(DEFAULT_APPLIANCE_CLASSES), ...Object.keys(overrides)])];
  return names.map((name) => {
    const d = (DEFAULT_APPLIANCE_CLASSES as Record<string, (typeof DEFAULT_APPLIANCE_CLASSES)['storage'] | undefined>)[name];
    const o = overrides[name] ?? {};
    const nic = o.nic ?? d?.nicBps ?? 0;
    return {
      name,
      storageBytes: o.storage ?? d?.storageBytes ?? 0,
      nicBps: nic,
      diskReadBps: o.disk ?? d?.diskReadBps ?? nic,
      fillRateBps: o.fillRate ?? d?.fillRateBps ?? 0,
      fillBytesPerWindow: o.fillPerWindow === 'unlimited' ? Infinity : (o.fillPerWindow ?? d?.fillBytesPerWindow ?? Infinity),
    };
  });
}
