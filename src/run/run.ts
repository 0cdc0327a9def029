/** `cdnsim run` as a library call: load, simulate, write the results directory. */
import { dirname, join } from 'node:path';
import type { EngineName } from '../engine/engine.js';
import { writeReport } from '../report/html/index.js';
import { writeRunTables } from '../report/outputs.js';
import type { Manifest } from '../report/results.js';
import { loadScenarioFile } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { toJson, writeFileAtomic } from '../util/atomic.js';
import { openJsonLines, type JsonLines } from '../util/jsonl.js';
import { InputError } from '../errors.js';
import type { ModelDef } from '../models/model.js';
import { findModel, models } from '../models/index.js';
import { timedSimulate } from './execute.js';
import { runManifest } from './manifest.js';
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
  const log = options.events ? openEventLog(scenario, outDir) : null;
  let simulated;
  try {
    simulated = await timedSimulate(scenario, { seed: options.seed, engine: options.engine, baseDir: options.file ? dirname(options.file) : '.', events: log ? (r) => log.write(r) : undefined });
    log?.close();
  } catch (e) {
    log?.abort();
    throw e;
  }
  const { result, timing } = simulated;
  const manifest = runManifest(scenario, options.seed ?? scenario.seed, options.file ?? null, timing);
  // Summary, tables, manifest last: a manifest marked complete means the rest is there.
  writeFileAtomic(join(outDir, 'summary.json'), toJson(result.summary));
  writeRunTables(outDir, scenario.name, result.summary);
  writeFileAtomic(join(outDir, 'manifest.json'), toJson(manifest));
  // The report is drawn from the files just written, so it can be redrawn any time with `cdnsim report`.
  if (options.report !== false) writeReport(outDir);
  return { ...result, scenario, outDir, manifest };
}

function openEventLog(scenario: Scenario, outDir: string): JsonLines {
  const model = findModel(scenario.model) as ModelDef | undefined;
  if (!model?.eventLog) {
    const withLog = models.filter((m) => m.eventLog).map((m) => m.name);
    throw new InputError(`the ${scenario.model} model writes no event log; --events applies to ${withLog.join(', ')}`);
  }
  return openJsonLines(join(outDir, 'events.jsonl'));
}
