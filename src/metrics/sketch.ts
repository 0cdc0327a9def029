/**
 * A quantile sketch with relative-error guarantees (DDSketch: Masson, Rim & Lee,
 * "DDSketch: a fast and fully-mergeable quantile sketch with relative-error
 * guarantees", VLDB 2019). Values fall into logarithmic buckets of ratio
 * gamma = (1 + alpha) / (1 - alpha); any quantile is returned within a relative error
 * alpha of the true sample quantile. Memory grows with log(max/min), not with the
 * number of samples, and two sketches merge exactly (shards, workers, replications).
 *
 * Only non-negative values are kept (delays, ratios, sizes); values below `minValue`
 * count as zero.
 */
export interface Sketch {
  alpha: number;
  /** ln(gamma), cached. */
  logGamma: number;
  minValue: number;
  /** Bucket counts; bucket i holds values in (gamma^(i-1+offset), gamma^(i+offset)]. */
  counts: Float64Array;
  offset: number;
  /** False until the first non-zero value: then the buckets are centred on it. */
  placed: boolean;
  zeroCount: number;
  count: number;
  sum: number;
  min: number;
  max: number;
}

export function createSketch(alpha = 0.01, minValue = 1e-9): Sketch {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`sketch alpha must be in (0, 1), got ${alpha}`);
  return {
    alpha,
    logGamma: Math.log((1 + alpha) / (1 - alpha)),
    minValue,
    counts: new Float64Array(64),
    offset: 0,
    placed: false,
    zeroCount: 0,
    count: 0,
    sum: 0,
    min: Infinity,
    max: -Infinity,
  };
}

function bucketIndex(s: Sketch, x: number): number {
  return Math.ceil(Math.log(x) / s.logGamma);
}

/** Grow the bucket array so that absolute index `k` fits. */
function ensure(s: Sketch, k: number): void {
  if (!s.placed) {
    s.offset = k - (s.counts.length >> 1);
    s.placed = true;
  }
  const lo = s.offset;
  const hi = s.offset + s.counts.length - 1;
  if (k >= lo && k <= hi) return;
  const newLo = Math.min(lo, k);
  const newHi = Math.max(hi, k);
  let size = s.counts.length;
  while (size < newHi - newLo + 1) size *= 2;
  const next = new Float64Array(size);
  // Keep some headroom on the side that grew.
  const start = k < lo ? newHi - size + 1 : newLo;
  next.set(s.counts, lo - start);
  s.counts = next;
  s.offset = start;
}

export function addToSketch(s: Sketch, x: number, weight = 1): void {
  if (!(x >= 0)) throw new RangeError(`sketch values must be >= 0, got ${x}`);
  s.count += weight;
  s.sum += x * weight;
  if (x < s.min) s.min = x;
  if (x > s.max) s.max = x;
  if (x < s.minValue) {
    s.zeroCount += weight;
    return;
  }
  const k = bucketIndex(s, x);
  let i = k - s.offset;
  if (!s.placed || i < 0 || i >= s.counts.length) {
    ensure(s, k);
    i = k - s.offset;
  }
  s.counts[i] += weight;
}

/**
 * The q-quantile (0 <= q <= 1) as the lower sample quantile: the value of rank
 * floor(q * (count - 1)) in sorted order, within relative error alpha. NaN when empty.
 */
export function quantile(s: Sketch, q: number): number {
  if (s.count === 0) return NaN;
  if (q <= 0) return s.min;
  if (q >= 1) return s.max;
  const rank = Math.floor(q * (s.count - 1));
  if (rank < s.zeroCount) return 0;
  let seen = s.zeroCount;
  const counts = s.counts;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i];
    if (seen > rank) {
      const k = i + s.offset;
      // The bucket's midpoint in the relative sense: 2 gamma^k / (gamma + 1).
      const gamma = Math.exp(s.logGamma);
      const v = (2 * Math.exp(k * s.logGamma)) / (gamma + 1);
      return Math.min(Math.max(v, s.min), s.max);
    }
  }
  return s.max;
}

export function mergeSketch(into: Sketch, from: Sketch): void {
  if (into.alpha !== from.alpha) throw new RangeError('cannot merge sketches with different alpha');
  for (let i = 0; i < from.counts.length; i++) {
    const c = from.counts[i];
    if (c === 0) continue;
    const k = i + from.offset;
    ensure(into, k);
    into.counts[k - into.offset] += c;
  }
  into.zeroCount += from.zeroCount;
  into.count += from.count;
  into.sum += from.sum;
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
}

export function sketchMean(s: Sketch): number {
  return s.count > 0 ? s.sum / s.count : NaN;
}
