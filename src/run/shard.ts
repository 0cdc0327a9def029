/**
 * Index-sharded jobs, no broker: shard I of N takes the runs at positions I, I+N, I+2N…
 * of the id-sorted plan, so every shard computes its share from the scenario alone.
 * Batch systems that launch N copies of one command give each its index in an
 * environment variable; the count comes from the flag (or Slurm's own variable).
 */
import { InputError } from '../errors.js';

export interface Shard {
  index: number;
  count: number;
  /** Where the index came from: the flag or an environment variable. */
  from: string;
}

/** Index variables of array/indexed jobs, in the order they are looked for. */
export const INDEX_VARIABLES = ['JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX', 'SLURM_ARRAY_TASK_ID'] as const;

export function resolveShard(flags: { shardIndex?: number; shardCount?: number }, env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  let count = flags.shardCount;
  let countFrom = '--shard-count';
  if (count === undefined && env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_COUNT !== undefined) {
    count = integer(env.SLURM_ARRAY_TASK_COUNT, 'SLURM_ARRAY_TASK_COUNT');
    countFrom = 'SLURM_ARRAY_TASK_COUNT';
  }
  if (count === undefined) {
    if (flags.shardIndex !== undefined) throw new InputError('--shard-index needs --shard-count');
    return undefined;
  }
  if (!Number.isInteger(count) || count < 1) throw new InputError(`${countFrom} must be a positive integer, got ${count}`);
  let index = flags.shardIndex;
  let from = '--shard-index';
  if (index === undefined) {
    const name = INDEX_VARIABLES.find((v) => env[v] !== undefined && env[v] !== '');
    if (!name) throw new InputError(`no shard index: pass --shard-index, or run as an indexed job (${INDEX_VARIABLES.join(', ')})`);
    index = integer(env[name]!, name);
    // Slurm arrays may start at any number (--array=1-4).
    if (name === 'SLURM_ARRAY_TASK_ID' && env.SLURM_ARRAY_TASK_MIN !== undefined) index -= integer(env.SLURM_ARRAY_TASK_MIN, 'SLURM_ARRAY_TASK_MIN');
    from = name;
  }
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new InputError(`shard index ${index} (from ${from}) is out of range: with ${count} shard${count === 1 ? '' : 's'} it must be 0 to ${count - 1}`);
  }
  return { index, count, from };
}

export function shardRuns<T>(runs: T[], shard: Shard | undefined): T[] {
  return shard ? runs.filter((_, k) => k % shard.count === shard.index) : runs;
}

function integer(text: string, name: string): number {
  if (!/^\s*-?\d+\s*$/.test(text)) throw new InputError(`${name} must be an integer, got '${text}'`);
  return Number(text);
}
