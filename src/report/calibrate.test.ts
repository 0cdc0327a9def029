import fc from 'fast-check';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { tempDir } from '../test-helpers/cli.js';
import { calibrate, formatCalibration, inRange, judge, primeShare, REFERENCES, type Calibration } from './calibrate.js';
import { DEFAULT_APPLIANCE_CLASSES } from '../cdn/defaults.js';
import { calibrationSummary, PEAK_HOUR_BYTES, writeCalibrationRun } from './test-helpers/calibration-run.js';

const root = tempDir('cdnsim-calibrate-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

let runs = 0;
type Obj = { [k: string]: unknown };
const run = (edit?: (summary: Obj, manifest: Obj) => void, withManifest = true) => calibrate(writeCalibrationRun(join(root, `run-${runs++}`), edit, withManifest));
const check = (c: Calibration, id: string) => {
  const k = c.checks.find((x) => x.id === id);
  if (!k) throw new Error(`no check ${id}`);
  return k;
};
const series = (s: Obj) => s.series as { bytesByRank: Record<string, number[]>; averageBitrate: (number | null)[]; binSeconds: number };

describe('calibrate: figures of a hand-made run', () => {
  it('gives every figure its known value, all in range, and names the fields the results lack', () => {
    const c = run();
    expect(c.scenario).toBe('cal-fixture');
    expect(c.replications).toBe(1);
    expect(check(c, 'primeTimeBitrate').value).toBeCloseTo(3e6, 6);
    expect(check(c, 'applianceShare').value).toBe(0.95);
    expect(check(c, 'offload').value).toBe(0.8);
    // Idle site-c/out is left out; the median of 0.5 and 0.6.
    expect(check(c, 'sitePortPeak')).toMatchObject({ value: 0.55, status: 'ok', ports: [{ name: 'site-a/out', value: 0.5 }, { name: 'site-b/out', value: 0.6 }] });
    expect(check(c, 'sitePortPeak').note).toMatch(/1 idle port left out/);
    expect(check(c, 'sitePortP95').value).toBeCloseTo(0.5, 12);
    expect(check(c, 'interconnectPeak').value).toBe(0.5);
    expect(check(c, 'interconnectP95').value).toBe(0.4);
    // 0.62 TB over 100 TB (scenario) + the flash class default.
    expect(check(c, 'fillPerDay').value).toBeCloseTo(0.62e12 / (100e12 + DEFAULT_APPLIANCE_CLASSES.flash.storageBytes), 12);
    // storage 0.6 of 1.2 Gbit/s; flash 0.15 of 0.3 Gbit/s (no window limit).
    expect(check(c, 'fillVsLimit').value).toBeCloseTo(0.5, 12);
    // Hour 0 (the start-up ramp, 0.2) is left out: trough 0.4 at 04:00 over peak 1.
    expect(check(c, 'troughToPeak').value).toBeCloseTo(0.4, 12);
    const viewing = check(c, 'viewingHoursPerMember');
    expect(viewing).toMatchObject({ value: null, status: 'n/a' });
    expect(viewing.note).toMatch(/no member count.*24,000 viewing hours a day from 48,000 playbacks/);
    expect(c.ok).toBe(true);
    expect(c.missing.join(' ')).toMatch(/members.*viewingHours.*appliances\[\]\.storage/);
  });

  it('prime-time bit rate is the time-weighted mean of 20:00-23:00 local: bytes over seconds of video', () => {
    const c = run((s) => {
      const se = series(s);
      se.averageBitrate = se.averageBitrate.map(() => 10e6);
      // 20:00-23:00: 1, 1 and 2 TB at 2, 4 and 4 Mbit/s -> 4e12 bytes over 10e6 s of video.
      const bytes = [1e12, 1e12, 2e12];
      const rates = [2e6, 4e6, 4e6];
      for (let i = 0; i < 3; i++) {
        se.bytesByRank['embedded-specific'][20 + i] = bytes[i];
        se.bytesByRank.origin[20 + i] = 0;
        se.averageBitrate[20 + i] = rates[i];
      }
    });
    expect(check(c, 'primeTimeBitrate').value).toBeCloseTo((8 * 4e12) / 10e6, 3);
    expect(check(c, 'primeTimeBitrate').value).toBeCloseTo(3.2e6, 3);
  });

  it('prime time follows the ISP time zone: UTC+5:30 puts it at 14:30-17:30 UTC', () => {
    const c = run((s, m) => {
      (m.scenario as { isps: Obj[] }).isps[0].timezone = 'Asia/Kolkata';
      const se = series(s);
      // 5 Mbit/s from 14:00 to 18:00 UTC, 1 Mbit/s otherwise; every hour carries the same bytes.
      se.averageBitrate = se.averageBitrate.map((_, h) => (h >= 14 && h < 18 ? 5e6 : 1e6));
      for (const r of Object.values(se.bytesByRank)) r.fill(PEAK_HOUR_BYTES / 2);
    });
    expect(check(c, 'primeTimeBitrate').value).toBeCloseTo(5e6, 3);
  });

  it('averages several replications figure by figure', () => {
    const c = run((s) => {
      const a = calibrationSummary();
      const b = calibrationSummary();
      b.offload = 0.6;
      b.byteHitRatio = 0.99;
      (b.links as Obj[])[0].peakUtilisation = 0.3; // site-a/out: (0.5 + 0.3) / 2
      series(b).averageBitrate = series(b).averageBitrate.map(() => 2e6);
      delete s.series;
      s.replications = 2;
      s.perReplication = [a, b];
    });
    expect(c.replications).toBe(2);
    expect(check(c, 'offload').value).toBeCloseTo(0.7, 12);
    expect(check(c, 'applianceShare').value).toBeCloseTo(0.97, 12);
    expect(check(c, 'primeTimeBitrate').value).toBeCloseTo(2.5e6, 3);
    expect(check(c, 'sitePortPeak').ports).toEqual([
      { name: 'site-a/out', value: 0.4 },
      { name: 'site-b/out', value: 0.6 },
    ]);
  });

  it('judges public ports and PNIs as interconnects, with p95 from 5-minute samples whatever the bin', () => {
    const c = run((s) => {
      s.links = [
        { name: 'site-a/out', kind: 'port', capacity: 1e11, peakUtilisation: 0.5, p95Utilisation: 0.45 },
        { name: 'isp@ix', kind: 'public', capacity: 1e10, peakUtilisation: 0.5, p95Utilisation: 0.4 },
        { name: 'isp2@ix/pni', kind: 'pni', capacity: 1e11, peakUtilisation: 0.7, p95Utilisation: 0.6 },
        { name: 'isp2@ix', kind: 'public', capacity: 1e10, peakUtilisation: 0, p95Utilisation: 0 },
        { name: 'ix/transit', kind: 'backbone', capacity: 1e12, peakUtilisation: 0.9, p95Utilisation: 0.9 },
        { name: 'isp/transit', kind: 'transit', capacity: 1e10, peakUtilisation: 0.95, p95Utilisation: 0.9 },
      ];
    });
    expect(check(c, 'interconnectPeak')).toMatchObject({ value: 0.6, status: 'ok', ports: [{ name: 'isp@ix', value: 0.5 }, { name: 'isp2@ix/pni', value: 0.7 }] });
    expect(check(c, 'interconnectPeak').note).toBe('1 idle port left out');
    expect(check(c, 'interconnectP95').value).toBeCloseTo(0.5, 12);
    // The fixture's bins are hourly, but these links' p95 is over 5-minute samples: no caveat.
    expect(check(c, 'interconnectP95').note).toBe('1 idle port left out');
    expect(check(c, 'sitePortP95').note).toBeNull();
    // The table lists each interconnect that carried traffic, busiest p95 first.
    expect(formatCalibration(c).join('\n')).toContain('interconnects (utilisation: peak, p95):\n  isp2@ix/pni   70.0%   60.0%\n  isp@ix        50.0%   40.0%\n');
    // Older results (no kind, <isp>/peering) took p95 over the bins, and say so.
    expect(check(run(), 'interconnectP95').note).toMatch(/p95 over 60-min bins, not 5-min samples/);
  });

  it('flags each figure out of range, and every port outside its range', () => {
    const c = run((s) => {
      series(s).averageBitrate = series(s).averageBitrate.map(() => 8.2e6);
      (s.links as Obj[])[1].peakUtilisation = 0.05; // site-b/out far below the others
      s.fillBytes = 5e12;
      (s.appliances as Obj[])[0].fillMaxRate = 1.8e9;
    });
    expect(c.ok).toBe(false);
    const out = c.checks.filter((k) => k.status === 'out').map((k) => k.id);
    expect(out).toEqual(['primeTimeBitrate', 'sitePortPeak', 'fillPerDay', 'fillVsLimit']);
    // The median (0.275) is in range, but one port is not.
    expect(check(c, 'sitePortPeak').value).toBeCloseTo(0.275, 12);
    expect(check(c, 'fillVsLimit').value).toBeCloseTo(1.5, 12);
    const text = formatCalibration(c).join('\n');
    expect(text).toMatch(/average bitrate, 20:00-23:00 local +8\.20 Mbit\/s +2-4 Mbit\/s +OUT +\[D\] Netflix ISP Speed Index/);
    expect(text).toMatch(/sitePortPeak: out: site-b\/out 5\.0%/);
    expect(text).toMatch(/^OUT: 4 of 11 figures out of range: primeTimeBitrate, sitePortPeak, fillPerDay, fillVsLimit \(1 n\/a\)$/m);
  });

  it('computes viewing hours per member once the results hold members and viewing hours', () => {
    const c = run((s) => {
      s.members = 10000;
      s.viewingHours = 21000;
    });
    expect(check(c, 'viewingHoursPerMember')).toMatchObject({ value: 2.1, status: 'ok' });
    expect(c.missing.join(' ')).not.toMatch(/members|viewingHours/);
  });

  it('says n/a, never a guess, where the results cannot give a figure', () => {
    const noManifest = run(undefined, false);
    expect(check(noManifest, 'primeTimeBitrate')).toMatchObject({ value: null, status: 'n/a' });
    expect(check(noManifest, 'primeTimeBitrate').note).toMatch(/time zones are unknown/);
    expect(check(noManifest, 'fillPerDay').status).toBe('n/a');
    expect(noManifest.ok).toBe(true);

    const short = run((s) => {
      s.duration = 6 * 3600;
    });
    expect(check(short, 'troughToPeak').note).toMatch(/at least a day/);
    expect(check(short, 'fillPerDay').status).toBe('n/a');

    const coarse = run((s) => {
      const se = series(s);
      se.binSeconds = 7200;
    });
    expect(check(coarse, 'troughToPeak').note).toMatch(/7200-s bins do not divide an hour/);
  });
});

describe('calibrate: ranges', () => {
  it('a figure exactly at either bound of its range is in range; just outside is out', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REFERENCES), fc.boolean(), (ref, atMax) => {
        const bound = atMax ? ref.max : ref.min;
        const beyond = atMax ? ref.max + Math.max(1e-9, Math.abs(ref.max) * 1e-9) : ref.min - Math.max(1e-9, Math.abs(ref.min) * 1e-9);
        const at = judge({ dir: 'd', scenario: 's', replications: 1 }, { [ref.id]: { value: bound } }, []);
        const past = judge({ dir: 'd', scenario: 's', replications: 1 }, { [ref.id]: { value: beyond } }, []);
        const mine = (c: Calibration) => c.checks.find((k) => k.id === ref.id);
        return inRange(bound, ref) && mine(at)?.status === 'ok' && mine(past)?.status === 'out' && !past.ok;
      }),
    );
  });

  it('ports at the bounds are in range whatever the median', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 9 }), (atMax) => {
        const ref = REFERENCES.find((r) => r.id === 'sitePortPeak')!;
        const ports = atMax.map((b, i) => ({ name: `p${i}/out`, value: b ? ref.max : ref.min }));
        const c = judge({ dir: 'd', scenario: 's', replications: 1 }, { sitePortPeak: { value: 0.5, ports } }, []);
        return c.checks.find((k) => k.id === 'sitePortPeak')?.status === 'ok';
      }),
    );
  });

  it('every reference has a source, a tag and a non-empty range', () => {
    for (const r of REFERENCES) {
      expect(r.min, r.id).toBeLessThan(r.max);
      expect(r.source.length, r.id).toBeGreaterThan(10);
      expect(['D', 'I']).toContain(r.tag);
    }
    expect(new Set(REFERENCES.map((r) => r.id)).size).toBe(REFERENCES.length);
  });
});

describe('primeShare', () => {
  it('a whole day of bins holds exactly three prime-time hours, whatever the zones', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ offset: fc.integer({ min: -12 * 4, max: 14 * 4 }).map((q) => q * 900), weight: fc.double({ min: 0.01, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(300, 900, 3600, 5400),
        fc.integer({ min: 0, max: 6 }),
        (raw, bin, startDay) => {
          const total = raw.reduce((s, z) => s + z.weight, 0);
          const zones = raw.map((z) => ({ offset: z.offset, weight: z.weight / total }));
          let seconds = 0;
          const from = startDay * 86400;
          for (let t = from; t < from + 86400; t += bin) {
            const share = primeShare(t, Math.min(t + bin, from + 86400), zones);
            if (share < -1e-12 || share > 1 + 1e-12) return false;
            seconds += share * (Math.min(t + bin, from + 86400) - t);
          }
          return Math.abs(seconds - 3 * 3600) < 1e-6;
        },
      ),
    );
  });

  it('counts the part of a bin inside 20:00-23:00 local', () => {
    const kolkata = [{ offset: 19800, weight: 1 }];
    expect(primeShare(14 * 3600, 15 * 3600, kolkata)).toBeCloseTo(0.5, 12); // 19:30-20:30 local
    expect(primeShare(20 * 3600, 21 * 3600, [{ offset: 0, weight: 0.25 }, { offset: 3600, weight: 0.75 }])).toBeCloseTo(0.25 + 0.75, 12);
    expect(primeShare(22 * 3600, 23 * 3600, [{ offset: 0, weight: 0.25 }, { offset: 3600, weight: 0.75 }])).toBeCloseTo(0.25, 12);
  });
});

describe('calibrate: bad input', () => {
  const expectInputError = (f: () => unknown, pattern: RegExp) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).format()).toMatch(pattern);
      return;
    }
    throw new Error('expected an InputError');
  };

  it('a missing directory, a directory without results, another model, a sweep, an unfinished run', () => {
    expectInputError(() => calibrate(join(root, 'nowhere')), /nowhere: no such directory/);
    mkdirSync(join(root, 'empty'));
    expectInputError(() => calibrate(join(root, 'empty')), /empty: not a results directory/);
    const mm1 = writeCalibrationRun(join(root, 'mm1'), (s) => {
      s.model = 'mm1';
    });
    expectInputError(() => calibrate(mm1), /mm1: results of the 'mm1' model; calibrate reads Open Connect runs/);
    const unfinished = writeCalibrationRun(join(root, 'unfinished'), (_s, m) => {
      m.status = 'interrupted';
    });
    expectInputError(() => calibrate(unfinished), /not complete/);
    const corrupt = join(root, 'corrupt');
    mkdirSync(corrupt);
    writeFileSync(join(corrupt, 'summary.json'), '{"schemaVersion": 1,');
    expectInputError(() => calibrate(corrupt), /summary\.json: not valid JSON/);
    const sweep = join(root, 'grid');
    writeCalibrationRun(join(sweep, 'runs', 'p0-r0'));
    writeFileSync(join(sweep, 'sweep.json'), JSON.stringify({ schemaVersion: 1, sweep: 'grid', model: 'openconnect', parameters: [], runs: [{ id: 'p0-r0', replication: 0, parameters: {} }] }));
    expectInputError(() => calibrate(sweep), /grid: a sweep: calibrate one of its runs \(runs\/<id>\)/);
    // One of its runs is a run like any other.
    expect(calibrate(join(sweep, 'runs', 'p0-r0')).ok).toBe(true);
  });
});
