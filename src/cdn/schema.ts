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
import { PLACEMENT_NAMES } from './placement/registry.js';
import { isTimeZone } from './timezone.js';

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, dot, dash and underscore');
const timezone = z.string().refine(isTimeZone, { message: 'not a known IANA time zone (e.g. Europe/Lisbon, America/Sao_Paulo, UTC)' });
const share = z.number().min(0).max(1);
const minutes = z.strictObject({ mean: z.number().positive(), sd: z.number().min(0) });

const popularity = z.strictObject({
  zipf: z.number().gt(0).max(5).default(0.9).meta({ description: 'Zipf exponent of title popularity' }),
  driftSigma: z.number().min(0).max(2).default(0.05).meta({ description: 'sd of the daily log-popularity random walk' }),
  releasesPerDay: z.number().min(0).default(2).meta({ description: 'new titles released per simulated day' }),
  releaseBoost: z.number().min(0).default(1).meta({ description: "a release's launch weight, in units of the top title's" }),
  releaseHalfLifeDays: z.number().positive().default(2),
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
  prefixes: z.number().int().min(1).max(1_000_000).default(16).meta({ description: 'client prefixes the ISP announces' }),
  clientThroughput: z
    .strictObject({
      median: positive(bitrate(), 'median').default(40e6),
      sigma: z.number().min(0).max(3).default(0.7),
    })
    .default({ median: 40e6, sigma: 0.7 })
    .meta({ description: 'per-session access throughput, lognormal' }),
  peering: positive(bitrate(), 'peering').meta({ description: 'capacity of the ISP interconnect towards IXP sites' }),
  transit: positive(bitrate(), 'transit').meta({ description: 'capacity of the ISP transit, the path to the origin' }),
});

const ixp = z.strictObject({
  name,
  timezone: timezone.default('UTC'),
  transit: positive(bitrate(), 'transit').default(1e12).meta({ description: "capacity of the IXP sites' path to the origin" }),
});

const appliances = z.strictObject({ class: z.string(), count: z.number().int().min(1).max(10_000) });

const site = z.strictObject({
  name,
  isp: z.string().optional().meta({ description: 'embedded in this ISP' }),
  ixp: z.string().optional().meta({ description: 'at this exchange point' }),
  appliances: z.array(appliances).min(1),
  port: positive(bitrate(), 'port').optional().meta({ description: "the site's uplink; default the sum of its appliances' NICs" }),
});

const workload = z.strictObject({
  segment: positive(duration(), 'segment').default(DEFAULT_SEGMENT_SECONDS),
  maxBuffer: positive(duration(), 'maxBuffer').default(60),
  startupOverhead: nonNegative(duration(), 'startupOverhead').default(0.5),
  viewFraction: z.strictObject({ min: share, max: share }).default({ min: 0.05, max: 1 }),
  diurnal: z.array(z.number().min(0)).length(24).default(DEFAULT_DIURNAL),
  abrSafety: z.number().gt(0).max(1).default(0.8),
  uhdShare: share.default(0.3).meta({ description: 'share of playbacks on a plan and device that may use rungs above hdCap' }),
  hdCap: positive(bitrate(), 'hdCap').default(6e6),
  abandonPerSecond: share.default(0.058),
});

const placement = z.strictObject({
  policy: z.string().default('history').meta({ description: `a built-in policy (${PLACEMENT_NAMES.join(', ')}) or the one in module` }),
  module: z.string().optional().meta({ description: "a user's placement policy module (path relative to the scenario file)" }),
  eviction: z.string().default('lru').meta({ description: 'eviction policy of reactive caching' }),
  historyDays: z.number().int().min(1).max(60).default(7),
  smoothing: z.number().gt(0).max(1).default(0.5).meta({ description: 'EWMA weight of the most recent day' }),
  reactiveShare: share.default(0.2).meta({ description: 'hybrid: share of each OCA kept for reactive caching' }),
  prepositionReleases: z.boolean().default(true),
  unlimitedStorage: z.boolean().default(false),
});

const window = z.strictObject({ start: timeOfDay(), end: timeOfDay() });
const fill = z.strictObject({
  windows: z.array(window).min(1).default([DEFAULT_FILL_WINDOW]).meta({ description: 'local fill windows; one may cross midnight' }),
  tick: positive(duration(), 'tick').default(60),
});

export const openConnectSections = {
  start: z.iso.date().default('2026-01-05').meta({ description: 'the date of day 0 (for time zones)' }),
  catalog,
  applianceClasses: z.record(z.string(), applianceClass).default({}),
  isps: z.array(isp).min(1),
  ixps: z.array(ixp).default([]),
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
  if (s.workload.viewFraction.min > s.workload.viewFraction.max) {
    ctx.addIssue({ code: 'custom', message: 'viewFraction.min exceeds viewFraction.max', path: ['workload', 'viewFraction', 'min'] });
  }
  if (s.workload.maxBuffer < s.workload.segment) {
    ctx.addIssue({ code: 'custom', message: 'maxBuffer must hold at least one segment', path: ['workload', 'maxBuffer'] });
  }
}

/** Windows are [start, end) in seconds of the day; one with end <= start crosses midnight. */
export function windowIntervals(w: { start: number; end: number }): [number, number][] {
  return w.end > w.start ? [[w.start, w.end]] : [[w.start, 86400], [0, w.end]];
}

function windowsOverlap(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  for (const [s1, e1] of windowIntervals(a)) for (const [s2, e2] of windowIntervals(b)) if (s1 < e2 && s2 < e1) return true;
  return false;
}
