/**
 * The shipped Open Connect scenarios are sized like real deployments: their member
 * counts and demand agree with Netflix's published viewing per member, their segments
 * are the 2-6 s real players fetch, and the small ones, run whole, pass `cdnsim
 * calibrate` (every figure in its published range, none left out for want of data).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../models/index.js';
import { calibrate } from '../report/calibrate.js';
import { runScenario } from '../run/run.js';
import { loadScenarioFile } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { DEFAULT_APPLIANCE_CLASSES } from './defaults.js';
import { repoRoot, tempDir } from '../test-helpers/cli.js';

const dir = join(repoRoot, 'scenarios');
const openConnect = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ file: f, scenario: loadScenarioFile(join(dir, f)) as unknown as Sized }))
  .filter((x) => x.scenario.model === 'openconnect');

/** The fields of a validated Open Connect scenario this file reads (defaults filled in). */
interface Sized {
  model: string;
  isps: { name: string; peakSessionRate: number; members?: number }[];
  catalog: { filmShare: number; filmMinutes: { mean: number }; episodeMinutes: { mean: number } };
  workload: { segment: number; viewFraction: { min: number; max: number }; diurnal: number[] };
}

/**
 * Viewing per member a day, 2.1 h: Netflix's engagement reports over its mean paid
 * memberships of 2023 (src/report/calibration.md gives the arithmetic).
 */
const HOURS_PER_MEMBER = 2.1;

/**
 * Playback starts per second at the daily peak that `members` stand for: viewing a day
 * over the mean playback (mean running time x mean view fraction), spread over the day
 * by the scenario's diurnal curve (its mean over its peak).
 */
function peakRateFor(s: Sized, members: number): number {
  const c = s.catalog;
  const runningTime = 60 * (c.filmShare * c.filmMinutes.mean + (1 - c.filmShare) * c.episodeMinutes.mean);
  const playback = (runningTime * (s.workload.viewFraction.min + s.workload.viewFraction.max)) / 2;
  const d = s.workload.diurnal;
  const meanOverPeak = d.reduce((a, b) => a + b, 0) / d.length / Math.max(...d);
  return (members * HOURS_PER_MEMBER * 3600) / playback / (meanOverPeak * 86400);
}

describe('shipped Open Connect scenarios are sized from published figures', () => {
  it('there are several, the continent among them', () => {
    expect(openConnect.map((x) => x.file)).toEqual(expect.arrayContaining(['quickstart.yaml', 'continent.yaml', 'national.yaml']));
  });

  it.each(openConnect.map((x) => [x.file, x.scenario] as const))('%s: every ISP has members, and its peak rate is what they watch (2.1 h a day)', (_, s) => {
    for (const isp of s.isps) {
      expect(isp.members, isp.name).toBeGreaterThan(0);
      const want = peakRateFor(s, isp.members as number);
      // Rates are written with three or four digits in the files.
      expect(Math.abs(isp.peakSessionRate / want - 1), `${isp.name}: ${isp.peakSessionRate}/s for ${isp.members} members, want ${want.toFixed(4)}/s`).toBeLessThan(0.01);
    }
  });

  it.each(openConnect.map((x) => [x.file, x.scenario] as const))('%s: segments are the 2-6 s players fetch', (_, s) => {
    expect(s.workload.segment).toBeGreaterThanOrEqual(2);
    expect(s.workload.segment).toBeLessThanOrEqual(6);
  });
});

/**
 * Shrink a scenario to 1/k of its members the way the shipped ones are sized
 * (src/cdn/README.md, Shipped scenarios): demand, site ports, exchange ports and fill
 * rates by k; the forecast's weight on the latest day by k too, since the daily counts
 * are sqrt(k) times noisier and an exponentially smoothed mean's variance grows with its
 * weight. Storage and the catalog stay: they do not grow with members.
 */
function scaledDown(s: Scenario, k: number): Scenario {
  const o = s as unknown as Shrinkable;
  const per = (x: number | undefined) => (x === undefined ? undefined : x / k);
  const classes = Object.fromEntries(Object.entries(o.applianceClasses).map(([name, c]) => [name, { ...c, fillRate: per(c.fillRate ?? DEFAULT_APPLIANCE_CLASSES[name as 'storage'].fillRateBps) }]));
  const shrunk: Shrinkable = {
    ...o,
    isps: o.isps.map((i) => ({ ...i, members: Math.round((i.members as number) / k), peakSessionRate: i.peakSessionRate / k, peering: i.peering / k })),
    sites: o.sites.map((x) => ({ ...x, port: per(x.port) })),
    applianceClasses: classes,
    placement: { ...o.placement, smoothing: o.placement.smoothing / k, historyDays: 60 },
  };
  return shrunk as unknown as Scenario;
}

interface Shrinkable {
  isps: { peakSessionRate: number; members?: number; peering: number }[];
  sites: { port?: number }[];
  applianceClasses: Record<string, { fillRate?: number }>;
  placement: { smoothing: number; historyDays: number };
}

/**
 * The small scenarios run a whole day (fill per day and trough to peak need one) and pass
 * calibrate: the quickstart as shipped, the continent at a quarter of its members so the
 * test takes a minute or two rather than five on a busy two-core machine. That the
 * quarter passes too is the point of sizing by members: utilisation, churn and viewing
 * per member do not change when everything that grows with demand shrinks with it.
 */
describe.each([
  ['quickstart.yaml', 1],
  ['continent.yaml', 4],
])('%s at 1/%d of its members passes cdnsim calibrate', (file, k) => {
  it('every figure is computed and in its published range', async () => {
    const out = join(tempDir('cdnsim-shipped-'), 'out');
    const scenario = loadScenarioFile(join(dir, file));
    await runScenario(k === 1 ? scenario : scaledDown(scenario, k), { out, engine: 'js', report: false });
    const c = calibrate(out);
    const shown = c.checks.map((x) => `${x.id}: ${x.status}${x.value === null ? '' : ` ${x.value.toPrecision(3)}`}${x.note ? ` (${x.note})` : ''}`).join('\n');
    expect(c.checks.filter((x) => x.status !== 'ok').map((x) => x.id), shown).toEqual([]);
    expect(c.ok).toBe(true);
  }, 900_000);
});
