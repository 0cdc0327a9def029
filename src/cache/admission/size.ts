/** Admit only objects no larger than a threshold: keeps large, rarely reused objects from flushing the cache. */
import { parseBytes } from '../../scenario/units.js';
import type { Admission } from '../types.js';
import type { AdmissionDefinition } from './registry.js';

export function sizeThreshold(maxBytes: number): Admission {
  return { name: `size:${maxBytes}`, admit: (_lo, _hi, size) => size <= maxBytes };
}

export const size: AdmissionDefinition = {
  name: 'size',
  usage: 'size:BYTES',
  describe: 'admit objects no larger than BYTES (units allowed, e.g. size:16MiB)',
  parse: (arg) => {
    const p = parseBytes(arg ?? '');
    if (!p.ok || p.value <= 0) return { error: `size needs a threshold such as size:16MiB${p.ok ? '' : ` (${p.message})`}` };
    const max = p.value;
    return () => sizeThreshold(max);
  },
};
