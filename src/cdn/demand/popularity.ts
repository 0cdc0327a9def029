/**
 * Title popularity, day by day. Each title has a base weight from a Zipf law over a
 * random ranking, a log-normal random walk for daily drift, and, for new releases, a
 * boost on release day that decays with a half-life (a release is a flash crowd).
 * Titles not yet released have weight 0.
 *
 * [D] Popularity is heavy-tailed and forecast per file from smoothed multi-day history
 * ("Content Popularity for Open Connect", Netflix Technology Blog); daily churn of the
 * popular set is small (NANOG 2014: under 1% a day). The drift and release parameters
 * are [I] defaults a scenario can change.
 */
import type { Rng } from '../../engine/rng.js';
import { standardNormal } from '../../engine/variates.js';

export interface PopularitySpec {
  /** Zipf exponent over title ranks. */
  zipf: number;
  /** Standard deviation of the daily log-weight random walk. */
  driftSigma: number;
  /** New titles released per simulated day (drawn from the catalog). */
  releasesPerDay: number;
  /** A release starts at this multiple of the top title's base weight. */
  releaseBoost: number;
  /** Days for a release's boost to halve. */
  releaseHalfLifeDays: number;
  /** sd of the log of each title's regional multiplier ([I] regions differ in taste; 0 = one global ranking). */
  regionalSigma: number;
}

export interface Popularity {
  titles: number;
  /** First day with weights (negative: history before the simulated days). */
  firstDay: number;
  /** weights[d - firstDay][title], unnormalised. */
  weights: Float64Array[];
  /** Release day per title (-Infinity: always available). */
  releaseDay: Float64Array;
  /** Per region: a fixed multiplier per title (tastes differ by region). */
  regionFactor: Float64Array[];
}

/**
 * Weights for days firstDay .. lastDay inclusive. Releases fall on days 0 .. lastDay, at
 * the start of the day; the history before day 0 sees none of them.
 */
export function buildPopularity(titles: number, spec: PopularitySpec, firstDay: number, lastDay: number, rng: Rng, regions = 1): Popularity {
  // Random ranking: rank[t] is title t's 1-based rank.
  const order = new Int32Array(titles);
  for (let i = 0; i < titles; i++) order[i] = i;
  for (let i = titles - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  const base = new Float64Array(titles);
  for (let r = 0; r < titles; r++) base[order[r]] = Math.pow(r + 1, -spec.zipf);

  const releaseDay = new Float64Array(titles).fill(-Infinity);
  const simulatedDays = Math.max(0, lastDay + 1);
  const releases = Math.min(titles, Math.round(spec.releasesPerDay * simulatedDays));
  // Releases are drawn from across the ranking, so a release can become a hit or not.
  for (let k = 0; k < releases; k++) {
    let t: number;
    do t = Math.floor(rng() * titles);
    while (releaseDay[t] !== -Infinity);
    releaseDay[t] = Math.floor(rng() * simulatedDays);
  }

  const logWalk = new Float64Array(titles);
  const weights: Float64Array[] = [];
  const top = Math.pow(1, -spec.zipf);
  for (let d = firstDay; d <= lastDay; d++) {
    const w = new Float64Array(titles);
    for (let t = 0; t < titles; t++) {
      if (d > firstDay && spec.driftSigma > 0) logWalk[t] += spec.driftSigma * standardNormal(rng);
      const rd = releaseDay[t];
      if (d < rd) continue;
      let x = base[t] * Math.exp(logWalk[t]);
      if (rd !== -Infinity) x += spec.releaseBoost * top * Math.pow(0.5, (d - rd) / spec.releaseHalfLifeDays);
      w[t] = x;
    }
    weights.push(w);
  }
  const regionFactor: Float64Array[] = [];
  for (let r = 0; r < regions; r++) {
    const f = new Float64Array(titles);
    for (let t = 0; t < titles; t++) f[t] = spec.regionalSigma > 0 ? Math.exp(spec.regionalSigma * standardNormal(rng)) : 1;
    regionFactor.push(f);
  }
  return { titles, firstDay, weights, releaseDay, regionFactor };
}

/**
 * Title weights of a day in one region, normalised to sum 1. Region -1 is the mix of
 * all regions weighted by `mix` (an exchange-point site serves every region).
 */
export function regionalWeights(p: Popularity, day: number, region: number, mix?: ArrayLike<number>): Float64Array {
  const w = weightsOn(p, day);
  const out = new Float64Array(p.titles);
  const regions = region >= 0 ? [region] : p.regionFactor.map((_, r) => r);
  for (const r of regions) {
    const f = p.regionFactor[r];
    let total = 0;
    for (let t = 0; t < p.titles; t++) total += w[t] * f[t];
    if (total <= 0) continue;
    const share = region >= 0 ? 1 : (mix?.[r] ?? 1 / regions.length);
    for (let t = 0; t < p.titles; t++) out[t] += (share * w[t] * f[t]) / total;
  }
  return out;
}

export function weightsOn(p: Popularity, day: number): Float64Array {
  const i = Math.min(Math.max(day - p.firstDay, 0), p.weights.length - 1);
  return p.weights[i];
}
