/**
 * Scenario sections of the Open Connect model. Defaults are the sourced ones in
 * ./defaults.ts; cross-references (a site's ISP, an appliance class) are checked here
 * so a typo is reported at its line, not discovered mid-run.
 */
import * as z from 'zod';
import { policyNames } from '../cache/registry.js';
import { bitrate, bytes, duration, nonNegative, positive, rate, timeOfDay } from '../scenario/types.js';
import {
  DEFAULT_APPLIANCE_CLASSES,
  DEFAULT_DIURNAL,
  DEFAULT_EPISODE_MINUTES,
  DEFAULT_FILL_WINDOW,
  DEFAULT_FILM_MINUTES,
  DEFAULT_HEALTH_THRESHOLD,
  DEFAULT_LADDER_KBPS,
  DEFAULT_SEGMENT_SECONDS,
} from './defaults.js';
import { PLACEMENT_NAMES } from './fill/placement/registry.js';
import { isTimeZone } from './timezone.js';
import { parsePrefix } from '../net/prefix.js';
import { topologySection } from '../net/schema.js';
import { STEERING_NAMES } from './control/steering-policies.js';
import { DEFAULT_STARTUP } from './player/startup.js';
import { abrNames } from '../player/abr/registry.js';
import { linkAliases } from './interconnects.js';

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, dot, dash and underscore');
const timezone = z.string().refine(isTimeZone, { message: 'not a known IANA time zone (e.g. Europe/Lisbon, America/Sao_Paulo, UTC)' });
const share = z.number().min(0).max(1);
// Running times are bounded so a typo cannot make one title a month long (and a run's size explode).
const minutes = z.strictObject({ mean: z.number().positive().max(1440), sd: z.number().min(0).max(1440) });

const popularity = z.strictObject({
  zipf: z.number().gt(0).max(5).default(0.9).meta({ description: 'Zipf exponent of title popularity' }),
  driftSigma: z.number().min(0).max(2).default(0.05).meta({ description: 'sd of the daily log-popularity random walk' }),
  releasesPerDay: z.number().min(0).max(1000).default(2).meta({ description: 'new titles released per simulated day' }),
  releaseBoost: z.number().min(0).max(1000).default(1).meta({ description: "a release's launch weight, in units of the top title's" }),
  releaseHalfLifeDays: z.number().positive().max(3650).default(2),
  regionalSigma: z.number().min(0).max(3).default(0.3).meta({ description: "sd of the log of a title's per-ISP popularity multiplier" }),
});

const catalog = z.strictObject({
  titles: z.number().int().min(1).max(10_000_000),
  filmShare: share.default(0.4),
  filmMinutes: minutes.default(DEFAULT_FILM_MINUTES),
  episodeMinutes: minutes.default(DEFAULT_EPISODE_MINUTES),
  ladder: z
    .array(positive(bitrate(), 'bit rate'))
    .min(1)
    .default(DEFAULT_LADDER_KBPS.map((k) => k * 1000))
    .refine((l) => l.every((b, i) => i === 0 || b > l[i - 1]), { message: 'ladder bit rates must be strictly ascending' }),
  popularity: popularity.default(popularity.parse({})),
});

const applianceClass = z.strictObject({
  storage: positive(bytes(), 'storage').optional(),
  nic: positive(bitrate(), 'nic').optional(),
  disk: positive(bitrate(), 'disk').optional(),
  fillRate: positive(bitrate(), 'fillRate').optional(),
  fillPerWindow: z.union([positive(bytes(), 'fillPerWindow'), z.literal('unlimited')]).optional(),
});

const isp = z.strictObject({
  name,
  asn: z.number().int().min(1).max(4294967295),
  timezone: timezone.default('UTC'),
  peakSessionRate: positive(rate(), 'peakSessionRate').meta({ description: 'playback starts per second at the daily peak' }),
  prefixes: z.number().int().min(1).max(65_536).default(16).meta({ description: 'client prefixes: the aggregate split into this many equal blocks' }),
  aggregate: z.string().optional().meta({ description: 'the block client prefixes are carved from (default a /16 of 16.0.0.0/4 by position)' }),
  clientThroughput: z
    .strictObject({
      median: positive(bitrate(), 'median').default(40e6),
      sigma: z.number().min(0).max(3).default(0.7),
    })
    .default({ median: 40e6, sigma: 0.7 })
    .meta({ description: 'per-session access throughput, lognormal' }),
  peering: positive(bitrate(), 'peering').meta({ description: "capacity of each of the ISP's public ports at exchanges (unless interconnects: says)" }),
  transit: positive(bitrate(), 'transit').meta({ description: 'capacity of the ISP transit, the path to the origin' }),
  transitLatency: nonNegative(duration(), 'transitLatency').optional().meta({ description: 'one-way latency of the transit path from the origin; default 20ms' }),
  members: z.number().int().min(1).max(1e10).optional().meta({ description: "subscribers the ISP's demand stands for (summed into the summary's members, for calibration)" }),
});

const ixp = z.strictObject({
  name,
  timezone: timezone.default('UTC'),
  members: z.array(z.union([z.string(), z.number().int()])).optional().meta({ description: 'ISPs (by name) or ASNs peering with the CDN here; default every ISP' }),
  transit: positive(bitrate(), 'transit').default(1e12).meta({ description: "capacity of the CDN's backbone from the origin to the exchange's sites" }),
  transitLatency: nonNegative(duration(), 'transitLatency').optional().meta({ description: "one-way latency of the CDN's backbone from the origin; default 20ms" }),
});

const interconnect = z.strictObject({
  isp: z.string(),
  ixp: z.string(),
  type: z.enum(['public', 'pni']).meta({ description: "the ISP's port on the exchange fabric, or a private interconnect (used instead of the port)" }),
  capacity: positive(bitrate(), 'capacity').optional().meta({ description: "default the ISP's peering" }),
  latency: nonNegative(duration(), 'latency').optional().meta({ description: 'one-way; default 1ms' }),
});

const prefixText = z.string().superRefine((text, ctx) => {
  const r = parsePrefix(text);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
});

const appliances = z.strictObject({ class: z.string(), count: z.number().int().min(1).max(10_000) });

const site = z.strictObject({
  name,
  isp: z.string().optional().meta({ description: 'embedded in this ISP' }),
  ixp: z.string().optional().meta({ description: 'at this exchange point' }),
  appliances: z.array(appliances).min(1),
  port: positive(bitrate(), 'port').optional().meta({ description: "the site's uplink; default the sum of its appliances' NICs" }),
  announces: z.array(prefixText).optional().meta({ description: 'prefixes the ISP announces to this embedded site; default its share of the client prefixes plus the aggregate' }),
  latency: nonNegative(duration(), 'latency').optional().meta({ description: 'one-way delay to clients; default 2ms embedded, 10ms at an exchange' }),
});

const startup = z.strictObject({
  dns: nonNegative(duration(), 'dns').default(DEFAULT_STARTUP.dns).meta({ description: 'DNS lookup before the first connection' }),
  tcpRoundTrips: z.number().int().min(0).max(10).default(DEFAULT_STARTUP.tcpRoundTrips),
  tlsRoundTrips: z.number().int().min(0).max(10).default(DEFAULT_STARTUP.tlsRoundTrips).meta({ description: 'TLS 1.3: 1, TLS 1.2: 2' }),
  manifest: nonNegative(duration(), 'manifest').default(DEFAULT_STARTUP.manifest).meta({ description: "server time of the manifest request (plus one round trip)" }),
  licence: nonNegative(duration(), 'licence').default(DEFAULT_STARTUP.licence).meta({ description: 'server time of the licence (DRM) request (plus one round trip)' }),
});

const workload = z.strictObject({
  segment: positive(duration(), 'segment').default(DEFAULT_SEGMENT_SECONDS),
  maxBuffer: positive(duration(), 'maxBuffer').optional().meta({ description: 'video a player keeps ahead; default 240 s (at least two segments)' }),
  abr: z.string().default('bba').meta({ description: 'the ABR rule of every playback: throughput, bola, dynamic, bba, or the one in abrModule' }),
  abrModule: z.string().optional().meta({ description: "a user's ABR rule module (path relative to the scenario file)" }),
  startup: startup.default(startup.parse({})),
  abandonCheck: positive(duration(), 'abandonCheck').default(0.25).meta({ description: 'how often a download that may be abandoned is looked at, from its request (Sabre: 50ms)' }),
  viewFraction: z.strictObject({ min: share, max: share }).default({ min: 0.05, max: 1 }),
  diurnal: z.array(z.number().min(0).max(1e6)).length(24).default(DEFAULT_DIURNAL),
  uhdShare: share.default(0.3).meta({ description: 'share of playbacks on a plan and device that may use rungs above hdCap' }),
  hdCap: positive(bitrate(), 'hdCap').default(6e6),
  abandonPerSecond: share.default(0.058),
  trace: z.string().optional().meta({ description: 'a playback trace (CSV: time,isp,title,watch) replacing the generated arrivals; path relative to the scenario file' }),
});

const placement = z.strictObject({
  policy: z.string().default('history').meta({ description: `a built-in policy (${PLACEMENT_NAMES.join(', ')}) or the one in module` }),
  module: z.string().optional().meta({ description: "a user's placement policy module (path relative to the scenario file)" }),
  eviction: z.string().default('lru').meta({ description: 'eviction policy of reactive caching' }),
  historyDays: z.number().int().min(1).max(60).default(14),
  smoothing: z.number().gt(0).max(1).default(0.25).meta({ description: 'EWMA weight of the most recent day' }),
  pooling: z.number().min(0).max(1e12).default(50_000).meta({ description: "a region's history is pooled with the national one as if the nation contributed this many playbacks a day" }),
  reactiveShare: share.default(0.2).meta({ description: 'hybrid: share of each OCA kept for reactive caching' }),
  prepositionReleases: z.boolean().default(true),
  unlimitedStorage: z.boolean().default(false),
  coldStart: z.boolean().default(false).meta({ description: 'start with empty appliances instead of what the last fill before the start placed' }),
});

const window = z.strictObject({ start: timeOfDay(), end: timeOfDay() });
const fill = z.strictObject({
  windows: z.array(window).min(1).default([DEFAULT_FILL_WINDOW]).meta({ description: 'local fill windows; one may cross midnight' }),
  tick: positive(duration(), 'tick').default(60),
});

const steering = z.strictObject({
  policy: z.string().default('proximity').meta({ description: `order within a proximity rank: ${STEERING_NAMES.join(', ')}, or the one in module` }),
  module: z.string().optional().meta({ description: "a user's steering policy module (path relative to the scenario file)" }),
  detection: nonNegative(duration(), 'detection').default(30).meta({ description: 'time for the control plane to learn an appliance or site failed or recovered' }),
  timeout: nonNegative(duration(), 'timeout').default(2).meta({ description: "a client's wait before trying the next URL" }),
  retries: z.number().int().min(0).max(20).default(3).meta({ description: 'further URLs a client tries for one segment' }),
  per: z.enum(['playback', 'segment']).default('playback').meta({ description: "'playback': one ranked list when a playback starts (Open Connect); 'segment': re-ranked for every segment (for comparison)" }),
  healthInterval: positive(duration(), 'healthInterval').default(60).meta({ description: 'appliances report health and load this often; steering sees the last report' }),
});

const network = z.strictObject({
  model: z.enum(['maxmin', 'lv08']).default('lv08').meta({ description: "how flows share a path: SimGrid's CM02 max-min ('maxmin') or its default TCP model ('lv08')" }),
});

const bgp = z.strictObject({
  holdTime: nonNegative(duration(), 'holdTime').default(90).meta({ description: 'a lost session is noticed after this (RFC 4271 suggests 90 s)' }),
  convergence: nonNegative(duration(), 'convergence').default(30).meta({ description: 'a re-established exchange peering has its routes back after this' }),
  mrai: nonNegative(duration(), 'mrai').default(30).meta({ description: 'inter-AS BGP in event mode: MinRouteAdvertisementInterval between announcements to one neighbour (RFC 4271: 30 s for eBGP), jittered by 0.75-1' }),
});

const asn = z.number().int().min(1).max(4294967295);
const at = nonNegative(duration(), 'at');
const span = positive(duration(), 'for').optional();
const fault = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('site-down'), at, for: span, site: z.string() }),
  z.strictObject({ type: z.literal('appliance-down'), at, for: span, site: z.string(), appliance: z.number().int().min(0) }),
  z.strictObject({ type: z.literal('link-down'), at, for: span, link: z.string() }),
  z.strictObject({ type: z.literal('bgp-session-down'), at, for: span, site: z.string() }),
  z.strictObject({ type: z.literal('peering-down'), at, for: span, ixp: z.string(), isp: z.string() }),
  z.strictObject({ type: z.literal('as-link-down'), at, for: span, between: z.tuple([asn, asn]).meta({ description: 'the ASNs at the two ends of an AS link of the topology' }) }),
  z.strictObject({ type: z.literal('flash-crowd'), at, for: span, title: z.number().int().min(0).optional(), share: share.default(0.2) }),
  z.strictObject({ type: z.literal('capacity'), at, link: z.string(), capacity: positive(bitrate(), 'capacity') }),
  z.strictObject({ type: z.literal('random-appliance-failures'), mtbf: positive(duration(), 'mtbf'), mttr: positive(duration(), 'mttr') }),
]);

export const openConnectSections = {
  cdn: z
    .strictObject({
      asn: z.number().int().min(1).max(4294967295).default(2906).meta({ description: "the CDN's AS (Netflix's is 2906)" }),
      transitAsn: z.number().int().min(1).max(4294967295).default(4200000000).meta({ description: 'the transit AS of the built-in topology' }),
    })
    .default({ asn: 2906, transitAsn: 4200000000 }),
  topology: topologySection.optional().meta({ description: 'an AS graph (as in the bgp model); default: ISPs and the CDN under one transit AS' }),
  steering: steering.default(steering.parse({})),
  network: network.default(network.parse({})),
  bgp: bgp.default(bgp.parse({})),
  faults: z.array(fault).default([]),
  start: z.iso.date().default('2026-01-05').meta({ description: 'the date of day 0 (for time zones)' }),
  catalog,
  applianceClasses: z.record(z.string(), applianceClass).default({}),
  isps: z.array(isp).min(1),
  ixps: z.array(ixp).default([]),
  interconnects: z.array(interconnect).default([]).meta({ description: "the ISPs' connections with the CDN at exchanges; default a public port for every member" }),
  sites: z.array(site).min(1),
  workload: workload.default(workload.parse({})),
  placement: placement.default(placement.parse({})),
  fill: fill.default(fill.parse({})),
  healthThreshold: z.number().gt(0).max(1).default(DEFAULT_HEALTH_THRESHOLD),
  metricsBin: positive(duration(), 'metricsBin').default(900),
};

type Sections = z.output<z.ZodObject<typeof openConnectSections>>;
export type OpenConnectScenario = Sections;

/** Cross-reference checks, reported at the offending field. */
export function checkReferences(s: Sections, ctx: z.RefinementCtx): void {
  const unique = (items: { name: string }[], what: string, path: string) => {
    const seen = new Set<string>();
    items.forEach((it, i) => {
      if (seen.has(it.name)) ctx.addIssue({ code: 'custom', message: `duplicate ${what} name '${it.name}'`, path: [path, i, 'name'] });
      seen.add(it.name);
    });
  };
  unique(s.isps, 'ISP', 'isps');
  unique(s.ixps, 'IXP', 'ixps');
  unique(s.sites, 'site', 'sites');
  const isps = new Set(s.isps.map((i) => i.name));
  const ixps = new Set(s.ixps.map((i) => i.name));
  const classes = new Set([...Object.keys(DEFAULT_APPLIANCE_CLASSES), ...Object.keys(s.applianceClasses)]);
  for (const [cls, spec] of Object.entries(s.applianceClasses)) {
    if (!(cls in DEFAULT_APPLIANCE_CLASSES) && (spec.storage === undefined || spec.nic === undefined || spec.fillRate === undefined)) {
      ctx.addIssue({ code: 'custom', message: `a new appliance class needs storage, nic and fillRate`, path: ['applianceClasses', cls] });
    }
  }
  s.sites.forEach((site, i) => {
    if ((site.isp === undefined) === (site.ixp === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a site is either embedded in an ISP (isp:) or at an exchange point (ixp:)', path: ['sites', i, 'name'] });
    }
    if (site.isp !== undefined && !isps.has(site.isp)) {
      ctx.addIssue({ code: 'custom', message: `unknown ISP '${site.isp}' (known: ${[...isps].join(', ')})`, path: ['sites', i, 'isp'] });
    }
    if (site.ixp !== undefined && !ixps.has(site.ixp)) {
      ctx.addIssue({ code: 'custom', message: `unknown IXP '${site.ixp}'` + (ixps.size ? ` (known: ${[...ixps].join(', ')})` : ' (no ixps: are defined)'), path: ['sites', i, 'ixp'] });
    }
    site.appliances.forEach((a, j) => {
      if (!classes.has(a.class)) {
        ctx.addIssue({ code: 'custom', message: `unknown appliance class '${a.class}' (known: ${[...classes].join(', ')})`, path: ['sites', i, 'appliances', j, 'class'] });
      }
    });
  });
  if (s.placement.module === undefined && !PLACEMENT_NAMES.includes(s.placement.policy)) {
    ctx.addIssue({ code: 'custom', message: `unknown placement policy '${s.placement.policy}' (known: ${PLACEMENT_NAMES.join(', ')}; or give placement.module)`, path: ['placement', 'policy'] });
  }
  if (!policyNames().includes(s.placement.eviction.toLowerCase())) {
    ctx.addIssue({ code: 'custom', message: `unknown eviction policy '${s.placement.eviction}' (known: ${policyNames().join(', ')})`, path: ['placement', 'eviction'] });
  }
  s.fill.windows.forEach((w, i) => {
    if (w.start === w.end) ctx.addIssue({ code: 'custom', message: 'the fill window is empty (start equals end)', path: ['fill', 'windows', i, 'end'] });
    for (let j = 0; j < i; j++) {
      if (windowsOverlap(w, s.fill.windows[j])) {
        ctx.addIssue({ code: 'custom', message: `fill window ${i + 1} overlaps fill window ${j + 1}`, path: ['fill', 'windows', i, 'start'] });
      }
    }
  });
  if (s.steering.module === undefined && !STEERING_NAMES.includes(s.steering.policy)) {
    ctx.addIssue({ code: 'custom', message: `unknown steering policy '${s.steering.policy}' (known: ${STEERING_NAMES.join(', ')}; or give steering.module)`, path: ['steering', 'policy'] });
  }
  s.sites.forEach((site, i) => {
    if (site.announces !== undefined && site.isp === undefined) {
      ctx.addIssue({ code: 'custom', message: 'only an embedded site receives announcements from its ISP', path: ['sites', i, 'announces'] });
    }
  });
  s.ixps.forEach((x, k) => {
    (x.members ?? []).forEach((m, j) => {
      if (typeof m === 'string' && !isps.has(m)) ctx.addIssue({ code: 'custom', message: `unknown ISP '${m}'`, path: ['ixps', k, 'members', j] });
    });
  });
  const siteNames = new Map(s.sites.map((x) => [x.name, x]));
  checkInterconnects(s, ctx);
  const linkNames = linkAliases(s, s.sites.map((x) => x.name));
  s.faults.forEach((f, i) => {
    const path = (field: string) => ['faults', i, field];
    if ('site' in f && !siteNames.has(f.site)) ctx.addIssue({ code: 'custom', message: `unknown site '${f.site}'`, path: path('site') });
    if ('link' in f && !linkNames.has(f.link)) ctx.addIssue({ code: 'custom', message: `unknown link '${f.link}' (links are <site>/out, <site>/in, <isp>@<ixp>, <isp>@<ixp>/pni, <isp>/peering for all of an ISP's interconnects, <isp>/transit, <ixp>/transit)`, path: path('link') });
    if (f.type === 'bgp-session-down' && siteNames.get(f.site)?.isp === undefined && siteNames.has(f.site)) {
      ctx.addIssue({ code: 'custom', message: 'a BGP session to an ISP exists only for an embedded site', path: path('site') });
    }
    if (f.type === 'appliance-down') {
      const site = siteNames.get(f.site);
      const n = site ? site.appliances.reduce((a, b) => a + b.count, 0) : Infinity;
      if (f.appliance >= n) ctx.addIssue({ code: 'custom', message: `site '${f.site}' has ${n} appliances (0 to ${n - 1})`, path: path('appliance') });
    }
    if (f.type === 'peering-down') {
      if (!ixps.has(f.ixp)) ctx.addIssue({ code: 'custom', message: `unknown IXP '${f.ixp}'`, path: path('ixp') });
      if (!isps.has(f.isp)) ctx.addIssue({ code: 'custom', message: `unknown ISP '${f.isp}'`, path: path('isp') });
    }
    if (f.type === 'flash-crowd' && f.title !== undefined && f.title >= s.catalog.titles) {
      ctx.addIssue({ code: 'custom', message: `title ${f.title} is outside the catalog (0 to ${s.catalog.titles - 1})`, path: path('title') });
    }
  });
  if (s.workload.viewFraction.min > s.workload.viewFraction.max) {
    ctx.addIssue({ code: 'custom', message: 'viewFraction.min exceeds viewFraction.max', path: ['workload', 'viewFraction', 'min'] });
  }
  if (s.workload.maxBuffer !== undefined && s.workload.maxBuffer < 2 * s.workload.segment) {
    ctx.addIssue({ code: 'custom', message: 'maxBuffer must hold at least two segments (one playing, one arriving)', path: ['workload', 'maxBuffer'] });
  }
  if (s.workload.abrModule === undefined && !abrNames().some((n) => n.toLowerCase() === s.workload.abr.trim().toLowerCase())) {
    ctx.addIssue({ code: 'custom', message: `unknown ABR rule '${s.workload.abr}' (known: ${abrNames().join(', ')})`, path: ['workload', 'abr'] });
  }
}

/** `interconnects:` entries name a known ISP and exchange, once per type; link names are unique. */
function checkInterconnects(s: Sections, ctx: z.RefinementCtx): void {
  const isps = s.isps.map((i) => i.name);
  const ixps = s.ixps.map((i) => i.name);
  ixps.forEach((x, k) => {
    if (isps.includes(x)) ctx.addIssue({ code: 'custom', message: `an ISP is also named '${x}': their transit links would both be '${x}/transit'`, path: ['ixps', k, 'name'] });
  });
  const seen = new Set<string>();
  s.interconnects.forEach((c, i) => {
    if (!isps.includes(c.isp)) ctx.addIssue({ code: 'custom', message: `unknown ISP '${c.isp}' (known: ${isps.join(', ')})`, path: ['interconnects', i, 'isp'] });
    if (!ixps.includes(c.ixp)) {
      ctx.addIssue({ code: 'custom', message: `unknown IXP '${c.ixp}'` + (ixps.length ? ` (known: ${ixps.join(', ')})` : ' (no ixps: are defined)'), path: ['interconnects', i, 'ixp'] });
    }
    const key = `${c.isp}@${c.ixp} ${c.type}`;
    if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `a second ${c.type} interconnect of '${c.isp}' at '${c.ixp}'`, path: ['interconnects', i, 'type'] });
    seen.add(key);
  });
}

/** Windows are [start, end) in seconds of the day; one with end <= start crosses midnight. */
function windowIntervals(w: { start: number; end: number }): [number, number][] {
  return w.end > w.start ? [[w.start, w.end]] : [[w.start, 86400], [0, w.end]];
}

function windowsOverlap(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  for (const [s1, e1] of windowIntervals(a)) for (const [s2, e2] of windowIntervals(b)) if (s1 < e2 && s2 < e1) return true;
  return false;
}
