import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAbr } from './abr/registry.js';
import type { AbrRule } from './abr/types.js';
import { movieMs, segmentBits, type Movie } from './movie.js';
import { Player, type PlaybackResult } from './player.js';
import { playOverTrace } from './session.js';
import { abrNameArb, movieArb, traceArb } from './test-helpers/arbitraries.js';

const close = (a: number, b: number, rel = 1e-9) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

/** Sum of the bits of the rungs each segment was played at. */
function chosenBits(movie: Movie, r: PlaybackResult): number {
  let sum = 0;
  for (let s = 0; s < movie.segments; s++) sum += segmentBits(movie, s, r.rungs[s]);
  return sum;
}

/**
 * Drive a player as an event loop would, over a link of constant rate and latency
 * that the test computes by hand, checking for abandonment every `checkMs`. Keeps its
 * own wall clock, independent of the player's.
 */
function driveConstantLink(movie: Movie, rule: AbrRule, maxBufferMs: number, kbps: number, latencyMs: number, checkMs: number) {
  const player = new Player(movie, rule, { maxBufferMs, halfLivesMs: [3000, 8000], abandonment: true });
  const t = player.transfer;
  let wallMs = 0;
  let bitsSeen = 0;
  let overfull = 0;
  while (!player.done()) {
    const wait = player.roomWaitMs();
    player.wait(wait);
    wallMs += wait;
    player.choose();
    const bits = t.bits;
    const total = latencyMs + bits / kbps;
    t.firstByteMs = latencyMs;
    let abandoned = false;
    if (player.canAbandon()) {
      for (let at = latencyMs + checkMs; at < total && !abandoned; at += checkMs) {
        t.elapsedMs = at;
        t.downloadedBits = (at - latencyMs) * kbps;
        abandoned = player.checkAbandon() >= 0;
      }
    }
    if (abandoned) {
      player.abandoned();
    } else {
      t.elapsedMs = total;
      t.downloadedBits = bits;
      player.completed();
      if (player.bufferMs > maxBufferMs * (1 + 1e-12)) overfull++;
    }
    bitsSeen += t.downloadedBits;
    wallMs += t.elapsedMs;
  }
  const endLevel = player.bufferMs;
  return { result: player.end(), wallMs: wallMs + endLevel, bitsSeen, overfull };
}

describe('player invariants', () => {
  it('over any trace: played time is the movie, wall time is startup + played + rebuffer, the buffer stays under its maximum, bits add up', () => {
    fc.assert(
      fc.property(movieArb, traceArb, abrNameArb, fc.double({ min: 1, max: 12, noNaN: true }), fc.boolean(), (movie, trace, abr, bufferSegments, abandonment) => {
        const maxBufferMs = movie.segmentMs * bufferSegments;
        const r = playOverTrace(movie, trace, createAbr(abr, movie, { maxBufferMs }), { maxBufferMs, halfLivesMs: [3000, 8000], abandonment });
        expect(close(r.playedMs, movieMs(movie))).toBe(true);
        expect(close(r.playMs, r.startupMs + r.playedMs + r.rebufferMs)).toBe(true);
        // The link's clock stops at the last arrival; what was buffered then plays after it.
        expect(r.networkMs).toBeLessThanOrEqual(r.playMs * (1 + 1e-12));
        expect(r.playMs - r.networkMs).toBeLessThanOrEqual(maxBufferMs * (1 + 1e-9));
        expect(r.peakBufferMs).toBeLessThanOrEqual(maxBufferMs * (1 + 1e-12));
        expect(close(r.bitsDownloaded, chosenBits(movie, r) + r.bitsAbandoned)).toBe(true);
        expect(r.decisions).toBe(movie.segments + r.abandonments);
        if (!abandonment) expect(r.abandonments).toBe(0);
        // An event is counted when the buffer runs dry mid-play (Sabre's count; a stall that
        // starts exactly at a segment's end is not an event), so events imply stalled time.
        if (r.rebufferEvents > 0) expect(r.rebufferMs).toBeGreaterThan(0);
        expect(r.rebufferEvents).toBeLessThanOrEqual(movie.segments);
      }),
      { numRuns: 300 },
    );
  });

  it('driven by an event loop over another network model, its clock agrees with the loop’s', () => {
    fc.assert(
      fc.property(
        movieArb,
        abrNameArb,
        fc.integer({ min: 50, max: 20_000 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 10, max: 500 }),
        (movie, abr, kbps, latencyMs, checkMs) => {
          const maxBufferMs = movie.segmentMs * 4;
          const { result: r, wallMs, bitsSeen, overfull } = driveConstantLink(movie, createAbr(abr, movie, { maxBufferMs }), maxBufferMs, kbps, latencyMs, checkMs);
          expect(close(r.playMs, wallMs)).toBe(true);
          expect(close(r.playedMs, movieMs(movie))).toBe(true);
          expect(close(r.startupMs, latencyMs + segmentBits(movie, 0, 0) / kbps)).toBe(true);
          expect(close(r.bitsDownloaded, bitsSeen)).toBe(true);
          expect(close(r.bitsDownloaded, chosenBits(movie, r) + r.bitsAbandoned)).toBe(true);
          expect(overfull).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('player against closed forms', () => {
  // One rung, constant rate C below the bitrate, no latency: segments arrive every S/C,
  // and every segment after the first stalls for S/C minus its duration.
  it('a link slower than the only rung stalls once per segment for the shortfall', () => {
    const segmentMs = 2000;
    const n = 30;
    const bits = 1000 * segmentMs; // 1000 kbit/s
    const movie: Movie = { segmentMs, bitratesKbps: Float64Array.of(1000), segments: n, rungs: 1, segmentBits: new Float64Array(n).fill(bits) };
    const kbps = 800;
    const trace = { durationMs: Float64Array.of(1e9), bandwidthKbps: Float64Array.of(kbps), latencyMs: Float64Array.of(0) };
    for (const abr of ['throughput', 'bola', 'dynamic', 'bba']) {
      const r = playOverTrace(movie, trace, createAbr(abr, movie, { maxBufferMs: 60_000 }));
      const perSegment = bits / kbps; // 2500 ms
      expect(r.startupMs).toBeCloseTo(perSegment, 6);
      expect(r.rebufferMs).toBeCloseTo((n - 1) * (perSegment - segmentMs), 6);
      expect(r.rebufferEvents).toBe(n - 1);
      expect(r.playMs).toBeCloseTo(n * perSegment + segmentMs, 6);
      expect(r.averageBitrateKbps).toBeCloseTo((n * 1000) / (r.playMs / segmentMs), 9);
      expect(r.bitrateChangeKbps).toBe(0);
    }
  });

  it('a link much faster than the top rung plays without a stall, idling whenever the buffer is full', () => {
    const segmentMs = 4000;
    const n = 50;
    const ladder = Float64Array.of(500, 1000, 2000);
    const movie: Movie = { segmentMs, bitratesKbps: ladder, segments: n, rungs: 3, segmentBits: new Float64Array(n * 3).map((_, i) => ladder[i % 3] * segmentMs) };
    const trace = { durationMs: Float64Array.of(1000), bandwidthKbps: Float64Array.of(100_000), latencyMs: Float64Array.of(10) };
    for (const abr of ['throughput', 'bola', 'dynamic', 'bba']) {
      const r = playOverTrace(movie, trace, createAbr(abr, movie, { maxBufferMs: 20_000 }));
      expect(r.rebufferMs).toBe(0);
      expect(r.startupMs).toBeCloseTo(10 + (500 * segmentMs) / 100_000, 9);
      expect(r.playMs).toBeCloseTo(r.startupMs + n * segmentMs, 6);
      expect(r.rungs[n - 1]).toBe(2);
    }
  });
});
