/**
 * The Hodges-Lehmann estimate of a location shift and its distribution-free confidence
 * bounds from the Wilcoxon signed-rank test, for a handful of paired timing samples.
 * Exact for any n (the null distribution is computed, not approximated) and free of
 * random numbers, so the same samples always give the same verdict. The bounds assume
 * only that the paired differences are symmetric about the shift.
 */

/** P(T <= t) for t = 0 .. n(n+1)/2, T the signed-rank statistic of n untied pairs under no shift. */
export function signedRankCdf(n: number): number[] {
  const max = (n * (n + 1)) / 2;
  let p = new Array<number>(max + 1).fill(0);
  p[0] = 1;
  // Rank k is in the positive sum or not, each with probability 1/2.
  for (let k = 1; k <= n; k++) {
    const next = new Array<number>(max + 1).fill(0);
    for (let t = 0; t <= max; t++) next[t] = (p[t] + (t >= k ? p[t - k] : 0)) / 2;
    p = next;
  }
  for (let t = 1; t <= max; t++) p[t] += p[t - 1];
  return p;
}

/** Pairwise means x_i and x_j for i <= j, sorted. */
export function walshAverages(xs: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) for (let j = i; j < xs.length; j++) out.push((xs[i] + xs[j]) / 2);
  return out.sort((a, b) => a - b);
}

export interface ShiftEstimate {
  /** Median of the Walsh averages. */
  estimate: number;
  /** One-sided bounds, each holding with probability at least `confidence`; infinite when n is too small to give one. */
  lower: number;
  upper: number;
  /** The confidence actually reached by the bounds (at least the one asked for, when finite). */
  achieved: number;
}

/** Fewest pairs whose bounds can be finite at this confidence: 2^-n <= 1 - confidence. */
export function minimumPairs(confidence: number): number {
  return Math.max(1, Math.ceil(Math.log2(1 / (1 - confidence))));
}

export function hodgesLehmann(xs: number[], confidence: number): ShiftEstimate {
  if (xs.length === 0) throw new Error('no samples');
  const w = walshAverages(xs);
  const m = w.length;
  const estimate = m % 2 ? w[(m - 1) / 2] : (w[m / 2 - 1] + w[m / 2]) / 2;
  const cdf = signedRankCdf(xs.length);
  const alpha = 1 - confidence;
  // The largest k with P(T <= k - 1) <= alpha: theta <= W(m + 1 - k) then holds with probability >= 1 - alpha.
  let k = 0;
  while (k < m && cdf[k] <= alpha) k++;
  if (k === 0) return { estimate, lower: -Infinity, upper: Infinity, achieved: 0 };
  return { estimate, lower: w[k - 1], upper: w[m - k], achieved: 1 - cdf[k - 1] };
}
