/**
 * A placement policy turns what is known the night before a day into a forecast of
 * each file's demand; sites fill their manifests from that ranking. A policy may also
 * keep part of each appliance for reactive caching (cache on miss with an eviction
 * policy) — all of it, for a pure reactive cache.
 */
import type { Catalog } from '../../demand/catalog.js';

export interface ForecastContext {
  catalog: Catalog;
  /** Day the manifest is for. */
  day: number;
  /** True title popularity of a day in the site's region (only the oracle may read the target day). */
  truth(day: number): Float64Array;
  /** Release day per title (-Infinity: always available); the schedule is public. */
  releaseDay: Float64Array;
  /** Expected share of views per ladder rung (sums to 1). */
  rungShare: Float64Array;
  /** Observed title request counts in the site's region on a past day (sampled; deterministic per day). */
  observed(day: number): Float64Array;
  historyDays: number;
  smoothing: number;
  prepositionReleases: boolean;
}

export interface PlacementPolicy {
  name: string;
  describe: string;
  /** Share of each appliance's storage kept for reactive caching (0 = pure manifest, 1 = pure cache). */
  reactiveShare(config: { reactiveShare: number }): number;
  /** Forecast title demand for ctx.day (unnormalised weights per title), or null when the policy places nothing. */
  forecastTitles(ctx: ForecastContext): Float64Array | null;
}
