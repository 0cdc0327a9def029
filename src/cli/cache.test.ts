import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cdnsim } from '../cache/test-helpers/cli.js';
import { runJobs } from '../cache/grid.js';
import { AUTO_FRACTIONS } from '../cache/sizes.js';

const dir = mkdtempSync(join(tmpdir(), 'cdnsim-cli-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const trace = join(dir, 't.oracleGeneral.bin');
cdnsim('trace', 'gen', '--requests', '20000', '--objects', '1000', '--alpha', '0.8', '--size-dist', 'lognormal:9,1', '--seed', '1', '--out', trace);

describe('cdnsim cache', () => {
  it('--json prints one object per (policy, size) with the documented fields', () => {
    const r = cdnsim('cache', '--trace', trace, '--policy', 'lru,fifo', '--size', '64KiB,0.5', '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out);
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['byteMissRatio', 'byteMisses', 'cacheSize', 'missRatio', 'misses', 'policy', 'requests', 'seconds']);
      expect(row.requests).toBe(20000);
      expect(row.missRatio).toBeCloseTo(row.misses / row.requests, 12);
    }
    expect(rows.map((x: { policy: string }) => x.policy)).toEqual(['lru', 'lru', 'fifo', 'fifo']);
    expect(rows[0].cacheSize).toBe(65536);
    const ws = JSON.parse(cdnsim('trace', 'stats', trace, '--json').out).workingSetBytes;
    expect(rows[1].cacheSize).toBe(Math.floor(ws * 0.5));
  });

  it('--size auto --csv gives a miss-ratio curve per policy', () => {
    const r = cdnsim('cache', '--trace', trace, '--policy', 'lru,sieve', '--size', 'auto', '--csv');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('policy,cacheSize,requests,misses,byteMisses,missRatio,byteMissRatio,seconds');
    expect(lines).toHaveLength(1 + 2 * AUTO_FRACTIONS.length);
  });

  it('--admission, --ttl and --warmup reach the replay as the library takes them', async () => {
    const r = cdnsim('cache', '--trace', trace, '--size', '0.2', '--admission', 'bloom', '--ttl', '2s', '--warmup', '5000', '--json');
    expect(r.code).toBe(0);
    const [row] = JSON.parse(r.out);
    const [lib] = await runJobs({ file: trace, format: 'oracleGeneral' }, [{ policy: 'lru', cacheSize: row.cacheSize }], { admission: 'bloom', ttl: 2, warmup: 5000 });
    expect({ ...row, seconds: 0 }).toEqual({ ...lib, seconds: 0 });
    expect(row.requests).toBe(15000);
  });

  it('loads a policy from the user’s own module', () => {
    const mod = join(dir, 'never.mjs');
    writeFileSync(
      mod,
      `export default { name: 'never', describe: 'caches nothing', create: (o) => ({ name: 'never', capacity: o.capacity, used: 0, count: 0,
        request: () => false, insert: () => false, remove: () => false, contains: () => false }) };\n`,
    );
    const r = cdnsim('cache', '--trace', trace, '--policy-module', mod, '--policy', 'never,lru', '--size', '1MiB', '--json');
    expect(r.code).toBe(0);
    const [never, lru] = JSON.parse(r.out);
    expect(never.misses).toBe(20000);
    expect(lru.misses).toBeLessThan(20000);
  });

  it('bad input exits 2 with one line naming the problem', () => {
    const truncated = join(dir, 'cut.bin');
    writeFileSync(truncated, readFileSync(trace).subarray(0, 24 * 100 + 5));
    const badCsv = join(dir, 'bad.csv');
    writeFileSync(badCsv, '1,2,3\n4,5,6\n7,8,lots\n');
    const cases: [string[], RegExp][] = [
      [['--trace', trace, '--policy', 'nope', '--size', '1MiB'], /unknown policy 'nope'/],
      [['--trace', trace, '--size', '1.5'], /cache size '1.5'/],
      [['--trace', trace, '--size', '1MiB', '--admission', 'prob:7'], /probability/],
      [['--trace', join(dir, 'none.bin'), '--size', '1MiB'], /none\.bin: no such file/],
      [['--trace', truncated, '--size', '1MiB', '--policy', 'lru,fifo'], /cut\.bin: record 100: truncated record/],
      [['--trace', badCsv, '--size', '1MiB'], /bad\.csv:3: size 'lots'/],
      [['--trace', trace], /no cache size/],
    ];
    for (const [args, message] of cases) {
      const r = cdnsim('cache', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(message);
    }
  });
});
