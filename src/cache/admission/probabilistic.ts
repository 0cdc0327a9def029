/**
 * Admit each missed object with probability P, independently: a cheap way to keep
 * one-hit wonders out, since an object requested k times gets k chances. Draws come
 * from their own seeded stream, so runs are reproducible.
 */
import { stream, type Rng } from '../../engine/rng.js';
import type { Admission } from '../types.js';
import type { AdmissionDefinition } from './registry.js';

export function probabilistic(p: number, rng: Rng): Admission {
  return { name: `prob:${p}`, admit: () => rng() < p };
}

export const prob: AdmissionDefinition = {
  name: 'prob',
  usage: 'prob:P',
  describe: 'admit each miss with probability P in (0, 1] (seeded)',
  parse: (arg, seed) => {
    const p = Number(arg);
    if (arg === undefined || arg.trim() === '' || !(p > 0 && p <= 1)) return { error: 'prob needs a probability in (0, 1], e.g. prob:0.25' };
    return () => probabilistic(p, stream({ seed, replication: 0, component: 'cache.admission.prob', entity: 0 }));
  },
};
