/**
 * The rung forecast placement ranks files with: a distribution over the ladder that
 * respects the plans, and close to what the model's own players choose when only
 * their access lines limit them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stream } from '../../engine/rng.js';
import { hdTopRung } from './player.js';
import { expectedRungShare, FORECAST_LATENCY_MS, normalCdf, normalQuantile, RUNG_SHARE_FLOOR } from './rung-forecast.js';
import { harness } from './test-helpers/harness.js';

const LADDER = Float64Array.of(235e3, 750e3, 1750e3, 3000e3, 5800e3, 16e6);
const TOP = LADDER.length - 1;
const isp = (median: number, sigma: number, weight = 1) => ({ clientMedianBps: median, clientSigma: sigma, peakSessionRate: weight });
const spec = (o: Partial<Parameters<typeof expectedRungShare>[2]> = {}) => ({
  abr: 'bba',
  segment: 4,
  hdCap: 6e6,
  uhdShare: 0.3,
  viewFraction: { min: 0.05, max: 1 },
  meanRuntime: 1200,
  ...o,
});

describe('expectedRungShare', () => {
  it('inverts the normal CDF it samples throughputs with', () => {
    for (const p of [0.01, 0.1, 0.5, 0.8, 0.99]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 7);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
  });

  it('is a distribution that keeps rungs above hdCap to the UHD share', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('throughput', 'bola', 'dynamic', 'bba'),
        fc.double({ min: 3e5, max: 1e8, noNaN: true }),
        fc.double({ min: 0, max: 1.5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1e6, max: 2e7, noNaN: true }),
        (abr, median, sigma, uhdShare, hdCap) => {
          const share = expectedRungShare(LADDER, [isp(median, sigma), isp(median / 3, sigma, 2)], spec({ abr, uhdShare, hdCap, meanRuntime: 240 }));
          expect(share.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
          for (const x of share) expect(x).toBeGreaterThanOrEqual(0);
          // Every rung keeps at least a floor share, so placement can still rank its files.
          const floor = RUNG_SHARE_FLOOR / LADDER.length;
          for (let r = 0; r <= TOP; r++) expect(share[r]).toBeGreaterThanOrEqual(floor / (1 + RUNG_SHARE_FLOOR) - 1e-12);
          for (let r = hdTopRung(LADDER, hdCap) + 1; r <= TOP; r++) expect(share[r]).toBeLessThanOrEqual(uhdShare + floor + 1e-12);
        },
      ),
      { numRuns: 15 },
    );
    expect(expectedRungShare(LADDER, [isp(40e6, 0.7)], spec({ uhdShare: 0 }))[TOP]).toBeLessThanOrEqual(RUNG_SHARE_FLOOR / LADDER.length);
  });

  it("is close to the rungs the model's players fetch over their access lines", () => {
    for (const abr of ['bba', 'throughput']) {
      const mix = { median: 6e6, sigma: 0.8 };
      const forecast = expectedRungShare(LADDER, [isp(mix.median, mix.sigma)], spec({ abr }));
      // The players themselves: access rates from the same lognormal, watch = runtime x U(0.05, 1).
      const h = harness({ workload: { abr, segment: 4, uhdShare: 0.3, hdCap: 6e6 }, ladderBps: Array.from(LADDER), clientMedianBps: mix.median, clientSigma: mix.sigma, latency: FORECAST_LATENCY_MS / 1000 });
      const watch = stream({ seed: 3, replication: 0, component: 'watch', entity: 0 });
      const START = 92;
      h.engine.on(START, () => h.player.startPlayback(0, 0, 1200 * (0.05 + 0.95 * watch())));
      const playbacks = 800;
      for (let i = 0; i < playbacks; i++) h.engine.schedule(i * 2000, START);
      h.engine.run();
      let distance = 0; // total variation
      for (let r = 0; r < LADDER.length; r++) distance += Math.abs((h.rec.segmentsAt.get(LADDER[r]) ?? 0) / h.rec.segments - forecast[r]) / 2;
      // Sampling noise of 800 playbacks is most of it: 0.034 for throughput here, 0.026 with 1600.
      expect(distance, abr).toBeLessThan(0.05);
    }
  });
});
