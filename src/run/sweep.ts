/**
 * `cdnsim run` on a sweep: pick this shard's runs, skip the complete ones when resuming,
 * run the rest on the worker pool writing each result as it arrives, then write the
 * tables (once every run of the sweep is complete here) and the manifest. All of it goes
 * into a new version of the results folder, swapped in whole at the end (folder.ts).
 */
import { join } from 'node:path';
import type { EngineName } from '../engine/engine.js';
import { InputError } from '../errors.js';
import { writeReport } from '../report/html/index.js';
import { writeSweepTables } from '../report/outputs.js';
import { runManifest, runnerInfo, type SweepManifest, type SweepRunManifest } from './manifest.js';
import type { RunReply, RunTask } from './execute.js';
import { commitStaging, dropStaging, openStaging, type Staged } from './folder.js';
import { adoptRuns, isRunComplete, writeRun, writeSweepManifest, writeSweepRecord } from './layout.js';
import { sweepRecord, type Plan, type RunSpec, type SweepRecord } from './plan.js';
import { defaultWorkers, RunPool, type Stop } from './pool.js';
import { ProgressReporter, type ProgressMode } from './progress.js';
import { shardRuns, type Shard } from './shard.js';
import { resolveEngine } from './simulate.js';
import { readCounters } from './counters.js';

export interface SweepOptions {
  /** Results directory; default results/<scenario name>. */
  out?: string;
  engine?: EngineName | 'auto';
  /** Worker threads; default the available cores. */
  workers?: number;
  shard?: Shard;
  /** Keep runs whose results are complete. */
  resume?: boolean;
  progress?: ProgressMode;
  stop?: Stop;
}

export interface SweepOutcome {
  outDir: string;
  manifest: SweepManifest;
}

export function sweepOut(plan: Plan, out?: string): string {
  return out ?? join('results', plan.name);
}

/** This shard's runs, and those of them still to do. */
export function selectRuns(plan: Plan, outDir: string, shard: Shard | undefined, resume: boolean): { selected: RunSpec[]; todo: RunSpec[] } {
  const selected = shardRuns(plan.runs, shard);
  return { selected, todo: resume ? selected.filter((r) => !isRunComplete(outDir, r, plan.seed)) : selected };
}

/**
 * With `resolve`, `auto` is decided here, once, so the fallback notice is printed once
 * rather than by every thread; queue jobs leave it to each machine.
 */
export function runTasks(plan: Plan, runs: RunSpec[], engine: EngineName | 'auto' | undefined, resolve = true): RunTask[] {
  return runs.map((r) => {
    const requested = engine ?? r.scenario.engine;
    return { id: r.id, replication: r.replication, raw: r.raw, seed: plan.seed, engine: resolve ? resolveEngine(requested) : requested, baseDir: plan.baseDir };
  });
}

export function sweepRunManifest(plan: Plan, run: RunSpec, reply: Omit<RunReply, 'summary'>): SweepRunManifest {
  return {
    ...runManifest(run.scenario, plan.seed, plan.file, reply, reply.runner),
    sweep: plan.id,
    run: run.id,
    replication: run.replication,
    parameters: run.parameters,
    host: reply.runner.host,
  };
}

export async function runSweep(plan: Plan, options: SweepOptions = {}): Promise<SweepOutcome> {
  const outDir = sweepOut(plan, options.out);
  const record = sweepRecord(plan);
  // The new version is built beside the folder: the runs of this sweep it already holds
  // (and, resuming, those of a run that was killed) are kept, the rest is made anew.
  const staged = openStaging(outDir, options.resume ? (abandoned, dir) => adoptRuns(abandoned, dir, record) : undefined);
  try {
    adoptRuns(outDir, staged.dir, record);
    return await runStaged(plan, record, staged, options);
  } catch (e) {
    dropStaging(staged);
    throw e;
  }
}

async function runStaged(plan: Plan, record: SweepRecord, staged: Staged, options: SweepOptions): Promise<SweepOutcome> {
  const dir = staged.dir;
  const { selected, todo } = selectRuns(plan, dir, options.shard, options.resume ?? false);
  const byId = new Map(plan.runs.map((r) => [r.id, r]));
  const startedAt = new Date();
  const t0 = process.hrtime.bigint();
  writeSweepRecord(dir, record);
  const threads = Math.max(1, Math.min(options.workers ?? defaultWorkers(), todo.length));
  let runSeconds = 0;
  let events = 0;
  let runsDone = 0;
  let status: SweepManifest['status'] = 'complete';
  let failure: unknown;
  if (todo.length > 0) {
    const pool = await RunPool.open(threads);
    const reporter = new ProgressReporter(options.progress ?? 'none', todo.length, () => {
      const c = readCounters(pool.shared);
      return { done: c.runs, events: c.events };
    });
    reporter.start({ sweep: plan.id, skipped: selected.length - todo.length, workers: threads });
    try {
      const onReply = (reply: RunReply) => {
        const run = byId.get(reply.id)!;
        writeRun(dir, run.id, reply.summary, sweepRunManifest(plan, run, reply));
        runSeconds += reply.wallSeconds;
        events += reply.eventsProcessed;
        runsDone++;
        reporter.run({ id: run.id, replication: run.replication, parameters: run.parameters, wallSeconds: reply.wallSeconds, eventsProcessed: reply.eventsProcessed });
      };
      status = await pool.runAll(runTasks(plan, todo, options.engine), onReply, options.stop);
    } catch (e) {
      status = 'failed';
      failure = e;
    } finally {
      await pool.close();
    }
    reporter.finish({ status });
  }
  // Stopped or failed, the version still goes in whole: its manifest says so and --resume continues it.
  let manifest: SweepManifest | undefined;
  commitStaging(staged, () => {
    adoptRuns(staged.out, dir, record);
    manifest = finishSweep(dir, record, plan.file, {
      mode: 'pool',
      shard: options.shard ?? null,
      workers: todo.length > 0 ? threads : 0,
      runsSelected: selected.length,
      runsSkipped: selected.length - todo.length,
      runsDone,
      startedAt,
      t0,
      runSeconds,
      eventsProcessed: events,
      status,
      error: failure === undefined ? undefined : String((failure as Error)?.message ?? failure),
    });
  });
  if (failure !== undefined) throw failure;
  return { outDir: staged.out, manifest: manifest! };
}

export interface Finish {
  mode: SweepManifest['mode'];
  shard: Shard | null;
  workers: number | null;
  runsSelected: number;
  runsSkipped: number;
  runsDone: number;
  startedAt: Date;
  t0: bigint;
  runSeconds: number;
  eventsProcessed: number;
  status: SweepManifest['status'];
  error?: string;
  sources?: string[];
  queue?: SweepManifest['queue'];
}

/**
 * The tables (summary.csv, summary.parquet, series/) when every run of the sweep is
 * complete here, then the manifest, last; then report.html, drawn from those files.
 */
export function finishSweep(outDir: string, record: SweepRecord, file: string | null, f: Finish): SweepManifest {
  const complete = record.runs.every((r) => isRunComplete(outDir, r, record.seed));
  if (complete) writeSweepTables(outDir, record);
  const wallSeconds = Number(process.hrtime.bigint() - f.t0) / 1e9;
  const who = runnerInfo();
  const manifest: SweepManifest = {
    schemaVersion: 1,
    kind: 'sweep',
    sweep: record.sweep,
    scenario: record.scenario,
    scenarioFile: file,
    mode: f.mode,
    cdnsim: who.cdnsim,
    node: who.node,
    host: who.host,
    shard: f.shard,
    workers: f.workers,
    runsInSweep: record.runs.length,
    runsSelected: f.runsSelected,
    runsSkipped: f.runsSkipped,
    runsDone: f.runsDone,
    startedAt: f.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    wallSeconds,
    runSeconds: f.runSeconds,
    overheadSecondsPerRun: f.runsDone > 0 && f.workers !== null ? Math.max(0, wallSeconds * f.workers - f.runSeconds) / f.runsDone : null,
    eventsProcessed: f.eventsProcessed,
    eventsPerSecond: wallSeconds > 0 ? f.eventsProcessed / wallSeconds : 0,
    summaryCsv: complete,
    status: f.status,
    ...(f.error !== undefined ? { error: f.error } : {}),
    ...(f.sources ? { sources: f.sources } : {}),
    ...(f.queue ? { queue: f.queue } : {}),
  };
  writeSweepManifest(outDir, manifest);
  if (complete) writeReport(outDir);
  return manifest;
}

/** Options that only make sense for a sweep, named for the error when the scenario has none. */
export function sweepOnly(flags: Record<string, unknown>): void {
  const given = Object.entries(flags).filter(([, v]) => v !== undefined && v !== false).map(([k]) => k);
  if (given.length > 0) throw new InputError(`${given.join(', ')} appl${given.length === 1 ? 'ies' : 'y'} to sweeps; this scenario has no sweep: section`);
}
