/**
 * `cdnsim merge`: gather the runs of one sweep from several results directories (the
 * shards of an indexed job, a resumed run, a queue collection) into one directory equal
 * to what an unsharded run writes. Everything is checked before anything is written: the
 * directories must hold the same sweep, every run must be present, and a run found twice
 * must have the same bytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { commitStaging, dropStaging, openStaging } from './folder.js';
import { adoptRuns, isRunComplete, readRunManifest, readSweepRecord, runDir, SWEEP_FILE, writeRun, writeSweepRecord } from './layout.js';
import type { SweepManifest } from './manifest.js';
import type { SweepRecord } from './plan.js';
import { finishSweep } from './sweep.js';

export interface MergeOutcome {
  outDir: string;
  record: SweepRecord;
  manifest: SweepManifest;
  /** Runs copied into the output (the others were there already). */
  copied: number;
}

function describe(r: SweepRecord): string {
  return `scenario '${r.scenario}', seed ${r.seed}, ${r.runs.length} runs, sweep ${r.sweep}`;
}

export function mergeSweepDirs(dirs: string[], out?: string): MergeOutcome {
  if (dirs.length === 0) throw new InputError('name at least one results directory to merge');
  const records = dirs.map((dir) => ({ dir, record: readSweepRecord(dir) }));
  const { record } = records[0];
  for (const r of records.slice(1)) {
    if (r.record.sweep !== record.sweep) {
      throw new InputError(`holds a different sweep (${describe(r.record)}) than ${dirs[0]} (${describe(record)}); merge only results of one sweep`, { file: r.dir });
    }
  }
  const outDir = out ?? join('results', record.scenario);
  if (existsSync(join(outDir, SWEEP_FILE)) && readSweepRecord(outDir).sweep !== record.sweep) {
    throw new InputError(`holds results of another sweep (${describe(readSweepRecord(outDir))}); nothing was overwritten: choose another --out`, { file: outDir });
  }
  const source = new Map<string, string>();
  const missing: string[] = [];
  for (const run of record.runs) {
    const have = dirs.filter((d) => isRunComplete(d, run, record.seed));
    if (have.length === 0) {
      missing.push(run.id);
      continue;
    }
    const bytes = readSummary(have[0], run.id);
    const other = have.find((d) => !readSummary(d, run.id).equals(bytes));
    if (other) throw new Error(`run ${run.id} differs between ${have[0]} and ${other}: were they made by different cdnsim versions?`);
    source.set(run.id, have[0]);
  }
  if (missing.length > 0) {
    const some = missing.slice(0, 3).join(', ') + (missing.length > 3 ? ', …' : '');
    throw new InputError(`${missing.length} of ${record.runs.length} runs are missing (${some}): run the missing shards, or complete one directory with cdnsim run FILE --resume --out DIR`);
  }

  // The merged folder is a new version of `outDir`, swapped in whole (it may be one of the inputs).
  const staged = openStaging(outDir);
  try {
    adoptRuns(outDir, staged.dir, record);
    const startedAt = new Date();
    const t0 = process.hrtime.bigint();
    let copied = 0;
    let runSeconds = 0;
    let events = 0;
    for (const run of record.runs) {
      const from = source.get(run.id)!;
      const bytes = readSummary(from, run.id);
      if (isRunComplete(staged.dir, run, record.seed) && readSummary(staged.dir, run.id).equals(bytes)) continue;
      const manifest = readRunManifest(from, run.id)!;
      writeRun(staged.dir, run.id, bytes, manifest);
      copied++;
      runSeconds += manifest.wallSeconds;
      events += manifest.eventsProcessed;
    }
    writeSweepRecord(staged.dir, record);
    let manifest: SweepManifest | undefined;
    commitStaging(staged, () => {
      manifest = finishSweep(staged.dir, record, null, {
        mode: 'merge',
        shard: null,
        workers: null,
        runsSelected: record.runs.length,
        runsSkipped: record.runs.length - copied,
        runsDone: copied,
        startedAt,
        t0,
        runSeconds,
        eventsProcessed: events,
        status: 'complete',
        sources: dirs,
      });
    });
    return { outDir, record, manifest: manifest!, copied };
  } catch (e) {
    dropStaging(staged);
    throw e;
  }
}

function readSummary(dir: string, id: string): Buffer {
  return readFileSync(join(runDir(dir, id), 'summary.json'));
}
