import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCalibrationRun } from '../report/test-helpers/calibration-run.js';
import { cdnsim, tempDir, type CliResult } from '../test-helpers/cli.js';

const root = tempDir('cdnsim-calibrate-cli-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function expectBadInput(r: CliResult, pattern: RegExp): void {
  expect(r.code, r.stderr + r.stdout).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('cdnsim calibrate', () => {
  it('exits 0 when every figure is in range, printing the table and the verdict', () => {
    const r = cdnsim(['calibrate', writeCalibrationRun(join(root, 'fine'))]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}figure +value +range +check +source$/m);
    expect(r.stdout).toMatch(/^ {2}average bitrate, 20:00-23:00 local +3\.00 Mbit\/s +2-4 Mbit\/s +ok +\[D\] Netflix ISP Speed Index/m);
    expect(r.stdout).toMatch(/^ {2}viewing hours per member per day +n\/a +1\.5-2\.5 h +n\/a/m);
    expect(r.stdout).toMatch(/^ok: every figure in range \(1 n\/a\)$/m);
  });

  it('exits 1 when a figure is out of range, naming it; --json carries the checks', () => {
    const dir = writeCalibrationRun(join(root, 'rich'), (s) => {
      const series = s.series as { averageBitrate: number[] };
      series.averageBitrate = series.averageBitrate.map(() => 8.2e6);
    });
    const r = cdnsim(['calibrate', dir]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/8\.20 Mbit\/s +2-4 Mbit\/s +OUT/);
    expect(r.stdout).toMatch(/^OUT: 1 of 11 figures out of range: primeTimeBitrate \(1 n\/a\)$/m);
    const json = cdnsim(['calibrate', dir, '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c: { id: string }) => c.id === 'primeTimeBitrate')).toMatchObject({ status: 'out', min: 2e6, max: 4e6, tag: 'D' });
    expect(report.checks[0].value).toBeCloseTo(8.2e6, 3);
  });

  it('exits 2 with one line on bad input: a missing directory, no results, another model', () => {
    expectBadInput(cdnsim(['calibrate', join(root, 'nowhere')]), /^cdnsim: .*nowhere: no such directory$/m);
    mkdirSync(join(root, 'empty'));
    expectBadInput(cdnsim(['calibrate', join(root, 'empty')]), /empty: not a results directory/);
    const mm1 = writeCalibrationRun(join(root, 'mm1'), (s) => {
      s.model = 'mm1';
    });
    expectBadInput(cdnsim(['calibrate', mm1]), /results of the 'mm1' model; calibrate reads Open Connect runs/);
    expectBadInput(cdnsim(['calibrate']), /Not enough non-option arguments/);
  });
});
