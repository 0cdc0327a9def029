/**
 * The exact part of the CI benchmarks: each scenario of scenarios/bench runs in this
 * process on every engine that loads, and its golden metrics (every scalar of
 * summary.json), work counters and summary hash must equal results/baseline/<name>.json
 * bit for bit. The simulation is a function of (scenario, seed), so any difference is a
 * change in behaviour: intended ones are committed with --update-baseline.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineName } from '../engine/engine.js';
import { loadWasm } from '../engine/index.js';
import { InputError } from '../errors.js';
import { scenarioHash } from '../report/results.js';
import { scalarColumns } from '../report/tables.js';
import { simulate } from '../run/simulate.js';
import { loadScenarioFile } from '../scenario/load.js';
import { toJson, writeFileAtomic } from '../util/atomic.js';

export const BASELINE_SCHEMA_VERSION = 1;

/** The cdnsim package this module belongs to (from src/bench and dist/bench alike). */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What a baseline pins down. No wall-clock figure, machine or engine name: equal behaviour, equal bytes. */
export interface Baseline {
  schemaVersion: number;
  scenario: string;
  /** The scenario file, relative to the package root. */
  file: string;
  /** Of the resolved scenario: a changed scenario is reported as such, not as changed behaviour. */
  scenarioHash: string;
  seed: number;
  /** Of summary.json's bytes: catches changes outside the scalars (series, per-site and per-link lists). */
  summarySha256: string;
  /** The engine's work. */
  counters: { eventsProcessed: number; peakQueue: number };
  /** Every scalar of summary.json, by the dotted names of summary.csv. */
  metrics: Record<string, number | null>;
}

export interface Mismatch {
  kind: 'scenario' | 'counter' | 'metric' | 'summary';
  name: string;
  baseline: number | string | null;
  got: number | string | null;
}

export interface ExactCheck {
  file: string;
  baselineFile: string;
  scenario: string;
  engines: { engine: EngineName; mismatches: Mismatch[] }[];
  ok: boolean;
}

export interface ExactReport {
  checks: ExactCheck[];
  /** Engines that could not run here, and why (the wasm module may be missing). */
  skipped: { engine: EngineName; reason: string }[];
  ok: boolean;
}

export interface ExactOptions {
  /** Scenario files; default every scenarios/bench/*.yaml of the package. */
  files?: string[];
  /** Default results/baseline of the package. */
  baselineDir?: string;
  /** Default every engine that loads. */
  engines?: EngineName[];
  /** Paths in baselines are relative to this (default the package root). */
  root?: string;
}

export function defaultScenarioFiles(root = packageRoot): string[] {
  const dir = join(root, 'scenarios', 'bench');
  if (!existsSync(dir)) throw new InputError('no benchmark scenarios (scenarios/bench/*.yaml)', { file: dir });
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(dir, f));
}

export function defaultBaselineDir(root = packageRoot): string {
  return join(root, 'results', 'baseline');
}

/** results/baseline/<scenario file's base name>.json */
export function baselinePath(baselineDir: string, file: string): string {
  return join(baselineDir, `${basename(file, extname(file))}.json`);
}

/** The js engine, and the wasm one when its module loads. */
export function availableEngines(): { engines: EngineName[]; skipped: ExactReport['skipped'] } {
  const wasm = loadWasm();
  return wasm.ok ? { engines: ['js', 'wasm'], skipped: [] } : { engines: ['js'], skipped: [{ engine: 'wasm', reason: wasm.reason }] };
}

/** One scenario on one engine, in this process: what its baseline would hold. */
export async function observe(file: string, engine: EngineName, root = packageRoot): Promise<Baseline> {
  const scenario = loadScenarioFile(file);
  const r = await simulate(scenario, { engine, baseDir: dirname(file) });
  const metrics = scalarColumns(r.summary);
  // The engine's work is a counter, beside peakQueue, not a model metric.
  metrics.delete('eventsProcessed');
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    scenario: scenario.name,
    file: relative(root, resolve(file)).split(sep).join('/'),
    scenarioHash: scenarioHash(scenario),
    seed: scenario.seed,
    summarySha256: createHash('sha256').update(toJson(r.summary)).digest('hex'),
    counters: { eventsProcessed: r.eventsProcessed, peakQueue: r.peakQueue },
    metrics: Object.fromEntries(metrics),
  };
}

/**
 * Every difference, exact: a metric that moved by one ulp is a change in behaviour.
 * Plain equality, because JSON writes -0 as 0 (and non-finite numbers are already null).
 */
export function diffBaselines(expected: Baseline, got: Baseline): Mismatch[] {
  const out: Mismatch[] = [];
  if (expected.scenarioHash !== got.scenarioHash) out.push({ kind: 'scenario', name: 'scenarioHash', baseline: expected.scenarioHash, got: got.scenarioHash });
  if (expected.seed !== got.seed) out.push({ kind: 'scenario', name: 'seed', baseline: expected.seed, got: got.seed });
  for (const name of ['eventsProcessed', 'peakQueue'] as const) {
    if (expected.counters[name] !== got.counters[name]) out.push({ kind: 'counter', name, baseline: expected.counters[name] ?? null, got: got.counters[name] });
  }
  for (const name of new Set([...Object.keys(expected.metrics), ...Object.keys(got.metrics)])) {
    const [b, g] = [expected.metrics[name], got.metrics[name]];
    if (b !== g) out.push({ kind: 'metric', name, baseline: b === undefined ? 'absent' : b, got: g === undefined ? 'absent' : g });
  }
  if (expected.summarySha256 !== got.summarySha256) out.push({ kind: 'summary', name: 'summarySha256', baseline: expected.summarySha256, got: got.summarySha256 });
  return out;
}

export function readBaseline(path: string, scenarioFile: string): Baseline {
  if (!existsSync(path)) {
    throw new InputError(`no baseline for ${scenarioFile}; create it with 'cdnsim bench ci --update-baseline' and commit it`, { file: path });
  }
  let value: Partial<Baseline>;
  try {
    value = JSON.parse(readFileSync(path, 'utf8')) as Partial<Baseline>;
  } catch (e) {
    throw new InputError(`corrupt baseline: ${(e as Error).message}; rewrite it with 'cdnsim bench ci --update-baseline'`, { file: path });
  }
  if (value?.schemaVersion !== BASELINE_SCHEMA_VERSION || typeof value.metrics !== 'object' || typeof value.counters !== 'object') {
    throw new InputError(`not a baseline of schemaVersion ${BASELINE_SCHEMA_VERSION}; rewrite it with 'cdnsim bench ci --update-baseline'`, { file: path });
  }
  return value as Baseline;
}

export async function checkExact(options: ExactOptions = {}): Promise<ExactReport> {
  const root = options.root ?? packageRoot;
  const files = options.files ?? defaultScenarioFiles(root);
  const dir = options.baselineDir ?? defaultBaselineDir(root);
  const available = availableEngines();
  const engines = options.engines ?? available.engines;
  // Every baseline is read before anything runs: a missing one is a setup problem, said at once.
  const baselines = files.map((f) => readBaseline(baselinePath(dir, f), f));
  const checks: ExactCheck[] = [];
  for (const [i, file] of files.entries()) {
    const results = [];
    for (const engine of engines) results.push({ engine, mismatches: diffBaselines(baselines[i], await observe(file, engine, root)) });
    checks.push({ file, baselineFile: baselinePath(dir, file), scenario: baselines[i].scenario, engines: results, ok: results.every((r) => r.mismatches.length === 0) });
  }
  return { checks, skipped: options.engines ? [] : available.skipped, ok: checks.every((c) => c.ok) };
}

/**
 * Write each scenario's baseline from what it does now. The engines must agree first:
 * a baseline one of them cannot reproduce would fail every later check.
 */
export async function updateBaselines(options: ExactOptions = {}): Promise<{ written: string[]; skipped: ExactReport['skipped'] }> {
  const root = options.root ?? packageRoot;
  const files = options.files ?? defaultScenarioFiles(root);
  const dir = options.baselineDir ?? defaultBaselineDir(root);
  const available = availableEngines();
  const engines = options.engines ?? available.engines;
  const written: string[] = [];
  for (const file of files) {
    const seen: Baseline[] = [];
    for (const engine of engines) seen.push(await observe(file, engine, root));
    seen.slice(1).forEach((other, i) => {
      const diff = diffBaselines(seen[0], other);
      if (diff.length > 0) throw new Error(`${file}: the ${engines[0]} and ${engines[i + 1]} engines disagree (${diff.map((d) => d.name).join(', ')}); no baseline written`);
    });
    const path = baselinePath(dir, file);
    writeFileAtomic(path, toJson(seen[0]));
    written.push(path);
  }
  return { written, skipped: options.engines ? [] : available.skipped };
}
