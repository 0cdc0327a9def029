import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputError } from '../../errors.js';
import { cdnsim, repoRoot, tempDir } from '../../test-helpers/cli.js';
import { openPlaybackTrace } from './playback-trace.js';

const scenario = (trace: string) =>
  readFileSync(join(repoRoot, 'scenarios', 'quickstart.yaml'), 'utf8')
    .replace('duration: 24h', 'duration: 4h')
    .replace(/^workload:\n/m, `workload:\n  trace: ${trace}\n`);

describe('demand from a playback trace', () => {
  it('replays exactly the playbacks of the trace, deterministically', () => {
    const dir = tempDir();
    const lines = ['time,isp,title,watch'];
    for (let k = 0; k < 400; k++) lines.push(`${k * 30},${k % 3 === 0 ? 'douro-fibra' : 'tagus-net'},${(k * 37) % 3000},${600 + (k % 7) * 60}`);
    lines.push(`${5 * 3600},tagus-net,1,600`); // after the end: not played
    writeFileSync(join(dir, 'plays.csv'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 's.yaml'), scenario('plays.csv'));
    const a = cdnsim(['run', join(dir, 's.yaml'), '--json', '--out', join(dir, 'a')]);
    const b = cdnsim(['run', join(dir, 's.yaml'), '--json', '--out', join(dir, 'b')]);
    expect(a.code, a.stderr).toBe(0);
    const s = JSON.parse(a.stdout);
    expect(s.sessions).toBe(400);
    expect(b.stdout).toBe(a.stdout);
    // Watch times bound the bytes: every playback fetched at most its watch seconds at the top rung.
    expect(s.bytesRequested).toBeGreaterThan(0);
    expect(s.bytesRequested).toBeLessThanOrEqual((400 * 960 * 16e6) / 8);
  });

  it('a bad line is reported with file and line, exit 2', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 's.yaml'), scenario('plays.csv'));
    for (const [body, pattern] of [
      ['time,isp,title,watch\n0,tagus-net,1,600\n10,nowhere,1,600\n', /plays\.csv:3: unknown ISP 'nowhere'/],
      ['time,isp,title,watch\n10,tagus-net,1,600\n5,tagus-net,1,600\n', /plays\.csv:3: time 5 is before the previous line's 10/],
      ['time,isp,title,watch\n0,tagus-net,99999,600\n', /plays\.csv:2: title '99999' is not an index in the catalog/],
      ['time,isp,title,watch\n0,tagus-net,1\n', /plays\.csv:2: expected 4 fields/],
      ['when,who\n', /plays\.csv:1: a playback trace starts with the header/],
    ] as const) {
      writeFileSync(join(dir, 'plays.csv'), body);
      const r = cdnsim(['run', join(dir, 's.yaml'), '--out', join(dir, 'o')]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    writeFileSync(join(dir, 's2.yaml'), scenario('missing.csv'));
    const r = cdnsim(['run', join(dir, 's2.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\.csv: no such file/);
  });
});

describe('playback trace reader', () => {
  const isps = new Map([['tagus-net', 0]]);
  it('skips a UTF-8 byte-order mark before the header', () => {
    const path = join(tempDir(), 'bom.csv');
    writeFileSync(path, '\uFEFFtime,isp,title,watch\n5,tagus-net,2,600\n');
    const r = openPlaybackTrace(path, isps, 10);
    expect(r.next()).toEqual({ time: 5, isp: 0, title: 2, watch: 600 });
    expect(r.next()).toBeNull();
    r.close();
  });

  it('quotes control characters of a bad line escaped, on one line', () => {
    const path = join(tempDir(), 'nul.csv');
    writeFileSync(path, Buffer.concat([Buffer.from('time,isp,title,watch\n0,tag\0us,1,600\n')]));
    const r = openPlaybackTrace(path, isps, 10);
    let message = '';
    try {
      r.next();
    } catch (e) {
      message = (e as InputError).format();
    }
    expect(message).toMatch(/nul\.csv:2: unknown ISP 'tag\\0us'/);
    expect(message).not.toMatch(/[\0\n]/);
  });
});
