/**
 * Tidy tables of a results directory, for pandas, DuckDB or R: the summary table (one
 * row per run) and the time series in long form (one row per replication, bin, metric
 * and entity). Built from summaries alone, so equal summaries give equal tables however
 * the runs were split between workers, shards or machines.
 */
import { join } from 'node:path';
import type { Json } from '../models/model.js';
import { canonicalJson } from './results.js';

export type Cell = string | number | null;
export type ColumnType = 'STRING' | 'DOUBLE' | 'INT32';
/** Column-major, the shape a Parquet writer takes; every column of a table has the same length. */
export interface Column {
  name: string;
  type: ColumnType;
  values: Cell[];
}
export type Summary = { [k: string]: Json };

export const SUMMARY_CSV = 'summary.csv';
export const SUMMARY_PARQUET = 'summary.parquet';
export const SERIES_DIR = 'series';

/** Hive partitioning: readers turn the directory name into a `run` column. */
export function seriesPartition(run: string): string {
  return `run=${run}`;
}

export function seriesFile(dir: string, run: string): string {
  return join(dir, SERIES_DIR, seriesPartition(run), 'part-0.parquet');
}

/** The runner's fields (the same in every run, or in the parameter columns) and the bulky parts. */
const LEFT_OUT = new Set(['schemaVersion', 'scenario', 'model', 'seed', 'replications', 'duration', 'warmup', 'perReplication', 'series']);

/** A distribution (`startupDelayCdf`, `qoe.all.startupCdf`): quantiles at fixed p, kept in summary.json. */
const isDistribution = (key: string) => key.endsWith('Cdf');

/**
 * Numbers at any depth of nested objects, and in lists of numbers (`bytesByRank.0`).
 * Lists of objects (sites, appliances, links) stay in summary.json: they would add a
 * column per entity; so do distributions, whose p50, p90… are columns of their own.
 */
export function scalarColumns(summary: Summary): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const walk = (value: Json, name: string) => {
    if (typeof value === 'number') out.set(name, Number.isFinite(value) ? value : null);
    else if (value === null) out.set(name, null);
    else if (Array.isArray(value)) {
      if (value.every((v) => typeof v === 'number' || v === null)) value.forEach((v, i) => walk(v, `${name}.${i}`));
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) if (!isDistribution(k)) walk(v, name ? `${name}.${k}` : k);
    }
  };
  for (const [k, v] of Object.entries(summary)) if (!LEFT_OUT.has(k) && !isDistribution(k)) walk(v, k);
  return out;
}

export interface TableRun {
  id: string;
  /** null for a single run, whose summary aggregates all its replications. */
  replication: number | null;
  parameters: { [k: string]: Json };
}

/**
 * `run`, `replication`, the parameters, then every metric in order of first appearance.
 * A metric named like an earlier column is left out: a table cannot hold a name twice.
 */
export function summaryTable(runs: TableRun[], parameters: string[], metrics: Map<string, number | null>[]): Column[] {
  const names = new Set(['run', 'replication', ...parameters]);
  const metricNames: string[] = [];
  for (const row of metrics) for (const k of row.keys()) if (!names.has(k)) (names.add(k), metricNames.push(k));
  return [
    { name: 'run', type: 'STRING', values: runs.map((r) => r.id) },
    { name: 'replication', type: 'INT32', values: runs.map((r) => r.replication) },
    ...parameters.map((p) => parameterColumn(p, runs.map((r) => r.parameters[p]))),
    ...metricNames.map((m): Column => ({ name: m, type: 'DOUBLE', values: metrics.map((row) => row.get(m) ?? null) })),
  ];
}

/** Numbers stay numbers; anything else (`0.3/s`, `true`, an object) is the text as written, one type per column. */
function parameterColumn(name: string, values: (Json | undefined)[]): Column {
  if (values.every((v) => v === undefined || typeof v === 'number')) return { name, type: 'DOUBLE', values: values.map((v) => (v ?? null) as number | null) };
  const text = (v: Json | undefined) => (v === undefined ? null : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : canonicalJson(v));
  return { name, type: 'STRING', values: values.map(text) };
}

/** RFC 4180, quoting only where needed; null is an empty cell; numbers in JavaScript's shortest round-trip form. */
export function tableCsv(columns: Column[]): string {
  const rows = columns.length > 0 ? columns[0].values.length : 0;
  const lines = [columns.map((c) => quote(c.name)).join(',')];
  for (let i = 0; i < rows; i++) lines.push(columns.map((c) => csvCell(c.values[i])).join(','));
  return lines.join('\n') + '\n';
}

function csvCell(v: Cell): string {
  return v === null ? '' : typeof v === 'number' ? String(v) : quote(v);
}

function quote(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const SERIES_COLUMNS = ['replication', 'time', 'metric', 'entity', 'value'] as const;

/**
 * Every replication's series in long form, ordered by replication, then series in the
 * summary's order, then time. A series is a list of numbers per bin (`rebufferRatio`)
 * or an object of such lists keyed by entity (`linkUtilisation.{link}`). Taken from
 * perReplication so nothing is averaged away; `firstReplication` numbers them (a sweep
 * run holds one replication, not necessarily the first). null when there is no series.
 */
export function seriesTable(summary: Summary, firstReplication = 0): Column[] | null {
  const reps = Array.isArray(summary.perReplication) ? summary.perReplication : [summary];
  const replication: number[] = [];
  const time: number[] = [];
  const metric: string[] = [];
  const entity: (string | null)[] = [];
  const value: (number | null)[] = [];
  reps.forEach((rep, i) => {
    const series = isObject(rep) ? rep.series : undefined;
    if (!isObject(series) || typeof series.binSeconds !== 'number') return;
    const bin = series.binSeconds;
    const add = (name: string, who: string | null, values: Json[]) =>
      values.forEach((v, b) => {
        replication.push(firstReplication + i);
        time.push(b * bin);
        metric.push(name);
        entity.push(who);
        value.push(typeof v === 'number' && Number.isFinite(v) ? v : null);
      });
    for (const [name, v] of Object.entries(series)) {
      if (Array.isArray(v)) add(name, null, v);
      else if (isObject(v)) for (const [who, w] of Object.entries(v)) if (Array.isArray(w)) add(name, who, w);
    }
  });
  if (value.length === 0) return null;
  return [
    { name: 'replication', type: 'INT32', values: replication },
    { name: 'time', type: 'DOUBLE', values: time },
    { name: 'metric', type: 'STRING', values: metric },
    { name: 'entity', type: 'STRING', values: entity },
    { name: 'value', type: 'DOUBLE', values: value },
  ];
}

/** The QoE groupings of an Open Connect summary, in the order summary.json lists them. */
const QOE_GROUPINGS: [string, string][] = [
  ['isp', 'byIsp'],
  ['site', 'bySite'],
  ['rank', 'byRank'],
];

export const QOE_CSV = 'qoe.csv';
export const QOE_PARQUET = 'qoe.parquet';

/**
 * A summary's QoE groups as rows: `grouping` (all, isp, site, rank), `group` (its
 * name) and its figures as scalarColumns flattens them. Empty for a summary without
 * `qoe` (other models, older Open Connect results).
 */
export function qoeRows(summary: Summary): { grouping: string; group: string; metrics: Map<string, number | null> }[] {
  const qoe = summary.qoe;
  if (!isObject(qoe) || !isObject(qoe.all)) return [];
  const rows = [{ grouping: 'all', group: 'all', metrics: scalarColumns(qoe.all) }];
  for (const [grouping, key] of QOE_GROUPINGS) {
    const list = qoe[key];
    if (!Array.isArray(list)) continue;
    for (const g of list) {
      if (!isObject(g)) continue;
      const { name, ...figures } = g;
      rows.push({ grouping, group: String(name), metrics: scalarColumns(figures) });
    }
  }
  return rows;
}

export type QoeRow = ReturnType<typeof qoeRows>[number];

/**
 * qoe.csv: one row per run and QoE group, joined to summary.csv on `run`: `run`,
 * `replication`, the swept parameters, `grouping`, `group`, then the figures. `rows`
 * holds each run's qoeRows; null when no run has any.
 */
export function qoeTable(runs: TableRun[], parameters: string[], rows: QoeRow[][]): Column[] | null {
  const rowRuns: TableRun[] = [];
  const metrics: Map<string, number | null>[] = [];
  runs.forEach((run, i) => {
    for (const row of rows[i]) {
      rowRuns.push({ ...run, parameters: { ...run.parameters, grouping: row.grouping, group: row.group } });
      metrics.push(row.metrics);
    }
  });
  return rowRuns.length > 0 ? summaryTable(rowRuns, [...parameters, 'grouping', 'group'], metrics) : null;
}

function isObject(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
