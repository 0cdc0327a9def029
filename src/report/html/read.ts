/**
 * Reading a results directory for the report: a single run (manifest.json and
 * summary.json) or a sweep (sweep.json and runs/<id>/summary.json). Anything the user
 * pointed at wrongly, or a file that is not what it should be, is an InputError naming
 * the directory or the file.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileError, InputError } from '../../errors.js';
import { readSweepRecord, runDir, SWEEP_FILE } from '../../run/layout.js';
import type { SweepRecord } from '../../run/plan.js';
import { SUMMARY_SCHEMA_VERSION } from '../../run/simulate.js';
import { isObject, readJsonObject, type JsonObject } from '../../util/json-file.js';

export type { JsonObject };
export { isObject, readJsonObject };

export interface RunResults {
  kind: 'run';
  dir: string;
  /** Null when the directory has a summary but no manifest (copied by hand). */
  manifest: JsonObject | null;
  summary: JsonObject;
}

export interface SweepRun {
  id: string;
  replication: number;
  parameters: JsonObject;
  /** Null while the run has not finished (a shard not merged yet, or an interrupted sweep). */
  summary: JsonObject | null;
  manifest: JsonObject | null;
}

export interface SweepResults {
  kind: 'sweep';
  dir: string;
  record: SweepRecord;
  manifest: JsonObject | null;
  runs: SweepRun[];
}

export type Results = RunResults | SweepResults;

function readOptional(file: string, what: string): JsonObject | null {
  return existsSync(file) ? readJsonObject(file, what) : null;
}

/** A summary this cdnsim can draw: its schemaVersion is the one it writes. */
function readSummary(file: string): JsonObject {
  const summary = readJsonObject(file, 'a run summary');
  if (summary.schemaVersion !== SUMMARY_SCHEMA_VERSION) {
    throw new InputError(`summary schemaVersion ${JSON.stringify(summary.schemaVersion ?? null)}; this cdnsim reads ${SUMMARY_SCHEMA_VERSION} (results from another version: rerun, or report them with that version)`, { file });
  }
  return summary;
}

export function readResults(dir: string): Results {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (e) {
    throw new InputError((e as NodeJS.ErrnoException)?.code === 'ENOENT' ? 'no such directory' : fileError(dir, e).message, { file: dir });
  }
  if (!isDir) throw new InputError('not a directory: give a results directory (results/<name>)', { file: dir });

  if (existsSync(join(dir, SWEEP_FILE))) {
    const record = readSweepRecord(dir);
    const runs = record.runs.map((r): SweepRun => {
      const summaryFile = join(runDir(dir, r.id), 'summary.json');
      return {
        id: r.id,
        replication: r.replication,
        parameters: isObject(r.parameters) ? r.parameters : {},
        summary: existsSync(summaryFile) ? readSummary(summaryFile) : null,
        manifest: readOptional(join(runDir(dir, r.id), 'manifest.json'), 'a run manifest'),
      };
    });
    if (!runs.some((r) => r.summary !== null)) throw new InputError('the sweep has no finished run yet (no runs/<id>/summary.json)', { file: dir });
    return { kind: 'sweep', dir, record, manifest: readOptional(join(dir, 'manifest.json'), 'a sweep manifest'), runs };
  }

  const summaryFile = join(dir, 'summary.json');
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(summaryFile) && !existsSync(manifestFile)) {
    throw new InputError('not a results directory: it holds neither summary.json (a run) nor sweep.json (a sweep)', { file: dir });
  }
  return { kind: 'run', dir, summary: readSummary(summaryFile), manifest: readOptional(manifestFile, 'a run manifest') };
}
