import type { PlacementPolicy } from './types.js';

/**
 * Knows the day's true popularity: an upper bound for forecast-driven placement. Like
 * history placement it also holds tomorrow's releases, at their launch-day popularity,
 * since they go live at midnight before the next fill.
 */
export const oracle: PlacementPolicy = {
  name: 'oracle',
  describe: "the target day's true popularity (an upper bound)",
  reactiveShare: () => 0,
  forecastTitles: (ctx) => {
    const f = Float64Array.from(ctx.truth(ctx.day));
    const next = ctx.truth(ctx.day + 1);
    for (let t = 0; t < f.length; t++) if (ctx.releaseDay[t] === ctx.day + 1) f[t] = next[t];
    return f;
  },
};
