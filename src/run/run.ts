/** `cdnsim run` as a library call: load, simulate, write the results directory. */
import { dirname, join } from 'node:path';
import type { EngineName } from '../engine/engine.js';
import { gitCommit, packageVersion, scenarioHash, writeRunResults, type Manifest } from '../report/results.js';
import { loadScenarioFile } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { simulate, type SimulateResult } from './simulate.js';

export interface RunOptions {
  /** Results directory; default results/<scenario name> under the working directory. */
  out?: string;
  seed?: number;
  engine?: EngineName | 'auto';
}

export interface RunOutcome extends SimulateResult {
  scenario: Scenario;
  outDir: string;
  manifest: Manifest;
}

export async function runScenarioFile(file: string, options: RunOptions = {}): Promise<RunOutcome> {
  const scenario = loadScenarioFile(file);
  return runScenario(scenario, { ...options, file });
}

export async function runScenario(scenario: Scenario, options: RunOptions & { file?: string } = {}): Promise<RunOutcome> {
  const outDir = options.out ?? join('results', scenario.name);
  const startedAt = new Date();
  const t0 = process.hrtime.bigint();
  const result = await simulate(scenario, { seed: options.seed, engine: options.engine, baseDir: options.file ? dirname(options.file) : '.' });
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const manifest: Manifest = {
    schemaVersion: 1,
    cdnsim: { version: packageVersion(), commit: gitCommit() },
    node: process.version,
    scenarioFile: options.file ?? null,
    scenario,
    scenarioHash: scenarioHash(scenario),
    seed: options.seed ?? scenario.seed,
    engine: result.engine,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    wallSeconds,
    eventsProcessed: result.eventsProcessed,
    peakQueue: result.peakQueue,
    eventsPerSecond: wallSeconds > 0 ? result.eventsProcessed / wallSeconds : 0,
    status: 'complete',
  };
  writeRunResults(outDir, manifest, result.summary);
  return { ...result, scenario, outDir, manifest };
}
