import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getPolicy } from './registry.js';
import { nextAccesses } from './test-helpers/reference.js';

function misses(policy: string, ids: number[], capacity: number): number {
  const next = nextAccesses(ids);
  const cache = getPolicy(policy).create({ capacity });
  let m = 0;
  ids.forEach((id, i) => {
    if (!cache.request(id, 0, 1, i, next[i])) m++;
  });
  return m;
}

/** Policies that insert every missed object (Belady's optimality is among those). */
const DEMAND = ['fifo', 'lru', 'clock', 'lfu', 'sieve', 's3fifo', 'arc'];

describe('Belady', () => {
  it('is never beaten by a policy that admits every miss, on random traces of equal-size objects', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }).chain((n) =>
          fc.record({
            ids: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 500, size: 'max' }),
            capacity: fc.integer({ min: 1, max: n }),
          }),
        ),
        ({ ids, capacity }) => {
          const best = misses('belady', ids, capacity);
          for (const p of DEMAND) expect(misses(p, ids, capacity)).toBeGreaterThanOrEqual(best);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reaches the compulsory misses when everything fits', () => {
    const ids = [1, 2, 3, 1, 2, 3, 4, 1];
    expect(misses('belady', ids, 4)).toBe(4);
  });

  it('can lose to GDSF, which may evict the newcomer itself (libCacheSim semantics: Belady always inserts)', () => {
    // Capacity 1: GDSF keeps the twice-requested object and lets the newcomer go.
    const ids = [1, 1, 2, 1];
    expect(misses('belady', ids, 1)).toBe(3);
    expect(misses('gdsf', ids, 1)).toBe(2);
  });
});
