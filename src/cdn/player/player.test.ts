/**
 * The model's player driven by the event engine over a serving whose delays the test
 * sets: startup against its closed form, the player's invariants against a clock kept
 * from the arrival times alone, failures and slow starts ending a playback with its
 * QoE, and agreement with src/player's own driver over a constant link.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAbr, DEFAULT_ABR_OPTIONS } from '../../player/abr/registry.js';
import { constantBitrateMovie } from '../../player/movie.js';
import { DEFAULT_PLAYER } from '../../player/player.js';
import { playOverTrace } from '../../player/session.js';
import { SITE_NONE } from '../qoe.js';
import { DEFAULT_STARTUP, preRollSeconds } from './startup.js';
import { harness, type Fetch } from './test-helpers/harness.js';

const close = (a: number, b: number, tol = 1e-6) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

/** Segment k plays from the later of its arrival and the end of segment k - 1: the stalls and the wall time after startup. */
function playout(arrivals: number[], segment: number): { stall: number; wall: number } {
  let end = arrivals[0] + segment;
  let stall = 0;
  for (let k = 1; k < arrivals.length; k++) {
    const start = Math.max(arrivals[k], end);
    stall += start - end;
    end = start + segment;
  }
  return { stall, wall: end - arrivals[0] };
}

/** The rung each segment arrived at: the last request for each chunk (an abandoned one is asked for again). */
function arrivedRungs(fetches: Fetch[], rungs: number): number[] {
  const out: number[] = [];
  for (const f of fetches) out[f.chunk] = f.file % rungs;
  return out;
}

describe('the model player', () => {
  it('starts after the pre-roll plus the first segment, exactly', () => {
    const h = harness({ workload: { abr: 'bba', segment: 4 }, clientMedianBps: 10e6, latency: 0.02, rtt: 0.05 });
    h.player.startPlayback(0, 0, 40);
    h.engine.run();
    // DNS 0.03 + (TCP 1 + TLS 1 + manifest 1 + licence 1) x 0.05 + 0.1 + 0.1 server time = 0.43 s;
    // then the lowest rung, 235 kbit/s x 4 s = 940 kbit at 10 Mbit/s after 0.02 s = 0.114 s.
    expect(preRollSeconds(DEFAULT_STARTUP, 0.05)).toBeCloseTo(0.43, 12);
    expect(h.rec.fetches[0].at).toBeCloseTo(0.43, 12);
    expect(h.rec.fetches[0].file % h.ladderBps.length).toBe(0);
    expect(h.rec.startups).toHaveLength(1);
    expect(h.rec.startups[0]).toBeCloseTo(0.544, 12);
    expect(h.rec.qoe[0].startupS).toBeCloseTo(0.544, 12);
  });

  it('keeps its invariants whatever the rule, buffer and download rates', () => {
    let cancels = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('throughput', 'bola', 'dynamic', 'bba'),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 2, max: 12 }),
        fc.array(fc.oneof(fc.double({ min: 0.1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e6, max: 40e6, noNaN: true })), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 50 }),
        (abr, segment, bufferSegments, rates, n) => {
          const h = harness({ workload: { abr, segment, maxBuffer: segment * bufferSegments }, rate: (_x, k) => rates[k % rates.length] });
          h.player.startPlayback(0, 3, n * segment);
          h.engine.run();
          const rungs = h.ladderBps.length;
          expect(h.rec.qoe).toHaveLength(1);
          const q = h.rec.qoe[0];
          const arrivals = h.rec.arrivals.get(0)!;
          expect(arrivals).toHaveLength(n);
          // Played + rebuffering = wall time after startup, on a clock kept from arrivals alone.
          const clock = playout(arrivals, segment);
          expect(close(q.playS, n * segment)).toBe(true);
          expect(close(q.rebufferS, clock.stall)).toBe(true);
          expect(close(q.playS + q.rebufferS, clock.wall)).toBe(true);
          expect(close(q.startupS, arrivals[0])).toBe(true);
          // The time series' stalls are the same stalls.
          expect(close(h.rec.stallS, q.rebufferS)).toBe(true);
          // A request only when one more segment fits: the buffer never exceeds its maximum.
          for (const f of h.rec.fetches) expect(f.bufferMs + segment * 1000).toBeLessThanOrEqual(f.maxBufferMs + 1e-6);
          // Bytes: each request is its rung's bit rate x the segment; what arrived is the rungs played.
          for (const f of h.rec.fetches) expect(close(f.bytes, (h.ladderBps[f.file % rungs] * segment) / 8, 1e-12)).toBe(true);
          const played = arrivedRungs(h.rec.fetches, rungs);
          expect(played).toHaveLength(n);
          const playedBits = played.reduce((sum, r) => sum + h.ladderBps[r] * segment, 0);
          expect(close(h.rec.completedBytes * 8, playedBits, 1e-12)).toBe(true);
          expect(close(q.bits, playedBits, 1e-12)).toBe(true);
          expect(close(h.rec.requestBytes, h.rec.fetches.reduce((sum, f) => sum + f.bytes, 0), 1e-12)).toBe(true);
          expect(h.rec.fetches.length).toBe(n + h.rec.cancels);
          expect(q.switches).toBe(played.filter((r, k) => k > 0 && r !== played[k - 1]).length);
          expect(h.ss.playback[0]).toBeNull();
          expect(h.inFlight()).toBe(0);
          cancels += h.rec.cancels;
        },
      ),
      { numRuns: 80, seed: 16 },
    );
    // Some downloads were abandoned, so the abandonment path was exercised.
    expect(cancels).toBeGreaterThan(0);
  });

  it('ends the playback when a segment cannot be served, reporting what the viewer saw', () => {
    // Four fast segments, then the fifth fails after 100 s of trying.
    const h = harness({ workload: { abr: 'bba', segment: 4 }, clientMedianBps: 50e6, failAfter: (_x, k) => (k === 4 ? 100 : undefined) });
    h.player.startPlayback(0, 0, 80);
    h.engine.run();
    const arrivals = h.rec.arrivals.get(0)!;
    expect(arrivals).toHaveLength(4);
    expect(h.rec.fetches).toHaveLength(5);
    const q = h.rec.qoe[0];
    expect(h.rec.qoe).toHaveLength(1);
    expect(q.playS).toBeCloseTo(16, 9);
    // The buffer (16 s of video from the first arrival) ran out; the viewer waited until the failure.
    const failedAt = h.rec.fetches[4].at + 100;
    expect(q.rebufferS).toBeCloseTo(failedAt - (arrivals[0] + 16), 9);
    expect(q.rebufferEvents).toBe(1);
    expect(h.rec.stallS).toBeCloseTo(q.rebufferS, 9);
    expect(q.site).toBe(0);
    expect(h.ss.playback[0]).toBeNull();
  });

  it('files a playback whose first segment failed as never started', () => {
    const h = harness({ failAfter: (_x, k) => (k === 0 ? 6 : undefined) });
    h.player.startPlayback(0, 0, 60);
    h.engine.run();
    expect(h.rec.qoe).toEqual([{ startedAt: 0, isp: 0, site: SITE_NONE, rank: 0, startupS: NaN, rebufferS: 0, rebufferEvents: 0, playS: 0, bits: 0, switches: 0 }]);
    expect(h.rec.startups).toHaveLength(0);
    expect(h.rec.fetches).toHaveLength(1);
  });

  it('loses the viewer to a slow start at the rate of Krishnan & Sitaraman', () => {
    // Startup over 3 s with 100% per second beyond 2 s: the viewer always leaves.
    const h = harness({ workload: { abandonPerSecond: 1 }, latency: 3 });
    h.player.startPlayback(0, 0, 60);
    h.engine.run();
    expect(h.rec.abandoned).toBe(1);
    expect(h.rec.fetches).toHaveLength(1);
    const q = h.rec.qoe[0];
    expect(q.startupS).toBeGreaterThan(3);
    expect([q.playS, q.rebufferS, q.bits, q.switches]).toEqual([0, 0, 0, 0]);
  });

  it("looking at abandonment every 50 ms, chooses as src/player's own driver does over a constant link", () => {
    let abandoned = 0;
    for (const abr of ['bba', 'bola', 'throughput', 'dynamic']) {
      const rate = 3.2e6;
      // Sabre's steps at this rate are 50 ms long: the same looks as the model's at 50 ms.
      const h = harness({ workload: { abr, segment: 4, maxBuffer: 60, abandonCheck: 0.05 }, clientMedianBps: rate, latency: 0.03 });
      h.player.startPlayback(0, 0, 400);
      h.engine.run();
      const movie = constantBitrateMovie(h.ladderBps.map((b) => b / 1000), 4000, 100);
      const link = { durationMs: Float64Array.of(1e12), bandwidthKbps: Float64Array.of(rate / 1000), latencyMs: Float64Array.of(30) };
      const options = { ...DEFAULT_PLAYER, maxBufferMs: 60_000 };
      const r = playOverTrace(movie, link, createAbr(abr, movie, { ...DEFAULT_ABR_OPTIONS, maxBufferMs: 60_000 }), options);
      expect(arrivedRungs(h.rec.fetches, h.ladderBps.length), abr).toEqual(Array.from(r.rungs));
      const q = h.rec.qoe[0];
      expect(q.rebufferS).toBeCloseTo(r.rebufferMs / 1000, 9);
      expect(q.startupS - preRollSeconds(DEFAULT_STARTUP, h.rtt)).toBeCloseTo(r.startupMs / 1000, 9);
      expect(new Set(Array.from(r.rungs)).size, `${abr} moves through the ladder`).toBeGreaterThan(1);
      expect(h.rec.cancels).toBe(r.abandonments);
      abandoned += r.abandonments;
    }
    expect(abandoned).toBeGreaterThan(0);
  });

  it('gives the same playbacks for the same seed, with slots reused', () => {
    const run = () => {
      const h = harness({ workload: { abr: 'dynamic', segment: 2, maxBuffer: 20 }, clientSigma: 1, clientMedianBps: 3e6, rate: (_x, k, client) => client * (k % 5 === 3 ? 0.1 : 1), seed: 9 });
      const START = 92;
      h.engine.on(START, (i) => h.player.startPlayback(0, i, 30 + (i % 7) * 11));
      for (let i = 0; i < 60; i++) h.engine.schedule(i * 7.5, START, i);
      h.engine.run();
      return h;
    };
    const a = run();
    const b = run();
    expect(a.rec.qoe).toHaveLength(60);
    expect(b.rec.qoe).toEqual(a.rec.qoe);
    expect(b.rec.fetches).toEqual(a.rec.fetches);
    // Playbacks overlapped and ended, so slots were freed and taken again, with
    // abandonment looks of ended downloads still queued: each playback played its own.
    expect(a.ss.used).toBeLessThan(60);
    expect(a.rec.cancels).toBeGreaterThan(0);
    for (const q of a.rec.qoe) {
      const i = Math.round(q.startedAt / 7.5);
      expect(q.playS).toBeCloseTo(2 * Math.ceil((30 + (i % 7) * 11) / 2), 9);
    }
  });
});
