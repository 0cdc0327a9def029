/**
 * One run of a sweep, wherever it executes (a pool thread, a queue worker's pool): check
 * the point as written, simulate its one replication, return the summary as bytes.
 */
import type { EngineName } from '../engine/engine.js';
import { InputError } from '../errors.js';
import type { Json } from '../models/model.js';
import { formatPath } from '../scenario/path.js';
import { scenarioSchema, type Scenario } from '../scenario/schema.js';
import { toJson } from '../util/atomic.js';
import { runnerInfo, type Runner, type Timing } from './manifest.js';
import { simulate, type SimulateOptions, type SimulateResult } from './simulate.js';

/** Plain data (structured-clone and JSON safe): it crosses threads and machines. */
export interface RunTask {
  id: string;
  replication: number;
  raw: Record<string, unknown>;
  seed: number;
  engine: EngineName | 'auto';
  baseDir: string;
  /** Also return the replication's own result (a single run's replications on the pool). */
  keepReplication?: boolean;
}

export interface RunReply extends Timing {
  id: string;
  /** summary.json's bytes: moved, not copied, between threads. */
  summary: Uint8Array;
  runner: Runner;
  /** With keepReplication: the model's result of the replication, as replicate() returned it. */
  replication?: Record<string, Json>;
}

/** simulate, with the wall-clock figures a manifest records. */
export async function timedSimulate(scenario: Scenario, options: SimulateOptions): Promise<{ result: SimulateResult; timing: Timing }> {
  const startedAt = new Date();
  const t0 = process.hrtime.bigint();
  const result = await simulate(scenario, options);
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const timing: Timing = {
    engine: result.engine,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    wallSeconds,
    eventsProcessed: result.eventsProcessed,
    peakQueue: result.peakQueue,
  };
  return { result, timing };
}

export async function executeRun(task: RunTask): Promise<RunReply> {
  const parsed = scenarioSchema.safeParse(task.raw);
  if (!parsed.success) {
    // It was valid where the sweep was expanded: another cdnsim version, most likely.
    const issue = parsed.error.issues[0];
    throw new InputError(`the run's scenario does not validate here (is this the cdnsim version that planned it?): ${issue.message}`, { field: formatPath(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))) });
  }
  const scenario = parsed.data as Scenario;
  const { result, timing } = await timedSimulate(scenario, { seed: task.seed, engine: task.engine, baseDir: task.baseDir, firstReplication: task.replication });
  return {
    id: task.id,
    // TextEncoder gives a buffer of its own; Buffer.from may hand out a slice of a shared pool.
    summary: new TextEncoder().encode(toJson(result.summary as Json)),
    ...timing,
    runner: runnerInfo(),
    ...(task.keepReplication ? { replication: (result.summary.perReplication as Record<string, Json>[])[0] } : {}),
  };
}
