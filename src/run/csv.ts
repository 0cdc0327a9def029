/**
 * summary.csv: one row per run, sorted by run id, the swept parameters as columns, then
 * the model's numbers flattened with dotted names. Built from the per-run summary files
 * alone, so it is byte-identical however the runs were split, and it holds no
 * wall-clock figure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json } from '../models/model.js';
import { canonicalJson } from '../report/results.js';
import { writeFileAtomic } from '../util/atomic.js';
import { CSV_FILE, runDir } from './layout.js';
import type { SweepRecord } from './plan.js';

/** The runner's fields (the same in every run, or in the parameter columns) and the bulky parts. */
const LEFT_OUT = new Set(['schemaVersion', 'scenario', 'model', 'seed', 'replications', 'duration', 'warmup', 'perReplication', 'series']);

/**
 * Numbers at any depth of nested objects, and in lists of numbers (`bytesByRank.0`).
 * Lists of objects (sites, appliances, links) stay in summary.json: they would add a
 * column per entity.
 */
export function scalarColumns(summary: { [k: string]: Json }): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const walk = (value: Json, name: string) => {
    if (typeof value === 'number') out.set(name, Number.isFinite(value) ? value : null);
    else if (value === null) out.set(name, null);
    else if (Array.isArray(value)) {
      if (value.every((v) => typeof v === 'number' || v === null)) value.forEach((v, i) => walk(v, `${name}.${i}`));
    } else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, name ? `${name}.${k}` : k);
  };
  for (const [k, v] of Object.entries(summary)) if (!LEFT_OUT.has(k)) walk(v, k);
  return out;
}

export function summaryCsv(record: SweepRecord, summaries: { [k: string]: Json }[]): string {
  const rows = summaries.map(scalarColumns);
  const metrics: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) for (const k of row.keys()) if (!seen.has(k)) (seen.add(k), metrics.push(k));
  const header = ['run', 'replication', ...record.parameters, ...metrics];
  const lines = [header.map(cell).join(',')];
  record.runs.forEach((run, i) => {
    const params = record.parameters.map((p) => paramCell(run.parameters[p]));
    const values = metrics.map((m) => {
      const v = rows[i].get(m);
      return v === undefined || v === null ? '' : String(v);
    });
    lines.push([cell(run.id), String(run.replication), ...params, ...values].join(','));
  });
  return lines.join('\n') + '\n';
}

export function writeSummaryCsv(out: string, record: SweepRecord): void {
  const summaries = record.runs.map((r) => JSON.parse(readFileSync(join(runDir(out, r.id), 'summary.json'), 'utf8')) as { [k: string]: Json });
  writeFileAtomic(join(out, CSV_FILE), summaryCsv(record, summaries));
}

function paramCell(v: Json | undefined): string {
  if (v === undefined) return '';
  return cell(typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : canonicalJson(v));
}

/** RFC 4180 quoting, only where needed. */
function cell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
