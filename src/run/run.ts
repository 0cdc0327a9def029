/** `cdnsim run` as a library call: load, simulate, write the results directory. */
import { dirname, join } from 'node:path';
import type { EngineName } from '../engine/engine.js';
import { writeRunResults, type Manifest } from '../report/results.js';
import { loadScenarioFile } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { timedSimulate } from './execute.js';
import { runManifest } from './manifest.js';
import type { SimulateResult } from './simulate.js';

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
  const { result, timing } = await timedSimulate(scenario, { seed: options.seed, engine: options.engine, baseDir: options.file ? dirname(options.file) : '.' });
  const manifest = runManifest(scenario, options.seed ?? scenario.seed, options.file ?? null, timing);
  writeRunResults(outDir, manifest, result.summary);
  return { ...result, scenario, outDir, manifest };
}
