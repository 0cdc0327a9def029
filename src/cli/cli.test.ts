import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdnsim, repoRoot, tempDir } from '../test-helpers/cli.js';

const scenario = (extra = '') => `name: cli-t\nmodel: mm1\nseed: 2\nreplications: 2\nduration: 2000s\nmm1:\n  arrivalRate: 0.5/s\n  serviceRate: 1/s\n${extra}`;

/** Bad input must give exactly one line on stderr, exit 2, and no stack trace. */
function expectBadInput(r: { code: number | null; stderr: string; stdout: string }, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines;
}

describe('cdnsim run', () => {
  it('writes the results directory and its report; equal inputs give byte-identical summaries', () => {
    const dir = tempDir();
    const file = join(dir, 's.yaml');
    writeFileSync(file, scenario());
    const a = cdnsim(['run', file, '--out', join(dir, 'a')]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/mean wait in queue/);
    const b = cdnsim(['run', file, '--out', join(dir, 'b')]);
    expect(b.code).toBe(0);
    const sa = readFileSync(join(dir, 'a', 'summary.json'), 'utf8');
    expect(readFileSync(join(dir, 'b', 'summary.json'), 'utf8')).toBe(sa);
    const summary = JSON.parse(sa);
    expect(summary).toMatchObject({ scenario: 'cli-t', model: 'mm1', seed: 2, replications: 2 });
    expect(summary.eventsProcessed).toBeGreaterThan(1000);
    expect(sa).not.toMatch(/seconds|wall|At"/i);
    const m = JSON.parse(readFileSync(join(dir, 'a', 'manifest.json'), 'utf8'));
    expect(m).toMatchObject({ seed: 2, status: 'complete', scenarioFile: file, eventsProcessed: summary.eventsProcessed });
    expect(['js', 'wasm']).toContain(m.engine);
    expect(m.scenarioHash).toMatch(/^[0-9a-f]{64}$/);
    expect(m.cdnsim.version).toBe(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
    expect(m.scenario.duration).toBe(2000);
    expect(Date.parse(m.finishedAt)).toBeGreaterThanOrEqual(Date.parse(m.startedAt));
    // No temp files are left behind.
    expect(readdirSync(join(dir, 'a')).sort()).toEqual(['.cdnsim-files', 'charts', 'manifest.json', 'report.html', 'summary.csv', 'summary.json', 'summary.parquet']);
    expect(readdirSync(join(dir, 'a', 'charts')).every((f) => f.endsWith('.svg'))).toBe(true);
  });

  it('defaults to results/<name>/ under the working directory; --seed and --json', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 's.yaml'), scenario());
    const r = cdnsim(['run', 's.yaml', '--seed', '77', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).seed).toBe(77);
    expect(existsSync(join(dir, 'results', 'cli-t', 'summary.json'))).toBe(true);
  });

  it('the shipped scenarios validate', () => {
    const files = readdirSync(join(repoRoot, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios', f));
    const r = cdnsim(['validate', ...files]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(files.length);
  });
});

describe('bad input: one line, exit 2, nothing lost', () => {
  const dir = tempDir();

  it('missing file', () => {
    expectBadInput(cdnsim(['run', join(dir, 'nope.yaml')]), /nope\.yaml: no such file$/);
  });

  it('unreadable file (a directory)', () => {
    mkdirSync(join(dir, 'adir'), { recursive: true });
    expectBadInput(cdnsim(['run', join(dir, 'adir')]), /adir: is a directory, expected a file$/);
  });

  it('YAML syntax error', () => {
    writeFileSync(join(dir, 'syn.yaml'), 'name: x\nmodel: [mm1\n');
    expectBadInput(cdnsim(['run', join(dir, 'syn.yaml')]), /syn\.yaml:\d+:\d+: YAML syntax error/);
  });

  it('schema violation, unknown unit, negative duration: file:line:col and field', () => {
    writeFileSync(join(dir, 'bad1.yaml'), scenario('junk: 1\n'));
    expectBadInput(cdnsim(['run', join(dir, 'bad1.yaml')]), /bad1\.yaml:9:1: junk: unknown field 'junk'$/);
    writeFileSync(join(dir, 'bad2.yaml'), scenario().replace('2000s', '2000 lightyears'));
    expectBadInput(cdnsim(['run', join(dir, 'bad2.yaml')]), /bad2\.yaml:5:11: duration: unknown unit 'lightyears'/);
    writeFileSync(join(dir, 'bad3.yaml'), scenario().replace('2000s', '-2000s'));
    expectBadInput(cdnsim(['run', join(dir, 'bad3.yaml')]), /bad3\.yaml:5:11: duration: duration must not be negative$/);
  });

  it('a failed run leaves an earlier result intact', () => {
    const out = join(dir, 'kept');
    writeFileSync(join(dir, 'good.yaml'), scenario());
    expect(cdnsim(['run', join(dir, 'good.yaml'), '--out', out]).code).toBe(0);
    const before = readFileSync(join(out, 'summary.json'), 'utf8');
    writeFileSync(join(dir, 'good.yaml'), scenario('oops: 1\n'));
    expect(cdnsim(['run', join(dir, 'good.yaml'), '--out', out]).code).toBe(2);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(before);
  });

  it('unknown command, unknown flag, bad flag value', () => {
    expectBadInput(cdnsim(['frobnicate']), /Unknown argument|Unknown command|frobnicate/i);
    expectBadInput(cdnsim(['run', 'scenarios/mm1.yaml', '--turbo']), /Unknown argument: turbo/);
    expectBadInput(cdnsim(['run', 'scenarios/mm1.yaml', '--engine', 'quantum']), /Invalid values|engine/);
    expectBadInput(cdnsim(['run', 'scenarios/mm1.yaml', '--seed', '-3']), /--seed must be a non-negative integer/);
    expectBadInput(cdnsim([]), /Name a command/);
  });

  it('validate expands a sweep and reports a path that does not exist at its line', () => {
    writeFileSync(join(dir, 'sweep.yaml'), scenario('sweep:\n  grid:\n    mm1.arivalRate: [0.1, 0.2]\n'));
    expectBadInput(cdnsim(['validate', join(dir, 'sweep.yaml')]), /sweep\.yaml:11:5: sweep\.grid\.mm1\.arivalRate: the sweep path does not exist/);
    writeFileSync(join(dir, 'sweep-ok.yaml'), scenario('sweep:\n  grid:\n    mm1.arrivalRate: [0.1, 0.2]\n'));
    const ok = cdnsim(['validate', join(dir, 'sweep-ok.yaml')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/sweep of 2 points/);
  });

  it('validate lists every problem and exits 2', () => {
    writeFileSync(join(dir, 'many.yaml'), scenario('junk: 1\n').replace('seed: 2', 'seed: -2'));
    const r = cdnsim(['validate', join(dir, 'many.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').length).toBeGreaterThanOrEqual(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('cdnsim schema and bench', () => {
  it('schema prints a JSON Schema that names the models and rejects unknown keys', () => {
    const r = cdnsim(['schema']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.$schema).toMatch(/json-schema\.org/);
    const variants = s.oneOf ?? s.anyOf;
    expect(variants.map((v: any) => v.properties.model.const).sort()).toEqual(['bgp', 'mm1', 'mmcc', 'openconnect']);
    for (const v of variants) expect(v.additionalProperties).toBe(false);
  });

  it('bench hold --json prints the documented fields', () => {
    const r = cdnsim(['bench', 'hold', '--pending', '1000', '--ops', '100000', '--engine', 'js', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const b = JSON.parse(r.stdout);
    expect(Object.keys(b).sort()).toEqual(['engine', 'finalClock', 'ops', 'opsPerSecond', 'pending', 'seconds']);
    expect(b).toMatchObject({ engine: 'js', pending: 1000, ops: 100000 });
    expect(b.opsPerSecond).toBeCloseTo(b.ops / b.seconds, 6);
  });

  it('bench run prints the end-to-end figures of one engine', () => {
    const r = cdnsim(['bench', 'run', 'scenarios/mm1.yaml', '--engine', 'js', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const b = JSON.parse(r.stdout);
    expect(b).toMatchObject({ scenario: 'mm1', engine: 'js', sessions: null, requests: null, samples: 1 });
    expect(b.eventsProcessed).toBeGreaterThan(1_000_000);
    expect(b.eventsPerSecond).toBeCloseTo(b.eventsProcessed / b.seconds, 6);
    expect(b.peakMemoryBytes).toBeGreaterThan(10_000_000);
  });

  it('--help works on every command', () => {
    for (const args of [['--help'], ['run', '--help'], ['bench', 'hold', '--help'], ['validate', '--help']]) {
      const r = cdnsim(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/cdnsim/);
    }
  });
});

describe('bad input found while simulating', () => {
  it('an AS link the topology lacks is reported at its line in the scenario file, exit 2', () => {
    const dir = tempDir();
    const file = join(dir, 'alf.yaml');
    const text = readFileSync(join(repoRoot, 'scenarios', 'as-link-failure.yaml'), 'utf8')
      .replace('duration: 24h', 'duration: 10min')
      .replace('between: [64501, 64502]', 'between: [2906, 64502]');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('between: [2906, 64502]')) + 1;
    const r = cdnsim(['run', file, '--out', join(dir, 'out')]);
    expectBadInput(r, new RegExp(`alf\\.yaml:${line}:\\d+: faults\\[0\\]\\.between: AS 2906 and AS 64502 share no link`));
    expect(existsSync(join(dir, 'out', 'manifest.json'))).toBe(false);
  });
});

describe('cdnsim run --events', () => {
  it('writes one record per playback and per segment served, matching the summary; other models and sweeps exit 2', () => {
    const dir = tempDir();
    const file = join(dir, 'sf.yaml');
    writeFileSync(file, readFileSync(join(repoRoot, 'scenarios', 'site-failure.yaml'), 'utf8').replace('duration: 24h', 'duration: 1h'));
    const r = cdnsim(['run', file, '--events', '--out', join(dir, 'out')]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'));
    const records = readFileSync(join(dir, 'out', 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(summary.bytesFailed).toBe(0);
    expect(records.filter((e) => e.event === 'playback')).toHaveLength(summary.sessions);
    const segments = records.filter((e) => e.event === 'segment');
    expect(segments).toHaveLength(summary.requests);
    // Every segment names a site from its own candidate list, or the origin.
    expect(segments.every((e) => e.site === 'origin' || e.candidates.includes(e.site))).toBe(true);
    expect(records.every((e, i) => i === 0 || e.time >= records[i - 1].time)).toBe(true);

    const mm1 = join(dir, 'mm1.yaml');
    writeFileSync(mm1, scenario());
    expectBadInput(cdnsim(['run', mm1, '--events', '--out', join(dir, 'mm1')]), /mm1 model writes no event log/);
    expect(existsSync(join(dir, 'mm1'))).toBe(false);
    expectBadInput(cdnsim(['run', join(repoRoot, 'scenarios', 'sweep-mm1.yaml'), '--events', '--dry-run']), /--events applies to a single run/);
  });
});
