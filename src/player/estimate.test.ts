import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ThroughputEstimate } from './estimate.js';

describe('throughput estimate', () => {
  it('is exactly the rate when every sample has the same rate (the zero-start bias is undone)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e6, noNaN: true }), fc.array(fc.double({ min: 1, max: 20_000, noNaN: true }), { minLength: 1, maxLength: 30 }), (kbps, times) => {
        const e = new ThroughputEstimate([3000, 8000], 4000);
        for (const ms of times) e.add(ms, kbps, 40);
        expect(e.throughputKbps).toBeCloseTo(kbps, 6);
        expect(e.latencyMs).toBeCloseTo(40, 9);
      }),
    );
  });

  it('takes the lower throughput of its half-lives after a drop', () => {
    const e = new ThroughputEstimate([3000, 8000], 4000);
    e.add(4000, 5000, 0);
    e.add(4000, 1000, 0);
    // By hand: with a = 0.5^(4 s / half-life), the average is a(1-a)5000 + (1-a)1000, and the
    // bias correction divides by 1 - a^2, leaving (5000a + 1000) / (1 + a).
    const after = (halfLifeMs: number) => {
      const a = Math.pow(0.5, 4000 / halfLifeMs);
      return (5000 * a + 1000) / (1 + a);
    };
    expect(after(3000)).toBeLessThan(after(8000));
    expect(e.throughputKbps).toBeCloseTo(after(3000), 6);
  });
});
