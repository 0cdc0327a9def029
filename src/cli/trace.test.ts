import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cdnsim } from '../cache/test-helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cdnsim-cli-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cdnsim trace', () => {
  it('gen writes 24 bytes per request; stats reads them back', () => {
    const out = join(dir, 'g.oracleGeneral.bin');
    const g = cdnsim('trace', 'gen', '--requests', '5000', '--objects', '100', '--alpha', '0.9', '--size-dist', 'fixed:4KiB', '--seed', '3', '--out', out);
    expect(g.code).toBe(0);
    expect(statSync(out).size).toBe(5000 * 24);
    const s = cdnsim('trace', 'stats', out, '--json');
    expect(s.code).toBe(0);
    const stats = JSON.parse(s.out);
    expect(stats).toMatchObject({ format: 'oracleGeneral', requests: 5000, requestBytes: 5000 * 4096 });
    expect(stats.workingSetBytes).toBe(stats.objects * 4096);
    expect(cdnsim('trace', 'stats', out).out).toMatch(/^requests\s+5,000$/m);
  });

  it('bad input exits 2 with one line', () => {
    const r = cdnsim('trace', 'gen', '--requests', '10', '--objects', '0', '--alpha', '1', '--out', join(dir, 'x.bin'));
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    const s = cdnsim('trace', 'stats', join(dir, 'missing.bin'));
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/missing\.bin: no such file/);
  });
});
