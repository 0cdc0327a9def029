import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getPolicy, policyNames } from './registry.js';
import { nextAccesses, RefBelady, RefClock, RefFifo, RefLfu, RefLru, RefSieve, type RefCache } from './test-helpers/reference.js';
import type { CachePolicy } from './types.js';

const BUILT_IN = ['fifo', 'lru', 'clock', 'lfu', 'sieve', 's3fifo', 'arc', 'gdsf', 'belady'];

/**
 * A random trace: ids from a small range (so objects recur and caches overflow), each
 * id with one fixed size, and a capacity between one object and all of them.
 */
const traceArb = (maxSize: number) =>
  fc
    .integer({ min: 2, max: 30 })
    .chain((n) =>
      fc.record({
        ids: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 400, size: 'max' }),
        sizes: fc.array(fc.integer({ min: 1, max: maxSize }), { minLength: n, maxLength: n }),
        capacity: fc.integer({ min: 1, max: n * maxSize }),
      }),
    )
    .map(({ ids, sizes, capacity }) => ({ ids, size: (id: number) => sizes[id], capacity }));

function hitsOf(cache: CachePolicy | RefCache, ids: number[], size: (id: number) => number, real: boolean): boolean[] {
  const next = nextAccesses(ids);
  return ids.map((id, i) =>
    real ? (cache as CachePolicy).request(id, 0, size(id), i, next[i]) : (cache as RefCache).request(id, size(id), next[i]),
  );
}

describe('policies against naive reference implementations', () => {
  const cases: [string, (capacity: number) => RefCache][] = [
    ['fifo', (c) => new RefFifo(c)],
    ['lru', (c) => new RefLru(c)],
    ['clock', (c) => new RefClock(c)],
    ['sieve', (c) => new RefSieve(c)],
    ['lfu', (c) => new RefLfu(c)],
  ];
  for (const [name, makeRef] of cases) {
    it(`${name}: same hit/miss sequence on random traces with random sizes`, () => {
      fc.assert(
        fc.property(traceArb(50), ({ ids, size, capacity }) => {
          const real = getPolicy(name).create({ capacity });
          expect(hitsOf(real, ids, size, true)).toEqual(hitsOf(makeRef(capacity), ids, size, false));
        }),
        { numRuns: 200 },
      );
    });
  }

  it('belady: same hit/miss sequence with unit sizes (where ties among dead objects cannot matter)', () => {
    fc.assert(
      fc.property(traceArb(1), ({ ids, capacity }) => {
        const unit = () => 1;
        const real = getPolicy('belady').create({ capacity });
        expect(hitsOf(real, ids, unit, true)).toEqual(hitsOf(new RefBelady(capacity), ids, unit, false));
      }),
      { numRuns: 200 },
    );
  });
});

describe('invariants of every policy under requests, inserts and removes', () => {
  const op = fc.oneof(
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('request' as const), id: fc.integer({ min: 0, max: 40 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), id: fc.integer({ min: 0, max: 40 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 40 }) }) },
  );
  for (const name of BUILT_IN) {
    it(`${name}: bytes and objects add up, capacity holds, hits only on cached objects`, () => {
      fc.assert(
        fc.property(
          fc.array(op, { minLength: 1, maxLength: 300, size: 'max' }),
          fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 41, maxLength: 41 }),
          fc.integer({ min: 1, max: 400 }),
          (ops, sizes, capacity) => {
            const cache = getPolicy(name).create({ capacity });
            const model = new Set<number>();
            ops.forEach((o, i) => {
              const size = sizes[o.id];
              const was = cache.contains(o.id, 0);
              expect(was).toBe(model.has(o.id));
              if (o.kind === 'request') {
                expect(cache.request(o.id, 0, size, i, i + 1)).toBe(was);
              } else if (o.kind === 'insert') {
                const placed = cache.insert(o.id, 0, size, i, i + 1);
                if (was || size > capacity) expect(placed).toBe(false);
              } else {
                expect(cache.remove(o.id, 0)).toBe(was);
              }
              // Anything may have been evicted; rebuild the model from the cache.
              let bytes = 0;
              model.clear();
              for (let id = 0; id <= 40; id++) {
                if (cache.contains(id, 0)) {
                  model.add(id);
                  bytes += sizes[id];
                }
              }
              expect(cache.used).toBe(bytes);
              expect(cache.count).toBe(model.size);
              expect(cache.used).toBeLessThanOrEqual(capacity);
            });
          },
        ),
        { numRuns: 60 },
      );
    });
  }

  it('every built-in policy is registered', () => {
    expect(policyNames()).toEqual(expect.arrayContaining(BUILT_IN));
  });
});

describe('libCacheSim semantics', () => {
  for (const name of BUILT_IN) {
    it(`${name}: an object larger than the cache is a miss and is not admitted`, () => {
      const cache = getPolicy(name).create({ capacity: 100 });
      expect(cache.request(1, 0, 101, 0, Infinity)).toBe(false);
      expect(cache.contains(1, 0)).toBe(false);
      expect(cache.request(1, 0, 101, 0, Infinity)).toBe(false);
    });
    it(`${name}: ids differing only above bit 53 are different objects`, () => {
      const cache = getPolicy(name).create({ capacity: 1000 });
      // 2^53 and 2^53 + 1 collapse to the same double; as two halves they stay apart.
      const lo = 0;
      const hi = 0x200000;
      for (let k = 0; k < 3; k++) {
        cache.request(lo, hi, 10, k, 3);
        cache.request(lo + 1, hi, 10, k, 4);
      }
      expect(cache.count).toBe(2);
    });
  }

  it('TTL: an object expires ttl seconds after it entered, and a hit does not extend it', () => {
    for (const name of BUILT_IN) {
      const cache = getPolicy(name).create({ capacity: 1000, ttl: 10 });
      expect(cache.request(7, 0, 1, 100, Infinity)).toBe(false);
      expect(cache.request(7, 0, 1, 105, Infinity)).toBe(true);
      expect(cache.request(7, 0, 1, 110, Infinity)).toBe(true);
      expect(cache.request(7, 0, 1, 111, Infinity)).toBe(false);
      expect(cache.request(7, 0, 1, 115, Infinity)).toBe(true);
    }
  });
});
