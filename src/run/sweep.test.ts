import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cdnsim, repoRoot, tempDir } from '../test-helpers/cli.js';
import { parseScenarioOrSweep } from '../scenario/sweep.js';
import { toJson } from '../util/atomic.js';
import { makePlan } from './plan.js';
import { simulate } from './simulate.js';
import { mm1Sweep, resultFiles } from './test-helpers/sweeps.js';

function ok(r: { code: number | null; stderr: string }) {
  expect(r.code, r.stderr).toBe(0);
}

function expectBadInput(r: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(pattern);
}

describe('sweeps on the worker pool', () => {
  const file = mm1Sweep();
  const dir = tempDir();
  let reference: Record<string, string>;

  beforeAll(() => {
    ok(cdnsim(['run', file, '--out', join(dir, 'w1'), '--workers', '1']));
    reference = resultFiles(join(dir, 'w1'));
  });

  it('--dry-run lists the runs, plain and as NDJSON, and writes nothing', () => {
    const r = cdnsim(['run', file, '--dry-run', '--out', join(dir, 'dry')]);
    ok(r);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^sweep-t: 6 runs \(3 points x 2 replications\), seed 11, sweep [0-9a-f]{16}$/);
    expect(lines.slice(1)).toHaveLength(6);
    expect(lines[1]).toMatch(/^[0-9a-f]{12}-r0 {2}mm1\.arrivalRate=0\.\d\/s$/);
    const json = cdnsim(['run', file, '--dry-run', '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(json.map((j) => j.id)).toEqual(lines.slice(1).map((l) => l.split(' ')[0]));
    expect(existsSync(join(dir, 'dry'))).toBe(false);
  });

  it('summary.csv: one row per run sorted by id, parameters as columns, scalars only, no wall clock', () => {
    const csv = reference['summary.csv'].trim().split('\n');
    expect(csv).toHaveLength(7);
    const header = csv[0].split(',');
    expect(header.slice(0, 3)).toEqual(['run', 'replication', 'mm1.arrivalRate']);
    expect(header).toContain('meanWait.mean');
    expect(csv[0]).not.toMatch(/wall|seconds|startedAt|finishedAt|perReplication/i);
    const ids = csv.slice(1).map((l) => l.split(',')[0]);
    expect(ids).toEqual([...ids].sort());
    expect(Object.keys(reference).filter((k) => k.startsWith('runs/'))).toHaveLength(6);
    const m = JSON.parse(readFileSync(join(dir, 'w1', 'manifest.json'), 'utf8'));
    expect(m).toMatchObject({ kind: 'sweep', mode: 'pool', workers: 1, runsInSweep: 6, runsDone: 6, summaryCsv: true, status: 'complete' });
    expect(m.overheadSecondsPerRun).toBeGreaterThanOrEqual(0);
    const run = JSON.parse(readFileSync(join(dir, 'w1', 'runs', ids[0], 'manifest.json'), 'utf8'));
    expect(run).toMatchObject({ run: ids[0], status: 'complete', seed: 11, engine: 'js' });
  });

  it('2 workers give byte-identical results; --json prints NDJSON progress', () => {
    const r = cdnsim(['run', file, '--out', join(dir, 'w2'), '--workers', '2', '--json']);
    ok(r);
    expect(resultFiles(join(dir, 'w2'))).toEqual(reference);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ type: 'start', runs: 6, workers: 2 });
    expect(events.filter((e) => e.type === 'run')).toHaveLength(6);
    expect(events.at(-1)).toMatchObject({ type: 'end', done: 6, total: 6, status: 'complete' });
  });

  it('replication r of every point sees the same random numbers (common random numbers)', () => {
    const rows = reference['summary.csv'].trim().split('\n').slice(1).map((l) => l.split(','));
    const customers = (rate: string, rep: string) => rows.find((r) => r[2] === rate && r[1] === rep)!;
    // Different replications differ; the same replication at another rate is another, but correlated, run.
    expect(customers('0.5/s', '0')[0]).not.toBe(customers('0.5/s', '1')[0]);
    const summaries = Object.entries(reference).filter(([k]) => k.startsWith('runs/')).map(([, v]) => JSON.parse(v));
    expect(new Set(summaries.map((s) => s.seed))).toEqual(new Set([11]));
  });

  it('unsharded = 2 shards merged = 3 shards merged; indexed-job variables pick the shard', () => {
    const two = [
      cdnsim(['run', file, '--out', join(dir, 'a0'), '--shard-index', '0', '--shard-count', '2']),
      cdnsim(['run', file, '--out', join(dir, 'a1'), '--shard-count', '2'], { env: { AWS_BATCH_JOB_ARRAY_INDEX: '1' } }),
    ];
    two.forEach(ok);
    expect(two[0].stdout).toMatch(/shard 0 of 2: 3 runs/);
    expect(existsSync(join(dir, 'a0', 'summary.csv'))).toBe(false);
    expect(existsSync(join(dir, 'a0', 'manifest-shard-0-of-2.json'))).toBe(true);
    ok(cdnsim(['merge', join(dir, 'a0'), join(dir, 'a1'), '--out', join(dir, 'a0')]));
    expect(resultFiles(join(dir, 'a0'))).toEqual(reference);

    const three = [
      cdnsim(['run', file, '--out', join(dir, 'b0'), '--shard-index', '0', '--shard-count', '3']),
      cdnsim(['run', file, '--out', join(dir, 'b1'), '--shard-count', '3'], { env: { JOB_COMPLETION_INDEX: '1' } }),
      cdnsim(['run', file, '--out', join(dir, 'b2')], { env: { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '3' } }),
    ];
    three.forEach(ok);
    expect(three[2].stdout).toMatch(/shard 2 of 3: 2 runs/);
    const merged = cdnsim(['merge', join(dir, 'b0'), join(dir, 'b1'), join(dir, 'b2'), '--out', join(dir, 'b')]);
    ok(merged);
    expect(resultFiles(join(dir, 'b'))).toEqual(reference);
    expect(JSON.parse(readFileSync(join(dir, 'b', 'manifest.json'), 'utf8'))).toMatchObject({ mode: 'merge', status: 'complete', summaryCsv: true });
  });
});

describe('sweep bad input: one line, exit 2, nothing overwritten', () => {
  const dir = tempDir();
  const out = join(dir, 'out');
  const sentinel = () => readdirSync(out).sort();
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'keep.txt'), 'earlier results\n');
  const scenario = readFileSync(mm1Sweep(), 'utf8');

  it('a sweep path that does not exist, an empty grid', () => {
    writeFileSync(join(dir, 'p.yaml'), scenario.replace('mm1.arrivalRate: [', 'mm1.arrivalRat: ['));
    expectBadInput(cdnsim(['run', join(dir, 'p.yaml'), '--out', out]), /p\.yaml:12:5: sweep\.grid\.mm1\.arrivalRat: the sweep path does not exist: no field 'arrivalRat' in mm1$/);
    writeFileSync(join(dir, 'e.yaml'), scenario.replace(/grid:\n.*\n/, 'grid: {}\n'));
    expectBadInput(cdnsim(['run', join(dir, 'e.yaml'), '--out', out]), /e\.yaml:11:3: sweep: the sweep is empty/);
    expect(sentinel()).toEqual(['keep.txt']);
  });

  it('a shard index out of range, sweep flags on a plain scenario', () => {
    writeFileSync(join(dir, 's.yaml'), scenario);
    expectBadInput(cdnsim(['run', join(dir, 's.yaml'), '--out', out, '--shard-index', '2', '--shard-count', '2']), /shard index 2 \(from --shard-index\) is out of range: with 2 shards it must be 0 to 1$/);
    expectBadInput(cdnsim(['run', join(dir, 's.yaml'), '--out', out, '--shard-count', '2'], { env: { JOB_COMPLETION_INDEX: '7' } }), /shard index 7 \(from JOB_COMPLETION_INDEX\)/);
    expectBadInput(cdnsim(['run', join(repoRoot, 'scenarios', 'mm1.yaml'), '--out', out, '--resume']), /--resume applies to sweeps; this scenario has no sweep: section$/);
    expect(sentinel()).toEqual(['keep.txt']);
  });

  it('merging results of different scenarios, or an incomplete set', () => {
    writeFileSync(join(dir, 'x.yaml'), scenario);
    writeFileSync(join(dir, 'y.yaml'), scenario.replace('seed: 11', 'seed: 12'));
    ok(cdnsim(['run', join(dir, 'x.yaml'), '--out', join(dir, 'x'), '--shard-index', '0', '--shard-count', '2']));
    ok(cdnsim(['run', join(dir, 'y.yaml'), '--out', join(dir, 'y'), '--shard-index', '1', '--shard-count', '2']));
    expectBadInput(cdnsim(['merge', join(dir, 'x'), join(dir, 'y'), '--out', out]), /y: holds a different sweep \(scenario 'sweep-t', seed 12, .*\) than .*x \(scenario 'sweep-t', seed 11/);
    expectBadInput(cdnsim(['merge', join(dir, 'x'), '--out', out]), /3 of 6 runs are missing/);
    expectBadInput(cdnsim(['merge', join(dir, 'x'), '--out', join(dir, 'y')]), /holds results of another sweep .*nothing was overwritten/);
    expect(sentinel()).toEqual(['keep.txt']);
  });
});

describe('an Open Connect sweep', () => {
  it('per-run summaries keep the series; summary.csv holds scalars; the pool equals an in-process run', async () => {
    const dir = tempDir();
    const quick = readFileSync(join(repoRoot, 'scenarios', 'quickstart.yaml'), 'utf8');
    const text =
      quick.replace('name: quickstart', 'name: oc-sweep').replace('duration: 24h', 'duration: 3h\nengine: js').replace('titles: 3000', 'titles: 600') +
      'sweep:\n  grid:\n    placement.policy: [history, oracle]\n';
    const file = join(dir, 'oc.yaml');
    writeFileSync(file, text);
    ok(cdnsim(['run', file, '--out', join(dir, 'out'), '--workers', '2']));
    const files = resultFiles(join(dir, 'out'));
    const runs = Object.keys(files).filter((k) => k.startsWith('runs/'));
    expect(runs).toHaveLength(2);
    expect(JSON.parse(files[runs[0]]).series).toBeTypeOf('object');
    const header = files['summary.csv'].split('\n')[0];
    expect(header).toMatch(/^run,replication,placement\.policy,/);
    expect(header).toContain('bytesByRank.0');
    expect(header).not.toMatch(/series|sites|appliances|links/);

    const { scenario, sweep } = parseScenarioOrSweep(text, file);
    const plan = makePlan(scenario, sweep!, { file });
    const run = plan.runs[0];
    const direct = await simulate(run.scenario, { seed: plan.seed, engine: 'js', baseDir: dir, firstReplication: run.replication });
    expect(files[`runs/${run.id}/summary.json`]).toBe(toJson(direct.summary));
  });
});
