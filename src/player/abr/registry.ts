/**
 * ABR rules by name. A built-in rule is one file and one line in BUILT_IN; a user's rule
 * is a module whose default export (or `rules` or `rule` export) is an AbrDefinition or
 * an array of them, loaded with `registerAbrModule` (`--abr-module ./mine.js`).
 */
import { InputError } from '../../errors.js';
import { importUserModule } from '../../util/user-module.js';
import { bba } from './bba.js';
import { bola } from './bola.js';
import { dynamic } from './dynamic.js';
import { throughput } from './throughput.js';
import type { Movie } from '../movie.js';
import type { AbrDefinition, AbrOptions, AbrRule } from './types.js';

const BUILT_IN: readonly AbrDefinition[] = [throughput, bola, dynamic, bba];

const registry = new Map<string, AbrDefinition>();
for (const def of BUILT_IN) registerAbr(def);

export function registerAbr(def: AbrDefinition): void {
  if (!isAbrDefinition(def)) throw new InputError('an ABR rule definition needs a name, describe and create(movie, options)');
  registry.set(def.name.toLowerCase(), def);
}

export function getAbr(name: string): AbrDefinition {
  const def = registry.get(name.trim().toLowerCase());
  if (!def) throw new InputError(`unknown ABR rule '${name}' (known: ${abrNames().join(', ')})`, { field: 'abr' });
  return def;
}

/** Built-in first, then the user's in the order registered. */
export function abrNames(): string[] {
  return [...registry.values()].map((d) => d.name);
}

export async function registerAbrModule(file: string): Promise<AbrDefinition[]> {
  const { exports: mod } = await importUserModule(file, '.', 'ABR rule');
  const exported = mod.default ?? mod.rules ?? mod.rule;
  const defs = Array.isArray(exported) ? exported : [exported];
  if (defs.length === 0 || !defs.every(isAbrDefinition)) {
    throw new InputError('an ABR module must export (default, `rules` or `rule`) an AbrDefinition or an array of them: { name, describe, create(movie, options) }', { file });
  }
  for (const def of defs) registerAbr(def);
  return defs;
}

function isAbrDefinition(x: unknown): x is AbrDefinition {
  const d = x as AbrDefinition;
  return typeof d === 'object' && d !== null && typeof d.name === 'string' && d.name.length > 0 && typeof d.create === 'function';
}

/** Sabre's defaults for what the rules read: gamma-p 5, insufficient-buffer rule on. */
export const DEFAULT_ABR_OPTIONS: Readonly<Omit<AbrOptions, 'maxBufferMs'>> = { gammaP: 5, insufficientBufferRule: true };

/** A fresh rule by name for one playback of `movie`. */
export function createAbr(name: string, movie: Movie, options: Partial<AbrOptions> & Pick<AbrOptions, 'maxBufferMs'>): AbrRule {
  return getAbr(name).create(movie, { ...DEFAULT_ABR_OPTIONS, ...options });
}
