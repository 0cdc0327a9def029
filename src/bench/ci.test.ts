import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir as makeTempDir } from '../test-helpers/cli.js';
import { checkExact, defaultScenarioFiles, diffBaselines, observe } from './ci.js';
import { runBuiltCommand } from './test-helpers/command.js';

const committed = join(repoRoot, 'results', 'baseline');
const mm1 = join(repoRoot, 'scenarios', 'bench', 'mm1.yaml');
const benchCi = (args: string[]) => runBuiltCommand('cli/bench/ci.js', 'ciBenchCommand', ['bench', 'ci', ...args], { parent: 'bench' });

const made: string[] = [];
const tempDir = (prefix: string) => {
  const dir = makeTempDir(prefix);
  made.push(dir);
  return dir;
};

describe('cdnsim bench ci: the exact part', () => {
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('the scenarios match the committed baselines on every engine that loads', async () => {
    const t0 = Date.now();
    const report = await checkExact();
    const failures = report.checks.flatMap((c) => c.engines.filter((e) => e.mismatches.length > 0).map((e) => `${c.file} on ${e.engine}: ${JSON.stringify(e.mismatches.slice(0, 5))}`));
    expect(failures).toEqual([]);
    expect(report.checks.map((c) => c.file)).toEqual(defaultScenarioFiles());
    expect(report.checks.length).toBeGreaterThanOrEqual(2);
    // Both engines ran unless the wasm module is missing, which the report then says.
    for (const c of report.checks) expect(c.engines.length + report.skipped.length).toBe(2);
    expect(Date.now() - t0).toBeLessThan(40_000);
  });

  it('a changed number in a baseline fails with exit 1 and names the metric', () => {
    const dir = tempDir('cdnsim-baseline-');
    cpSync(committed, dir, { recursive: true });
    const file = join(dir, 'mm1.json');
    const b = JSON.parse(readFileSync(file, 'utf8'));
    b.metrics['meanWait.mean'] += 1e-12;
    writeFileSync(file, JSON.stringify(b, null, 2) + '\n');
    const r = benchCi([mm1, '--baseline', dir]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/mm1\.yaml \(bench-mm1\) on js(, wasm)?: CHANGED against/);
    expect(r.stdout).toMatch(/metric meanWait\.mean: baseline [\d.]+, now [\d.]+/);
    expect(r.stdout).toMatch(/--update-baseline/);
    expect(JSON.parse(benchCi([mm1, '--baseline', dir, '--json']).stdout)).toMatchObject({ ok: false, exact: { ok: false }, timing: null });
  });

  it('passes with exit 0 on an untouched copy', () => {
    const dir = tempDir('cdnsim-baseline-');
    cpSync(committed, dir, { recursive: true });
    const r = benchCi([mm1, '--baseline', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/bench-mm1\) on js(, wasm)?: ok/);
  });

  it('a missing baseline is bad input (exit 2) naming the file and how to create it', () => {
    const dir = tempDir('cdnsim-baseline-');
    const r = benchCi([mm1, '--baseline', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(join(dir, 'mm1.json'));
    expect(r.stderr).toMatch(/cdnsim bench ci --update-baseline/);
  });

  it('--update-baseline reproduces the committed files byte for byte', () => {
    const dir = tempDir('cdnsim-baseline-');
    const r = benchCi(['--update-baseline', '--baseline', dir]);
    expect(r.code, r.stderr).toBe(0);
    const names = readdirSync(committed).sort();
    expect(readdirSync(dir).sort()).toEqual(names);
    for (const name of names) expect(readFileSync(join(dir, name), 'utf8'), name).toBe(readFileSync(join(committed, name), 'utf8'));
  });

  it('a changed scenario is reported as such', async () => {
    const dir = tempDir('cdnsim-bench-');
    const changed = join(dir, 'mm1.yaml');
    writeFileSync(changed, readFileSync(mm1, 'utf8').replace('seed: 7', 'seed: 8'));
    const report = await checkExact({ files: [changed], baselineDir: committed, engines: ['js'] });
    const kinds = new Set(report.checks[0].engines[0].mismatches.map((m) => m.kind));
    expect([...kinds].sort()).toEqual(['metric', 'scenario', 'summary', 'counter'].sort());
  });

  it('diffs are exact: one ulp is a change', async () => {
    const a = await observe(mm1, 'js');
    const b = structuredClone(a);
    expect(diffBaselines(a, b)).toEqual([]);
    b.metrics['meanWait.mean'] = (b.metrics['meanWait.mean'] as number) * (1 + Number.EPSILON);
    expect(diffBaselines(a, b).map((m) => m.name)).toEqual(['meanWait.mean']);
  });
});
