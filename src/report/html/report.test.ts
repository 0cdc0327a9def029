/**
 * writeReport on real results directories: an Open Connect run with a fault, the same
 * with two replications, a sweep (finished and half-finished), M/M/1 and BGP runs;
 * then what a user can point it at by mistake, and the command.
 */
import fc from 'fast-check';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs from 'yargs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { reportCommand } from '../../cli/report.js';
import { InputError } from '../../errors.js';
import { OWNED_FILE } from '../../run/folder.js';
import { tempDir } from '../../test-helpers/cli.js';
import { formatBitrate, formatBytes, formatPercent, formatSeconds } from './format.js';
import { buildReport, writeReport } from './index.js';
import { readResults, type JsonObject } from './read.js';
import { bgpRun, mm1Run, mm1Sweep, siteFailureRun, siteFailureSweep, writeRunFiles } from './test-helpers/fixtures.js';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as JsonObject;

/** Loads nothing from anywhere: no script, no URL but the SVG namespace, no external style. */
function expectSelfContained(html: string) {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<link|@import|url\(|src=/i);
  const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
  expect(new Set(urls)).toEqual(new Set(urls.length > 0 ? ['http://www.w3.org/2000/svg'] : []));
}

/** An InputError whose `where.file` is `file`. */
function expectInputError(f: () => unknown, file: string, message: RegExp) {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InputError);
  expect((caught as InputError).where.file).toBe(file);
  expect((caught as InputError).message).toMatch(message);
}

const root = tempDir('cdnsim-report-');
const dirs = { run: join(root, 'site-failure'), reps: join(root, 'two-reps'), sweep: join(root, 'sweep'), partial: join(root, 'partial'), mm1: join(root, 'mm1'), mm1Sweep: join(root, 'mm1-sweep'), bgp: join(root, 'bgp') };

beforeAll(async () => {
  await siteFailureRun(dirs.run);
  await siteFailureRun(dirs.reps, { duration: '6h', faultAt: '3h', replications: 2 });
  await siteFailureSweep(dirs.sweep);
  await siteFailureSweep(dirs.partial, { skip: 1 });
  await mm1Run(dirs.mm1);
  await mm1Sweep(dirs.mm1Sweep);
  await bgpRun(dirs.bgp);
}, 60_000);

describe('an Open Connect run', () => {
  it('writes report.html and one SVG per chart, each chart inline in the page', () => {
    const out = writeReport(dirs.run);
    expect(out.html).toBe(join(dirs.run, 'report.html'));
    const names = out.charts.map((c) => c.slice(join(dirs.run, 'charts').length + 1));
    expect(names).toEqual(['traffic-by-rank.svg', 'offload.svg', 'misses.svg', 'site-hit-ratio.svg', 'link-utilisation.svg', 'startup-delay-cdf.svg', 'startup-delay-cdf-by-rank.svg', 'fill-progress.svg']);
    const html = readFileSync(out.html, 'utf8');
    expectSelfContained(html);
    for (const file of out.charts) {
      const svg = readFileSync(file, 'utf8');
      expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(html).toContain(svg.split('\n')[1]);
    }
  });

  it('shows the key numbers, the fault and its recovery', () => {
    const s = readJson(join(dirs.run, 'summary.json'));
    const html = buildReport(readResults(dirs.run)).html;
    for (const text of [
      formatPercent(s.offload as number),
      formatPercent(s.byteHitRatio as number),
      formatBytes(s.bytesServed as number),
      formatSeconds(s.startupDelayP50 as number, 3),
      formatSeconds(s.startupDelayP95 as number, 3),
      'site-down',
      'site-failure-short',
      'tagus-lisbon',
      'tagus-net@lisbon-ix',
      (readJson(join(dirs.run, 'manifest.json')).startedAt as string),
    ]) {
      expect(html).toContain(text);
    }
    // The fault at 8h for an hour, shaded on the time charts.
    expect(html).toContain('site-down 08:00');
    expect(html).toMatch(/<rect class="band" x="[\d.]+"/);
  });

  it('a quality-of-experience section from the run’s per-playback figures; each grouping adds up to the whole CDN', () => {
    const s = readJson(join(dirs.run, 'summary.json'));
    const qoe = s.qoe as { [k: string]: JsonObject & JsonObject[] };
    const all = qoe.all;
    expect(all.sessions).toBeGreaterThan(100);
    for (const key of ['byIsp', 'bySite', 'byRank']) expect(qoe[key].reduce((n, g) => n + (g.sessions as number), 0)).toBe(all.sessions);
    const html = buildReport(readResults(dirs.run)).html;
    for (const text of ['Quality of experience', formatSeconds(all.startupP95 as number, 2), formatPercent(all.rebufferRatio as number, 3), formatBitrate(all.bitrate as number), 'douro-porto']) {
      expect(html).toContain(text);
    }
  });

  it('the summary carries a small startup-delay CDF that the chart draws', () => {
    const s = readJson(join(dirs.run, 'summary.json'));
    const cdf = s.startupDelayCdf as { p: number[]; seconds: number[] };
    expect(cdf.p.length).toBe(cdf.seconds.length);
    expect(cdf.p.length).toBeLessThanOrEqual(20);
    expect(cdf.seconds[cdf.p.indexOf(0.5)]).toBe(s.startupDelayP50);
    expect(cdf.seconds[cdf.p.indexOf(0.95)]).toBe(s.startupDelayP95);
    const svg = readFileSync(join(dirs.run, 'charts', 'startup-delay-cdf.svg'), 'utf8');
    expect(svg.match(/<circle class="mark"/g)?.length).toBe(cdf.p.length);
  });

  it('is a function of the files: twice, or from a copy elsewhere, the same bytes', () => {
    const first = writeReport(dirs.run);
    const page = readFileSync(first.html, 'utf8');
    const charts = first.charts.map((f) => readFileSync(f, 'utf8'));
    const again = writeReport(dirs.run);
    expect(readFileSync(again.html, 'utf8')).toBe(page);
    const copy = join(root, 'copy-of-run');
    cpSync(dirs.run, copy, { recursive: true });
    rmSync(join(copy, 'charts'), { recursive: true });
    const moved = writeReport(copy);
    expect(readFileSync(moved.html, 'utf8')).toBe(page);
    expect(moved.charts.map((f) => readFileSync(f, 'utf8'))).toEqual(charts);
  });

  it("removes the charts of an earlier report it no longer draws, and nothing else (the user's own charts stay)", () => {
    mkdirSync(join(dirs.run, 'charts'), { recursive: true });
    writeFileSync(join(dirs.run, 'charts', 'gone.svg'), '<svg/>');
    writeFileSync(join(dirs.run, 'charts', 'notes.txt'), 'mine');
    writeFileSync(join(dirs.run, 'charts', 'mine.svg'), '<svg/>');
    // gone.svg as an earlier report would have left it: on the folder's list of cdnsim's files.
    const list = join(dirs.run, OWNED_FILE);
    writeFileSync(list, (existsSync(list) ? readFileSync(list, 'utf8') : '') + 'charts/gone.svg\n');
    writeReport(dirs.run);
    const left = readdirSync(join(dirs.run, 'charts'));
    expect(left).not.toContain('gone.svg');
    expect(left).toContain('notes.txt');
    expect(left).toContain('mine.svg');
    expect(readFileSync(list, 'utf8')).not.toContain('gone.svg');
    expect(left.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('with two replications: series averaged bin by bin, the CDF averaged quantile by quantile', () => {
    const s = readJson(join(dirs.reps, 'summary.json'));
    const reps = s.perReplication as JsonObject[];
    const cdfs = reps.map((r) => (r.startupDelayCdf as { seconds: number[] }).seconds);
    (s.startupDelayCdf as { seconds: number[] }).seconds.forEach((x, i) => expect(x).toBeCloseTo((cdfs[0][i] + cdfs[1][i]) / 2, 12));
    const out = writeReport(dirs.reps);
    const html = readFileSync(out.html, 'utf8');
    expect(html).toContain('averaged bin by bin over the 2 replications');
    expect(out.charts.length).toBe(8);
    expect(html).toContain('mean of 2 replications');
  });

  it('a summary from an older cdnsim (no series, no CDF) gets the tables and a note', () => {
    const dir = join(root, 'old');
    mkdirSync(dir, { recursive: true });
    const s = readJson(join(dirs.run, 'summary.json'));
    delete s.series;
    delete s.startupDelayCdf;
    delete s.qoe;
    for (const r of s.perReplication as JsonObject[]) delete r.series;
    writeRunFiles(dir, { 'summary.json': JSON.stringify(s) });
    const out = writeReport(dir);
    expect(out.charts).toEqual([]);
    const html = readFileSync(out.html, 'utf8');
    expect(html).toContain('has no time series');
    expect(html).toContain('has no startupDelayCdf');
    expect(html).toContain(formatPercent(s.offload as number));
  });

  it('never fails on a summary that has the wrong shapes in it', () => {
    const base = readJson(join(dirs.run, 'summary.json'));
    const keys = ['series', 'sites', 'links', 'faults', 'startupDelayCdf', 'qoe', 'perReplication', 'offload', 'duration', 'appliances'];
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue(), fc.constantFrom('openconnect', 'mm1', 'bgp', 'unknown'), (key, value, model) => {
        const summary = { ...base, model, [key]: value } as JsonObject;
        const { html } = buildReport({ kind: 'run', dir: '.', manifest: null, summary });
        expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('a sweep', () => {
  it('compares every key metric across combinations, with small multiples and CDFs', () => {
    const out = writeReport(dirs.sweep);
    const names = out.charts.map((c) => c.split('/').pop());
    expect(names).toEqual(
      expect.arrayContaining(['compare-offload.svg', 'compare-bytehitratio.svg', 'compare-startupdelaymean.svg', 'compare-rebufferratio.svg', 'compare-transitbytes.svg', 'offload-by-combination.svg', 'startup-delay-cdf-by-combination.svg']),
    );
    const html = readFileSync(out.html, 'utf8');
    expectSelfContained(html);
    expect(html).toContain('placement.policy=history');
    expect(html).toContain('placement.policy=hybrid');
    expect(html).toContain('2 parameter combinations');
    // The table's offload cell: the mean of the two replications ± the t half-width.
    const record = readJson(join(dirs.sweep, 'sweep.json'));
    const runs = (record.runs as { id: string; parameters: JsonObject }[]).filter((r) => r.parameters['placement.policy'] === 'history');
    const values = runs.map((r) => readJson(join(dirs.sweep, 'runs', r.id, 'summary.json')).offload as number);
    const mean = (values[0] + values[1]) / 2;
    const half = (12.706204736174707 * Math.abs(values[0] - values[1])) / Math.sqrt(2) / Math.sqrt(2);
    expect(html).toContain(`${(100 * mean).toFixed(1)}% ± ${(100 * half).toFixed(1)}%`);
  });

  it('one not finished yet: reported from the finished runs, saying so', () => {
    const html = readFileSync(writeReport(dirs.partial).html, 'utf8');
    expect(html).toContain('1 run has not finished and is left out');
    expect(html).toContain('not finished');
  });
});

describe('other models', () => {
  it('M/M/1: the numbers as a table, and each replication against the theory', () => {
    const out = writeReport(dirs.mm1);
    expect(out.charts.map((c) => c.split('/').pop())).toEqual(['replications-meanwait.svg', 'replications-customers.svg', 'replications-utilisation.svg']);
    const html = readFileSync(out.html, 'utf8');
    expectSelfContained(html);
    expect(html).toContain('theory');
    expect(html).toContain('meanWait.halfWidth');
    expect(html).toContain('99% CI');
  });

  it('an M/M/1 sweep: the numbers that differ, compared in order of the parameter value', () => {
    const out = writeReport(dirs.mm1Sweep);
    const names = out.charts.map((c) => c.split('/').pop());
    expect(names).toContain('compare-meanwait-mean.svg');
    expect(names).toContain('compare-utilisation-mean.svg');
    // Interval bounds are not metrics; the theory is the same in every replication of a point.
    expect(names.some((n) => /halfwidth|low|high|level|theory/.test(n!))).toBe(false);
    const html = readFileSync(out.html, 'utf8');
    const order = ['9/s', '10/s', '12/s'].map((rate) => html.indexOf(`<td>mm1.arrivalRate=${rate}</td>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('BGP: no chart applies; its scalars and its event list as tables', () => {
    const out = writeReport(dirs.bgp);
    expect(out.charts).toEqual([]);
    const html = readFileSync(out.html, 'utf8');
    expect(html).toContain('totals.announcements');
    expect(html).toMatch(/<h2>events \(\d+\)<\/h2>/);
  });
});

describe('bad input', () => {
  it('a directory that does not exist, or a file, is named', () => {
    const missing = join(root, 'nope');
    expectInputError(() => writeReport(missing), missing, /no such directory/);
    const file = join(dirs.run, 'summary.json');
    expectInputError(() => writeReport(file), file, /not a directory/);
  });

  it('a directory that is neither a run nor a sweep is named', () => {
    const empty = tempDir('cdnsim-empty-');
    expectInputError(() => writeReport(empty), empty, /neither summary\.json \(a run\) nor sweep\.json \(a sweep\)/);
    expect(existsSync(join(empty, 'report.html'))).toBe(false);
  });

  it('a corrupt, missing or wrong-shaped summary.json is named', () => {
    const dir = tempDir('cdnsim-bad-');
    const summary = join(dir, 'summary.json');
    writeRunFiles(dir, { 'summary.json': '{"model": "openconnect", "offload": 0.9' });
    expectInputError(() => writeReport(dir), summary, /not valid JSON/);
    writeRunFiles(dir, { 'summary.json': '[1, 2]' });
    expectInputError(() => writeReport(dir), summary, /not a run summary/);
    rmSync(summary);
    writeRunFiles(dir, { 'manifest.json': '{}' });
    expectInputError(() => writeReport(dir), summary, /no such file/);
    writeRunFiles(dir, { 'summary.json': '{"schemaVersion": 1}', 'manifest.json': 'garbage' });
    expectInputError(() => writeReport(dir), join(dir, 'manifest.json'), /not valid JSON/);
    writeRunFiles(dir, { 'summary.json': '{"schemaVersion": 2, "model": "mm1"}', 'manifest.json': '{}' });
    expectInputError(() => writeReport(dir), summary, /summary schemaVersion 2; this cdnsim reads 1/);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
  });

  it('a sweep with a corrupt sweep.json, a corrupt run summary, or no finished run', () => {
    const dir = join(root, 'bad-sweep');
    cpSync(dirs.sweep, dir, { recursive: true });
    const record = readJson(join(dir, 'sweep.json'));
    const id = (record.runs as { id: string }[])[1].id;
    const runSummary = join(dir, 'runs', id, 'summary.json');
    writeFileSync(runSummary, '{"truncated": ');
    expectInputError(() => writeReport(dir), runSummary, /not valid JSON/);
    for (const r of record.runs as { id: string }[]) rmSync(join(dir, 'runs', r.id), { recursive: true, force: true });
    expectInputError(() => writeReport(dir), dir, /no finished run/);
    writeFileSync(join(dir, 'sweep.json'), '{"sweep": 3}');
    expectInputError(() => writeReport(dir), join(dir, 'sweep.json'), /not a sweep record/);
  });
});

describe('cdnsim report', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function run(args: string[]): Promise<string> {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
    await yargs(args).command(reportCommand as never).strict().fail(false).parseAsync();
    return out;
  }

  it('prints the paths it wrote', async () => {
    const out = await run(['report', dirs.mm1]);
    expect(out).toBe(`report: ${join(dirs.mm1, 'report.html')}\n${['meanwait', 'customers', 'utilisation'].map((n) => `  chart: ${join(dirs.mm1, 'charts', `replications-${n}.svg`)}\n`).join('')}`);
    expect(JSON.parse(await run(['report', dirs.bgp, '--json']))).toEqual({ html: join(dirs.bgp, 'report.html'), charts: [] });
  });

  it('passes bad input on as an InputError (exit 2 in cdnsim)', async () => {
    await expect(run(['report', join(root, 'nope')])).rejects.toBeInstanceOf(InputError);
  });
});
