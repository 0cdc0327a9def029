import type { PlacementPolicy } from './types.js';

/** No manifest: every appliance is a cache that admits on miss (a flow-through CDN). */
export const reactive: PlacementPolicy = {
  name: 'reactive',
  describe: 'no manifest: cache on miss with the configured eviction policy',
  reactiveShare: () => 1,
  forecastTitles: () => null,
};
