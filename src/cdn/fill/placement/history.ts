import type { ForecastContext, PlacementPolicy } from './types.js';

/**
 * The Open Connect way: an exponentially smoothed average of the past days' observed
 * demand ([D] "Content Popularity for Open Connect": popularity forecast per file from
 * smoothed multi-day history). A new title has no history; with `prepositionReleases`
 * it is placed as if it were among the ten most popular, because the release schedule
 * is known in advance. It goes out in the fill before its launch day, so it is on the
 * appliances when it goes live at midnight ([D] Netflix Technology Blog, "Netflix and
 * Fill": new titles are pre-positioned before launch), and stays for its launch day.
 */
export function historyForecast(ctx: ForecastContext): Float64Array {
  const titles = ctx.catalog.titles;
  const f = new Float64Array(titles);
  let weight = ctx.smoothing;
  for (let k = 1; k <= ctx.historyDays; k++) {
    const obs = ctx.observed(ctx.day - k);
    for (let t = 0; t < titles; t++) f[t] += weight * obs[t];
    weight *= 1 - ctx.smoothing;
  }
  if (ctx.prepositionReleases) {
    const sorted = Float64Array.from(f).sort().reverse();
    const launch = sorted[Math.min(9, titles - 1)];
    const rd = ctx.releaseDay;
    for (let t = 0; t < titles; t++) if (rd[t] === ctx.day || rd[t] === ctx.day + 1) f[t] = Math.max(f[t], launch);
  }
  return f;
}

export const history: PlacementPolicy = {
  name: 'history',
  describe: 'exponentially smoothed past demand (the Open Connect way)',
  reactiveShare: () => 0,
  forecastTitles: historyForecast,
};
