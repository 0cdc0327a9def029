import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../engine/rng.js';
import { exponential, lognormal } from '../engine/variates.js';
import { addToSketch, createSketch, mergeSketch, quantile, sketchMean } from './sketch.js';

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

describe('quantile sketch', () => {
  it('quantiles of 100k lognormal samples are within the relative error alpha', () => {
    const rng = makeRng('tychei', 'sketch');
    const s = createSketch(0.01);
    const xs: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const x = lognormal(rng, 0, 2);
      xs.push(x);
      addToSketch(s, x);
    }
    xs.sort((a, b) => a - b);
    for (const q of [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999]) {
      const exact = exactQuantile(xs, q);
      expect(Math.abs(quantile(s, q) - exact) / exact, `q=${q}`).toBeLessThanOrEqual(0.01 + 1e-12);
    }
    expect(quantile(s, 0)).toBe(xs[0]);
    expect(quantile(s, 1)).toBe(xs[xs.length - 1]);
    expect(s.counts.length).toBeLessThan(4096);
  });

  it('property: for any non-negative sample, every quantile is within alpha (zeros exact)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e9, noNaN: true })), { minLength: 1, maxLength: 400 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(0.005, 0.01, 0.05),
        (xs, q, alpha) => {
          const s = createSketch(alpha);
          for (const x of xs) addToSketch(s, x);
          const exact = exactQuantile([...xs].sort((a, b) => a - b), q);
          const got = quantile(s, q);
          return exact === 0 ? got === 0 || q === 1 : Math.abs(got - exact) <= alpha * exact * (1 + 1e-9);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('merging two sketches equals sketching the union', () => {
    const rng = makeRng('tychei', 'merge');
    const a = createSketch();
    const b = createSketch();
    const all = createSketch();
    for (let i = 0; i < 20_000; i++) {
      const x = exponential(rng, i % 2 ? 1 : 1e-3);
      addToSketch(i % 3 ? a : b, x);
      addToSketch(all, x);
    }
    mergeSketch(a, b);
    for (const q of [0.05, 0.5, 0.95, 0.999]) expect(quantile(a, q)).toBe(quantile(all, q));
    expect(a.count).toBe(all.count);
    expect(sketchMean(a)).toBeCloseTo(sketchMean(all), 6);
  });

  it('rejects negative values and reports NaN when empty', () => {
    const s = createSketch();
    expect(Number.isNaN(quantile(s, 0.5))).toBe(true);
    expect(() => addToSketch(s, -1)).toThrow(RangeError);
    expect(() => createSketch(1.5)).toThrow(RangeError);
  });
});
