/**
 * Manifests: the wall-clock side of a result (what ran, where, when, how long). They sit
 * beside summaries, which hold none of it, so summaries compare byte for byte.
 */
import { hostname } from 'node:os';
import { gitCommit, packageVersion, scenarioHash, type Manifest } from '../report/results.js';
import type { Json } from '../models/model.js';
import type { Scenario } from '../scenario/schema.js';

/** The machine and build a run ran on. */
export interface Runner {
  cdnsim: { version: string; commit: string | null };
  node: string;
  host: string;
}

let runner: Runner | undefined;

/** Computed once per thread: finding the commit starts git. */
export function runnerInfo(): Runner {
  runner ??= { cdnsim: { version: packageVersion(), commit: gitCommit() }, node: process.version, host: hostname() };
  return runner;
}

/** What a finished simulation reports about itself. */
export type Timing = Pick<Manifest, 'engine' | 'startedAt' | 'finishedAt' | 'wallSeconds' | 'eventsProcessed' | 'peakQueue'>;

export function runManifest(scenario: Scenario, seed: number, file: string | null, timing: Timing, who: Runner = runnerInfo()): Manifest {
  return {
    schemaVersion: 1,
    cdnsim: who.cdnsim,
    node: who.node,
    scenarioFile: file,
    scenario,
    scenarioHash: scenarioHash(scenario),
    seed,
    engine: timing.engine,
    startedAt: timing.startedAt,
    finishedAt: timing.finishedAt,
    wallSeconds: timing.wallSeconds,
    eventsProcessed: timing.eventsProcessed,
    peakQueue: timing.peakQueue,
    eventsPerSecond: timing.wallSeconds > 0 ? timing.eventsProcessed / timing.wallSeconds : 0,
    status: 'complete',
  };
}

/** One run of a sweep: the run's manifest plus where it sits in the sweep and the host. */
export interface SweepRunManifest extends Manifest {
  sweep: string;
  run: string;
  replication: number;
  parameters: { [k: string]: Json };
  host: string;
}

/** One invocation over a sweep (`run`, one shard, a merge or a queue collection). */
export interface SweepManifest {
  schemaVersion: 1;
  kind: 'sweep';
  sweep: string;
  scenario: string;
  scenarioFile: string | null;
  mode: 'pool' | 'merge' | 'queue';
  cdnsim: Runner['cdnsim'];
  node: string;
  host: string;
  shard: { index: number; count: number; from: string } | null;
  workers: number | null;
  runsInSweep: number;
  /** Runs this invocation was responsible for (its shard), done now or before. */
  runsSelected: number;
  /** Runs found complete and kept (resume, or already present in a merge target). */
  runsSkipped: number;
  /** Runs finished by this invocation. */
  runsDone: number;
  startedAt: string;
  finishedAt: string;
  wallSeconds: number;
  /** Wall seconds of the runs themselves, summed. */
  runSeconds: number;
  /** (wall × workers − run seconds) / runs: thread start, dispatch, moving and writing results, idle tail. */
  overheadSecondsPerRun: number | null;
  eventsProcessed: number;
  eventsPerSecond: number;
  /** Whether summary.csv was written: only when every run of the sweep is complete here. */
  summaryCsv: boolean;
  status: 'complete' | 'interrupted' | 'failed';
  error?: string;
  sources?: string[];
  queue?: { name: string; redis: string };
}
