/**
 * Consistent hashing of files onto a site's appliances: jump consistent hash (Lamping &
 * Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm", 2014), driven by a 32-bit
 * mixing generator instead of the paper's 64-bit LCG so it needs no BigInt. Adding an
 * appliance moves only 1/n of the files, as consistent hashing promises.
 */
import { fmix32 } from '../util/mix.js';

export function jumpHash(key: number, buckets: number): number {
  let state = fmix32(key ^ 0x9e3779b9);
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    state = fmix32(state + 0x6d2b79f5);
    // A uniform in (0, 1]: the next jump lands at floor((b + 1) / r).
    const r = ((state >>> 0) + 1) / 4294967296;
    j = Math.floor((b + 1) / r);
  }
  return b;
}
