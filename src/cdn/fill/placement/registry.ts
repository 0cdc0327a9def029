/**
 * Placement policies by name: one file each, one line in BUILT_IN. A user's policy is a
 * module whose default export (or `placement` export) is a PlacementPolicy, named by
 * `placement.module` in the scenario.
 */
import { InputError } from '../../../errors.js';
import { importUserModule } from '../../../util/user-module.js';
import { history } from './history.js';
import { hybrid } from './hybrid.js';
import { oracle } from './oracle.js';
import { reactive } from './reactive.js';
import type { PlacementPolicy } from './types.js';

const BUILT_IN: readonly PlacementPolicy[] = [oracle, history, reactive, hybrid];
export const PLACEMENT_NAMES: readonly string[] = BUILT_IN.map((p) => p.name);

const registry = new Map<string, PlacementPolicy>(BUILT_IN.map((p) => [p.name, p]));

export function getPlacement(name: string): PlacementPolicy {
  const p = registry.get(name);
  if (!p) throw new InputError(`unknown placement policy '${name}' (known: ${[...registry.keys()].join(', ')})`, { field: 'placement.policy' });
  return p;
}

function isPlacementPolicy(x: unknown): x is PlacementPolicy {
  const p = x as PlacementPolicy;
  return typeof p === 'object' && p !== null && typeof p.name === 'string' && p.name.length > 0 && typeof p.forecastTitles === 'function' && typeof p.reactiveShare === 'function';
}

/** Load a user's placement module and register the policy it exports; returns its name. */
export async function registerPlacementModule(file: string, baseDir = '.'): Promise<string> {
  const { path, exports: mod } = await importUserModule(file, baseDir, 'placement');
  const p = mod.default ?? mod.placement;
  if (!isPlacementPolicy(p)) {
    throw new InputError('a placement module must export (default or `placement`) { name, describe, reactiveShare(config), forecastTitles(ctx) }', { file: path });
  }
  registry.set(p.name, p);
  return p.name;
}
