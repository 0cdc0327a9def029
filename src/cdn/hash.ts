/**
 * Consistent hashing of files onto a site's appliances: jump consistent hash (Lamping &
 * Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm", 2014), driven by a 32-bit
 * mixing generator instead of the paper's 64-bit LCG so it needs no BigInt. Adding an
 * appliance moves only 1/n of the files, as consistent hashing promises.
 */
export function jumpHash(key: number, buckets: number): number {
  let state = mix32(key ^ 0x9e3779b9);
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    state = mix32(state + 0x6d2b79f5);
    // A uniform in (0, 1]: the next jump lands at floor((b + 1) / r).
    const r = ((state >>> 0) + 1) / 4294967296;
    j = Math.floor((b + 1) / r);
  }
  return b;
}

/** A 32-bit integer finaliser (murmur3 fmix32). */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
