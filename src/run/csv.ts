/**
 * summary.csv of a sweep as text, from its record and the runs' summaries. The tables
 * themselves (CSV, Parquet, series) are built in report/tables.ts and written by
 * report/outputs.ts.
 */
import type { Json } from '../models/model.js';
import { scalarColumns, summaryTable, tableCsv } from '../report/tables.js';
import type { SweepRecord } from './plan.js';

export { scalarColumns };

export function summaryCsv(record: SweepRecord, summaries: { [k: string]: Json }[]): string {
  return tableCsv(summaryTable(record.runs, record.parameters, summaries.map(scalarColumns)));
}
