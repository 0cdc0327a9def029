/** Placement policies by name: one file each, one line here. */
import { history } from './history.js';
import { hybrid } from './hybrid.js';
import { oracle } from './oracle.js';
import { reactive } from './reactive.js';
import type { PlacementPolicy } from './types.js';

export const PLACEMENTS: readonly PlacementPolicy[] = [oracle, history, reactive, hybrid];
export const PLACEMENT_NAMES = ['oracle', 'history', 'reactive', 'hybrid'] as const;

export function getPlacement(name: string): PlacementPolicy {
  const p = PLACEMENTS.find((x) => x.name === name);
  if (!p) throw new RangeError(`unknown placement policy '${name}'`);
  return p;
}
