import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../models/model.js';
import type { SweepRecord } from '../run/plan.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RANK_ORIGIN } from '../cdn/control/steering.js';
import { createQoe, qoeSummary, SITE_ORIGIN } from '../cdn/qoe.js';
import { tempDir } from '../test-helpers/cli.js';
import { directionOf } from './metric-directions.js';
import { writeRunTables } from './outputs.js';
import { qoeRows, qoeTable, scalarColumns, seriesTable, summaryTable, tableCsv, type Column, type Summary } from './tables.js';

/** The table's columns as row objects, the shape a reader gives back. */
function rowsOf(columns: Column[]): Record<string, unknown>[] {
  return columns[0].values.map((_, i) => Object.fromEntries(columns.map((c) => [c.name, c.values[i]])));
}

const name = fc.stringMatching(/^[a-z][a-zA-Z0-9/-]{0,8}$/);
const value = fc.oneof(fc.double(), fc.constant(null));

/** Series of one replication: plain lists and lists keyed by entity, all `bins` long. */
const seriesShape = fc.uniqueArray(fc.tuple(name, fc.option(fc.uniqueArray(name, { minLength: 1, maxLength: 4 }), { nil: null })), {
  minLength: 1,
  maxLength: 6,
  selector: ([metric]) => metric,
});

describe('series in long form', () => {
  it('one row per replication, series and bin; every value kept (non-finite as null), at the bin start', () => {
    fc.assert(
      fc.property(
        seriesShape.filter((s) => s.every(([m]) => m !== 'binSeconds')),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom(1, 300, 900, 0.25),
        fc.infiniteStream(value),
        (shape, bins, replications, first, binSeconds, values) => {
          const take = () => Array.from({ length: bins }, () => values.next().value as number | null);
          const perReplication = Array.from({ length: replications }, () => {
            const series: { [k: string]: Json } = { binSeconds };
            for (const [metric, entities] of shape) series[metric] = entities ? Object.fromEntries(entities.map((e) => [e, take()])) : take();
            return { series };
          });
          const table = seriesTable({ perReplication }, first)!;
          const seriesCount = shape.reduce((n, [, entities]) => n + (entities ? entities.length : 1), 0);
          expect(table.map((c) => c.name)).toEqual(['replication', 'time', 'metric', 'entity', 'value']);
          const rows = rowsOf(table);
          expect(rows).toHaveLength(bins * seriesCount * replications);
          // Each (replication, series, bin) once, so with the count above none is missing.
          expect(new Set(rows.map((r) => `${r.replication}|${r.metric}|${r.entity}|${r.time}`)).size).toBe(rows.length);
          for (const row of rows) {
            const rep = (row.replication as number) - first;
            const bin = (row.time as number) / binSeconds;
            expect(Number.isInteger(bin)).toBe(true);
            const s = perReplication[rep].series[row.metric as string];
            const source = (row.entity === null ? s : (s as { [k: string]: Json })[row.entity as string]) as (number | null)[];
            const want = source[bin];
            expect(row.value).toBe(typeof want === 'number' && Number.isFinite(want) ? want : null);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('no series (mm1, mmcc, bgp): no table', () => {
    expect(seriesTable({ customers: 5, perReplication: [{ customers: 5 }] })).toBeNull();
    expect(seriesTable({ customers: 5 })).toBeNull();
  });

  it('a summary without perReplication has its own series read', () => {
    const t = seriesTable({ series: { binSeconds: 60, x: [1, 2] } })!;
    expect(rowsOf(t)).toEqual([
      { replication: 0, time: 0, metric: 'x', entity: null, value: 1 },
      { replication: 0, time: 60, metric: 'x', entity: null, value: 2 },
    ]);
  });
});

describe('summary table', () => {
  const runs = [
    { id: 'a-r0', replication: 0, parameters: { rate: 1, policy: 'lru', flag: true } },
    { id: 'a-r1', replication: 1, parameters: { rate: 2.5, policy: 'lfu', flag: false } },
  ];
  const metrics = [new Map([['offload', 0.5], ['p50', null]]), new Map([['offload', 0.75], ['extra', 3]])];

  it('run, replication, parameters (numbers as DOUBLE, the rest as text), then metrics in order of first appearance', () => {
    const t = summaryTable(runs, ['rate', 'policy', 'flag'], metrics);
    expect(t.map((c) => [c.name, c.type])).toEqual([
      ['run', 'STRING'],
      ['replication', 'INT32'],
      ['rate', 'DOUBLE'],
      ['policy', 'STRING'],
      ['flag', 'STRING'],
      ['offload', 'DOUBLE'],
      ['p50', 'DOUBLE'],
      ['extra', 'DOUBLE'],
    ]);
    expect(rowsOf(t)[1]).toEqual({ run: 'a-r1', replication: 1, rate: 2.5, policy: 'lfu', flag: 'false', offload: 0.75, p50: null, extra: 3 });
    expect(tableCsv(t)).toBe('run,replication,rate,policy,flag,offload,p50,extra\na-r0,0,1,lru,true,0.5,,\na-r1,1,2.5,lfu,false,0.75,,3\n');
  });

  it('a single run: replication empty; a metric named like a parameter is not repeated', () => {
    const t = summaryTable([{ id: 'quickstart', replication: null, parameters: {} }], [], [new Map([['offload', 0.9]])]);
    expect(tableCsv(t)).toBe('run,replication,offload\nquickstart,,0.9\n');
    const clash = summaryTable(runs, ['offload'], metrics);
    expect(clash.map((c) => c.name)).toEqual(['run', 'replication', 'offload', 'p50', 'extra']);
  });
});

describe('summary.csv', () => {
  it('numbers flattened with dotted names; lists of numbers by index; lists of objects, series and runner fields left out', () => {
    const cols = scalarColumns({ seed: 1, scenario: 'x', hitRatio: 0.5, bytesByRank: [1, 2], sites: [{ a: 1 }], fill: { peer: 3, name: 'p' }, p50: null, series: { a: [1] }, perReplication: [] });
    expect([...cols]).toEqual([
      ['hitRatio', 0.5],
      ['bytesByRank.0', 1],
      ['bytesByRank.1', 2],
      ['fill.peer', 3],
      ['p50', null],
    ]);
  });

  it('parameters as written; quoting where needed', () => {
    const record = {
      parameters: ['a', 'b'],
      runs: [
        { id: 'r1', replication: 0, parameters: { a: '1,5/s', b: { x: 1 } }, scenarioHash: '' },
        { id: 'r2', replication: 1, parameters: { a: 2, b: 'plain' }, scenarioHash: '' },
      ],
    } as unknown as SweepRecord;
    const summaries = [{ m: 1 }, { m: 2.5, n: 3 }];
    expect(tableCsv(summaryTable(record.runs, record.parameters, summaries.map(scalarColumns)))).toBe('run,replication,a,b,m,n\nr1,0,"1,5/s","{""x"":1}",1,\nr2,1,2,plain,2.5,3\n');
  });
});

describe('QoE tables', () => {
  /** Two playbacks of tagus-net on site tagus-lisbon and one of douro-fibra from the origin. */
  function qoeSummaryOf(): Summary {
    const q = createQoe(['tagus-net', 'douro-fibra'], ['tagus-lisbon'], 0);
    q.sessionEnded(10, 0, 0, 0, 2, 0, 0, 100, 100 * 3e6, 1);
    q.sessionEnded(20, 0, 0, 0, 4, 25, 1, 75, 75 * 1e6, 2);
    q.sessionEnded(30, 1, SITE_ORIGIN, RANK_ORIGIN, 1, 0, 0, 60, 60 * 5e6, 0);
    return { offload: 0.5, startupDelayCdf: { p: [0, 1], seconds: [1, 2] }, qoe: qoeSummary(q) };
  }

  it('summary.csv: the whole CDN’s QoE figures as qoe.all.* columns; the groups and every distribution stay in summary.json', () => {
    const cols = scalarColumns(qoeSummaryOf());
    const names = [...cols.keys()];
    expect(names[0]).toBe('offload');
    expect(names.slice(1)).toEqual([
      'qoe.all.sessions',
      'qoe.all.startedSessions',
      'qoe.all.neverStartedShare',
      'qoe.all.startupMean',
      'qoe.all.startupP50',
      'qoe.all.startupP90',
      'qoe.all.startupP95',
      'qoe.all.startupP99',
      'qoe.all.playSeconds',
      'qoe.all.rebufferSeconds',
      'qoe.all.rebufferRatio',
      'qoe.all.rebufferRatioP50',
      'qoe.all.rebufferRatioP90',
      'qoe.all.rebufferRatioP95',
      'qoe.all.rebufferRatioP99',
      'qoe.all.rebufferEventsPerSession',
      'qoe.all.rebufferedShare',
      'qoe.all.bitrate',
      'qoe.all.switchesPerMinute',
    ]);
    expect(cols.get('qoe.all.sessions')).toBe(3);
    expect(cols.get('qoe.all.rebufferRatio')).toBe(25 / 260);
    // `cdnsim compare` knows which way each is better.
    expect(names.filter((n) => directionOf(n).rule === null)).toEqual([]);
    expect([directionOf('qoe.all.bitrate').direction, directionOf('qoe.all.startupP95').direction, directionOf('qoe.all.sessions').direction]).toEqual(['higher', 'lower', 'neutral']);
  });

  it('qoe.csv: one row per run and group, with grouping and group after the parameters, and the figures of summary.json', () => {
    const summary = qoeSummaryOf();
    const runs = [
      { id: 'a-r0', replication: 0, parameters: { 'steering.policy': 'proximity' } },
      { id: 'b-r0', replication: 0, parameters: { 'steering.policy': 'load-aware' } },
      { id: 'mm1-r0', replication: 0, parameters: { 'steering.policy': 'none' } },
    ];
    const t = qoeTable(runs, ['steering.policy'], [qoeRows(summary), qoeRows(summary), qoeRows({ customers: 3 })])!;
    expect(t.slice(0, 7).map((c) => [c.name, c.type])).toEqual([
      ['run', 'STRING'],
      ['replication', 'INT32'],
      ['steering.policy', 'STRING'],
      ['grouping', 'STRING'],
      ['group', 'STRING'],
      ['sessions', 'DOUBLE'],
      ['startedSessions', 'DOUBLE'],
    ]);
    expect(t.map((c) => c.name)).toContain('rebufferRatioP99');
    expect(t.map((c) => c.name).some((n) => n.includes('Cdf'))).toBe(false);
    const rows = rowsOf(t);
    // all, 2 ISPs, 1 site + origin + unserved, 5 ranks + unserved: 12 per run with QoE, none for the other.
    expect(rows).toHaveLength(24);
    expect(rows.slice(0, 12).map((r) => `${r.grouping}:${r.group}:${r.sessions}`)).toEqual([
      'all:all:3',
      'isp:tagus-net:2',
      'isp:douro-fibra:1',
      'site:tagus-lisbon:2',
      'site:origin:1',
      'site:unserved:0',
      'rank:embedded-specific:2',
      'rank:embedded-covering:0',
      'rank:ixp-direct:0',
      'rank:ixp-indirect:0',
      'rank:origin:1',
      'rank:unserved:0',
    ]);
    const tagus = rows.find((r) => r.group === 'tagus-net')!;
    expect(tagus).toMatchObject({ run: 'a-r0', 'steering.policy': 'proximity', rebufferRatio: 25 / 200, rebufferedShare: 0.5, switchesPerMinute: (60 * 3) / 175 });
    // An idle group's ratios are empty cells.
    const csv = tableCsv(t).split('\n');
    expect(csv[0].startsWith('run,replication,steering.policy,grouping,group,sessions,startedSessions,neverStartedShare,startupMean,startupP50')).toBe(true);
    expect(csv[6]).toBe('a-r0,0,proximity,site,unserved,0,0,,,,,,,0,0,,,,,,,,,');
  });

  it('no run with QoE: no table', () => {
    expect(qoeTable([{ id: 'x', replication: null, parameters: {} }], [], [qoeRows({ customers: 3 })])).toBeNull();
  });

  it('a run writes qoe.csv and qoe.parquet beside summary.csv; a rerun without QoE removes them', () => {
    const dir = tempDir('cdnsim-qoe-');
    writeRunTables(dir, 'site-failure', qoeSummaryOf());
    const csv = readFileSync(join(dir, 'qoe.csv'), 'utf8');
    expect(csv.split('\n')[1].startsWith('site-failure,,all,all,3,3,0,')).toBe(true);
    expect(existsSync(join(dir, 'qoe.parquet'))).toBe(true);
    writeRunTables(dir, 'mm1', { customers: 3 });
    expect(existsSync(join(dir, 'qoe.csv'))).toBe(false);
    expect(existsSync(join(dir, 'qoe.parquet'))).toBe(false);
  });
});
