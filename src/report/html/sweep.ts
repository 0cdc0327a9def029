/**
 * A sweep seen as parameter combinations: its runs grouped by their parameters (one
 * group holds that point's replications), and per metric the mean over replications
 * with a 95% Student-t confidence interval.
 */
import { confidenceInterval } from '../../metrics/stats.js';
import type { Json } from '../../models/model.js';
import { canonicalJson } from '../results.js';
import { scalarColumns } from '../tables.js';
import type { JsonObject, SweepResults } from './read.js';

export interface Combination {
  /** canonical JSON of the parameters: equal keys, equal points. */
  key: string;
  label: string;
  parameters: JsonObject;
  /** The finished runs' summaries, by replication. */
  summaries: JsonObject[];
  /** Runs of this point with no summary yet. */
  missing: number;
}

export function paramText(v: Json | undefined): string {
  return typeof v === 'string' ? v : v === undefined ? '' : canonicalJson(v);
}

export function combinationLabel(parameters: JsonObject, names: string[]): string {
  return names.map((n) => `${n}=${paramText(parameters[n])}`).join(', ');
}

/**
 * Values as a reader expects them ordered: by their leading number where both have one
 * (parameters keep their units: 9/s before 10/s), else by text.
 */
export function compareValues(a: Json | undefined, b: Json | undefined): number {
  const x = paramText(a);
  const y = paramText(b);
  const nx = typeof a === 'number' ? a : parseFloat(x);
  const ny = typeof b === 'number' ? b : parseFloat(y);
  if (Number.isFinite(nx) && Number.isFinite(ny) && nx !== ny) return nx - ny;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function combinations(results: SweepResults): Combination[] {
  const names = results.record.parameters;
  const byKey = new Map<string, Combination>();
  for (const run of [...results.runs].sort((a, b) => a.replication - b.replication)) {
    const key = canonicalJson(run.parameters);
    let c = byKey.get(key);
    if (!c) {
      c = { key, label: combinationLabel(run.parameters, names), parameters: run.parameters, summaries: [], missing: 0 };
      byKey.set(key, c);
    }
    if (run.summary) c.summaries.push(run.summary);
    else c.missing++;
  }
  return [...byKey.values()].sort((a, b) => {
    for (const n of names) {
      const d = compareValues(a.parameters[n], b.parameters[n]);
      if (d !== 0) return d;
    }
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
}

export interface Metric {
  /** Dotted column name, as in summary.csv. */
  key: string;
  label: string;
  /** Unit shown on the axis, after dividing by `divide`. */
  unit: string;
  divide: number;
  /** d3 format for ticks and values. */
  format: string;
}

export const OPEN_CONNECT_METRICS: Metric[] = [
  { key: 'offload', label: 'offload', unit: '%', divide: 1, format: '.1%' },
  { key: 'byteHitRatio', label: 'byte hit ratio (any appliance)', unit: '%', divide: 1, format: '.1%' },
  { key: 'hitRatio', label: 'hit ratio at the preferred site', unit: '%', divide: 1, format: '.1%' },
  { key: 'startupDelayMean', label: 'mean startup delay', unit: 's', divide: 1, format: '.3f' },
  { key: 'rebufferRatio', label: 'rebuffer ratio', unit: '%', divide: 1, format: '.3%' },
  // Per playback (src/cdn/qoe.ts): the tail of startup, and how many viewers saw a stall or a switch.
  { key: 'qoe.all.startupP95', label: '95th percentile startup delay', unit: 's', divide: 1, format: '.3f' },
  { key: 'qoe.all.rebufferedShare', label: 'playbacks with a stall', unit: '%', divide: 1, format: '.1%' },
  { key: 'qoe.all.switchesPerMinute', label: 'quality switches per minute played', unit: '', divide: 1, format: '.3f' },
  { key: 'transitBytes', label: 'transit traffic', unit: 'TB', divide: 1e12, format: '.2f' },
  { key: 'averageBitrate', label: 'average bit rate', unit: 'Mbit/s', divide: 1e6, format: '.2f' },
  { key: 'peakLinkUtilisation', label: 'peak link utilisation', unit: '%', divide: 1, format: '.1%' },
];

const MAX_GENERIC_METRICS = 6;

/** A run's metrics as in summary.csv (dotted names, numbers only). */
export function metricValues(summary: JsonObject): Map<string, number | null> {
  return scalarColumns(summary);
}

/**
 * The metrics to compare: the Open Connect key metrics that the runs have, else the
 * first numbers that differ between runs, leaving out interval bounds, the count of
 * events processed, and, when there are replications to tell, numbers that are the
 * same in every replication of a point (a theoretical value is an input, not a result).
 */
export function metricsToCompare(model: string, combos: Combination[]): Metric[] {
  const perCombo = combos.map((c) => c.summaries.map(metricValues));
  const rows = perCombo.flat();
  const everywhere = (key: string) => rows.length > 0 && rows.every((r) => typeof r.get(key) === 'number');
  if (model === 'openconnect') return OPEN_CONNECT_METRICS.filter((m) => everywhere(m.key));
  const replicated = perCombo.some((c) => c.length > 1);
  const varies = (key: string, list: Map<string, number | null>[]) => new Set(list.map((r) => r.get(key))).size > 1;
  const keys = rows.length > 0 ? [...rows[0].keys()] : [];
  return keys
    .filter((k) => k !== 'eventsProcessed' && !/\.(halfWidth|low|high|level)$/.test(k) && everywhere(k))
    .filter((k) => varies(k, rows))
    .filter((k) => !replicated || perCombo.some((c) => varies(k, c)))
    .slice(0, MAX_GENERIC_METRICS)
    .map((k) => ({ key: k, label: k, unit: '', divide: 1, format: '.4~g' }));
}

export interface PointStats {
  label: string;
  values: number[];
  mean: number;
  /** NaN with fewer than two replications: no interval then. */
  low: number;
  high: number;
  n: number;
}

export const CONFIDENCE = 0.95;

export function pointStats(combos: Combination[], metric: Metric): PointStats[] {
  return combos
    .map((c) => {
      const values = c.summaries.map((s) => metricValues(s).get(metric.key)).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      if (values.length === 0) return null;
      const ci = confidenceInterval(values, CONFIDENCE);
      return { label: c.label, values, mean: ci.mean, low: ci.low, high: ci.high, n: values.length };
    })
    .filter((x): x is PointStats => x !== null);
}
