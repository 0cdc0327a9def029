/**
 * One scenario, start to finish: every replication on a fresh engine, its own random
 * streams, then the model's summary. Pure of the file system and of the wall clock, so
 * the summary is a function of (scenario, seed) alone.
 */
import { createEngine, loadWasm } from '../engine/index.js';
import type { EngineName } from '../engine/engine.js';
import { stream } from '../engine/rng.js';
import { InputError } from '../errors.js';
import type { Json, ModelDef } from '../models/model.js';
import { findModel } from '../models/index.js';
import type { Scenario } from '../scenario/schema.js';

export interface SimulateOptions {
  /** Overrides the scenario's engine. */
  engine?: EngineName | 'auto';
  /** Overrides the scenario's master seed. */
  seed?: number;
  /** Folder that paths in the scenario are relative to (the scenario file's). */
  baseDir?: string;
  /** Number of the first replication (default 0): a sweep runs each replication on its own. */
  firstReplication?: number;
  /** Receives the model's debugging records, each tagged with its replication. */
  events?: (record: { [k: string]: Json }) => void;
}

export interface SimulateResult {
  /** The body of summary.json. */
  summary: { [k: string]: Json };
  /** Lines for the terminal. */
  report: string[];
  engine: EngineName;
  eventsProcessed: number;
  peakQueue: number;
}

export const SUMMARY_SCHEMA_VERSION = 1;

let fallbackNoticeShown = false;

/**
 * `auto` is the WASM engine when its module loads, else the JS engine with a one-line
 * notice on stderr (once per process). Both give identical results; wasm is faster.
 * An explicit name is returned as is: createEngine reports one that cannot load.
 */
export function resolveEngine(requested: EngineName | 'auto'): EngineName {
  if (requested !== 'auto') return requested;
  const wasm = loadWasm();
  if (wasm.ok) return 'wasm';
  if (!fallbackNoticeShown) {
    fallbackNoticeShown = true;
    process.stderr.write(`cdnsim: notice: using the js engine; the wasm engine is unavailable: ${wasm.reason}\n`);
  }
  return 'js';
}

export async function simulate(scenario: Scenario, options: SimulateOptions = {}): Promise<SimulateResult> {
  const model = findModel(scenario.model) as ModelDef | undefined;
  if (!model) throw new InputError(`unknown model '${scenario.model}'`, { field: 'model' });
  const seed = options.seed ?? scenario.seed;
  const engineName = resolveEngine(options.engine ?? scenario.engine);
  await model.prepare?.(scenario as never, { baseDir: options.baseDir ?? '.' });
  const reps: Record<string, Json>[] = [];
  let eventsProcessed = 0;
  let peakQueue = 0;
  const first = options.firstReplication ?? 0;
  for (let r = first; r < first + scenario.replications; r++) {
    const engine = await createEngine(engineName);
    const rng = (component: string, entity = 0) => stream({ seed, replication: r, component, entity }, scenario.rng);
    const sink = options.events;
    const events = sink ? (record: { [k: string]: Json }) => sink({ replication: r, ...record }) : undefined;
    reps.push(model.replicate({ scenario: scenario as never, engine, replication: r, rng, events }));
    eventsProcessed += engine.eventsProcessed;
    peakQueue = Math.max(peakQueue, engine.peakQueue);
  }
  return { ...summarize(model, scenario, seed, reps, eventsProcessed), engine: engineName, eventsProcessed, peakQueue };
}

/** summary.json's body and the terminal lines from the replications' results, however they were run. */
export function summarize(model: ModelDef, scenario: Scenario, seed: number, reps: Record<string, Json>[], eventsProcessed: number): Pick<SimulateResult, 'summary' | 'report'> {
  const modelSummary = model.summarize(scenario as never, reps);
  const summary = {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    scenario: scenario.name,
    model: scenario.model,
    seed,
    replications: scenario.replications,
    duration: scenario.duration,
    warmup: scenario.warmup,
    eventsProcessed,
    ...modelSummary,
    perReplication: reps,
  };
  return { summary, report: model.report(modelSummary) };
}
