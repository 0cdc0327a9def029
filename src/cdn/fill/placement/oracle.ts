import type { PlacementPolicy } from './types.js';

/** Knows the day's true popularity: an upper bound for forecast-driven placement. */
export const oracle: PlacementPolicy = {
  name: 'oracle',
  describe: "the target day's true popularity (an upper bound)",
  reactiveShare: () => 0,
  forecastTitles: (ctx) => ctx.truth(ctx.day),
};
