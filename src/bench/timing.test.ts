import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../test-helpers/cli.js';
import { runBuiltCommand } from './test-helpers/command.js';

const benchCi = (args: string[]) => runBuiltCommand('cli/bench/ci.js', 'ciBenchCommand', ['bench', 'ci', ...args], { parent: 'bench' });

/** A built package as `npm pack` would ship it, its dependencies linked. */
function copyBuild(root: string): string {
  cpSync(join(repoRoot, 'dist'), join(root, 'dist'), { recursive: true });
  cpSync(join(repoRoot, 'package.json'), join(root, 'package.json'));
  mkdirSync(join(root, 'wasm'));
  cpSync(join(repoRoot, 'wasm', 'build'), join(root, 'wasm', 'build'), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

/** A busy loop after every event both engines dispatch: the kind of slip a hot-path change makes. */
function slowDown(root: string): void {
  const spin = 'for (let spin = 0; spin < 1000; spin++) this.spin = (this.spin | 0) ^ spin;';
  for (const [file, statement] of [
    ['js-engine.js', 'processed++;'],
    ['wasm-engine.js', 'done++;'],
  ]) {
    const path = join(root, 'dist', 'engine', file);
    const text = readFileSync(path, 'utf8');
    const count = text.split(statement).length - 1;
    if (count !== 1) throw new Error(`expected one '${statement}' in ${file}, found ${count}: the patch no longer fits the build`);
    writeFileSync(path, text.replace(statement, `${spin} ${statement}`));
  }
}

describe('cdnsim bench ci --timing', () => {
  let base: string;
  let slow: string;
  let scenario: string;

  beforeAll(() => {
    // Copies, not the tree's own dist: a rebuild elsewhere mid-test must not move BASE.
    base = copyBuild(tempDir('cdnsim-base-build-'));
    slow = copyBuild(tempDir('cdnsim-slow-build-'));
    slowDown(slow);
    // About 600,000 events: a tenth of a second at full speed, several times that slowed down.
    scenario = join(tempDir('cdnsim-timing-'), 'tiny.yaml');
    writeFileSync(scenario, 'name: timing-t\nmodel: mm1\nseed: 1\nreplications: 2\nduration: 300000s\nmm1:\n  arrivalRate: 0.5/s\n  serviceRate: 1/s\n');
  });

  afterAll(() => {
    for (const dir of [base, slow, scenario && dirname(scenario)]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // Five pairs at 95% fail only when all five show NEW past the threshold, and 50% is far
  // beyond what load on a shared machine does to a pair run back to back, yet far short
  // of the patched build's slowdown: neither case can flake.
  const timing = (newBuild: string) => benchCi([scenario, '--timing', '--no-exact', '--base-build', base, '--new-build', newBuild, '--samples', '5', '--max-slowdown', '50%', '--json']);

  it('fails (exit 1) when NEW is a build with a slowed event loop', () => {
    const r = timing(slow);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    const s = report.timing.scenarios[0];
    expect(s).toMatchObject({ slower: true, enoughSamples: true, sameWork: true, engine: 'js' });
    expect(s.pairs.map((p: { order: string }) => p.order)).toEqual(['AB', 'BA', 'AB', 'BA', 'AB']);
    expect(s.upper).toBeLessThan(s.limit);
    expect(s.ratio).toBeLessThan(0.5);
  });

  it('passes (exit 0) when NEW is BASE', () => {
    const r = timing(base);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout).timing.scenarios[0];
    expect(s.slower).toBe(false);
    expect(s.upper).toBeGreaterThanOrEqual(s.limit);
  });

  it('the text report gives the ratio, its bounds and the pairs', () => {
    const r = benchCi([scenario, '--timing', '--no-exact', '--base-build', base, '--new-build', slow, '--samples', '2', '--max-slowdown', '50%']);
    // Two pairs cannot give a 95% bound: the check says so and does not fail.
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^timing: BASE .*cdnsim-base-build-.*, NEW .*cdnsim-slow-build-.*; js engine, 2 pairs in ABBA order$/m);
    expect(r.stdout).toMatch(/tiny\.yaml: NEW\/BASE events\/s 0\.\d+, no 95% bounds from 2 pairs: ok/);
    expect(r.stdout).toMatch(/too few pairs for a 95% bound: this check cannot fail/);
  });

  it('a directory that is not a built package is bad input (exit 2)', () => {
    const empty = tempDir();
    const r = benchCi([scenario, '--timing', '--no-exact', '--base-build', empty, '--samples', '1']);
    rmSync(empty, { recursive: true, force: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a built cdnsim package \(no dist\/cli\/main\.js\)/);
  });
});
