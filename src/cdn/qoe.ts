/**
 * Quality of experience per playback, as a researcher groups it: for the whole CDN, per
 * ISP, per site that served the playback's first segment and per proximity rank of that
 * site. The player reports each playback once, when it ends (watched to the end,
 * abandoned or failed); a playback that began before warm-up is left out whole, so
 * every figure describes playbacks that began after it.
 *
 * Each grouping partitions the playbacks: the site grouping has the sites, then
 * `origin` (served from the origin) and `unserved` (no byte ever arrived); the rank
 * grouping has the five ranks, then `unserved`. So in every grouping the groups'
 * playbacks add up to the whole CDN's.
 *
 * Definitions (src/cdn/README.md, "Quality of experience"):
 *   startup delay        request to playback start, over playbacks that started
 *   rebuffering ratio    stalled / (played + stalled) time (Dobrian et al., SIGCOMM 2011),
 *                        summed over the group's playbacks; its distribution is the
 *                        per-playback ratio over playbacks that started and ran
 *   rebuffer events      stalls per playback that started; share of those with a stall
 *   bitrate              time-weighted: bit rate x seconds played / seconds played
 *   switches per minute  quality switches per minute played
 */
import { addToSketch, createSketch, quantile, sketchMean, type Sketch } from '../metrics/sketch.js';
import type { Json } from '../models/model.js';
import { RANK_NAMES, RANKS } from './control/steering.js';

/** `site` of a playback served from the origin, and of one that never received a byte. */
export const SITE_ORIGIN = -1;
export const SITE_NONE = -2;

// Per-group totals, FIELDS numbers per group in one array.
const F_SESSIONS = 0;
const F_STARTED = 1;
const F_PLAY = 2;
const F_REBUFFER = 3;
const F_EVENTS = 4;
const F_REBUFFERED = 5;
const F_BITS = 6;
const F_SWITCHES = 7;
const FIELDS = 8;

export const GROUPINGS = ['all', 'isp', 'site', 'rank'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** The summary's key for each grouping's list. */
export const GROUPING_KEYS: Record<Exclude<Grouping, 'all'>, string> = { isp: 'byIsp', site: 'bySite', rank: 'byRank' };

/** The quantiles every group reports as single figures (the CDF has more). */
export const QOE_QUANTILES = [0.5, 0.9, 0.95, 0.99] as const;

export interface Qoe {
  warmup: number;
  /** Group names in index order: `all`, the ISPs, the sites + origin + unserved, the ranks + unserved. */
  names: string[];
  /** Index of each grouping's first group in `names`, `totals` and the sketches. */
  first: Record<Grouping, number>;
  /** FIELDS totals per group. */
  totals: Float64Array;
  /** Per group: startup delays (s) of playbacks that started. */
  startup: Sketch[];
  /** Per group: each playback's rebuffering ratio, for those that started and ran. */
  rebufferRatio: Sketch[];
  sessionEnded(
    startedAt: number,
    isp: number,
    site: number,
    rank: number,
    startupS: number,
    rebufferS: number,
    rebufferEvents: number,
    playS: number,
    bitrateBitS: number,
    switches: number,
  ): void;
}

export function createQoe(ispNames: readonly string[], siteNames: readonly string[], warmup: number): Qoe {
  const nIsps = ispNames.length;
  const nSites = siteNames.length;
  const names = ['all', ...ispNames, ...siteNames, 'origin', 'unserved', ...RANK_NAMES, 'unserved'];
  const first: Record<Grouping, number> = { all: 0, isp: 1, site: 1 + nIsps, rank: 1 + nIsps + nSites + 2 };
  const groups = names.length;
  const totals = new Float64Array(groups * FIELDS);
  const startup = Array.from({ length: groups }, () => createSketch(0.01));
  const rebufferRatio = Array.from({ length: groups }, () => createSketch(0.01));

  function add(g: number, startupS: number, rebufferS: number, rebufferEvents: number, playS: number, bitrateBitS: number, switches: number): void {
    const t = g * FIELDS;
    totals[t + F_SESSIONS]++;
    totals[t + F_PLAY] += playS;
    totals[t + F_REBUFFER] += rebufferS;
    totals[t + F_BITS] += bitrateBitS;
    totals[t + F_SWITCHES] += switches;
    if (!(startupS >= 0)) return;
    totals[t + F_STARTED]++;
    totals[t + F_EVENTS] += rebufferEvents;
    if (rebufferEvents > 0) totals[t + F_REBUFFERED]++;
    addToSketch(startup[g], startupS);
    if (playS + rebufferS > 0) addToSketch(rebufferRatio[g], rebufferS / (playS + rebufferS));
  }

  return {
    warmup,
    names,
    first,
    totals,
    startup,
    rebufferRatio,
    sessionEnded(startedAt, isp, site, rank, startupS, rebufferS, rebufferEvents, playS, bitrateBitS, switches) {
      if (startedAt < warmup) return;
      // A wrong index would silently count a playback in another group.
      if (!(isp >= 0 && isp < nIsps) || !(site >= SITE_NONE && site < nSites) || (site !== SITE_NONE && !(rank >= 0 && rank < RANKS))) {
        throw new RangeError(`QoE of a playback with isp ${isp}, site ${site}, rank ${rank}: no such group`);
      }
      const siteGroup = first.site + (site >= 0 ? site : site === SITE_ORIGIN ? nSites : nSites + 1);
      const rankGroup = first.rank + (site === SITE_NONE ? RANKS : rank);
      add(0, startupS, rebufferS, rebufferEvents, playS, bitrateBitS, switches);
      add(first.isp + isp, startupS, rebufferS, rebufferEvents, playS, bitrateBitS, switches);
      add(siteGroup, startupS, rebufferS, rebufferEvents, playS, bitrateBitS, switches);
      add(rankGroup, startupS, rebufferS, rebufferEvents, playS, bitrateBitS, switches);
    },
  };
}

export type QoeGroup = { [k: string]: Json };

/**
 * Probabilities at which distributions are reported (startup delay, rebuffering ratio):
 * dense in the tails, where viewers notice, and the exact minimum and maximum at 0 and 1.
 */
export const STARTUP_CDF_P = [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 1];

/**
 * A sketch's distribution as quantiles at STARTUP_CDF_P; null when it holds no value.
 * p = 0 is the exact minimum while tiny values count as zero in the buckets, so the
 * running maximum keeps the list non-decreasing.
 */
export function sketchCdf(s: Sketch): { p: number[]; seconds: number[] } | null {
  if (s.count === 0) return null;
  let floor = 0;
  return { p: [...STARTUP_CDF_P], seconds: STARTUP_CDF_P.map((p) => (floor = Math.max(floor, quantile(s, p)))) };
}

/**
 * Replications' CDFs combined by averaging the quantile at each p (as P50 and P95 are
 * averaged); replications without one are left out, and none gives null.
 */
export function averageCdfs(cdfs: ({ p: number[]; seconds: number[] } | null | undefined)[]): { p: number[]; seconds: number[] } | null {
  const present = cdfs.filter((c): c is { p: number[]; seconds: number[] } => c !== null && c !== undefined);
  if (present.length === 0) return null;
  const p = present[0].p;
  return { p: [...p], seconds: p.map((_, i) => present.reduce((sum, c) => sum + c.seconds[i], 0) / present.length) };
}

/** A finite number, or null (an empty group has no ratio). */
const r = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The rebuffering-ratio distribution as quantiles at STARTUP_CDF_P; null when empty. */
function ratioCdf(s: Sketch): { p: number[]; ratio: number[] } | null {
  const c = sketchCdf(s);
  return c && { p: c.p, ratio: c.seconds };
}

/** One group's figures, named as summary.json names them (README, "Quality of experience"). */
export function groupFigures(q: Qoe, g: number): QoeGroup {
  const t = q.totals.subarray(g * FIELDS, (g + 1) * FIELDS);
  const started = t[F_STARTED];
  const out: QoeGroup = {
    sessions: t[F_SESSIONS],
    startedSessions: started,
    neverStartedShare: r((t[F_SESSIONS] - started) / t[F_SESSIONS]),
    startupMean: r(sketchMean(q.startup[g])),
  };
  for (const p of QOE_QUANTILES) out[`startupP${Math.round(p * 100)}`] = r(quantile(q.startup[g], p));
  out.playSeconds = t[F_PLAY];
  out.rebufferSeconds = t[F_REBUFFER];
  out.rebufferRatio = r(t[F_REBUFFER] / (t[F_PLAY] + t[F_REBUFFER]));
  for (const p of QOE_QUANTILES) out[`rebufferRatioP${Math.round(p * 100)}`] = r(quantile(q.rebufferRatio[g], p));
  out.rebufferEventsPerSession = r(t[F_EVENTS] / started);
  out.rebufferedShare = r(t[F_REBUFFERED] / started);
  out.bitrate = r(t[F_BITS] / t[F_PLAY]);
  out.switchesPerMinute = r((60 * t[F_SWITCHES]) / t[F_PLAY]);
  out.startupCdf = sketchCdf(q.startup[g]);
  out.rebufferRatioCdf = ratioCdf(q.rebufferRatio[g]);
  return out;
}

/** summary.json's `qoe`: `all`, then one list per grouping, each group named. */
export function qoeSummary(q: Qoe): { [k: string]: Json } {
  const list = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ name: q.names[from + i], ...groupFigures(q, from + i) }));
  return {
    all: groupFigures(q, 0),
    byIsp: list(q.first.isp, q.first.site),
    bySite: list(q.first.site, q.first.rank),
    byRank: list(q.first.rank, q.names.length),
  };
}

const isObject = (x: Json | undefined): x is { [k: string]: Json } => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Several replications' groups merged as the summary merges its top-level figures: each
 * number is the mean over the replications that have it (a group without playbacks in
 * one replication has no ratios there), each distribution the mean quantile at each p
 * (averageCdfs). Fields and their order follow the first replication's group.
 */
function averageGroup(groups: QoeGroup[]): QoeGroup {
  const out: QoeGroup = {};
  for (const [k, v] of Object.entries(groups[0])) {
    if (k === 'startupCdf') out[k] = averageCdfs(groups.map((g) => g[k] as { p: number[]; seconds: number[] } | null));
    else if (k === 'rebufferRatioCdf') {
      const c = averageCdfs(groups.map((g) => (isObject(g[k]) ? { p: g[k].p as number[], seconds: g[k].ratio as number[] } : null)));
      out[k] = c && { p: c.p, ratio: c.seconds };
    } else if (typeof v === 'number' || v === null) {
      const xs = groups.map((g) => g[k]).filter((x): x is number => typeof x === 'number');
      out[k] = xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
    } else out[k] = v;
  }
  return out;
}

/** The replications' `qoe` merged (averageGroup); null when none has one. */
export function averageQoe(reps: (Json | undefined)[]): { [k: string]: Json } | null {
  const qs = reps.filter(isObject);
  if (qs.length === 0) return null;
  const out: { [k: string]: Json } = { all: averageGroup(qs.map((q) => q.all as QoeGroup)) };
  for (const key of Object.values(GROUPING_KEYS)) {
    const lists = qs.map((q) => (Array.isArray(q[key]) ? (q[key] as QoeGroup[]) : []));
    out[key] = lists[0].map((g, i) => averageGroup(lists.map((l) => l[i]).filter((x) => x !== undefined && x.name === g.name)));
  }
  return out;
}
