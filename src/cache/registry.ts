/**
 * Eviction policies by name. A built-in policy is one file and one line in BUILT_IN;
 * a user's policy is a module whose default export (or `policies` export) is a
 * PolicyDefinition or an array of them, loaded with `registerPolicyModule`
 * (`--policy-module ./mine.js` on the command line).
 */
import { InputError } from '../errors.js';
import { importUserModule } from '../util/user-module.js';
import { arc } from './arc.js';
import { belady } from './belady.js';
import { clock } from './clock.js';
import { fifo } from './fifo.js';
import { gdsf } from './gdsf.js';
import { lfu } from './lfu.js';
import { lru } from './lru.js';
import { s3fifo } from './s3fifo.js';
import { sieve } from './sieve.js';
import type { PolicyDefinition } from './types.js';

const BUILT_IN: readonly PolicyDefinition[] = [fifo, lru, clock, lfu, sieve, s3fifo, arc, gdsf, belady];

const registry = new Map<string, PolicyDefinition>();
for (const def of BUILT_IN) registerPolicy(def);

export function registerPolicy(def: PolicyDefinition): void {
  if (!isPolicyDefinition(def)) throw new InputError('a policy definition needs a name, describe and create(options)');
  for (const key of [def.name, ...(def.aliases ?? [])]) registry.set(key.toLowerCase(), def);
}

export function getPolicy(name: string): PolicyDefinition {
  const def = registry.get(name.trim().toLowerCase());
  if (!def) throw new InputError(`unknown policy '${name}' (known: ${policyNames().join(', ')})`, { field: 'policy' });
  return def;
}

/** Canonical names, built-in first. */
export function policyNames(): string[] {
  return [...new Set([...registry.values()].map((d) => d.name))];
}

export async function registerPolicyModule(file: string): Promise<PolicyDefinition[]> {
  const { exports: mod } = await importUserModule(file, '.', 'policy');
  const exported = mod.default ?? mod.policies ?? mod.policy;
  const defs = Array.isArray(exported) ? exported : [exported];
  if (defs.length === 0 || !defs.every(isPolicyDefinition)) {
    throw new InputError('a policy module must export (default, `policies` or `policy`) a PolicyDefinition or an array of them: { name, describe, create(options) }', { file });
  }
  for (const def of defs) registerPolicy(def);
  return defs;
}

function isPolicyDefinition(x: unknown): x is PolicyDefinition {
  const d = x as PolicyDefinition;
  return typeof d === 'object' && d !== null && typeof d.name === 'string' && d.name.length > 0 && typeof d.create === 'function';
}
