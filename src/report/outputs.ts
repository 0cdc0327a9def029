/**
 * The tables every results directory gets beside its summaries:
 *
 *   summary.csv                     one row per run (sorted by run id in a sweep)
 *   summary.parquet                 the same rows and columns
 *   series/run=<id>/part-0.parquet  the run's time series in long form; none without series
 *   qoe.csv, qoe.parquet            one row per run and QoE group (Open Connect runs only)
 *
 * The series are written first and summary.parquet last, so a summary table on disk
 * means the series beside it are whole. series/ is made to hold exactly the runs of the
 * table: a partition left by an earlier run of another scenario or grid is removed, so
 * a glob over series/ never mixes in stale rows.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runDir } from '../run/layout.js';
import type { SweepRecord } from '../run/plan.js';
import { writeFileAtomic } from '../util/atomic.js';
import { parquetBytes } from './parquet.js';
import {
  scalarColumns,
  seriesFile,
  seriesPartition,
  seriesTable,
  SERIES_DIR,
  SUMMARY_CSV,
  SUMMARY_PARQUET,
  summaryTable,
  tableCsv,
  QOE_CSV,
  QOE_PARQUET,
  qoeRows,
  qoeTable,
  type QoeRow,
  type Summary,
  type TableRun,
} from './tables.js';

/** A single run: one row named after the scenario, replication empty (its summary aggregates them all). */
export function writeRunTables(dir: string, runId: string, summary: Summary): void {
  writeTables(dir, [{ id: runId, replication: null, parameters: {} }], [], () => summary);
}

/** A complete sweep, from runs/<id>/summary.json only. */
export function writeSweepTables(dir: string, record: SweepRecord): void {
  writeTables(dir, record.runs, record.parameters, (run) => JSON.parse(readFileSync(join(runDir(dir, run.id), 'summary.json'), 'utf8')) as Summary);
}

/** One summary at a time: a large sweep's series never sit in memory together. */
function writeTables(dir: string, runs: TableRun[], parameters: string[], summaryOf: (run: TableRun) => Summary): void {
  const withSeries = new Set<string>();
  const qoe: QoeRow[][] = [];
  const metrics = runs.map((run) => {
    const summary = summaryOf(run);
    qoe.push(qoeRows(summary));
    const series = seriesTable(summary, run.replication ?? 0);
    if (series) {
      writeFileAtomic(seriesFile(dir, run.id), parquetBytes(series));
      withSeries.add(seriesPartition(run.id));
    }
    return scalarColumns(summary);
  });
  const root = join(dir, SERIES_DIR);
  const stale = existsSync(root) ? readdirSync(root).filter((p) => p.startsWith('run=') && !withSeries.has(p)) : [];
  for (const part of stale) rmSync(join(root, part), { recursive: true, force: true });
  // Open Connect runs' QoE per group; a table left by an earlier run that had none goes.
  const qoeColumns = qoeTable(runs, parameters, qoe);
  if (qoeColumns) {
    writeFileAtomic(join(dir, QOE_CSV), tableCsv(qoeColumns));
    writeFileAtomic(join(dir, QOE_PARQUET), parquetBytes(qoeColumns));
  } else for (const file of [QOE_CSV, QOE_PARQUET]) rmSync(join(dir, file), { force: true });
  const table = summaryTable(runs, parameters, metrics);
  writeFileAtomic(join(dir, SUMMARY_CSV), tableCsv(table));
  writeFileAtomic(join(dir, SUMMARY_PARQUET), parquetBytes(table));
}
