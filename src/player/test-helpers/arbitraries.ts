/** fast-check inputs for the player: small movies, traces and player settings. */
import fc from 'fast-check';
import type { Movie } from '../movie.js';
import type { NetworkTrace } from '../network.js';

export const movieArb: fc.Arbitrary<Movie> = fc
  .record({
    segmentMs: fc.integer({ min: 500, max: 6000 }),
    steps: fc.array(fc.integer({ min: 20, max: 4000 }), { minLength: 1, maxLength: 8 }),
    factors: fc.array(fc.double({ min: 0.3, max: 2, noNaN: true }), { minLength: 1, maxLength: 40 }),
  })
  .map(({ segmentMs, steps, factors }) => {
    const ladder = Float64Array.from(steps.map((_, i) => steps.slice(0, i + 1).reduce((a, b) => a + b, 0)));
    const rungs = ladder.length;
    const segmentBits = new Float64Array(factors.length * rungs);
    factors.forEach((f, s) => ladder.forEach((b, r) => (segmentBits[s * rungs + r] = Math.max(1, Math.round(b * segmentMs * f)))));
    return { segmentMs, bitratesKbps: ladder, segments: factors.length, rungs, segmentBits };
  });

export const traceArb: fc.Arbitrary<NetworkTrace> = fc
  .array(
    fc.record({
      duration: fc.integer({ min: 10, max: 8000 }),
      bandwidth: fc.oneof(fc.constant(0), fc.integer({ min: 50, max: 20_000 })),
      latency: fc.integer({ min: 0, max: 400 }),
    }),
    { minLength: 1, maxLength: 30 },
  )
  .filter((ps) => ps.some((p) => p.bandwidth > 0))
  .map((ps) => ({
    durationMs: Float64Array.from(ps.map((p) => p.duration)),
    bandwidthKbps: Float64Array.from(ps.map((p) => p.bandwidth)),
    latencyMs: Float64Array.from(ps.map((p) => p.latency)),
  }));

export const abrNameArb = fc.constantFrom('throughput', 'bola', 'dynamic', 'bba');
