/**
 * Random variates as small pure functions of a uniform source.
 *
 * Each takes the stream first so call sites read like the maths: `exponential(rng, rate)`.
 * Inversion is used wherever it is cheap, so one uniform gives one variate and streams
 * stay aligned between runs that draw the same things.
 */
import type { Rng } from './rng.js';

export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/** Integer in [0, n). */
export function uniformInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Exp(rate): mean 1/rate. Uses 1-u so a draw of exactly 0 gives 0, not Infinity. */
export function exponential(rng: Rng, rate: number): number {
  return -Math.log(1 - rng()) / rate;
}

/** Standard normal by Box–Muller (one uniform pair per draw, no hidden spare). */
export function standardNormal(rng: Rng): number {
  const u1 = 1 - rng();
  const u2 = rng();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

export function normal(rng: Rng, mean: number, sd: number): number {
  return mean + sd * standardNormal(rng);
}

/** Lognormal with log-mean `mu` and log-sd `sigma`. */
export function lognormal(rng: Rng, mu: number, sigma: number): number {
  return Math.exp(mu + sigma * standardNormal(rng));
}

/** Pareto type I: scale `xm` (minimum), shape `alpha`; mean alpha*xm/(alpha-1) for alpha > 1. */
export function pareto(rng: Rng, xm: number, alpha: number): number {
  return xm * Math.pow(1 - rng(), -1 / alpha);
}

/** Walker/Vose alias table: O(n) to build, O(1) per draw. */
export interface AliasTable {
  prob: Float64Array;
  alias: Int32Array;
}

export function aliasTable(weights: ArrayLike<number>): AliasTable {
  const n = weights.length;
  if (n === 0) throw new RangeError('alias table needs at least one weight');
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weight ${i} is ${w}; weights must be finite and >= 0`);
    total += w;
  }
  if (total <= 0) throw new RangeError('alias table weights sum to 0');
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = new Float64Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < n; i++) {
    scaled[i] = (weights[i] * n) / total;
    if (scaled[i] < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns];
    const l = large[--nl];
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    if (scaled[l] < 1) small[ns++] = l;
    else large[nl++] = l;
  }
  // Leftovers are 1 up to rounding.
  while (nl > 0) prob[large[--nl]] = 1;
  while (ns > 0) prob[small[--ns]] = 1;
  return { prob, alias };
}

export function sampleAlias(rng: Rng, table: AliasTable): number {
  const n = table.prob.length;
  const x = rng() * n;
  const i = Math.floor(x);
  return x - i < table.prob[i] ? i : table.alias[i];
}

/**
 * Zipf over ranks 1..n with P(k) ∝ k^-s, by rejection-inversion
 * (Hörmann & Derflinger, "Rejection-inversion to generate variates from monotone
 * discrete distributions", ACM TOMACS 1996). O(1) memory and expected time per draw
 * for any n, so a catalog of millions of files needs no table.
 */
export interface Zipf {
  n: number;
  s: number;
  hX1: number;
  hN: number;
  threshold: number;
}

export function zipf(n: number, s: number): Zipf {
  if (!(n >= 1) || !Number.isInteger(n)) throw new RangeError(`zipf needs an integer n >= 1, got ${n}`);
  if (!(s > 0) || !Number.isFinite(s)) throw new RangeError(`zipf needs an exponent s > 0, got ${s}`);
  const hX1 = hIntegral(1.5, s) - 1;
  const hN = hIntegral(n + 0.5, s);
  const threshold = 2 - hIntegralInverse(hIntegral(2.5, s) - h(2, s), s);
  return { n, s, hX1, hN, threshold };
}

/** A rank in 1..n. */
export function sampleZipf(rng: Rng, z: Zipf): number {
  for (;;) {
    const u = z.hN + rng() * (z.hX1 - z.hN);
    const x = hIntegralInverse(u, z.s);
    let k = Math.floor(x + 0.5);
    if (k < 1) k = 1;
    else if (k > z.n) k = z.n;
    if (k - x <= z.threshold || u >= hIntegral(k + 0.5, z.s) - h(k, z.s)) return k;
  }
}

/** Exact pmf of the same distribution (needs the normaliser, so O(n): for tests and small n). */
export function zipfPmf(n: number, s: number): Float64Array {
  const p = new Float64Array(n);
  let total = 0;
  for (let k = 1; k <= n; k++) total += p[k - 1] = Math.pow(k, -s);
  for (let k = 0; k < n; k++) p[k] /= total;
  return p;
}

function h(x: number, s: number): number {
  return Math.exp(-s * Math.log(x));
}

/** ∫ x^-s dx from 1, continuous in s through s = 1. */
function hIntegral(x: number, s: number): number {
  const lx = Math.log(x);
  return expm1Over((1 - s) * lx) * lx;
}

function hIntegralInverse(y: number, s: number): number {
  let t = y * (1 - s);
  if (t < -1) t = -1; // guards rounding at the lower end
  return Math.exp(log1pOver(t) * y);
}

/** expm1(x)/x, with its limit 1 at 0. */
function expm1Over(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + x / 3);
}

/** log1p(x)/x, with its limit 1 at 0. */
function log1pOver(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x / 3);
}

/**
 * Poisson(mean): inversion by sequential search for small means, and for large ones
 * the normal approximation with continuity correction (relative error in the moments
 * below 1/sqrt(mean); used only where that is enough, e.g. sampled history counts).
 */
export function poisson(rng: Rng, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * standardNormal(rng)));
  const u = rng();
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  while (u > cdf && k < 1000) {
    k++;
    p *= mean / k;
    cdf += p;
  }
  return k;
}
