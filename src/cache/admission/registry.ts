/**
 * Admission filters by name, one line per filter. A spec on the command line is
 * `NAME` or `NAME:ARG` (`bloom`, `bloom:2000000`, `size:16MiB`, `prob:0.25`).
 */
import { InputError } from '../../errors.js';
import type { Admission } from '../types.js';
import { always } from './always.js';
import { bloom } from './bloom.js';
import { prob } from './probabilistic.js';
import { size } from './size.js';

/** Filters are stateful, so a spec yields a factory: one filter per cache. */
export type AdmissionFactory = () => Admission;

export interface AdmissionDefinition {
  name: string;
  usage: string;
  describe: string;
  parse(arg: string | undefined, seed: number): AdmissionFactory | { error: string };
}

export const ADMISSIONS: readonly AdmissionDefinition[] = [always, bloom, size, prob];

export function parseAdmission(spec: string, seed = 1): AdmissionFactory {
  const colon = spec.indexOf(':');
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim().toLowerCase();
  const arg = colon < 0 ? undefined : spec.slice(colon + 1);
  const def = ADMISSIONS.find((d) => d.name === name);
  if (!def) {
    throw new InputError(`unknown admission filter '${name}' (known: ${ADMISSIONS.map((d) => d.usage).join(', ')})`, { field: 'admission' });
  }
  const parsed = def.parse(arg, seed);
  if ('error' in parsed) throw new InputError(parsed.error, { field: 'admission' });
  return parsed;
}
