import { historyForecast } from './history.js';
import type { PlacementPolicy } from './types.js';

/** A history manifest in most of each appliance, a reactive cache in the rest. */
export const hybrid: PlacementPolicy = {
  name: 'hybrid',
  describe: 'history manifest plus a reactive cache in reactiveShare of each appliance',
  reactiveShare: (c) => c.reactiveShare,
  forecastTitles: historyForecast,
};
