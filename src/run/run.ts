/** `cdnsim run` as a library call: load, simulate, write the results directory. */
import { dirname, join, resolve } from 'node:path';
import type { EngineName } from '../engine/engine.js';
import { writeReport } from '../report/html/index.js';
import { writeRunTables } from '../report/outputs.js';
import type { Manifest } from '../report/results.js';
import { loadScenarioFile } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { toJson, writeFileAtomic } from '../util/atomic.js';
import { openJsonLines } from '../util/jsonl.js';
import { InputError } from '../errors.js';
import type { ModelDef } from '../models/model.js';
import { findModel, models } from '../models/index.js';
import { timedSimulate } from './execute.js';
import { commitStaging, dropStaging, openStaging } from './folder.js';
import { runManifest } from './manifest.js';
import { simulateOnPool } from './replications.js';
import type { SimulateResult } from './simulate.js';

export interface RunOptions {
  /** Results directory; default results/<scenario name> under the working directory. */
  out?: string;
  seed?: number;
  engine?: EngineName | 'auto';
  /** Write report.html and charts/ after the results (default true). */
  report?: boolean;
  /** Write the model's debugging log, events.jsonl. */
  events?: boolean;
  /** Run the replications of the scenario file on this many worker threads (one process when absent). */
  workers?: number;
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
  if (options.events) checkEventLog(scenario);
  if (options.events && options.workers !== undefined) throw new InputError('--events writes the log of one process; leave out --workers');
  // The folder is checked (and its staging made) before simulating: an unwritable one is
  // reported at once, not after the whole run.
  const staged = openStaging(outDir);
  try {
    const log = options.events ? openJsonLines(join(staged.dir, 'events.jsonl')) : null;
    const baseDir = options.file ? dirname(options.file) : '.';
    let simulated;
    try {
      simulated =
        options.workers !== undefined && options.file !== undefined && scenario.replications > 1
          ? await simulateOnPool(scenario, { file: options.file, seed: options.seed, engine: options.engine, baseDir: resolve(baseDir), workers: options.workers })
          : await timedSimulate(scenario, { seed: options.seed, engine: options.engine, baseDir, events: log ? (r) => log.write(r) : undefined });
      log?.close();
    } catch (e) {
      log?.abort();
      throw e;
    }
    const { result, timing } = simulated;
    const manifest = runManifest(scenario, options.seed ?? scenario.seed, options.file ?? null, timing);
    // Summary, tables, manifest, then the report drawn from them; the swap makes them visible together.
    writeFileAtomic(join(staged.dir, 'summary.json'), toJson(result.summary));
    writeRunTables(staged.dir, scenario.name, result.summary);
    writeFileAtomic(join(staged.dir, 'manifest.json'), toJson(manifest));
    if (options.report !== false) writeReport(staged.dir);
    commitStaging(staged);
    return { ...result, scenario, outDir, manifest };
  } catch (e) {
    dropStaging(staged);
    throw e;
  }
}

function checkEventLog(scenario: Scenario): void {
  const model = findModel(scenario.model) as ModelDef | undefined;
  if (!model?.eventLog) {
    const withLog = models.filter((m) => m.eventLog).map((m) => m.name);
    throw new InputError(`the ${scenario.model} model writes no event log; --events applies to ${withLog.join(', ')}`);
  }
}
