import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCommand } from '../bench/test-helpers/command.js';
import { mm1Sweep } from '../run/test-helpers/sweeps.js';
import { cdnsim, tempDir, type CliResult } from '../test-helpers/cli.js';

const compare = (args: string[]) => runBuiltCommand('cli/compare.js', 'compareCommand', ['compare', ...args]);

const scenario = (arrivalRate: string) => `name: cmp-t\nmodel: mm1\nseed: 4\nreplications: 2\nduration: 4000s\nengine: js\nmm1:\n  arrivalRate: ${arrivalRate}\n  serviceRate: 1/s\n`;

function expectBadInput(r: CliResult, pattern: RegExp): void {
  expect(r.code, r.stderr + r.stdout).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe('cdnsim compare', () => {
  let dir: string;
  let sweepFile: string;
  const d = (name: string) => join(dir, name);

  beforeAll(() => {
    dir = tempDir('cdnsim-compare-');
    for (const [name, rate] of [['base', '0.5/s'], ['same', '0.5/s'], ['busier', '0.6/s']]) {
      writeFileSync(d(`${name}.yaml`), scenario(rate));
      const r = cdnsim(['run', d(`${name}.yaml`), '--out', d(name)]);
      expect(r.code, r.stderr).toBe(0);
    }
    sweepFile = mm1Sweep({ duration: '3000s' });
    for (const name of ['sweep-a', 'sweep-b']) {
      const r = cdnsim(['run', sweepFile, '--out', d(name), '--workers', '1']);
      expect(r.code, r.stderr).toBe(0);
    }
  });

  afterAll(() => {
    for (const x of [dir, sweepFile && dirname(sweepFile)]) if (x) rmSync(x, { recursive: true, force: true });
  });

  it('exits 0 when nothing moved, and says so', () => {
    const r = compare([d('base'), d('same')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/metrics unchanged/);
    expect(r.stdout).toMatch(/^ok: no metric moved past its threshold/m);
  });

  it('exits 1 when a metric moved past its threshold in its bad direction, naming it', () => {
    // A busier server: the mean wait in queue (lower is better) rises far more than 2%.
    const r = compare([d('base'), d('busier')]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/meanWait\.mean .*REGRESSED past 2% \(lower is better\)/);
    expect(r.stdout).toMatch(/^FAIL: \d+ regressions?: meanWait\.mean/m);
    // customers is a workload counter: changed, not a regression.
    expect(r.stdout).toMatch(/customers .* changed$/m);
  });

  it('per-metric thresholds and --strict change the verdict; --json carries the figures', () => {
    const loose = compare([d('base'), d('busier'), '--threshold', 'meanWait.mean=1000%']);
    expect(loose.code, loose.stdout).toBe(0);
    const strict = compare([d('base'), d('busier'), '--threshold', 'meanWait.mean=1000%', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/customers .*CHANGED past 2% \(strict\)/);
    const json = JSON.parse(compare([d('base'), d('busier'), '--json']).stdout);
    const row = json.comparisons[0].rows.find((x: { metric: string }) => x.metric === 'meanWait.mean');
    expect(row).toMatchObject({ direction: 'lower', status: 'regressed' });
    expect(row.new).toBeGreaterThan(row.base);
    expect(row.delta).toBeCloseTo(row.new - row.base, 12);
  });

  it('compares sweeps point by point (and run by run with --runs)', () => {
    const r = compare([d('sweep-a'), d('sweep-b'), '--runs', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.kind).toBe('sweep');
    expect(report.comparisons).toHaveLength(3);
    expect(report.comparisons[0].runs).toHaveLength(2);
    expect(report.runs).toHaveLength(6);
    const text = compare([d('sweep-a'), d('sweep-b')]).stdout;
    expect(text).toMatch(/^mm1\.arrivalRate=0\.3\/s {2}\[2 runs\]$/m);
  });

  it('exits 2 with one line on bad input', () => {
    expectBadInput(compare([d('base'), d('sweep-a')]), /BASE is a single run and NEW is a sweep/);
    mkdirSync(d('empty'));
    expectBadInput(compare([d('empty'), d('base')]), /not a results directory/);
    expectBadInput(compare([d('nowhere'), d('base')]), /no such results directory/);
    expectBadInput(compare([d('base'), d('same'), '--threshold', 'noSuchMetric=1%']), /unknown metric 'noSuchMetric' in --threshold/);
    expectBadInput(compare([d('base'), d('same'), '--threshold', '0.5']), /must be relative/);

    cpSync(d('same'), d('corrupt'), { recursive: true });
    writeFileSync(join(d('corrupt'), 'summary.json'), '{"schemaVersion": 1, ');
    expectBadInput(compare([d('base'), d('corrupt')]), /corrupt\/summary\.json: not valid JSON/);

    cpSync(d('same'), d('v2'), { recursive: true });
    const summary = JSON.parse(readFileSync(join(d('v2'), 'summary.json'), 'utf8'));
    writeFileSync(join(d('v2'), 'summary.json'), JSON.stringify({ ...summary, schemaVersion: 2 }));
    expectBadInput(compare([d('base'), d('v2')]), /different schemaVersion of summary\.json: BASE has 1, NEW has 2/);

    cpSync(d('same'), d('torn'), { recursive: true });
    const parquet = readFileSync(join(d('torn'), 'summary.parquet'));
    writeFileSync(join(d('torn'), 'summary.parquet'), parquet.subarray(0, parquet.length - 9));
    expectBadInput(compare([d('base'), d('torn')]), /torn\/summary\.parquet: /);
  });
});
