import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRng } from './rng.js';
import { aliasTable, exponential, lognormal, normal, pareto, sampleAlias, sampleZipf, uniformInt, zipf, zipfPmf } from './variates.js';

const N = 200_000;

function sampleMean(draw: () => number, n = N): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

/** Pearson chi-square of observed counts against expected probabilities. */
function chiSquare(counts: number[], probs: number[], total: number): number {
  let chi = 0;
  for (let i = 0; i < counts.length; i++) {
    const e = probs[i] * total;
    chi += (counts[i] - e) ** 2 / e;
  }
  return chi;
}

/** A generous critical value: mean df plus 5 standard deviations of chi-square(df). */
const critical = (df: number) => df + 5 * Math.sqrt(2 * df);

describe('variates', () => {
  const rng = makeRng('tychei', 'variates');

  it('exponential has mean 1/rate and variance 1/rate^2', () => {
    const { mean, variance } = sampleMean(() => exponential(rng, 4));
    const se = 0.25 / Math.sqrt(N);
    expect(Math.abs(mean - 0.25)).toBeLessThan(5 * se);
    expect(variance).toBeCloseTo(1 / 16, 2);
  });

  it('normal has the given mean and standard deviation', () => {
    const { mean, variance } = sampleMean(() => normal(rng, 10, 3));
    expect(Math.abs(mean - 10)).toBeLessThan((5 * 3) / Math.sqrt(N));
    expect(Math.sqrt(variance)).toBeCloseTo(3, 1);
  });

  it('lognormal has mean exp(mu + sigma^2/2)', () => {
    const { mean } = sampleMean(() => lognormal(rng, 1, 0.5));
    expect(mean / Math.exp(1 + 0.125)).toBeCloseTo(1, 2);
  });

  it('pareto has minimum xm and mean alpha*xm/(alpha-1)', () => {
    let min = Infinity;
    const { mean } = sampleMean(() => {
      const x = pareto(rng, 2, 3);
      if (x < min) min = x;
      return x;
    });
    expect(min).toBeGreaterThanOrEqual(2);
    expect(mean / 3).toBeCloseTo(1, 2);
  });

  it('alias table reproduces its weights (chi-square)', () => {
    const weights = [5, 0, 1, 3, 0.5, 10, 2.5];
    const total = weights.reduce((a, b) => a + b, 0);
    const t = aliasTable(weights);
    const counts = new Array(weights.length).fill(0);
    for (let i = 0; i < N; i++) counts[sampleAlias(rng, t)]++;
    expect(counts[1]).toBe(0);
    const nz = weights.map((w, i) => [w, i] as const).filter(([w]) => w > 0);
    const chi = chiSquare(nz.map(([, i]) => counts[i]), nz.map(([w]) => w / total), N);
    expect(chi).toBeLessThan(critical(nz.length - 1));
  });

  it('alias table rejects empty, negative and all-zero weights', () => {
    expect(() => aliasTable([])).toThrow(RangeError);
    expect(() => aliasTable([1, -1])).toThrow(RangeError);
    expect(() => aliasTable([0, 0])).toThrow(RangeError);
    expect(() => aliasTable([1, Number.NaN])).toThrow(RangeError);
  });

  for (const s of [0.6, 1.0, 1.3]) {
    it(`zipf(n=1000, s=${s}) matches its pmf (chi-square over ranks 1..60 plus the tail)`, () => {
      const z = zipf(1000, s);
      const pmf = zipfPmf(1000, s);
      const bins = 61;
      const counts = new Array(bins).fill(0);
      for (let i = 0; i < N; i++) {
        const k = sampleZipf(rng, z);
        counts[Math.min(k, bins) - 1]++;
      }
      const probs = Array.from(pmf.slice(0, bins - 1));
      probs.push(1 - probs.reduce((a, b) => a + b, 0));
      expect(chiSquare(counts, probs, N)).toBeLessThan(critical(bins - 1));
    });
  }

  it('zipf over ten million ranks needs no table: P(rank 1) = 1/H(n, s)', () => {
    const n = 10_000_000;
    const s = 0.9;
    let h = 0;
    for (let k = n; k >= 1; k--) h += Math.pow(k, -s);
    const z = zipf(n, s);
    let ones = 0;
    let max = 0;
    for (let i = 0; i < N; i++) {
      const k = sampleZipf(rng, z);
      if (k === 1) ones++;
      if (k > max) max = k;
    }
    const p = 1 / h;
    expect(Math.abs(ones / N - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
    expect(max).toBeGreaterThan(1_000_000);
  });

  it('property: zipf draws stay within 1..n for any n and exponent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.double({ min: 0.01, max: 5, noNaN: true }), fc.string(), (n, s, seed) => {
        const r = makeRng('tychei', seed);
        const z = zipf(n, s);
        for (let i = 0; i < 50; i++) {
          const k = sampleZipf(r, z);
          if (!(Number.isInteger(k) && k >= 1 && k <= n)) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('zipf rejects a bad n or exponent; uniformInt stays in range', () => {
    expect(() => zipf(0, 1)).toThrow(RangeError);
    expect(() => zipf(10, 0)).toThrow(RangeError);
    expect(() => zipf(2.5, 1)).toThrow(RangeError);
    for (let i = 0; i < 1000; i++) {
      const k = uniformInt(rng, 7);
      expect(k >= 0 && k < 7 && Number.isInteger(k)).toBe(true);
    }
  });
});
