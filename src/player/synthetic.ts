/**
 * Synthetic movies and network traces, for benchmarks and tests that need inputs of any
 * length without files. Seeded: the same options give the same movie and trace.
 */
import { makeRng } from '../engine/rng.js';
import { lognormal, standardNormal } from '../engine/variates.js';
import type { Movie } from './movie.js';
import type { NetworkTrace } from './network.js';

/** Netflix's 2015 fixed ladder, kbit/s ("Per-Title Encode Optimization", Netflix tech blog, 2015). */
export const NETFLIX_2015_LADDER: readonly number[] = [235, 375, 560, 750, 1050, 1750, 2350, 3000, 4300, 5800];

export interface SyntheticMovieOptions {
  segments: number;
  segmentMs?: number;
  ladderKbps?: readonly number[];
  /** Spread of segment sizes around the nominal bitrate (lognormal sigma; scenes differ in complexity). */
  sizeSigma?: number;
  seed?: number;
}

export function syntheticMovie(o: SyntheticMovieOptions): Movie {
  const segmentMs = o.segmentMs ?? 4000;
  const ladder = Float64Array.from(o.ladderKbps ?? NETFLIX_2015_LADDER);
  const rng = makeRng('tychei', `movie:${o.seed ?? 1}`);
  const rungs = ladder.length;
  const segmentBits = new Float64Array(o.segments * rungs);
  for (let s = 0; s < o.segments; s++) {
    const complexity = lognormal(rng, 0, o.sizeSigma ?? 0.25);
    for (let r = 0; r < rungs; r++) segmentBits[s * rungs + r] = Math.round(ladder[r] * segmentMs * complexity);
  }
  return { segmentMs, bitratesKbps: ladder, segments: o.segments, rungs, segmentBits };
}

export interface SyntheticTraceOptions {
  periods: number;
  periodMs?: number;
  /** Median bandwidth, kbit/s. */
  medianKbps?: number;
  /** Step of the log-bandwidth random walk per period. */
  volatility?: number;
  latencyMs?: number;
  seed?: number;
}

/** Bandwidth as a mean-reverting random walk in log space around the median. */
export function syntheticTrace(o: SyntheticTraceOptions): NetworkTrace {
  const rng = makeRng('tychei', `trace:${o.seed ?? 1}`);
  const n = o.periods;
  const trace = { durationMs: new Float64Array(n).fill(o.periodMs ?? 1000), bandwidthKbps: new Float64Array(n), latencyMs: new Float64Array(n) };
  const median = Math.log(o.medianKbps ?? 4000);
  const step = o.volatility ?? 0.3;
  let x = median;
  for (let i = 0; i < n; i++) {
    x += 0.1 * (median - x) + step * standardNormal(rng);
    trace.bandwidthKbps[i] = Math.round(Math.exp(x));
    trace.latencyMs[i] = (o.latencyMs ?? 40) * (0.5 + rng());
  }
  return trace;
}
