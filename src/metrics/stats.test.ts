import { describe, expect, it } from 'vitest';
import { confidenceInterval, erlangB, incompleteBeta, logGamma, median, sampleVariance, studentTCdf, studentTQuantile } from './stats.js';

describe('stats', () => {
  it('Student t quantiles match published tables', () => {
    // Values from standard t tables (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228, 3);
    expect(studentTQuantile(0.995, 19)).toBeCloseTo(2.861, 3);
    expect(studentTQuantile(0.95, 1)).toBeCloseTo(6.314, 3);
    expect(studentTQuantile(0.995, 100)).toBeCloseTo(2.626, 3);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228, 3);
    expect(studentTCdf(0, 5)).toBeCloseTo(0.5, 12);
  });

  it('logGamma and the incomplete beta agree with closed forms', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    // I_x(1, 1) = x; I_x(a, 1) = x^a; symmetry I_x(a,b) = 1 - I_{1-x}(b,a).
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.7, 3, 1)).toBeCloseTo(0.343, 12);
    expect(incompleteBeta(0.2, 2.5, 4) + incompleteBeta(0.8, 4, 2.5)).toBeCloseTo(1, 12);
  });

  it('Erlang-B matches the textbook table and its recursion', () => {
    // Erlang-B tables: B(1, 1) = 0.5; B(10, 8) = 0.1217; B(5, 2) = 0.0367.
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 12);
    expect(erlangB(10, 8)).toBeCloseTo(0.1217, 4);
    expect(erlangB(5, 2)).toBeCloseTo(0.0367, 4);
    // Direct formula a^c/c! / sum a^k/k!
    const a = 3;
    const c = 6;
    let sum = 0;
    let term = 1;
    for (let k = 0; k <= c; k++) {
      if (k > 0) term *= a / k;
      sum += term;
    }
    expect(erlangB(c, a)).toBeCloseTo(term / sum, 12);
  });

  it('confidence interval: mean, t-based half-width', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    const ci = confidenceInterval(xs, 0.95);
    expect(ci.mean).toBe(5);
    expect(sampleVariance(xs)).toBeCloseTo(32 / 7, 12);
    expect(ci.halfWidth).toBeCloseTo(studentTQuantile(0.975, 7) * Math.sqrt(32 / 7 / 8), 12);
    expect(Number.isNaN(confidenceInterval([1]).halfWidth)).toBe(true);
  });
});

describe('median', () => {
  it('is the middle value, the mean of the two middle ones for an even count, NaN for none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median(new Float64Array([5]))).toBe(5);
    expect(median([])).toBeNaN();
  });
});
