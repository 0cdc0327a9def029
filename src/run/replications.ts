/**
 * One scenario's replications spread over the worker pool (`cdnsim run FILE --workers N`
 * without a sweep). Each replication runs on its own, as a sweep's runs do; their results
 * are gathered in replication order and summarised as simulate() does in one process, so
 * summary.json is the same bytes however many workers ran it.
 */
import type { EngineName } from '../engine/engine.js';
import { InputError } from '../errors.js';
import type { Json, ModelDef } from '../models/model.js';
import { findModel } from '../models/index.js';
import { parseScenarioSource, readScenarioText } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import type { RunReply, RunTask } from './execute.js';
import type { Timing } from './manifest.js';
import { RunPool } from './pool.js';
import { resolveEngine, summarize, type SimulateResult } from './simulate.js';

export interface PoolOptions {
  /** The scenario file: each replication validates and runs the scenario as written there. */
  file: string;
  seed?: number;
  engine?: EngineName | 'auto';
  /** Folder that paths in the scenario are relative to. */
  baseDir: string;
  workers: number;
}

export async function simulateOnPool(scenario: Scenario, options: PoolOptions): Promise<{ result: SimulateResult; timing: Timing }> {
  const model = findModel(scenario.model) as ModelDef | undefined;
  if (!model) throw new InputError(`unknown model '${scenario.model}'`, { field: 'model' });
  const seed = options.seed ?? scenario.seed;
  const engine = resolveEngine(options.engine ?? scenario.engine);
  // As written (units unresolved), which the threads validate again, one replication each.
  const raw = { ...(parseScenarioSource(readScenarioText(options.file), options.file).source.data as Record<string, unknown>), replications: 1 };
  const tasks: RunTask[] = [];
  for (let r = 0; r < scenario.replications; r++) tasks.push({ id: `r${r}`, replication: r, raw, seed, engine, baseDir: options.baseDir, keepReplication: true });
  const startedAt = new Date();
  const t0 = process.hrtime.bigint();
  const replies: RunReply[] = new Array(tasks.length);
  const pool = await RunPool.open(Math.min(options.workers, tasks.length));
  try {
    await pool.runAll(tasks, (reply) => (replies[Number(reply.id.slice(1))] = reply));
  } finally {
    await pool.close();
  }
  const reps = replies.map((r) => r.replication as Record<string, Json>);
  const eventsProcessed = replies.reduce((sum, r) => sum + r.eventsProcessed, 0);
  const peakQueue = replies.reduce((max, r) => Math.max(max, r.peakQueue), 0);
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const result: SimulateResult = { ...summarize(model, scenario, seed, reps, eventsProcessed), engine, eventsProcessed, peakQueue };
  const timing: Timing = { engine, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), wallSeconds, eventsProcessed, peakQueue };
  return { result, timing };
}
