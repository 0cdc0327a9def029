/**
 * Comparing two results directories metric by metric, for CI: a single run against a
 * single run, or a sweep against a sweep (runs matched by id, and each parameter
 * combination's mean over the replications both sides have).
 *
 * Thresholds: a metric regresses when it moves in its bad direction (see
 * metric-directions.ts) by more than its allowance. A relative threshold (`2%`) allows
 * that share of |BASE|, so a metric whose BASE is 0 is allowed no bad move at all; an
 * absolute threshold (`rebufferRatio=0.0005`, no `%`) allows that much in the metric's
 * own units, which suits ratios that sit near 0. A sweep's verdict is over its points:
 * means over replications average out the noise a single replication carries.
 */
import { InputError } from '../errors.js';
import type { Json } from '../models/model.js';
import { canonicalJson } from './results.js';
import { directionOf, matchSelector, METRIC_DIRECTIONS, type Direction } from './metric-directions.js';
import { readResultsDir, type ResultsDir, type RunMetrics } from './results-dir.js';
import { readSummaryTable } from './parquet.js';
import { SUMMARY_PARQUET } from './tables.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface Tolerance {
  kind: 'relative' | 'absolute';
  /** A fraction of |BASE| when relative; the metric's own units when absolute. */
  value: number;
}

export interface Thresholds {
  default: Tolerance;
  /** Per metric or dotted prefix; the longest matching selector wins. */
  metrics: Map<string, Tolerance>;
}

export const DEFAULT_THRESHOLD: Tolerance = { kind: 'relative', value: 0.02 };

/** unchanged; improved / worse (within the allowance) / regressed; changed (neutral, or a value appeared or vanished). */
export type Status = 'unchanged' | 'improved' | 'worse' | 'regressed' | 'changed';

export interface Row {
  metric: string;
  direction: Direction;
  /** False when no rule in METRIC_DIRECTIONS names the metric. */
  classified: boolean;
  base: number | null;
  new: number | null;
  delta: number | null;
  /** delta / |base|; null when either is null or base is 0. */
  relative: number | null;
  tolerance: Tolerance;
  status: Status;
}

export interface Comparison {
  kind: 'run' | 'point';
  label: string;
  parameters: { [k: string]: Json };
  /** The run ids behind the figures (a point's replications on both sides). */
  runs: string[];
  rows: Row[];
}

export interface CompareReport {
  base: string;
  new: string;
  kind: 'run' | 'sweep';
  model: string;
  strict: boolean;
  thresholds: { default: Tolerance; metrics: Record<string, Tolerance> };
  /** What decides the exit code: the run, or a sweep's points. */
  comparisons: Comparison[];
  /** A sweep's runs one by one, for reading; they do not decide the verdict. */
  runs: Comparison[];
  metricsOnlyInBase: string[];
  metricsOnlyInNew: string[];
  runsOnlyInBase: string[];
  runsOnlyInNew: string[];
  regressions: number;
  ok: boolean;
}

export interface CompareOptions {
  thresholds?: Thresholds;
  /** Neutral metrics (workload counters and the like) that move past their threshold fail too. */
  strict?: boolean;
}

/** `2%`, `offload=0.5%`, `rebufferRatio=0.0005`: see the module comment. */
export function parseThresholds(specs: string[]): Thresholds {
  const out: Thresholds = { default: DEFAULT_THRESHOLD, metrics: new Map() };
  for (const spec of specs) {
    const eq = spec.lastIndexOf('=');
    const tolerance = parseTolerance(eq < 0 ? spec : spec.slice(eq + 1), spec);
    if (eq < 0) {
      if (tolerance.kind !== 'relative') throw new InputError(`--threshold ${spec}: a threshold for every metric must be relative (e.g. 2%); give absolute ones per metric (name=0.001)`);
      out.default = tolerance;
    } else {
      const name = spec.slice(0, eq).trim();
      if (!name) throw new InputError(`--threshold ${spec}: no metric name before '='`);
      out.metrics.set(name, tolerance);
    }
  }
  return out;
}

function parseTolerance(text: string, spec: string): Tolerance {
  const t = text.trim();
  const relative = t.endsWith('%');
  const n = Number(relative ? t.slice(0, -1) : t);
  if (t === '' || t === '%' || !Number.isFinite(n) || n < 0) throw new InputError(`--threshold ${spec}: expected a non-negative number, with % for a relative threshold`);
  return relative ? { kind: 'relative', value: n / 100 } : { kind: 'absolute', value: n };
}

export function toleranceFor(metric: string, thresholds: Thresholds): Tolerance {
  return matchSelector(metric, thresholds.metrics)?.[1] ?? thresholds.default;
}

/** How far a metric may move in its bad direction from `base`. */
export function allowance(base: number, tolerance: Tolerance): number {
  return tolerance.kind === 'relative' ? tolerance.value * Math.abs(base) : tolerance.value;
}

/** The verdict on one metric. */
export function judge(direction: Direction, base: number | null, next: number | null, tolerance: Tolerance, strict = false): Status {
  if (base === next) return 'unchanged';
  if (base === null || next === null) return strict ? 'regressed' : 'changed';
  const delta = next - base;
  const past = Math.abs(delta) > allowance(base, tolerance);
  if (direction === 'neutral') return strict && past ? 'regressed' : 'changed';
  const bad = direction === 'higher' ? delta < 0 : delta > 0;
  if (!bad) return 'improved';
  return past ? 'regressed' : 'worse';
}

/**
 * Compare two results directories. summary.json decides; the tables beside it must
 * still read, since a damaged results directory should not pass unnoticed.
 */
export async function compareDirs(baseDir: string, newDir: string, options: CompareOptions = {}): Promise<CompareReport> {
  const base = readResultsDir(baseDir);
  const next = readResultsDir(newDir);
  for (const dir of [baseDir, newDir]) if (existsSync(join(dir, SUMMARY_PARQUET))) await readSummaryTable(dir);
  return compareResults(base, next, options);
}

export function compareResults(base: ResultsDir, next: ResultsDir, options: CompareOptions = {}): CompareReport {
  checkComparable(base, next);
  const thresholds = options.thresholds ?? { default: DEFAULT_THRESHOLD, metrics: new Map() };
  const strict = options.strict ?? false;
  const baseNames = metricNames(base.runs);
  const newNames = metricNames(next.runs);
  checkSelectors(thresholds, new Set([...baseNames, ...newNames]));
  const rowsOf = (b: Map<string, number | null>, n: Map<string, number | null>) => compareMetrics(b, n, thresholds, strict);

  const newById = new Map(next.runs.map((r) => [r.id, r]));
  const pairs = base.kind === 'run' ? [[base.runs[0], next.runs[0]] as const] : base.runs.filter((r) => newById.has(r.id)).map((r) => [r, newById.get(r.id)!] as const);
  const runs = pairs.map(([b, n]): Comparison => ({ kind: 'run', label: runLabel(b, base.kind), parameters: b.parameters, runs: [b.id], rows: rowsOf(b.metrics, n.metrics) }));
  const comparisons =
    base.kind === 'run'
      ? runs
      : pointsOf(pairs).map((p): Comparison => ({ kind: 'point', label: pointLabel(p.parameters), parameters: p.parameters, runs: p.ids, rows: rowsOf(p.base, p.next) }));
  const regressions = comparisons.reduce((n, c) => n + c.rows.filter((r) => r.status === 'regressed').length, 0);
  const baseIds = new Set(base.runs.map((r) => r.id));
  return {
    base: base.dir,
    new: next.dir,
    kind: base.kind,
    model: base.model,
    strict,
    thresholds: { default: thresholds.default, metrics: Object.fromEntries(thresholds.metrics) },
    comparisons,
    runs: base.kind === 'sweep' ? runs : [],
    metricsOnlyInBase: [...baseNames].filter((m) => !newNames.has(m)),
    metricsOnlyInNew: [...newNames].filter((m) => !baseNames.has(m)),
    runsOnlyInBase: base.kind === 'sweep' ? [...base.runs.filter((r) => !newById.has(r.id)).map((r) => r.id), ...base.missing] : [],
    runsOnlyInNew: next.kind === 'sweep' ? [...next.runs.filter((r) => !baseIds.has(r.id)).map((r) => r.id), ...next.missing] : [],
    regressions,
    ok: regressions === 0,
  };
}

function checkComparable(base: ResultsDir, next: ResultsDir): void {
  if (base.kind !== next.kind) {
    throw new InputError(`BASE is ${article(base.kind)} and NEW is ${article(next.kind)}: compare a single run with a single run, or a sweep with a sweep`, { file: next.dir });
  }
  for (const name of new Set([...Object.keys(base.versions), ...Object.keys(next.versions)])) {
    const [b, n] = [base.versions[name], next.versions[name]];
    if (b !== undefined && n !== undefined && b !== n) throw new InputError(`different schemaVersion of ${name}: BASE has ${b}, NEW has ${n}`, { file: next.dir });
  }
  if (base.model !== next.model) throw new InputError(`different models: BASE ran '${base.model}', NEW ran '${next.model}'`, { file: next.dir });
  if (base.runs.length === 0) throw new InputError('the sweep has no finished run', { file: base.dir });
  if (next.runs.length === 0) throw new InputError('the sweep has no finished run', { file: next.dir });
}

function article(kind: 'run' | 'sweep'): string {
  return kind === 'run' ? 'a single run' : 'a sweep';
}

/** A --threshold must name a metric of BASE or NEW, a prefix of some, or a metric the direction table knows. */
function checkSelectors(thresholds: Thresholds, names: Set<string>): void {
  const known = [...names, ...Object.keys(METRIC_DIRECTIONS)];
  for (const selector of thresholds.metrics.keys()) {
    if (!known.some((m) => m === selector || m.startsWith(`${selector}.`))) throw new InputError(`unknown metric '${selector}' in --threshold`);
  }
}

function metricNames(runs: RunMetrics[]): Set<string> {
  const names = new Set<string>();
  for (const r of runs) for (const k of r.metrics.keys()) names.add(k);
  return names;
}

/** Rows for the metrics both sides have, in BASE's order. */
function compareMetrics(base: Map<string, number | null>, next: Map<string, number | null>, thresholds: Thresholds, strict: boolean): Row[] {
  const rows: Row[] = [];
  for (const [metric, b] of base) {
    if (!next.has(metric)) continue;
    const n = next.get(metric)!;
    const { direction, rule } = directionOf(metric);
    const tolerance = toleranceFor(metric, thresholds);
    const delta = b === null || n === null ? null : n - b;
    const relative = delta === null || b === 0 ? null : delta / Math.abs(b!);
    rows.push({ metric, direction, classified: rule !== null, base: b, new: n, delta, relative, tolerance, status: judge(direction, b, n, tolerance, strict) });
  }
  return rows;
}

interface Point {
  parameters: { [k: string]: Json };
  ids: string[];
  base: Map<string, number | null>;
  next: Map<string, number | null>;
}

/** Matched runs grouped by parameter combination, each side averaged over the same replications. */
function pointsOf(pairs: readonly (readonly [RunMetrics, RunMetrics])[]): Point[] {
  const groups = new Map<string, (readonly [RunMetrics, RunMetrics])[]>();
  for (const pair of pairs) {
    const key = canonicalJson(pair[0].parameters);
    groups.set(key, [...(groups.get(key) ?? []), pair]);
  }
  return [...groups.values()].map((group) => ({
    parameters: group[0][0].parameters,
    ids: group.map(([b]) => b.id),
    base: meanMetrics(group.map(([b]) => b.metrics)),
    next: meanMetrics(group.map(([, n]) => n.metrics)),
  }));
}

/** Per metric, the mean over the runs that have a number for it; null when none does. */
export function meanMetrics(runs: Map<string, number | null>[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const names = new Set(runs.flatMap((r) => [...r.keys()]));
  for (const name of names) {
    const values = runs.map((r) => r.get(name)).filter((v): v is number => typeof v === 'number');
    out.set(name, values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null);
  }
  return out;
}

function runLabel(run: RunMetrics, kind: 'run' | 'sweep'): string {
  if (kind === 'run') return run.id;
  const params = pointLabel(run.parameters);
  return params ? `${run.id} (${params})` : run.id;
}

export function pointLabel(parameters: { [k: string]: Json }): string {
  return Object.entries(parameters)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : canonicalJson(v)}`)
    .join(' ');
}
