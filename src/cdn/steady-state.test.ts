/**
 * A run that starts as the network would be on an ordinary night and measures only
 * after its warm-up: rung forecasts that follow the UHD share, releases on the
 * appliances at their launch minute, warm-up removed from every metric, and the
 * figures calibration reads (members, viewing hours).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsEngine } from '../engine/js-engine.js';
import { stream } from '../engine/rng.js';
import { simulate } from '../run/simulate.js';
import { parseScenario } from '../scenario/load.js';
import type { Metrics } from './metrics.js';
import { summarizeReplication } from './model.js';
import type { OpenConnectScenario } from './schema.js';
import { simStreams, simulateOpenConnect, type SimObserver } from './sim.js';
import { buildWorld } from './world.js';

interface Opts {
  duration?: string;
  warmup?: string;
  uhdShare?: number;
  titles?: number;
  storage?: string;
  releases?: number;
  peak?: string;
  extra?: string;
  placement?: string;
}

/** Two ISPs in one time zone, an embedded site each and an exchange site, as in quickstart but smaller. */
function yaml(o: Opts = {}): string {
  return `name: steady
model: openconnect
seed: 11
duration: ${o.duration ?? '6h'}
warmup: ${o.warmup ?? '0s'}
start: "2026-01-05"
catalog:
  titles: ${o.titles ?? 300}
  popularity: { zipf: 0.9, releasesPerDay: ${o.releases ?? 3} }
applianceClasses:
  storage: { storage: ${o.storage ?? '2TB'} }
isps:
  - { name: a, asn: 64501, timezone: Europe/Lisbon, peakSessionRate: ${o.peak ?? '0.05/s'}, prefixes: 4, peering: 10Gbps, transit: 10Gbps, members: 40000 }
  - { name: b, asn: 64502, timezone: Europe/Lisbon, peakSessionRate: ${o.peak ?? '0.05/s'}, prefixes: 4, peering: 10Gbps, transit: 10Gbps, members: 25000 }
ixps:
  - { name: x, timezone: Europe/Lisbon }
sites:
  - { name: a1, isp: a, appliances: [{ class: storage, count: 1 }] }
  - { name: b1, isp: b, appliances: [{ class: storage, count: 1 }] }
  - { name: x1, ixp: x, appliances: [{ class: storage, count: 1 }] }
workload: { segment: 30s, uhdShare: ${o.uhdShare ?? 0.3} }
placement: { policy: history${o.placement ?? ''} }
metricsBin: 30m
${o.extra ?? ''}`;
}

async function summary(o: Opts): Promise<Record<string, any>> {
  return (await simulate(parseScenario(yaml(o)))).summary as Record<string, any>;
}

type World = ReturnType<typeof buildWorld>;

/** Run the model directly; the observer may be built from the world it watches. */
function observe(o: Opts, observer: SimObserver | ((world: World) => SimObserver) = {}): { metrics: Metrics; world: World } {
  const s = parseScenario(yaml(o)) as unknown as OpenConnectScenario & { duration: number; warmup: number; seed: number };
  const key = (component: string, entity = 0) => stream({ seed: s.seed, replication: 0, component, entity });
  const world = buildWorld(s, { catalog: key('catalog'), popularity: key('popularity') });
  const watch = typeof observer === 'function' ? observer(world) : observer;
  const metrics = simulateOpenConnect(s, world, new JsEngine(), simStreams(world, key), watch);
  return { metrics, world };
}

const sumFrom = (xs: ArrayLike<number>, from: number) => Array.from(xs).slice(from).reduce((a, b) => a + b, 0);

describe('rung forecast', () => {
  it('offload does not rise with the UHD share when storage is fixed', async () => {
    // Each site holds a small part of the catalog (600 titles are about 11 TB); UHD files are the big ones.
    const offload: number[] = [];
    for (const uhdShare of [0, 0.3, 0.6]) offload.push((await summary({ uhdShare, duration: '8h', titles: 600, storage: '1TB' })).offload);
    expect(offload[0]).toBeGreaterThan(offload[1]);
    expect(offload[1]).toBeGreaterThanOrEqual(offload[2]);
  });
});

describe('releases', () => {
  it('are on the appliances of every site at their launch minute', () => {
    let checked = 0;
    let missing = 0;
    let topRungs: number[] = [];
    observe({ duration: '50h', releases: 4, titles: 400, storage: '3TB' }, (world) => ({
      onServe: (r, state) => {
        if (topRungs.length === 0) topRungs = Array.from(world.rungShare.keys()).sort((a, b) => world.rungShare[b] - world.rungShare[a]).slice(0, 2);
        const title = Math.floor(r.file / world.catalog.rungs);
        const launch = world.popularity.releaseDay[title] * 86400;
        // Requests in the release's first hour, before the night's fill window opens.
        if (!(r.time >= launch && r.time < launch + 3600)) return;
        for (const site of world.sites) {
          // The launch-day rungs the forecast ranks highest: the ones settled playbacks ask for.
          for (const rung of topRungs) {
            checked++;
            if (!site.ocas.some((o) => state.present(o, title * world.catalog.rungs + rung))) missing++;
          }
        }
      },
    }));
    expect(checked).toBeGreaterThan(20);
    expect(missing).toBe(0);
  });
});

describe('warm-up', () => {
  it('removes its period from every metric: totals with warm-up w are the activity after w', () => {
    const sessionTimes: number[] = [];
    const m0 = observe({}, { onSession: (t) => sessionTimes.push(t) }).metrics;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 11 }), (k) => {
        const w = k * 1800;
        const starts: number[] = [];
        const { metrics: m } = observe({ warmup: `${w}s` }, { onSession: (t) => starts.push(t) });
        const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
        // The run itself does not depend on the warm-up.
        expect(starts).toEqual(sessionTimes);
        expect(m.sessions).toBe(sessionTimes.filter((t) => t >= w).length);
        const served = m0.seriesBytesByRank.reduce((a, row) => a + sumFrom(row, k), 0);
        close(m.bytesServed, served);
        m.seriesBytesByRank.forEach((row, r) => close(m.bytesByRank[r], sumFrom(m0.seriesBytesByRank[r], k)));
        close(m.contentMissBytes, sumFrom(m0.seriesContentMiss, k));
        close(m.healthMissBytes, sumFrom(m0.seriesHealthMiss, k));
        close(m.fillBytes[0] + m.fillBytes[1] + m.fillBytes[2] + m.reactiveFillBytes, sumFrom(m0.seriesFillBytes, k));
        close(m.stallSeconds, sumFrom(m0.seriesStallSeconds, k));
        close(m.playedSeconds, sumFrom(m0.seriesPlayedSeconds, k));
        close(m.videoSeconds, sumFrom(m0.seriesSegments, k));
        close(m.bitrateSum, sumFrom(m0.seriesBitrateSum, k));
        expect(m.startupDelay.count).toBe(sumFrom(m0.seriesStartupCount, k));
        // Series bins before the warm-up are empty, those after equal the run without one.
        expect(sumFrom(m.seriesStartupCount.subarray(0, k), 0)).toBe(0);
        expect(Array.from(m.seriesStartupSum.subarray(k))).toEqual(Array.from(m0.seriesStartupSum.subarray(k)));
        expect(Array.from(m.seriesFillBytes.subarray(k))).toEqual(Array.from(m0.seriesFillBytes.subarray(k)));
      }),
      { numRuns: 6 },
    );
    // The property is not vacuous: the run has fill, playback and stalls to remove.
    expect(m0.startupDelay.count).toBeGreaterThan(100);
    expect(sumFrom(m0.seriesFillBytes, 0)).toBeGreaterThan(0);
  });
});

describe('start of the run', () => {
  it('starts with the appliances as the last fill left them, unless the scenario asks for a cold start', async () => {
    const warm = await summary({ duration: '2h' });
    const cold = await summary({ duration: '2h', placement: ', coldStart: true' });
    // Before the 02:00 fill, a cold network serves nothing from its appliances.
    expect(cold.offload).toBe(0);
    expect(warm.offload).toBeGreaterThan(0.5);
    // Same playbacks either way (what they request depends on the throughput they get).
    expect(warm.sessions).toBe(cold.sessions);
  });
});

describe('calibration figures', () => {
  it('reports members summed over the ISPs and the hours of video played after warm-up', async () => {
    const { world, metrics } = observe({ warmup: '1h' });
    const s = summarizeReplication(world, metrics);
    expect(s.members).toBe(65000);
    const whole = observe({}).metrics;
    // Bins of 30 min: the warm-up is the first two.
    expect(s.viewingHours).toBeCloseTo(sumFrom(whole.seriesSegments, 2) / 3600, 6);
    expect(s.viewingHours).toBeLessThan(sumFrom(whole.seriesSegments, 0) / 3600);
    // Without members on every ISP the field is left out rather than guessed.
    const partial = (await simulate(parseScenario(yaml().replace(', members: 25000', '')))).summary as Record<string, unknown>;
    expect('members' in partial).toBe(false);
    expect(typeof partial.viewingHours).toBe('number');
  });
});
