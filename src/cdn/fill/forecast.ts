/**
 * What each site should hold on a day: the placement policy forecasts title demand per
 * region (an ISP; -1 is an exchange point's national mix), the forecast is ranked into
 * files, and the ranking is split into one manifest per appliance of the site.
 *
 * Owns: the observed demand counts and the rankings, computed once per (day, region).
 * Reads: the world's popularity (the truth, and the Poisson counts sampled around it).
 */
import { poisson } from '../../engine/variates.js';
import type { SimContext } from '../context.js';
import { regionalWeights } from '../demand/popularity.js';
import { assignManifests, rankFiles, type Ranking } from './manifest.js';
import type { ForecastContext } from './placement/types.js';

/** Manifests of a site's appliances for a (local) day, in site order; null when the policy places nothing. */
export type ManifestsFor = (site: number, day: number) => Int32Array[] | null;

export function createForecasts(ctx: SimContext): ManifestsFor {
  const { s, world, streams, placement, reactiveShare } = ctx;
  const { catalog, sites, ocas } = world;
  const mix = Float64Array.from(world.ispSessionsPerDay, (x) => x / world.sessionsPerDay);
  const cacheKey = (day: number, region: number) => day * 4096 + region + 1;
  const observedCache = new Map<number, Float64Array>();
  const rankings = new Map<number, Ranking | null>();
  const isFlash = (o: number) => world.classes[ocas.cls[o]].name === 'flash';

  /** Observed title counts of a day in a region: Poisson around its expected demand. */
  function sampleObserved(d: number, region: number): Float64Array {
    const w = regionalWeights(world.popularity, d, region, mix);
    const sessions = region >= 0 ? world.ispSessionsPerDay[region] : world.sessionsPerDay;
    const rng = streams.observed(d, region);
    const obs = new Float64Array(w.length);
    for (let t = 0; t < w.length; t++) obs[t] = poisson(rng, sessions * w[t]);
    return obs;
  }
  function observedNation(d: number): Float64Array {
    const key = cacheKey(d, -1);
    let obs = observedCache.get(key);
    if (!obs) {
      obs = sampleObserved(d, -1);
      observedCache.set(key, obs);
    }
    return obs;
  }
  function observed(d: number, region: number): Float64Array {
    const key = cacheKey(d, region);
    let obs = observedCache.get(key);
    if (!obs) {
      obs = sampleObserved(d, region);
      // Shrink a region's noisy counts toward the nation's (empirical-Bayes style pooling):
      // a small ISP's few thousand playbacks a day are a poor ranking on their own.
      if (region >= 0 && s.placement.pooling > 0) {
        const nation = observedNation(d);
        const k = s.placement.pooling / world.sessionsPerDay;
        for (let t = 0; t < obs.length; t++) obs[t] += k * nation[t];
      }
      observedCache.set(key, obs);
    }
    return obs;
  }
  const forecastCtx = (day: number, region: number): ForecastContext => ({
    catalog,
    day,
    truth: (d) => regionalWeights(world.popularity, d, region, mix),
    releaseDay: world.popularity.releaseDay,
    rungShare: world.rungShare,
    historyDays: s.placement.historyDays,
    smoothing: s.placement.smoothing,
    prepositionReleases: s.placement.prepositionReleases,
    observed: (d) => observed(d, region),
  });
  function rankingFor(day: number, region: number): Ranking | null {
    const key = cacheKey(day, region);
    if (!rankings.has(key)) {
      const f = placement.forecastTitles(forecastCtx(day, region));
      rankings.set(key, f ? rankFiles(catalog, f, world.rungShare) : null);
    }
    return rankings.get(key) ?? null;
  }
  return (site, day) => {
    const ranking = rankingFor(day, sites[site].isp);
    if (!ranking) return null;
    const os = sites[site].ocas;
    return assignManifests(
      { ocas: os, capacity: os.map((o) => ocas.storageBytes[o] * (1 - reactiveShare)), flash: os.map(isFlash) },
      ranking,
      catalog.fileBytes,
    );
  };
}
