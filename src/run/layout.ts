/**
 * A sweep's results directory:
 *
 *   sweep.json              the plan: every run's id, replication, parameters, scenario hash
 *   manifest.json           this invocation (manifest-shard-I-of-N.json for a shard)
 *   runs/<id>/summary.json  the run's summary, byte-identical however the work was split
 *   runs/<id>/manifest.json written last: complete means the summary beside it is whole
 *
 * and, only once every run is complete, the tables built from the runs' summaries
 * (report/outputs.ts):
 *
 *   summary.csv                     one row per run, sorted by id
 *   summary.parquet                 the same rows and columns
 *   series/run=<id>/part-0.parquet  the run's time series in long form
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { toJson, writeFileAtomic } from '../util/atomic.js';
import type { SweepManifest, SweepRunManifest } from './manifest.js';
import type { SweepRecord } from './plan.js';

export const SWEEP_FILE = 'sweep.json';

export function runDir(out: string, id: string): string {
  return join(out, 'runs', id);
}

export function manifestName(shard: { index: number; count: number } | null): string {
  return shard ? `manifest-shard-${shard.index}-of-${shard.count}.json` : 'manifest.json';
}

export function readRunManifest(out: string, id: string): SweepRunManifest | undefined {
  try {
    return JSON.parse(readFileSync(join(runDir(out, id), 'manifest.json'), 'utf8')) as SweepRunManifest;
  } catch {
    return undefined;
  }
}

/** Complete: a manifest marked so, for the same scenario, seed and replication, beside a summary. */
export function isRunComplete(out: string, run: { id: string; replication: number; scenarioHash: string }, seed: number): boolean {
  const m = readRunManifest(out, run.id);
  return (
    m !== undefined &&
    m.status === 'complete' &&
    m.scenarioHash === run.scenarioHash &&
    m.seed === seed &&
    m.replication === run.replication &&
    existsSync(join(runDir(out, run.id), 'summary.json'))
  );
}

/** Summary first, manifest last; temp files of a write killed earlier are cleared first. */
export function writeRun(out: string, id: string, summary: Uint8Array, manifest: SweepRunManifest): void {
  const dir = runDir(out, id);
  if (existsSync(dir)) for (const f of readdirSync(dir)) if (f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
  writeFileAtomic(join(dir, 'summary.json'), summary);
  writeFileAtomic(join(dir, 'manifest.json'), toJson(manifest));
}

export function writeSweepRecord(out: string, record: SweepRecord): void {
  writeFileAtomic(join(out, SWEEP_FILE), toJson(record));
}

export function writeSweepManifest(out: string, manifest: SweepManifest): void {
  writeFileAtomic(join(out, manifestName(manifest.shard)), toJson(manifest));
}

export function readSweepRecord(dir: string): SweepRecord {
  const file = join(dir, SWEEP_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`not a sweep results directory (no ${SWEEP_FILE})`, { file: dir });
  }
  try {
    const r = JSON.parse(text) as SweepRecord;
    if (typeof r.sweep === 'string' && Array.isArray(r.runs)) return r;
  } catch {
    // reported below
  }
  throw new InputError('not a sweep record', { file });
}
