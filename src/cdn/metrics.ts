/**
 * What the Open Connect model measures: totals, time series per bin, and quantile
 * sketches. Bytes are bytes of video requested (segment bit rate x segment length);
 * misses follow Netflix's definition: bytes not served from the most preferred site,
 * split into content misses (the site lacked the file) and health misses (it had the
 * file but no appliance or path with spare capacity).
 *
 * Warm-up: everything that happens before `warmup` (seconds into the run) is left out
 * of every count, total, sketch and time series bin, so a run's figures describe the
 * time after it. Link utilisation is a state, not a count: its series covers the whole
 * run, its peak and p95 in the summary the bins after warm-up. BGP statistics describe
 * the whole run (convergence is an event history, not a rate).
 */
import { addToSketch, createSketch, type Sketch } from '../metrics/sketch.js';
import { createQoe, type Qoe } from './qoe.js';
import {
  T_BITRATE_SUM, T_BYTES_FAILED, T_BYTES_REQUESTED, T_BYTES_SERVED, T_CONTENT_MISS, T_COUNT, T_FAILOVERS, T_HEALTH_MISS, T_PLAYED_SECONDS, T_REQUESTS, T_RESTEERS, T_SEGMENTS, T_STALL_SECONDS, T_STEERING_CHANGES, T_UNSTEERED, T_VIDEO_SECONDS,
} from './totals.js';
import { RANK_NAMES, RANKS } from './control/steering.js';
import type { World } from './world.js';
import { createLinkStats, type LinkStats } from './link-stats.js';

export { RANK_NAMES };

export interface FaultRecord {
  index: number;
  type: string;
  at: number;
  until: number | null;
}

export interface Metrics {
  /**
   * The totals the model adds to (T_* of totals.ts), live while the run
   * goes; `finish` copies them into the fields of the same names (requests, ...).
   */
  tot: Float64Array;
  warmup: number;
  bin: number;
  bins: number;
  requests: number;
  bytesRequested: number;
  bytesServed: number;
  bytesFailed: number;
  bytesByRank: Float64Array;
  contentMissBytes: number;
  healthMissBytes: number;
  /** Fill bytes by source: peer, tier, origin; and reactive (cache-on-miss) fills. */
  fillBytes: Float64Array;
  reactiveFillBytes: number;
  /** Per appliance: the highest fill rate used and the most bytes filled in one window. */
  fillMaxRate: Float64Array;
  fillMaxWindowBytes: Float64Array;
  fillWindows: number;
  fillWindowsCompleted: number;
  fillDeltaBytes: number;
  fillDeltaFilledBytes: number;
  sessions: number;
  abandoned: number;
  /** Client timeouts that moved a request to the next URL. */
  failovers: number;
  /** Consecutive segments of a playback served by different sites. */
  steeringChanges: number;
  /** Clients that ran out of their list and asked the control plane again. */
  resteers: number;
  steeringRebuilds: number;
  /** Bytes of clients with no site in their steering list. */
  unsteered: number;
  randomFailures: number;
  /** BGP in event mode (inter-AS and the sessions to embedded sites): updates processed, sent, and the last convergence time (s). */
  bgp: { updatesProcessed: number; announcements: number; withdrawals: number; lastConvergence: number };
  /** The data plane's work over the whole run: flows started, completed and cut by failures; re-solves and the flow rates they set. */
  flows: { started: number; completed: number; failed: number; solves: number; rateUpdates: number };
  faults: FaultRecord[];
  seriesStallSeconds: Float64Array;
  seriesPlayedSeconds: Float64Array;
  seriesStartupSum: Float64Array;
  seriesStartupCount: Float64Array;
  seriesSegments: Float64Array;
  seriesBitrateSum: Float64Array;
  stallSeconds: number;
  playedSeconds: number;
  segments: number;
  /** Seconds of video delivered, and the sum of bit rate x seconds. */
  videoSeconds: number;
  bitrateSum: number;
  startupDelay: Sketch;
  /** Per playback QoE, whole CDN and per ISP, site and proximity rank (qoe.ts); the player reports each playback as it ends. */
  qoe: Qoe;
  /** Per site: requests for which it was the preferred site, and those it served. */
  siteFirstRequests: Float64Array;
  siteFirstHits: Float64Array;
  siteFirstBytes: Float64Array;
  siteFirstHitBytes: Float64Array;
  siteServedBytes: Float64Array;
  ocaServedBytes: Float64Array;
  /** Bits each link carried so far in the open bin (the engine side integrates). */
  linkBitsInBin: Float64Array;
  /** Bytes per link and 5-minute utilisation samples, whatever the bin (link-stats.ts). */
  linkStats: LinkStats;
  /** Time series, one row per bin. */
  seriesBytesByRank: Float64Array[];
  seriesContentMiss: Float64Array;
  seriesHealthMiss: Float64Array;
  seriesFillBytes: Float64Array;
  seriesLinkUtil: Float64Array[];
  seriesSiteHitRatio: Float64Array[];
  binSiteRequests: Float64Array;
  binSiteHits: Float64Array;
  linkCapacity: Float64Array;

  request(now: number, bytes: number): void;
  /** Add `amount` to total `t` (T_* of totals.ts) if `now` is after warm-up. */
  count(now: number, t: number, amount: number): void;
  sessionStarted(now: number): void;
  abandon(now: number): void;
  /** An appliance's fill moved `bytes` from `source` in a tick at `rate`; `windowBytes` so far this window. */
  fillMoved(now: number, o: number, source: number, bytes: number, rate: number, windowBytes: number): void;
  /** A fill window closed: whether its queue emptied, the bytes it had to move and those it moved. */
  fillWindowClosed(now: number, completed: boolean, deltaBytes: number, filledBytes: number): void;
  fail(now: number, bytes: number): void;
  served(now: number, rank: number, site: number, oca: number, bytes: number, first: boolean): void;
  miss(now: number, site: number, bytes: number, contentPresent: boolean): void;
  reactiveFill(now: number, bytes: number): void;
  /** A segment of `seconds` of video at `bitrate` arrived (the average bit rate is time-weighted). */
  segmentPlayed(now: number, bitrate: number, seconds: number): void;
  startup(now: number, seconds: number): void;
  /** A segment's stall and play time, in the bin it completes in (the rebuffering ratio's totals too). */
  stallInBin(now: number, stall: number, played: number): void;
  /** At the end of the run: copy the live totals into their fields. */
  finish(): void;
  /** Close bin `bin`; `seconds` is its length when shorter than a full bin (the last one). */
  closeBin(bin: number, seconds?: number): void;
  /** Bins closed so far. */
  closedBins: number;
}

/** The fields `finish` copies from `tot`. */
const TOTALS = [
  ['requests', T_REQUESTS],
  ['bytesRequested', T_BYTES_REQUESTED],
  ['bytesFailed', T_BYTES_FAILED],
  ['bytesServed', T_BYTES_SERVED],
  ['contentMissBytes', T_CONTENT_MISS],
  ['healthMissBytes', T_HEALTH_MISS],
  ['failovers', T_FAILOVERS],
  ['unsteered', T_UNSTEERED],
  ['steeringChanges', T_STEERING_CHANGES],
  ['resteers', T_RESTEERS],
  ['segments', T_SEGMENTS],
  ['videoSeconds', T_VIDEO_SECONDS],
  ['bitrateSum', T_BITRATE_SUM],
  ['stallSeconds', T_STALL_SECONDS],
  ['playedSeconds', T_PLAYED_SECONDS],
] as const;

export function createMetrics(world: World, duration: number, bin: number, warmup: number): Metrics {
  const bins = Math.max(1, Math.ceil(duration / bin - 1e-9));
  const nSites = world.sites.length;
  const nLinks = world.links.capacity.length;
  const binOf = (t: number) => Math.min(bins - 1, Math.floor(t / bin));
  const tot = new Float64Array(T_COUNT);
  const byRank = new Float64Array(RANKS * bins);
  const m: Metrics = {
    tot,
    warmup,
    bin,
    bins,
    // Filled from `tot` by finish().
    requests: 0,
    bytesRequested: 0,
    bytesFailed: 0,
    bytesServed: 0,
    contentMissBytes: 0,
    healthMissBytes: 0,
    failovers: 0,
    unsteered: 0,
    steeringChanges: 0,
    resteers: 0,
    segments: 0,
    videoSeconds: 0,
    bitrateSum: 0,
    stallSeconds: 0,
    playedSeconds: 0,
    bytesByRank: new Float64Array(RANKS),
    fillBytes: new Float64Array(3),
    reactiveFillBytes: 0,
    fillMaxRate: new Float64Array(world.ocas.count),
    fillMaxWindowBytes: new Float64Array(world.ocas.count),
    fillWindows: 0,
    fillWindowsCompleted: 0,
    fillDeltaBytes: 0,
    fillDeltaFilledBytes: 0,
    sessions: 0,
    abandoned: 0,
    steeringRebuilds: 0,
    randomFailures: 0,
    bgp: { updatesProcessed: 0, announcements: 0, withdrawals: 0, lastConvergence: 0 },
    flows: { started: 0, completed: 0, failed: 0, solves: 0, rateUpdates: 0 },
    faults: [],
    seriesStallSeconds: new Float64Array(bins),
    seriesPlayedSeconds: new Float64Array(bins),
    seriesStartupSum: new Float64Array(bins),
    seriesStartupCount: new Float64Array(bins),
    seriesSegments: new Float64Array(bins),
    seriesBitrateSum: new Float64Array(bins),
    startupDelay: createSketch(0.01),
    qoe: createQoe(world.isps.map((i) => i.name), world.sites.map((site) => site.name), warmup),
    siteFirstRequests: new Float64Array(nSites),
    siteFirstHits: new Float64Array(nSites),
    siteFirstBytes: new Float64Array(nSites),
    siteFirstHitBytes: new Float64Array(nSites),
    siteServedBytes: new Float64Array(nSites),
    ocaServedBytes: new Float64Array(world.ocas.count),
    linkBitsInBin: new Float64Array(nLinks),
    linkStats: createLinkStats(nLinks, duration, warmup),
    seriesBytesByRank: Array.from({ length: RANKS }, (_, r) => byRank.subarray(r * bins, (r + 1) * bins)),
    seriesContentMiss: new Float64Array(bins),
    seriesHealthMiss: new Float64Array(bins),
    seriesFillBytes: new Float64Array(bins),
    seriesLinkUtil: Array.from({ length: nLinks }, () => new Float64Array(bins)),
    seriesSiteHitRatio: Array.from({ length: nSites }, () => new Float64Array(bins)),
    binSiteRequests: new Float64Array(nSites),
    binSiteHits: new Float64Array(nSites),
    linkCapacity: world.links.capacity,

    request(now, bytes) {
      if (now < warmup) return;
      tot[T_REQUESTS]++;
      tot[T_BYTES_REQUESTED] += bytes;
    },
    count(now, t, amount) {
      if (now >= warmup) tot[t] += amount;
    },
    sessionStarted(now) {
      if (now >= warmup) m.sessions++;
    },
    abandon(now) {
      if (now >= warmup) m.abandoned++;
    },
    fillMoved(now, o, source, bytes, rate, windowBytes) {
      if (now < warmup) return;
      if (rate > m.fillMaxRate[o]) m.fillMaxRate[o] = rate;
      if (windowBytes > m.fillMaxWindowBytes[o]) m.fillMaxWindowBytes[o] = windowBytes;
      m.fillBytes[source] += bytes;
      m.seriesFillBytes[binOf(now)] += bytes;
    },
    fillWindowClosed(now, completed, deltaBytes, filledBytes) {
      if (now < warmup) return;
      m.fillWindows++;
      if (completed) m.fillWindowsCompleted++;
      m.fillDeltaBytes += deltaBytes;
      m.fillDeltaFilledBytes += filledBytes;
    },
    fail(now, bytes) {
      if (now < warmup) return;
      tot[T_BYTES_FAILED] += bytes;
    },
    served(now, rank, site, oca, bytes, first) {
      if (now < warmup) return;
      tot[T_BYTES_SERVED] += bytes;
      m.bytesByRank[rank] += bytes;
      byRank[rank * bins + binOf(now)] += bytes;
      if (site >= 0) {
        m.siteServedBytes[site] += bytes;
        m.ocaServedBytes[oca] += bytes;
        if (first) {
          m.siteFirstRequests[site]++;
          m.siteFirstHits[site]++;
          m.siteFirstBytes[site] += bytes;
          m.siteFirstHitBytes[site] += bytes;
          m.binSiteRequests[site]++;
          m.binSiteHits[site]++;
        }
      }
    },
    miss(now, site, bytes, contentPresent) {
      if (now < warmup) return;
      if (contentPresent) {
        tot[T_HEALTH_MISS] += bytes;
        m.seriesHealthMiss[binOf(now)] += bytes;
      } else {
        tot[T_CONTENT_MISS] += bytes;
        m.seriesContentMiss[binOf(now)] += bytes;
      }
      if (site >= 0) {
        m.siteFirstRequests[site]++;
        m.siteFirstBytes[site] += bytes;
        m.binSiteRequests[site]++;
      }
    },
    reactiveFill(now, bytes) {
      if (now < warmup) return;
      m.reactiveFillBytes += bytes;
      m.seriesFillBytes[binOf(now)] += bytes;
    },
    segmentPlayed(now, bitrate, seconds) {
      if (now < warmup) return;
      tot[T_SEGMENTS]++;
      tot[T_VIDEO_SECONDS] += seconds;
      tot[T_BITRATE_SUM] += bitrate * seconds;
      const b = binOf(now);
      m.seriesSegments[b] += seconds;
      m.seriesBitrateSum[b] += bitrate * seconds;
    },
    startup(now, seconds) {
      if (now < warmup) return;
      addToSketch(m.startupDelay, seconds);
      const b = binOf(now);
      m.seriesStartupSum[b] += seconds;
      m.seriesStartupCount[b]++;
    },
    stallInBin(now, stall, played) {
      if (now < warmup) return;
      const b = binOf(now);
      m.seriesStallSeconds[b] += stall;
      m.seriesPlayedSeconds[b] += played;
      tot[T_STALL_SECONDS] += stall;
      tot[T_PLAYED_SECONDS] += played;
    },
    finish() {
      for (const [name, i] of TOTALS) m[name] = tot[i];
    },
    closedBins: 0,
    closeBin(b, seconds = bin) {
      const i = Math.min(b, bins - 1);
      m.closedBins = i + 1;
      for (let l = 0; l < nLinks; l++) {
        m.seriesLinkUtil[l][i] = m.linkBitsInBin[l] / (m.linkCapacity[l] * seconds);
        m.linkBitsInBin[l] = 0;
      }
      for (let s = 0; s < nSites; s++) {
        m.seriesSiteHitRatio[s][i] = m.binSiteRequests[s] > 0 ? m.binSiteHits[s] / m.binSiteRequests[s] : NaN;
        m.binSiteRequests[s] = 0;
        m.binSiteHits[s] = 0;
      }
    },
  };
  return m;
}

/** Jain's fairness index of a set of loads: 1 when equal, 1/n when one carries all. */
export function jain(xs: ArrayLike<number>): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < xs.length; i++) {
    s += xs[i];
    s2 += xs[i] * xs[i];
  }
  return s2 > 0 ? (s * s) / (xs.length * s2) : 1;
}

// The startup-delay CDF's helpers live with the other distributions of playbacks.
export { averageCdfs, sketchCdf, STARTUP_CDF_P } from './qoe.js';
