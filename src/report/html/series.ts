/**
 * Small pure functions over per-bin series: bin lengths, byte counts to rates, shares,
 * running sums and averages across replications. A missing value is null, never NaN,
 * so the charts can leave a gap rather than draw to zero.
 */

export type Series = (number | null)[];

/**
 * Length in seconds of each of `bins` bins of `bin` seconds; the last is shorter when
 * the run's duration is not a whole number of bins (the model closes it early too).
 */
export function binLengths(bins: number, bin: number, duration: number): number[] {
  return Array.from({ length: bins }, (_, i) => {
    const rest = duration - i * bin;
    return rest > 0 && rest < bin ? rest : bin;
  });
}

/** Bytes moved in each bin as the mean rate over the bin, in Gbit/s. */
export function bytesToGbps(bytes: Series, lengths: number[]): Series {
  return bytes.map((b, i) => (b === null || !(lengths[i] > 0) ? null : (b * 8) / lengths[i] / 1e9));
}

/** Per bin, the share of the total that the `part` series make up; null where the total is 0. */
export function shareOf(part: Series[], all: Series[]): Series {
  const n = all.length > 0 ? all[0].length : 0;
  return Array.from({ length: n }, (_, i) => {
    const total = all.reduce((s, xs) => s + (xs[i] ?? 0), 0);
    if (!(total > 0)) return null;
    return part.reduce((s, xs) => s + (xs[i] ?? 0), 0) / total;
  });
}

/** Running sum; nulls add nothing. */
export function cumulative(xs: Series): number[] {
  let s = 0;
  return xs.map((x) => (s += x ?? 0));
}

/** Per index, the mean of the finite values across series; null where there is none. */
export function meanSeries(list: Series[]): Series {
  const n = Math.max(0, ...list.map((xs) => xs.length));
  return Array.from({ length: n }, (_, i) => {
    let s = 0;
    let k = 0;
    for (const xs of list) {
      const v = xs[i];
      if (v !== null && v !== undefined && Number.isFinite(v)) {
        s += v;
        k++;
      }
    }
    return k > 0 ? s / k : null;
  });
}

/** Largest finite value, or `fallback` when there is none. */
export function maxOf(xs: Iterable<number | null>, fallback = 0): number {
  let m = -Infinity;
  for (const x of xs) if (x !== null && Number.isFinite(x) && x > m) m = x;
  return m === -Infinity ? fallback : m;
}

export function sum(xs: Iterable<number | null>): number {
  let s = 0;
  for (const x of xs) if (x !== null && Number.isFinite(x)) s += x;
  return s;
}

/**
 * Points for a step chart: one at the start of each bin and a closing one at the end
 * of the last, so a value is drawn across the whole bin it was measured in.
 */
export function stepPoints(values: Series, lengths: number[]): { t: number; v: number | null }[] {
  const out: { t: number; v: number | null }[] = [];
  let t = 0;
  values.forEach((v, i) => {
    out.push({ t, v });
    t += lengths[i];
  });
  if (values.length > 0) out.push({ t, v: values[values.length - 1] });
  return out;
}
