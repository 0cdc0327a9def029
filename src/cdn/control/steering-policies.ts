/**
 * Steering policies: how the control plane orders sites of equal proximity rank. Each
 * gives a key per candidate site; lower keys go first. Ranks themselves (BGP proximity)
 * are never reordered: a policy only chooses among equals.
 */
import type { Rng } from '../../engine/rng.js';
import { InputError } from '../../errors.js';
import { importUserModule } from '../../util/user-module.js';
import { fmix32 } from '../../util/mix.js';

export interface SteeringView {
  /** Site load / site serving capacity, now. */
  utilisation(site: number): number;
  /** One-way delay from the site to clients, seconds. */
  latency(site: number): number;
  rng: Rng;
}

export interface SteeringPolicy {
  name: string;
  describe: string;
  /** The key depends only on the site and its path length (not on load, file or chance), so lists can be sorted once per BGP change. */
  static?: boolean;
  /** Sort key of `site` for a request for `file`; `pathLength` is its AS path length (0 embedded). */
  key(view: SteeringView, site: number, file: number, pathLength: number): number;
}

const proximity: SteeringPolicy = {
  name: 'proximity',
  describe: 'the Open Connect way: shortest AS path, then a fixed site order',
  static: true,
  key: (_v, site, _f, pathLength) => pathLength * 1e6 + site,
};

const loadAware: SteeringPolicy = {
  name: 'load-aware',
  describe: 'least utilised site first',
  key: (v, site) => v.utilisation(site),
};

const latency: SteeringPolicy = {
  name: 'latency',
  describe: 'lowest delay to the client first',
  static: true,
  key: (v, site) => v.latency(site),
};

const consistentHash: SteeringPolicy = {
  name: 'consistent-hash',
  describe: 'rendezvous hash of (file, site): each file sticks to one site of a rank, so caches do not duplicate',
  key: (_v, site, file) => -fmix32(Math.imul(file, 0x9e3779b1) ^ Math.imul(site + 1, 0x85ebca6b)),
};

const random: SteeringPolicy = {
  name: 'random',
  describe: 'a random order per request',
  key: (v) => v.rng(),
};

const BUILT_IN: readonly SteeringPolicy[] = [proximity, loadAware, latency, consistentHash, random];
export const STEERING_NAMES: readonly string[] = BUILT_IN.map((p) => p.name);
const registry = new Map<string, SteeringPolicy>(BUILT_IN.map((p) => [p.name, p]));

export function getSteering(name: string): SteeringPolicy {
  const p = registry.get(name);
  if (!p) throw new InputError(`unknown steering policy '${name}' (known: ${[...registry.keys()].join(', ')})`, { field: 'steering.policy' });
  return p;
}

/** Load a user's steering module (default or `steering` export) and register it; returns its name. */
export async function registerSteeringModule(file: string, baseDir = '.'): Promise<string> {
  const { path, exports: mod } = await importUserModule(file, baseDir, 'steering');
  const p = (mod.default ?? mod.steering) as SteeringPolicy;
  if (typeof p !== 'object' || p === null || typeof p.name !== 'string' || typeof p.key !== 'function') {
    throw new InputError('a steering module must export (default or `steering`) { name, describe, key(view, site, file, pathLength) }', { file: path });
  }
  registry.set(p.name, p);
  return p.name;
}
