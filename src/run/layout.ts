/**
 * A sweep's results directory:
 *
 *   sweep.json              the plan: every run's id, replication, parameters, scenario hash
 *   manifest.json           this invocation (manifest-shard-I-of-N.json for a shard)
 *   runs/<id>/summary.json  the run's summary, byte-identical however the work was split
 *   runs/<id>/manifest.json written last: complete means the summary beside it is whole
 *   .cdnsim-files           every file above, as every results folder has (folder.ts)
 *
 * and, only once every run is complete, the tables built from the runs' summaries
 * (report/outputs.ts):
 *
 *   summary.csv                     one row per run, sorted by id
 *   summary.parquet                 the same rows and columns
 *   series/run=<id>/part-0.parquet  the run's time series in long form
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/**
 * Bring the complete runs of `record`'s sweep that `from` holds and `to` lacks into `to`,
 * with the manifests of the shards that made them: the runs a new version of a results
 * folder keeps (another shard's, or a killed run's for --resume). Hard links where the
 * file system allows, so nothing is copied and the source stays as it was.
 */
export function adoptRuns(from: string, to: string, record: SweepRecord): number {
  if (!sameSweep(from, record.sweep)) return 0;
  let adopted = 0;
  for (const run of record.runs) {
    if (isRunComplete(to, run, record.seed) || !isRunComplete(from, run, record.seed)) continue;
    // Summary first, manifest last, as writeRun does.
    for (const f of ['summary.json', 'manifest.json']) linkOrCopy(join(runDir(from, run.id), f), join(runDir(to, run.id), f));
    adopted++;
  }
  for (const f of readdirSync(from)) if (/^manifest-shard-\d+-of-\d+\.json$/.test(f) && !existsSync(join(to, f))) linkOrCopy(join(from, f), join(to, f));
  return adopted;
}

function sameSweep(dir: string, sweep: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, SWEEP_FILE), 'utf8')) as SweepRecord).sweep === sweep;
  } catch {
    return false;
  }
}

function linkOrCopy(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  rmSync(to, { force: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
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
