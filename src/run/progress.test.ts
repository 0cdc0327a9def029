import { describe, expect, it } from 'vitest';
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
