/**
 * Che's approximation (Che, Tung & Wang, IEEE JSAC 2002; Fricker, Robert & Roberts,
 * ITC 2012) of the hit ratio of LRU under the independent reference model with unit
 * sizes, and its FIFO counterpart (Dan & Towsley, SIGMETRICS 1990; Martina, Garetto &
 * Leonardi, INFOCOM 2014). Both find the characteristic time T at which the expected
 * number of cached objects equals the capacity C:
 *
 *   LRU:  h_i = 1 - exp(-p_i T)        FIFO: h_i = p_i T / (1 + p_i T)
 *   sum_i h_i = C,   hit ratio = sum_i p_i h_i
 *
 * Used to check the simulator against theory, and to sanity-check synthetic traces.
 */

export type CheModel = 'lru' | 'fifo';

export interface CheResult {
  hitRatio: number;
  /** Characteristic time, in requests. */
  characteristicTime: number;
}

/** `popularity` are request probabilities summing to 1; `capacity` in objects (< their count). */
export function cheHitRatio(model: CheModel, popularity: ArrayLike<number>, capacity: number): CheResult {
  const n = popularity.length;
  if (!(capacity > 0 && capacity < n)) throw new RangeError(`Che's approximation needs 0 < capacity < objects, got ${capacity} of ${n}`);
  const occupancy = model === 'lru' ? (pt: number) => -Math.expm1(-pt) : (pt: number) => pt / (1 + pt);
  const filled = (t: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += occupancy(popularity[i] * t);
    return s;
  };
  // The occupancy sum rises from 0 towards n as T grows: bracket, then bisect.
  let lo = 0;
  let hi = 1;
  while (filled(hi) < capacity) hi *= 2;
  for (let k = 0; k < 200 && hi - lo > 1e-12 * hi; k++) {
    const mid = (lo + hi) / 2;
    if (filled(mid) < capacity) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  let hit = 0;
  for (let i = 0; i < n; i++) hit += popularity[i] * occupancy(popularity[i] * t);
  return { hitRatio: hit, characteristicTime: t };
}
