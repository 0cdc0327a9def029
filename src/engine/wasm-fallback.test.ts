/**
 * The two engines from the outside: every shipped scenario gives the same summary.json
 * bytes on both, and an unavailable WASM module means a notice and the JS engine, or
 * exit 2 when wasm was asked for by name.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../run/run.js';
import { loadScenarioFile } from '../scenario/load.js';
import { cdnsim, cliPath, repoRoot, tempDir } from '../test-helpers/cli.js';
import { WASM_PATH_ENV } from './wasm-module.js';

/**
 * Scenarios run as shipped but with at most 3 replications, and shortened where they are
 * long: the full-size Open Connect days (minutes each) run their first 15 simulated
 * minutes, past setup and into steady demand; the queueing models at most 200,000
 * simulated seconds, some 300,000 events a replication (sweep-mm1's ten million seconds
 * took half a minute and proved nothing more). The quickstart runs its first three
 * hours, into its 02:00 fill window; whole Open Connect days on both engines are
 * `cdnsim bench ci`'s (scenarios/bench/openconnect-day.yaml, fill and a site failure
 * included).
 */
const MAX_REPLICATIONS = 3;
const CUT_DURATION: Record<string, number> = { openconnect: 900, mm1: 200_000, mmcc: 200_000 };
const LONGER: Record<string, number> = { 'quickstart.yaml': 3 * 3600 };

const tiny = 'name: tiny\nmodel: mm1\nseed: 5\nreplications: 2\nduration: 500s\nmm1:\n  arrivalRate: 0.5/s\n  serviceRate: 1/s\n';

function expectOneLineExit2(r: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe('both engines give byte-identical summary.json', () => {
  const files = readdirSync(join(repoRoot, 'scenarios')).filter((f) => f.endsWith('.yaml'));

  it.each(files)('%s', async (file) => {
    const scenario = loadScenarioFile(join(repoRoot, 'scenarios', file));
    scenario.replications = Math.min(scenario.replications, MAX_REPLICATIONS);
    const cut = LONGER[file] ?? CUT_DURATION[scenario.model];
    if (cut !== undefined) {
      scenario.duration = Math.min(scenario.duration, cut);
      scenario.warmup = Math.min(scenario.warmup, scenario.duration / 10);
    }
    const dir = tempDir();
    const js = await runScenario(scenario, { out: join(dir, 'js'), engine: 'js' });
    const wasm = await runScenario(scenario, { out: join(dir, 'wasm'), engine: 'wasm' });
    expect(wasm.engine).toBe('wasm');
    expect(js.eventsProcessed).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'wasm', 'summary.json'), 'utf8')).toBe(readFileSync(join(dir, 'js', 'summary.json'), 'utf8'));
    // The longest (quickstart's three hours) take about 15 s on a busy two-core machine.
  }, 180_000);
});

describe('when the WASM engine cannot load', () => {
  const dir = tempDir();
  const scenario = join(dir, 'tiny.yaml');
  writeFileSync(scenario, tiny);
  const corrupt = join(dir, 'corrupt.wasm');
  writeFileSync(corrupt, 'not wasm at all');
  const missing = { [WASM_PATH_ENV]: join(dir, 'missing.wasm') };

  it('auto uses wasm when it loads, and records it in the manifest', () => {
    const r = cdnsim(['run', scenario, '--out', join(dir, 'ok')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'ok', 'manifest.json'), 'utf8')).engine).toBe('wasm');
  });

  it('auto falls back to js with a one-line notice (corrupt file, missing file)', () => {
    for (const env of [{ [WASM_PATH_ENV]: corrupt }, missing]) {
      const r = cdnsim(['run', scenario, '--out', join(dir, 'fallback')], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^cdnsim: notice: using the js engine; the wasm engine is unavailable: .*(not a valid WebAssembly module|not found)/);
      expect(JSON.parse(readFileSync(join(dir, 'fallback', 'manifest.json'), 'utf8')).engine).toBe('js');
    }
  });

  it('--engine wasm, or engine: wasm in the scenario, exits 2 with the reason', () => {
    expectOneLineExit2(cdnsim(['run', scenario, '--engine', 'wasm', '--out', join(dir, 'x')], { env: missing }), /engine: the wasm engine is unavailable: .*missing\.wasm: not found/);
    const named = join(dir, 'named.yaml');
    writeFileSync(named, `${tiny}engine: wasm\n`);
    expectOneLineExit2(cdnsim(['run', named, '--out', join(dir, 'y')], { env: { [WASM_PATH_ENV]: corrupt } }), /not a valid WebAssembly module/);
    expectOneLineExit2(cdnsim(['bench', 'hold', '--engine', 'wasm', '--pending', '10', '--ops', '10'], { env: missing }), /wasm engine is unavailable/);
  });

  it('a runtime without WebAssembly (node --jitless): notice and js, or exit 2 if wasm was asked for', () => {
    const node = (args: string[]) => {
      const r = spawnSync(process.execPath, ['--jitless', cliPath, ...args], { cwd: repoRoot, encoding: 'utf8' });
      // Node itself warns that --jitless turns WebAssembly off; keep only our lines.
      return { code: r.status, stderr: r.stderr.split('\n').filter((l) => l.startsWith('cdnsim')).join('\n') };
    };
    const auto = node(['run', scenario, '--out', join(dir, 'jitless')]);
    expect(auto.code, auto.stderr).toBe(0);
    expect(auto.stderr).toBe('cdnsim: notice: using the js engine; the wasm engine is unavailable: this JavaScript runtime has no WebAssembly');
    expectOneLineExit2(node(['run', scenario, '--engine', 'wasm']), /no WebAssembly/);
  });
});
