import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hodgesLehmann, minimumPairs, signedRankCdf, walshAverages } from './stats.js';
import { verdict } from './timing.js';

/** P(T <= t) by listing every assignment of signs to the ranks 1..n. */
function bruteForceCdf(n: number): number[] {
  const max = (n * (n + 1)) / 2;
  const counts = new Array<number>(max + 1).fill(0);
  for (let mask = 0; mask < 1 << n; mask++) {
    let t = 0;
    for (let k = 0; k < n; k++) if (mask & (1 << k)) t += k + 1;
    counts[t]++;
  }
  let sum = 0;
  return counts.map((c) => (sum += c) / (1 << n));
}

describe('the signed-rank distribution', () => {
  it.each([1, 2, 5, 8, 12])('matches enumeration for n = %i', (n) => {
    const exact = bruteForceCdf(n);
    signedRankCdf(n).forEach((p, t) => expect(p).toBeCloseTo(exact[t], 12));
  });

  it('gives the fewest pairs that allow a bound', () => {
    expect(minimumPairs(0.95)).toBe(5);
    expect(minimumPairs(0.9)).toBe(4);
    expect(minimumPairs(0.99)).toBe(7);
  });
});

describe('Hodges-Lehmann', () => {
  it('with 5 pairs at 95%, the upper bound is the largest difference', () => {
    const r = hodgesLehmann([0.1, -0.2, 0.05, 0.3, 0], 0.95);
    expect(r.upper).toBe(0.3);
    expect(r.lower).toBe(-0.2);
    expect(r.estimate).toBe(walshAverages([0.1, -0.2, 0.05, 0.3, 0])[7]);
    expect(r.achieved).toBeCloseTo(31 / 32, 12);
  });

  it('too few pairs give no finite bound', () => {
    expect(hodgesLehmann([0.1, 0.2, 0.3, 0.4], 0.95)).toMatchObject({ lower: -Infinity, upper: Infinity });
  });

  it('bounds bracket the estimate and move with a shift of the data', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 5, maxLength: 20 }), fc.double({ min: -1, max: 1, noNaN: true }), (xs, c) => {
        const a = hodgesLehmann(xs, 0.95);
        const b = hodgesLehmann(
          xs.map((x) => x + c),
          0.95,
        );
        expect(a.lower).toBeLessThanOrEqual(a.estimate);
        expect(a.estimate).toBeLessThanOrEqual(a.upper);
        expect(b.upper).toBeCloseTo(a.upper + c, 9);
        expect(b.lower).toBeCloseTo(a.lower + c, 9);
      }),
    );
  });
});

describe('the timing verdict', () => {
  const options = { maxSlowdown: 0.05, confidence: 0.95, engine: 'js' as const };
  const pairs = (ratios: number[]) => ratios.map((ratio, i) => ({ order: i % 2 ? ('BA' as const) : ('AB' as const), base: 1e6, new: 1e6 * ratio, ratio }));

  it('is slower only when every plausible ratio is past the threshold', () => {
    expect(verdict('f', pairs([0.8, 0.85, 0.9, 0.82, 0.88]), true, options).slower).toBe(true);
    // One pair that shows no slowdown is enough doubt with five pairs.
    expect(verdict('f', pairs([0.8, 0.85, 0.9, 0.82, 1.0]), true, options).slower).toBe(false);
    expect(verdict('f', pairs([0.97, 0.96, 0.99, 0.98, 0.97]), true, options).slower).toBe(false);
  });

  it('never fails on too few pairs, and says so', () => {
    const v = verdict('f', pairs([0.1, 0.1, 0.1]), true, options);
    expect(v).toMatchObject({ slower: false, enoughSamples: false });
  });

  it('is the same for the same samples', () => {
    const p = pairs([0.93, 0.97, 0.9, 1.02, 0.95, 0.94, 0.96]);
    expect(verdict('f', p, true, options)).toEqual(verdict('f', p, true, options));
  });
});
