/**
 * Conformance against libCacheSim: its test suite (`test/test_evictionAlgo.c`,
 * github.com/1a1a11a/libCacheSim) publishes the miss and byte-miss counts of its
 * policies on its `cloudPhysicsIO.oracleGeneral.bin` trace (113,872 requests, 48,974
 * objects) at cache sizes 128 MiB to 1024 MiB in 128 MiB steps. The trace itself is not
 * distributed with cdnsim; `cdnsim cache conformance --trace FILE` runs the check when
 * a user has it.
 */
import { InputError } from '../errors.js';
import type { CacheResult, GridOptions } from './grid.js';
import { runGrid } from './grid.js';

const MiB = 1 << 20;
export const CONFORMANCE_SIZES: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => k * 128 * MiB);
export const CONFORMANCE_REQUESTS = 113_872;

export interface PublishedCounts {
  /** libCacheSim's name for the algorithm. */
  libCacheSim: string;
  misses: readonly number[];
  byteMisses: readonly number[];
}

/** By cdnsim policy name. */
export const PUBLISHED: Readonly<Record<string, PublishedCounts>> = {
  fifo: {
    libCacheSim: 'FIFO',
    misses: [93403, 89386, 84387, 84025, 72498, 72228, 72182, 72140],
    byteMisses: [4213112832, 4052646400, 3829170176, 3807412736, 3093146112, 3079525888, 3079210496, 3077547520],
  },
  lru: {
    libCacheSim: 'LRU',
    misses: [93374, 89783, 83572, 81722, 72494, 72104, 71972, 71704],
    byteMisses: [4214303232, 4061242368, 3778040320, 3660569600, 3100927488, 3078128640, 3075403776, 3061662720],
  },
  clock: {
    libCacheSim: 'Clock',
    misses: [93313, 89775, 83411, 81328, 74815, 72283, 71927, 64456],
    byteMisses: [4213887488, 4064512000, 3762650624, 3644467200, 3256760832, 3091688448, 3074241024, 2697378816],
  },
  lfu: {
    libCacheSim: 'LFU',
    misses: [91699, 86720, 78578, 76707, 69945, 66221, 64445, 64376],
    byteMisses: [4158632960, 3917211648, 3536227840, 3455379968, 3035580416, 2801699328, 2699456000, 2696345600],
  },
  sieve: {
    libCacheSim: 'Sieve',
    misses: [91699, 86720, 78578, 76707, 69945, 66221, 64445, 64376],
    byteMisses: [4158632960, 3917211648, 3536227840, 3455379968, 3035580416, 2801699328, 2699456000, 2696345600],
  },
  belady: {
    libCacheSim: 'Belady',
    misses: [79256, 70724, 65481, 61594, 59645, 57599, 50873, 48974],
    byteMisses: [3472532480, 2995165696, 2726689792, 2537648128, 2403427840, 2269212672, 2134992896, 2029769728],
  },
  s3fifo: {
    libCacheSim: 'S3-FIFO',
    misses: [90117, 80915, 75060, 72191, 69815, 65542, 60799, 56045],
    byteMisses: [4058576896, 3573827584, 3244417024, 3061737984, 2898109952, 2628363776, 2425027072, 2327934464],
  },
  arc: {
    libCacheSim: 'ARC',
    misses: [90252, 85861, 78168, 74297, 67381, 65685, 64439, 64772],
    byteMisses: [4068098560, 3821026816, 3525644800, 3296890368, 2868538880, 2771180032, 2699484672, 2712971264],
  },
  gdsf: {
    libCacheSim: 'GDSF',
    misses: [89070, 84750, 74850, 70490, 67923, 64180, 61027, 58721],
    byteMisses: [4210726912, 4057058816, 3719176192, 3436855296, 3271648256, 3029728768, 2828456448, 2677800448],
  },
};

export interface ConformanceRow extends CacheResult {
  expectedMisses: number;
  expectedByteMisses: number;
  exact: boolean;
}

export async function runConformance(file: string, policies: string[] = Object.keys(PUBLISHED), options: GridOptions = {}): Promise<ConformanceRow[]> {
  const unknown = policies.filter((p) => !(p in PUBLISHED));
  if (unknown.length > 0) {
    throw new InputError(`libCacheSim publishes no counts for ${unknown.join(', ')} (known: ${Object.keys(PUBLISHED).join(', ')})`, { field: 'policy' });
  }
  const results = await runGrid({ file, format: 'oracleGeneral' }, policies, [...CONFORMANCE_SIZES], {}, options);
  return results.map((r) => {
    const pub = PUBLISHED[r.policy];
    const k = CONFORMANCE_SIZES.indexOf(r.cacheSize);
    const expectedMisses = pub.misses[k];
    const expectedByteMisses = pub.byteMisses[k];
    const exact = r.requests === CONFORMANCE_REQUESTS && r.misses === expectedMisses && r.byteMisses === expectedByteMisses;
    return { ...r, expectedMisses, expectedByteMisses, exact };
  });
}
