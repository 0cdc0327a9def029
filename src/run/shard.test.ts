import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { batchSize } from './pool.js';
import { resolveShard, shardRuns } from './shard.js';

describe('shards', () => {
  it('shard I of N takes every Nth run from I; the shards partition the runs', () => {
    const runs = Array.from({ length: 10 }, (_, i) => i);
    const parts = [0, 1, 2].map((index) => shardRuns(runs, { index, count: 3, from: 'test' }));
    expect(parts[1]).toEqual([1, 4, 7]);
    expect(parts.flat().sort((a, b) => a - b)).toEqual(runs);
    expect(shardRuns(runs, undefined)).toBe(runs);
  });

  it('the index comes from the flag or an indexed job; the count from the flag or Slurm', () => {
    expect(resolveShard({}, {})).toBeUndefined();
    expect(resolveShard({ shardIndex: 1, shardCount: 2 }, {})).toEqual({ index: 1, count: 2, from: '--shard-index' });
    expect(resolveShard({ shardCount: 4 }, { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 4, from: 'JOB_COMPLETION_INDEX' });
    expect(resolveShard({ shardCount: 4 }, { AWS_BATCH_JOB_ARRAY_INDEX: '0' })).toMatchObject({ index: 0, from: 'AWS_BATCH_JOB_ARRAY_INDEX' });
    expect(resolveShard({}, { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '4', SLURM_ARRAY_TASK_COUNT: '2' })).toEqual({ index: 1, count: 2, from: 'SLURM_ARRAY_TASK_ID' });
  });

  it('bad shard settings are bad input', () => {
    const bad = (f: () => unknown, pattern: RegExp) => {
      expect(f).toThrow(InputError);
      expect(f).toThrow(pattern);
    };
    bad(() => resolveShard({ shardIndex: 0 }, {}), /--shard-index needs --shard-count/);
    bad(() => resolveShard({ shardCount: 2 }, {}), /no shard index/);
    bad(() => resolveShard({ shardCount: 2 }, { JOB_COMPLETION_INDEX: 'two' }), /JOB_COMPLETION_INDEX must be an integer/);
    bad(() => resolveShard({ shardIndex: 2, shardCount: 2 }, {}), /out of range: with 2 shards it must be 0 to 1/);
  });
});

describe('batches', () => {
  it('fill 0.2 s of work, one run while run times are unknown, and leave the tail to every thread', () => {
    expect(batchSize(0, 100, 2)).toBe(1);
    expect(batchSize(0.001, 1000, 2)).toBe(200);
    expect(batchSize(0.001, 40, 2)).toBe(10);
    expect(batchSize(2, 100, 2)).toBe(1);
    expect(batchSize(0.001, 3, 2)).toBe(1);
  });
});
