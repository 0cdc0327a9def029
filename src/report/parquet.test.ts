import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { mergeSweepDirs } from '../run/merge.js';
import { makePlan, type Plan, type SweepRecord } from '../run/plan.js';
import { runScenarioFile } from '../run/run.js';
import { runSweep } from '../run/sweep.js';
import { loadScenarioOrSweep } from '../scenario/sweep.js';
import { repoRoot, tempDir } from '../test-helpers/cli.js';
import { parquetBytes, readParquet, readSeries, readSummaryTable } from './parquet.js';
import { qoeRows, scalarColumns, seriesTable, summaryTable, type Column, type Summary } from './tables.js';

/** The query the README shows, run verbatim: offload per run from the series, beside the summary's. */
const README_QUERY = `
SELECT s."placement.policy" AS policy,
       s.replication,
       s.offload,
       sum(t.value) FILTER (WHERE t.entity LIKE 'embedded-%') / sum(t.value) AS offload_from_series
FROM read_parquet('results/sweep-placement/summary.parquet') AS s
JOIN read_parquet('results/sweep-placement/series/*/*.parquet', hive_partitioning = true) AS t
  ON t.run = s.run AND t.metric = 'bytesByRank'
GROUP BY ALL
ORDER BY policy, s.replication;
`;

function rowsOf(columns: Column[]): Record<string, unknown>[] {
  return columns[0].values.map((_, i) => Object.fromEntries(columns.map((c) => [c.name, c.values[i]])));
}

function planOf(file: string): Plan {
  const { scenario, sweep } = loadScenarioOrSweep(file);
  return makePlan(scenario, sweep!, { file });
}

function readRecord(dir: string): SweepRecord {
  return JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepRecord;
}

function readRunSummary(dir: string, id: string): Summary {
  return JSON.parse(readFileSync(join(dir, 'runs', id, 'summary.json'), 'utf8')) as Summary;
}

/** Relative to the error: sums in another order differ in the last bits. */
function expectClose(actual: number, expected: number, relative = 1e-12) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

/** The tables of a results directory as bytes, by relative path. */
function tableFiles(dir: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const f of ['summary.csv', 'summary.parquet', 'qoe.csv', 'qoe.parquet']) if (existsSync(join(dir, f))) files[f] = readFileSync(join(dir, f));
  const series = join(dir, 'series');
  if (existsSync(series)) {
    for (const part of readdirSync(series).sort()) for (const f of readdirSync(join(series, part)).sort()) files[relative(dir, join(series, part, f))] = readFileSync(join(series, part, f));
  }
  return files;
}

describe('a real sweep (scenarios/sweep-placement.yaml) read by DuckDB', () => {
  const root = tempDir('cdnsim-tables-');
  const out = join(root, 'results', 'sweep-placement');
  let instance: DuckDBInstance;
  let db: DuckDBConnection;
  let record: SweepRecord;
  let summaries: Summary[];
  const query = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS();

  beforeAll(async () => {
    // The shipped sweep, its day cut to its first three hours (into the 02:00 fill).
    const file = join(root, 'sweep-placement.yaml');
    writeFileSync(file, readFileSync(join(repoRoot, 'scenarios', 'sweep-placement.yaml'), 'utf8').replace(/^duration: 24h$/m, 'duration: 3h'));
    await runSweep(planOf(file), { out, workers: 2 });
    record = readRecord(out);
    summaries = record.runs.map((r) => readRunSummary(out, r.id));
    instance = await DuckDBInstance.create(':memory:');
    db = await instance.connect();
    // Relative paths in queries resolve here, so the README's query runs as written.
    await db.run(`SET file_search_path = '${root.replace(/'/g, "''")}'`);
  }, 120_000);

  afterAll(() => {
    db?.closeSync();
    instance?.closeSync();
  });

  it('summary.parquet: one row per run in id order, typed columns, every number equal to the run summary', async () => {
    const types = await query(`DESCRIBE SELECT * FROM read_parquet('results/sweep-placement/summary.parquet')`);
    const typeOf = Object.fromEntries(types.map((t) => [t.column_name, t.column_type]));
    expect(types.slice(0, 3).map((t) => t.column_name)).toEqual(['run', 'replication', 'placement.policy']);
    expect(typeOf).toMatchObject({ run: 'VARCHAR', replication: 'INTEGER', 'placement.policy': 'VARCHAR', offload: 'DOUBLE', requests: 'DOUBLE', 'bytesByRank.0': 'DOUBLE' });
    expect(types.slice(3).every((t) => t.column_type === 'DOUBLE')).toBe(true);

    const rows = await query(`SELECT * FROM read_parquet('results/sweep-placement/summary.parquet')`);
    expect(rows.map((r) => r.run)).toEqual(record.runs.map((r) => r.id));
    rows.forEach((row, i) => {
      expect(row.replication).toBe(record.runs[i].replication);
      expect(row['placement.policy']).toBe(record.runs[i].parameters['placement.policy']);
      const metrics = scalarColumns(summaries[i]);
      expect(Object.keys(row).length).toBe(3 + metrics.size);
      for (const [k, v] of metrics) expect(row[k], `${row.run} ${k}`).toBe(v);
    });
    expect(rows[0].offload).toBe(summaries[0].offload);
  });

  it('series: the run comes from the partition; every value equals the summary series; sums agree with the totals', async () => {
    const rows = await query(`SELECT run, replication, time, metric, entity, value FROM read_parquet('results/sweep-placement/series/*/*.parquet', hive_partitioning = true)`);
    const got = new Map(rows.map((r) => [`${r.run}|${r.replication}|${r.metric}|${r.entity}|${r.time}`, r.value]));
    expect(got.size).toBe(rows.length);
    let expected = 0;
    record.runs.forEach((run, i) => {
      const reps = summaries[i].perReplication as { series: { [k: string]: number | (number | null)[] | { [e: string]: (number | null)[] } } }[];
      expect(reps).toHaveLength(1);
      const series = reps[0].series;
      const bin = series.binSeconds as number;
      for (const [metric, v] of Object.entries(series)) {
        if (metric === 'binSeconds') continue;
        const lists: [string | null, (number | null)[]][] = Array.isArray(v) ? [[null, v]] : Object.entries(v as object);
        for (const [entity, list] of lists) {
          list.forEach((x, b) => {
            expected++;
            expect(got.get(`${run.id}|${run.replication}|${metric}|${entity}|${b * bin}`)).toBe(x);
          });
        }
      }
    });
    expect(rows.length).toBe(expected);

    const sums = await query(`
      SELECT run, sum(value) AS bytes FROM read_parquet('results/sweep-placement/series/*/*.parquet', hive_partitioning = true)
      WHERE metric = 'bytesByRank' GROUP BY run ORDER BY run`);
    expect(sums.map((s) => s.run)).toEqual(record.runs.map((r) => r.id));
    sums.forEach((s, i) => {
      const bySeries = Object.values((summaries[i].perReplication as { series: { bytesByRank: { [k: string]: number[] } } }[])[0].series.bytesByRank).flat();
      expectClose(s.bytes as number, bySeries.reduce((a, b) => a + b, 0));
      expectClose(s.bytes as number, summaries[i].bytesServed as number, 1e-9);
    });
  });

  it('the README query: offload from the series equals the summary offload, per policy and replication', async () => {
    const rows = await query(README_QUERY);
    expect(rows).toHaveLength(8);
    expect(rows.map((r) => `${r.policy}/${r.replication}`)).toEqual(['history/0', 'history/1', 'hybrid/0', 'hybrid/1', 'oracle/0', 'oracle/1', 'reactive/0', 'reactive/1']);
    for (const r of rows) {
      const i = record.runs.findIndex((x) => x.parameters['placement.policy'] === r.policy && x.replication === r.replication);
      expect(r.offload).toBe(summaries[i].offload);
      expectClose(r.offload_from_series as number, summaries[i].offload as number, 1e-9);
    }
  });

  it('qoe.parquet: every group of every run, each figure equal to the run summary; each grouping adds up to the whole CDN', async () => {
    const rows = await query(`SELECT * FROM read_parquet('results/sweep-placement/qoe.parquet')`);
    const want = record.runs.flatMap((run, i) => qoeRows(summaries[i]).map((g) => ({ run: run.id, ...g })));
    expect(want.length).toBeGreaterThan(record.runs.length);
    expect(rows.map((r) => `${r.run}|${r.grouping}|${r.group}`)).toEqual(want.map((w) => `${w.run}|${w.grouping}|${w.group}`));
    rows.forEach((row, i) => {
      for (const [k, v] of want[i].metrics) expect(row[k], `${row.run} ${row.group} ${k}`).toBe(v);
    });
    const sums = await query(`
      SELECT q.run, q.grouping, sum(q.sessions) AS sessions, any_value(a.sessions) AS whole
      FROM read_parquet('results/sweep-placement/qoe.parquet') AS q
      JOIN read_parquet('results/sweep-placement/qoe.parquet') AS a ON a.run = q.run AND a.grouping = 'all'
      WHERE q.grouping <> 'all' GROUP BY ALL ORDER BY q.run, q.grouping`);
    expect(sums).toHaveLength(3 * record.runs.length);
    for (const s of sums) expect(s.sessions).toBe(s.whole);
  });

  it('summary.csv and summary.parquet hold the same rows and columns', async () => {
    const table = await readSummaryTable(out);
    const csv = readFileSync(join(out, 'summary.csv'), 'utf8').trimEnd().split('\n');
    expect(csv.join('')).not.toMatch(/"/);
    expect(csv[0].split(',')).toEqual(table.columns);
    expect(csv).toHaveLength(table.rows.length + 1);
    table.rows.forEach((row, i) => {
      const cells = csv[i + 1].split(',');
      table.columns.forEach((c, j) => {
        const v = row[c];
        if (v === null) expect(cells[j]).toBe('');
        else if (typeof v === 'number') expect(Number(cells[j])).toBe(v);
        else expect(cells[j]).toBe(v);
      });
    });
  });

  it('round trip through the hyparquet reader', async () => {
    const table = await readSummaryTable(out);
    const built = summaryTable(record.runs, record.parameters, summaries.map(scalarColumns));
    expect(table.columns).toEqual(built.map((c) => c.name));
    expect(table.rows).toEqual(rowsOf(built));
    const series = await readSeries(out);
    const want = record.runs.flatMap((run, i) => rowsOf(seriesTable(summaries[i], run.replication)!).map((r) => ({ run: run.id, ...r })));
    expect(series).toEqual(want);
  });
});

const tinySweep = (dir: string) => {
  const text = readFileSync(join(repoRoot, 'scenarios', 'sweep-placement.yaml'), 'utf8')
    .replace(/^name: .*$/m, 'name: tiny')
    .replace(/^duration: 24h$/m, 'duration: 1h')
    .replace('[history, oracle, reactive, hybrid]', '[history, reactive]');
  writeFileSync(join(dir, 'tiny.yaml'), text);
  return join(dir, 'tiny.yaml');
};

describe('the same inputs give the same bytes', () => {
  const dir = tempDir('cdnsim-tables-');
  const file = tinySweep(dir);

  it('1 worker, 2 workers, 2 shards merged: identical summary.csv, summary.parquet and series', async () => {
    const plan = planOf(file);
    await runSweep(plan, { out: join(dir, 'w1'), workers: 1 });
    await runSweep(plan, { out: join(dir, 'w2'), workers: 2 });
    await runSweep(plan, { out: join(dir, 's0'), workers: 1, shard: { index: 0, count: 2, from: 'test' } });
    await runSweep(plan, { out: join(dir, 's1'), workers: 1, shard: { index: 1, count: 2, from: 'test' } });
    expect(existsSync(join(dir, 's0', 'summary.parquet'))).toBe(false);
    expect(existsSync(join(dir, 's0', 'series'))).toBe(false);
    mergeSweepDirs([join(dir, 's0'), join(dir, 's1')], join(dir, 'merged'));

    const reference = tableFiles(join(dir, 'w1'));
    // summary.csv and .parquet, qoe.csv and .parquet, and the series parts.
    expect(Object.keys(reference)).toHaveLength(4 + 4);
    expect(reference['summary.parquet'].includes(Buffer.from('cdnsim'))).toBe(true);
    expect(tableFiles(join(dir, 'w2'))).toEqual(reference);
    expect(tableFiles(join(dir, 'merged'))).toEqual(reference);
  });

  it('a single run, twice: identical files; run is the scenario name, replication empty; series of every replication', async () => {
    const single = join(dir, 'single.yaml');
    writeFileSync(single, readFileSync(file, 'utf8').replace(/^sweep:[\s\S]*$/m, ''));
    await runScenarioFile(single, { out: join(dir, 'one') });
    await runScenarioFile(single, { out: join(dir, 'two') });
    expect(tableFiles(join(dir, 'two'))).toEqual(tableFiles(join(dir, 'one')));
    const table = await readSummaryTable(join(dir, 'one'));
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]).toMatchObject({ run: 'tiny', replication: null });
    expect(readFileSync(join(dir, 'one', 'summary.csv'), 'utf8').split('\n')[1]).toMatch(/^tiny,,/);
    const series = await readSeries(join(dir, 'one'));
    expect(new Set(series.map((r) => `${r.run}/${r.replication}`))).toEqual(new Set(['tiny/0', 'tiny/1']));
    // Written before the manifest, which stays last.
    expect(statSync(join(dir, 'one', 'manifest.json')).mtimeMs).toBeGreaterThanOrEqual(statSync(join(dir, 'one', 'summary.parquet')).mtimeMs);
  });

  it('no series (mm1): summary tables only; a stale series partition is removed', async () => {
    const mm1 = join(dir, 'mm1.yaml');
    writeFileSync(mm1, 'name: tiny-mm1\nmodel: mm1\nseed: 3\nreplications: 2\nduration: 2000s\nengine: js\nmm1:\n  arrivalRate: 0.5/s\n  serviceRate: 1/s\n');
    const out = join(dir, 'mm1');
    mkdirSync(join(out, 'series', 'run=old'), { recursive: true });
    writeFileSync(join(out, 'series', 'run=old', 'part-0.parquet'), 'stale');
    await runScenarioFile(mm1, { out });
    expect(existsSync(join(out, 'series', 'run=old'))).toBe(false);
    expect(await readSeries(out)).toEqual([]);
    const table = await readSummaryTable(out);
    expect(table.rows[0]).toMatchObject({ run: 'tiny-mm1', replication: null });
    expect(table.columns).toContain('meanWait.mean');
  });
});

describe('bad files are bad input naming the file', () => {
  const dir = tempDir('cdnsim-tables-');

  it('a truncated summary.parquet or series part; a missing summary.parquet', async () => {
    const s = { perReplication: [{ series: { binSeconds: 60, rebufferRatio: [0.1, 0.2, null] } }] };
    const bytes = parquetBytes(summaryTable([{ id: 'r', replication: null, parameters: {} }], [], [new Map([['offload', 0.5]])]));
    writeFileSync(join(dir, 'summary.parquet'), bytes.subarray(0, bytes.length - 10));
    const file = join(dir, 'summary.parquet');
    const err = await readSummaryTable(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).where.file).toBe(file);
    expect((err as InputError).format()).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a readable Parquet file`));

    const part = join(dir, 'series', 'run=r', 'part-0.parquet');
    mkdirSync(join(dir, 'series', 'run=r'), { recursive: true });
    const seriesBytes = parquetBytes(seriesTable(s)!);
    writeFileSync(part, seriesBytes.subarray(0, seriesBytes.length / 2));
    await expect(readSeries(dir)).rejects.toThrow(InputError);
    await expect(readSeries(dir)).rejects.toMatchObject({ where: { file: part } });

    await expect(readSummaryTable(join(dir, 'nowhere'))).rejects.toMatchObject({ name: 'InputError', message: 'no such file', where: { file: join(dir, 'nowhere', 'summary.parquet') } });
  });

  it('any table survives the Parquet round trip: strings, doubles, int32, nulls', async () => {
    const file = join(dir, 'prop.parquet');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }).chain((n) =>
          fc.tuple(
            fc.array(fc.option(fc.string(), { nil: null }), { minLength: n, maxLength: n }),
            fc.array(fc.option(fc.double({ noNaN: true }), { nil: null }), { minLength: n, maxLength: n }),
            fc.array(fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { nil: null }), { minLength: n, maxLength: n }),
          ),
        ),
        async ([strings, doubles, ints]) => {
          const columns: Column[] = [
            { name: 'a.b', type: 'STRING', values: strings },
            { name: 'x', type: 'DOUBLE', values: doubles },
            { name: 'i', type: 'INT32', values: ints },
          ];
          writeFileSync(file, parquetBytes(columns));
          const t = await readParquet(file);
          expect(t.columns).toEqual(['a.b', 'x', 'i']);
          expect(t.rows).toEqual(rowsOf(columns));
        },
      ),
      { numRuns: 50 },
    );
  });
});
