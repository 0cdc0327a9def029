/**
 * The share of segment requests per rung that placement ranks files with, forecast by
 * running the players themselves: the model's Player with the scenario's ABR rule,
 * buffer and segments, over links of constant rate drawn from each ISP's client
 * throughput distribution.
 *
 * For each ISP, throughputs at the (j + 1/2)/K quantiles of its lognormal (K = 16, a
 * stratified sample: deterministic, and closer than K random draws), each with a UHD
 * and an HD-capped movie, play once through the longest playback (mean running time x
 * the largest viewed fraction). A playback's k-th segment counts with the probability
 * that a viewer is still watching then, P(watch > k x segment), watch being the mean
 * running time x a uniform viewed fraction (the catalog's spread of running times is
 * left out). Plans weigh uhdShare and 1 - uhdShare, ISPs their peak session rates.
 *
 * What it leaves out: the client's access line is the only limit (no shared link, no
 * busy appliance) and the first byte takes FORECAST_LATENCY_MS. On a congested day
 * the players choose lower rungs than this.
 */
import { createAbr, DEFAULT_ABR_OPTIONS } from '../../player/abr/registry.js';
import type { Movie } from '../../player/movie.js';
import type { NetworkTrace } from '../../player/network.js';
import { DEFAULT_PLAYER } from '../../player/player.js';
import { playOverTrace } from '../../player/session.js';
import type { Isp } from '../world.js';
import { maxBufferSeconds, playbackMovies, segmentsWatched } from './player.js';

export interface RungForecastSpec {
  abr: string;
  /** Seconds. */
  segment: number;
  maxBuffer?: number;
  hdCap: number;
  uhdShare: number;
  viewFraction: { min: number; max: number };
  /** Mean running time of the catalog's titles, seconds. */
  meanRuntime: number;
}

/** Share of requests spread evenly over the rungs, at least (see expectedRungShare). */
export const RUNG_SHARE_FLOOR = 1e-3;
/** Throughputs per ISP the players are run at. */
export const FORECAST_DRAWS = 64;
/** First-byte latency of every forecast download, ms [I]: a round trip to a nearby site. */
export const FORECAST_LATENCY_MS = 20;

type IspMix = Pick<Isp, 'clientMedianBps' | 'clientSigma' | 'peakSessionRate'>;

export function expectedRungShare(ladderBps: Float64Array, isps: IspMix[], spec: RungForecastSpec): Float64Array {
  const rungs = ladderBps.length;
  const movies = playbackMovies(ladderBps, spec.segment, spec.hdCap);
  const segments = segmentsWatched(spec.meanRuntime * spec.viewFraction.max, spec.segment);
  const stillWatching = survival(segments, spec);
  const byMix = new Map<string, Float64Array>();
  const share = new Float64Array(rungs);
  let total = 0;
  for (const isp of isps) {
    const key = `${isp.clientMedianBps}|${isp.clientSigma}`;
    let mix = byMix.get(key);
    if (!mix) {
      mix = new Float64Array(rungs);
      for (let j = 0; j < FORECAST_DRAWS; j++) {
        const bps = isp.clientMedianBps * Math.exp(isp.clientSigma * normalQuantile((j + 0.5) / FORECAST_DRAWS));
        addPlayback(mix, movies.uhd, segments, bps, spec, stillWatching, spec.uhdShare / FORECAST_DRAWS);
        addPlayback(mix, movies.hd, segments, bps, spec, stillWatching, (1 - spec.uhdShare) / FORECAST_DRAWS);
      }
      byMix.set(key, mix);
    }
    for (let r = 0; r < rungs; r++) share[r] += isp.peakSessionRate * mix[r];
    total += isp.peakSessionRate;
  }
  let sum = 0;
  for (let r = 0; r < rungs; r++) sum += share[r];
  // Every rung keeps a small share: rate changes pass through rungs a constant-rate
  // playback never settles on, and a file placement ranks at zero would never be placed.
  const floor = (RUNG_SHARE_FLOOR * sum) / rungs;
  for (let r = 0; r < rungs; r++) share[r] = Math.max(share[r], floor);
  sum = 0;
  for (let r = 0; r < rungs; r++) sum += share[r];
  for (let r = 0; r < rungs; r++) share[r] = total > 0 && sum > 0 ? share[r] / sum : 0;
  return share;
}

/** One playback of `segments` at constant `bps`: each segment's rung, weighted by the chance it is watched. */
function addPlayback(into: Float64Array, template: Movie, segments: number, bps: number, spec: RungForecastSpec, stillWatching: Float64Array, weight: number): void {
  if (weight === 0) return;
  const movie = { ...template, segments };
  const maxBufferMs = maxBufferSeconds(spec) * 1000;
  const link: NetworkTrace = { durationMs: Float64Array.of(1e12), bandwidthKbps: Float64Array.of(bps / 1000), latencyMs: Float64Array.of(FORECAST_LATENCY_MS) };
  const r = playOverTrace(movie, link, createAbr(spec.abr, movie, { ...DEFAULT_ABR_OPTIONS, maxBufferMs }), { ...DEFAULT_PLAYER, maxBufferMs });
  let watched = 0;
  for (let k = 0; k < segments; k++) watched += stillWatching[k];
  for (let k = 0; k < segments; k++) into[r.rungs[k]] += (weight * stillWatching[k]) / watched;
}

/** P(a viewer still watches at the start of segment k): watch = meanRuntime x U, U uniform on [min, max]. */
function survival(segments: number, spec: RungForecastSpec): Float64Array {
  const { min, max } = spec.viewFraction;
  const out = new Float64Array(segments);
  for (let k = 0; k < segments; k++) {
    const u = (k * spec.segment) / spec.meanRuntime;
    out[k] = max > min ? Math.min(1, Math.max(0, (max - u) / (max - min))) : u < max ? 1 : 0;
  }
  return out;
}

/** Standard normal CDF (Zelen & Severo 26.2.17, |error| < 7.5e-8). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const d = 0.3989422804014327 * Math.exp((-x * x) / 2);
  const p = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return x >= 0 ? 1 - p : p;
}

/** Its inverse, by bisection (a few dozen quantiles per run: speed does not matter). */
export function normalQuantile(p: number): number {
  let lo = -10;
  let hi = 10;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
