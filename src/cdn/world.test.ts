/**
 * The rung forecast placement ranks files with (expectedRungShare): against its closed
 * form, and against the players' own rate rule and estimate applied to sampled
 * throughputs and plans.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stream } from '../engine/rng.js';
import { lognormal } from '../engine/variates.js';
import { DEFAULT_LADDER_KBPS } from './defaults.js';
import { ESTIMATE_WEIGHT } from './kernel/abi.js';
import { hdTopRung, INITIAL_ESTIMATE_BPS } from './player/player.js';
import { expectedRungShare, normalCdf } from './world.js';

const LADDER = Float64Array.from(DEFAULT_LADDER_KBPS, (k) => k * 1000);
const TOP = LADDER.length - 1;
// Settled: a playback's first few requests weigh nothing.
const RULE = { abrSafety: 0.8, hdCap: 6e6, uhdShare: 0.3, segmentsPerPlayback: Infinity };
const isp = (median: number, sigma: number, weight = 1) => ({ clientMedianBps: median, clientSigma: sigma, peakSessionRate: weight });

/** The player's rate rule once its estimate has settled at its throughput (player/player.ts). */
function rungOf(throughput: number, top: number, safety: number): number {
  let rung = 0;
  while (rung < top && LADDER[rung + 1] <= safety * throughput) rung++;
  return rung;
}

describe('expectedRungShare', () => {
  it('puts on the UHD rung only the UHD share of playbacks fast enough for it', () => {
    // Default mix: 40 Mbit/s median, sigma 0.7; 16 Mbit/s needs T >= 20 Mbit/s.
    const share = expectedRungShare(LADDER, [isp(40e6, 0.7)], RULE);
    const fastEnough = 1 - normalCdf(Math.log(16e6 / (0.8 * 40e6)) / 0.7);
    expect(share[TOP]).toBeCloseTo(0.3 * fastEnough, 12);
    expect(share[TOP]).toBeGreaterThan(0.24);
    expect(share[TOP]).toBeLessThan(0.26);
    // Everyone else tops out at the HD cap (5.8 Mbit/s), nearly all of them there.
    expect(share[hdTopRung(LADDER, 6e6)]).toBeGreaterThan(0.7);
    expect(expectedRungShare(LADDER, [isp(40e6, 0.7)], { ...RULE, uhdShare: 0 })[TOP]).toBe(0);
  });

  it('with every client at one throughput, gives each plan its one rung', () => {
    // 0.8 x 10 Mbit/s = 8 Mbit/s: the 5.8 Mbit/s rung, whatever the plan.
    const share = expectedRungShare(LADDER, [isp(10e6, 0)], RULE);
    expect(share[9]).toBe(1);
    // 0.8 x 40 Mbit/s = 32 Mbit/s: UHD playbacks reach the top, the others stop at the cap.
    const fast = expectedRungShare(LADDER, [isp(40e6, 0)], RULE);
    expect(fast[TOP]).toBeCloseTo(0.3, 12);
    expect(fast[9]).toBeCloseTo(0.7, 12);
  });

  it('sums to one and moves demand to the UHD rung as the UHD share grows', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e5, max: 2e8, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1e6, max: 2e7, noNaN: true }),
        fc.integer({ min: 1, max: 400 }),
        (median, sigma, abrSafety, uhdShare, hdCap, segmentsPerPlayback) => {
          const rule = { abrSafety, hdCap, uhdShare, segmentsPerPlayback };
          const share = expectedRungShare(LADDER, [isp(median, sigma), isp(median / 3, sigma / 2, 2)], rule);
          expect(share.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
          for (const x of share) expect(x).toBeGreaterThanOrEqual(0);
          const hdTop = hdTopRung(LADDER, hdCap);
          for (let r = hdTop + 1; r <= TOP; r++) expect(share[r]).toBeLessThanOrEqual(uhdShare + 1e-12);
          const more = expectedRungShare(LADDER, [isp(median, sigma), isp(median / 3, sigma / 2, 2)], { ...rule, uhdShare: Math.min(1, uhdShare + 0.2) });
          expect(more[TOP]).toBeGreaterThanOrEqual(share[TOP] - 1e-12);
        },
      ),
    );
  });

  it("agrees with the players' rate rule and estimate over sampled throughputs, plans and first segments", () => {
    const rng = stream({ seed: 5, replication: 0, component: 'rung-share-test', entity: 0 });
    const isps = [isp(40e6, 0.7, 3), isp(8e6, 1.1, 1)];
    const hdTop = hdTopRung(LADDER, RULE.hdCap);
    const segments = 6;
    const playbacks = 40_000;
    const counts = new Float64Array(LADDER.length);
    for (let i = 0; i < playbacks; i++) {
      const which = rng() < 0.75 ? 0 : 1;
      const t = lognormal(rng, Math.log(isps[which].clientMedianBps), isps[which].clientSigma);
      const top = rng() < RULE.uhdShare ? TOP : hdTop;
      // The player's estimate: the initial guess, then an EWMA of the rates it gets (here T).
      let estimate = INITIAL_ESTIMATE_BPS;
      for (let k = 0; k < segments; k++) {
        counts[rungOf(estimate, top, RULE.abrSafety)]++;
        estimate = (1 - ESTIMATE_WEIGHT) * estimate + ESTIMATE_WEIGHT * t;
      }
    }
    // The forecast settles after four requests; the sample's 5th and 6th are within 1/16 of settled.
    const share = expectedRungShare(LADDER, isps, { ...RULE, segmentsPerPlayback: segments });
    const n = playbacks * segments;
    // The first request is at the initial estimate's rung for everyone: 1.6 Mbit/s affords 1.05.
    expect(share[4]).toBeGreaterThan(1 / segments);
    for (let r = 0; r < LADDER.length; r++) {
      // Requests of one playback are correlated: bound by playbacks, not requests, plus the 5th/6th's drift.
      const sd = Math.sqrt((share[r] * (1 - share[r])) / playbacks);
      expect(Math.abs(counts[r] / n - share[r])).toBeLessThanOrEqual(4.5 * sd + 0.01);
    }
  });
});
