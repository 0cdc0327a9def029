import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdnsim, cliPath, repoRoot, tempDir, type CliResult } from '../test-helpers/cli.js';

const mm1 = (extra = '') => `name: checks-t\nmodel: mm1\nseed: 5\nreplications: 4\nduration: 20000s\nengine: js\nmm1:\n  arrivalRate: 0.5/s\n  serviceRate: 1/s\n${extra}`;

function expectBadInput(r: CliResult, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** scenarios/quickstart.yaml, an hour long, with `edit` applied to its text. */
function quickstart(dir: string, edit: (text: string) => string = (t) => t): string {
  const file = join(dir, 'quickstart.yaml');
  writeFileSync(file, edit(readFileSync(join(repoRoot, 'scenarios', 'quickstart.yaml'), 'utf8').replace('duration: 24h', 'duration: 1h')));
  return file;
}

describe('the destination is checked before simulating', () => {
  it('--out naming a file, a folder under a file, a name too long for a folder: exit 2, one line, nothing written', () => {
    const dir = tempDir();
    const file = join(dir, 'mm1.yaml');
    writeFileSync(file, mm1());
    writeFileSync(join(dir, 'taken'), 'x');
    expectBadInput(cdnsim(['run', file, '--out', join(dir, 'taken')]), /taken: is a file; the results need a folder$/);
    expectBadInput(cdnsim(['run', file, '--out', join(dir, 'taken', 'r')]), /cannot write the results folder: a parent is a file, not a folder$/);
    writeFileSync(join(dir, 'long.yaml'), mm1().replace('name: checks-t', `name: ${'n'.repeat(300)}`));
    expectBadInput(cdnsim(['run', join(dir, 'long.yaml')], { cwd: dir }), /too long for a folder name \(300 bytes/);
    // validate finds it too, at its line.
    expectBadInput(cdnsim(['validate', join(dir, 'long.yaml')]), /long\.yaml:1:7: name: the results folder is named after it: too long/);
    expect(readdirSync(dir).sort()).toEqual(['long.yaml', 'mm1.yaml', 'taken']);
  });

  it.runIf(existsSync('/proc/self'))('an --out where no folder can be made fails at once, not after the simulation', () => {
    const r = cdnsim(['run', 'scenarios/mm1.yaml', '--out', '/proc/cdnsim-results']);
    expectBadInput(r, /^cdnsim: \/proc\/cdnsim-results: cannot write the results folder: /);
    expect(r.stdout).toBe('');
  });
});

describe('validate checks what the scenario refers to', () => {
  it('a missing trace file, a placement module with a syntax error (at its line)', () => {
    const dir = tempDir();
    const noTrace = quickstart(dir, (t) => t.replace(/^workload:\n/m, 'workload:\n  trace: missing.csv\n'));
    const line = readFileSync(noTrace, 'utf8').split('\n').findIndex((l) => l.includes('missing.csv')) + 1;
    expectBadInput(cdnsim(['validate', noTrace]), new RegExp(`quickstart\\.yaml:${line}:\\d+: workload\\.trace: no such file: missing\\.csv`));
    writeFileSync(join(dir, 'broken.mjs'), 'export default {\n  name: "mine",\n  reactiveShare() { return 0 +; },\n};\n');
    const broken = quickstart(dir, (t) => t.replace('  policy: history', '  policy: mine\n  module: broken.mjs'));
    expectBadInput(cdnsim(['validate', broken]), /broken\.mjs:3: cannot load placement module: Unexpected token/);
  });

  it("a user module that throws while running names the module, the function and the record it was given", () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'throws.mjs'), 'export default { name: "mine", describe: "", reactiveShare: () => 0, forecastTitles() { throw new Error("no forecast today"); } };\n');
    const file = quickstart(dir, (t) => t.replace('  policy: history', '  policy: mine\n  module: throws.mjs'));
    expect(cdnsim(['validate', file]).code).toBe(0);
    const r = cdnsim(['run', file, '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^cdnsim: error: placement module .*throws\.mjs: forecastTitles\(\{day: -?\d+, .*\}\) threw: no forecast today$/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('run', () => {
  it('one replication prints no interval and no verdict', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'one.yaml'), mm1().replace('replications: 4', 'replications: 1'));
    const r = cdnsim(['run', join(dir, 'one.yaml'), '--out', join(dir, 'out')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/mean wait in queue \(s\)\s+[\d.]+\s+theory 1\.0000\s+no interval from one replication/);
    expect(r.stdout).not.toMatch(/NaN|OUTSIDE/);
  });

  it('--engine wasm where the runtime has no WebAssembly blames the flag and says why', () => {
    const r = spawnSync(process.execPath, ['--jitless', cliPath, 'run', 'scenarios/mm1.yaml', '--engine', 'wasm', '--dry-run'], { cwd: repoRoot, encoding: 'utf8' });
    const run = spawnSync(process.execPath, ['--jitless', cliPath, 'run', 'scenarios/mm1.yaml', '--engine', 'wasm', '--out', join(tempDir(), 'o')], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^cdnsim: --engine: the wasm engine is unavailable: this JavaScript runtime has no WebAssembly$/m);
  });

  it("--workers runs a scenario's replications on the pool: the same summary.json as one process", () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'mm1.yaml'), mm1());
    const qs = quickstart(dir, (t) => t.replace('seed: 1\n', 'seed: 1\nreplications: 3\n'));
    for (const file of [join(dir, 'mm1.yaml'), qs]) {
      const one = cdnsim(['run', file, '--out', join(dir, 'one')]);
      const pool = cdnsim(['run', file, '--out', join(dir, 'pool'), '--workers', '2']);
      expect(one.code, one.stderr).toBe(0);
      expect(pool.code, pool.stderr).toBe(0);
      expect(readFileSync(join(dir, 'pool', 'summary.json'), 'utf8')).toBe(readFileSync(join(dir, 'one', 'summary.json'), 'utf8'));
      expect(JSON.parse(readFileSync(join(dir, 'pool', 'summary.json'), 'utf8')).perReplication.length).toBe(file === qs ? 3 : 4);
    }
  }, 240_000);
});
