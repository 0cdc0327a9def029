/**
 * Parquet in and out, over hyparquet-writer and hyparquet. Files carry no timestamp and
 * a created_by without a version, so equal tables give equal bytes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { fileError, InputError } from '../errors.js';
import { SERIES_COLUMNS, SERIES_DIR, SUMMARY_PARQUET, type Cell, type Column } from './tables.js';

const CREATED_BY = 'cdnsim';

export function parquetBytes(columns: Column[]): Uint8Array {
  const buffer = parquetWriteBuffer({ columnData: columns.map((c) => ({ name: c.name, type: c.type, data: c.values })), createdBy: CREATED_BY });
  return new Uint8Array(buffer);
}

export interface Table {
  columns: string[];
  rows: Record<string, Cell>[];
}

/** A missing, truncated or corrupt file is bad input naming the file. */
export async function readParquet(file: string): Promise<Table> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw fileError(file, e);
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    const metadata = parquetMetadata(buffer);
    const rows = await parquetReadObjects({ file: buffer, metadata });
    if (rows.length !== Number(metadata.num_rows)) throw new Error(`${rows.length} of ${metadata.num_rows} rows readable`);
    return { columns: metadata.schema.slice(1).map((s) => s.name), rows: rows.map(toCells) };
  } catch (e) {
    throw new InputError(`not a readable Parquet file (truncated or corrupt?): ${(e as Error)?.message ?? String(e)}`, { file });
  }
}

/** INT64 arrives as bigint; undefined where a column is absent. */
function toCells(row: Record<string, unknown>): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v === undefined ? null : (v as Cell);
  return out;
}

function requireColumns(file: string, table: Table, names: readonly string[]): void {
  const missing = names.filter((n) => !table.columns.includes(n));
  if (missing.length > 0) throw new InputError(`not a cdnsim table: no column ${missing.join(', ')}`, { file });
}

/** summary.parquet: one row per run, columns in file order. */
export async function readSummaryTable(dir: string): Promise<Table> {
  const file = join(dir, SUMMARY_PARQUET);
  const table = await readParquet(file);
  requireColumns(file, table, ['run', 'replication']);
  return table;
}

export interface SeriesRow {
  run: string;
  replication: number;
  time: number;
  metric: string;
  entity: string | null;
  value: number | null;
}

/** Every run's series, runs in id order, with `run` from the partition directory as DuckDB gives it. None: []. */
export async function readSeries(dir: string): Promise<SeriesRow[]> {
  const root = join(dir, SERIES_DIR);
  if (!existsSync(root)) return [];
  const out: SeriesRow[] = [];
  for (const part of readdirSync(root).sort()) {
    const run = /^run=(.+)$/.exec(part)?.[1];
    if (run === undefined) continue;
    for (const name of readdirSync(join(root, part)).filter((f) => f.endsWith('.parquet')).sort()) {
      const file = join(root, part, name);
      const table = await readParquet(file);
      requireColumns(file, table, SERIES_COLUMNS);
      for (const r of table.rows) {
        out.push({ run, replication: r.replication as number, time: r.time as number, metric: r.metric as string, entity: r.entity as string | null, value: r.value as number | null });
      }
    }
  }
  return out;
}
