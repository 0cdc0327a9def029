import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdnsim, tempDir } from '../test-helpers/cli.js';

// Two 100-byte flows on a 100 B/s link, route latencies 0.1 s and 0.2 s, started at 1 s:
// weighted by 1 / latency they end at 2.55 s and 3.10 s (worked in flow-engine.test.ts).
const WORKED = {
  links: [
    { name: 'slow', bandwidth: 100, latency: 0.1 },
    { name: 'fast', bandwidth: 1e9, latency: 0.1 },
  ],
  flows: [
    { start: 1, bytes: 100, route: ['slow'] },
    { start: 1, bytes: 100, route: ['slow', 'fast'] },
  ],
};

const WORKED_YAML = `links:
  - { name: slow, bandwidth: 800bps, latency: 100ms }
  - { name: fast, bandwidth: 8Gbps, latency: 100ms }
flows:
  - { start: 1s, bytes: 100B, route: [slow] }
  - { start: 1000ms, bytes: 0.1KB, route: [slow, fast] }
`;

function write(name: string, text: string): string {
  const file = join(tempDir('cdnsim-flows-cli-'), name);
  writeFileSync(file, text);
  return file;
}

describe('cdnsim flows', () => {
  it('prints each flow with its start and end, in input order (--json)', () => {
    const r = cdnsim(['flows', write('worked.json', JSON.stringify(WORKED, null, 1)), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { flow: number; start: number; end: number }[];
    expect(out.map((o) => [o.flow, o.start])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(out[0].end).toBeCloseTo(2.55, 12);
    expect(out[1].end).toBeCloseTo(3.1, 12);
  });

  it('reads the same set from YAML with units, and runs LV08 on request', () => {
    const yaml = write('worked.yaml', WORKED_YAML);
    const r = cdnsim(['flows', yaml, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const ends = (JSON.parse(r.stdout) as { end: number }[]).map((o) => o.end);
    expect(ends[0]).toBeCloseTo(2.55, 12);
    expect(ends[1]).toBeCloseTo(3.1, 12);
    // LV08: flow 0 alone pays 13.01 × 0.1 s; it finishes first, flow 1 starts later and runs alone.
    const lv = cdnsim(['flows', yaml, '--model', 'lv08', '--json']);
    const lvEnds = (JSON.parse(lv.stdout) as { end: number }[]).map((o) => o.end);
    expect(lvEnds[0]).toBeCloseTo(1 + 1.301 + 100 / 97, 9);
  });

  it('prints a short table without --json', () => {
    const r = cdnsim(['flows', write('worked.json', JSON.stringify(WORKED))]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 flows, model maxmin');
    expect(r.stdout).toMatch(/\n\s+1\s+1\.000000\s+3\.100000\s+2\.100000\n/);
  });

  const bad: [string, string, string, RegExp][] = [
    ['an unknown link', 'x.yaml', WORKED_YAML.replace('route: [slow, fast]', 'route: [slow, nowhere]'), /x\.yaml:6:\d+: flows\[1\]\.route\[1\]: unknown link "nowhere"/],
    ['a negative size', 'x.yaml', WORKED_YAML.replace('bytes: 100B', 'bytes: -5'), /x\.yaml:5:\d+: flows\[0\]\.bytes: must be >= 0, got -5/],
    ['a route through nothing', 'x.yaml', WORKED_YAML.replace('route: [slow]', 'route: []'), /x\.yaml:5:\d+: flows\[0\]\.route: a route needs at least one link/],
    ['a bad unit', 'x.yaml', WORKED_YAML.replace('800bps', '800 furlongs'), /x\.yaml:2:\d+: links\[0\]\.bandwidth: unknown unit 'furlongs'/],
    ['malformed JSON', 'x.json', '{"links": [}', /x\.json:1:\d+: JSON syntax error/],
    ['malformed YAML', 'x.yaml', 'links: [\n  {name: a\n', /x\.yaml:\d+:\d+: YAML syntax error/],
    ['a missing file', 'missing.json', '', /no such file/],
  ];
  for (const [what, name, text, message] of bad) {
    it(`refuses ${what}: exit 2, one line naming file, line and field`, () => {
      const file = name === 'missing.json' ? join(tempDir(), name) : write(name, text);
      const r = cdnsim(['flows', file]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }
});
