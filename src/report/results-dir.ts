/**
 * Reading a results directory back for comparison: a single run (summary.json beside
 * manifest.json) or a sweep (sweep.json, runs/<id>/summary.json). summary.json is the
 * source of truth; other files beside it (summary.csv, Parquet) are derived from it.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { Json } from '../models/model.js';
import { scalarColumns } from './tables.js';
import { readSweepRecord, runDir, SWEEP_FILE } from '../run/layout.js';
import { readJsonObject, type JsonObject } from '../util/json-file.js';

export interface RunMetrics {
  /** The sweep's run id; the scenario name for a single run. */
  id: string;
  replication: number;
  parameters: { [k: string]: Json };
  metrics: Map<string, number | null>;
}

export interface ResultsDir {
  dir: string;
  kind: 'run' | 'sweep';
  model: string;
  /** schemaVersion of each kind of file read (summary.json, manifest.json, sweep.json). */
  versions: Record<string, number>;
  /** Swept parameter names; empty for a single run. */
  parameters: string[];
  /** Runs with a summary; a sweep's unfinished runs are left out. */
  runs: RunMetrics[];
  /** Sweep runs without a summary yet. */
  missing: string[];
}


export function readResultsDir(dir: string): ResultsDir {
  if (!isDirectory(dir)) throw new InputError('no such results directory', { file: dir });
  if (existsSync(join(dir, SWEEP_FILE))) return readSweepDir(dir);
  if (existsSync(join(dir, 'summary.json'))) return readRunDir(dir);
  throw new InputError(`not a results directory (no summary.json or ${SWEEP_FILE})`, { file: dir });
}

function readRunDir(dir: string): ResultsDir {
  const summary = readVersioned(join(dir, 'summary.json'));
  const versions: Record<string, number> = { 'summary.json': summary.schemaVersion as number };
  const manifestFile = join(dir, 'manifest.json');
  if (existsSync(manifestFile)) {
    const manifest = readVersioned(manifestFile);
    if (manifest.status !== undefined && manifest.status !== 'complete') {
      throw new InputError(`the run is not complete (status ${JSON.stringify(manifest.status)})`, { file: manifestFile });
    }
    versions['manifest.json'] = manifest.schemaVersion as number;
  }
  const id = typeof summary.scenario === 'string' ? summary.scenario : 'run';
  return { dir, kind: 'run', model: modelOf(summary), versions, parameters: [], runs: [{ id, replication: 0, parameters: {}, metrics: scalarColumns(summary) }], missing: [] };
}

function readSweepDir(dir: string): ResultsDir {
  const record = readSweepRecord(dir);
  const versions: Record<string, number> = { [SWEEP_FILE]: record.schemaVersion };
  if (existsSync(join(dir, 'manifest.json'))) versions['manifest.json'] = readVersioned(join(dir, 'manifest.json')).schemaVersion as number;
  const runs: RunMetrics[] = [];
  const missing: string[] = [];
  for (const run of record.runs) {
    const file = join(runDir(dir, run.id), 'summary.json');
    if (!existsSync(file)) {
      missing.push(run.id);
      continue;
    }
    const summary = readVersioned(file);
    sameVersion(versions, 'summary.json', summary.schemaVersion as number, file);
    runs.push({ id: run.id, replication: run.replication, parameters: run.parameters, metrics: scalarColumns(summary) });
  }
  return { dir, kind: 'sweep', model: record.model, versions, parameters: record.parameters, runs, missing };
}

/** A JSON object with a numeric schemaVersion, or an InputError naming the file. */
function readVersioned(file: string): JsonObject {
  const value = readJsonObject(file, 'a cdnsim result');
  if (typeof value.schemaVersion !== 'number') throw new InputError('corrupt: no numeric schemaVersion', { file });
  return value;
}

/** Every run of one sweep must share one summary schema. */
function sameVersion(versions: Record<string, number>, name: string, version: number, file: string): void {
  if (versions[name] === undefined) versions[name] = version;
  else if (versions[name] !== version) throw new InputError(`schemaVersion ${version}, but other runs of this sweep have ${versions[name]}`, { file });
}

function modelOf(summary: JsonObject): string {
  return typeof summary.model === 'string' ? summary.model : 'unknown';
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
