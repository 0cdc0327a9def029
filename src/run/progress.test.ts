import { describe, expect, it } from 'vitest';
import { scalarColumns, summaryCsv } from './csv.js';
import type { SweepRecord } from './plan.js';
import { clock, formatBar, formatProgress, ProgressReporter } from './progress.js';

describe('progress', () => {
  it('runs done, events per second and ETA, as a line and as a bar', () => {
    const s = { done: 3, total: 12, events: 6_000_000, elapsedSeconds: 3 };
    expect(formatProgress(s)).toBe('3/12 runs  2.00 M events/s  ETA 0:09');
    expect(formatBar(s, 70)).toMatch(/^\[#+-+\] 3\/12 runs/);
    expect(formatProgress({ ...s, done: 0, events: 0 })).toMatch(/ETA --:--$/);
    expect(clock(3725)).toBe('1:02:05');
  });

  it('NDJSON: start, a line per run, end', () => {
    const lines: string[] = [];
    const p = new ProgressReporter('json', 2, () => ({ done: 2, events: 10 }), { write: (t: string) => lines.push(t) }, { write: () => true });
    p.start({ sweep: 'abc' });
    p.run({ id: 'x-r0' });
    p.finish({ status: 'complete' });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { type: 'start', runs: 2, sweep: 'abc' },
      { type: 'run', id: 'x-r0' },
      { type: 'end', done: 2, total: 2, status: 'complete' },
    ]);
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
    expect(summaryCsv(record, [{ m: 1 }, { m: 2.5, n: 3 }])).toBe('run,replication,a,b,m,n\nr1,0,"1,5/s","{""x"":1}",1,\nr2,1,2,plain,2.5,3\n');
  });
});
