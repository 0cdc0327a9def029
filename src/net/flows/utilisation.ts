/**
 * Per-resource utilisation over time: the load (bit/s) is piecewise constant between
 * rate changes, so its integral is exact; it is binned into fixed intervals (300 s by
 * default, the 5-minute samples of 95th-percentile transit billing). Peak and 95th
 * percentile are taken over the bin averages, the way an operator reads them.
 */
import { grow } from '../../util/grow.js';

export class UtilisationSeries {
  readonly binWidth: number;
  /** Bits carried per bin, per resource. */
  private readonly bins: Float64Array[];
  private readonly last: Float64Array;
  private readonly current: Float64Array;
  /** Highest instantaneous load seen per resource, bit/s. */
  readonly peakRate: Float64Array;

  constructor(resources: number, binWidth = 300) {
    if (!(binWidth > 0)) throw new RangeError(`bin width ${binWidth} must be > 0`);
    this.binWidth = binWidth;
    this.bins = Array.from({ length: resources }, () => new Float64Array(8));
    this.last = new Float64Array(resources);
    this.current = new Float64Array(resources);
    this.peakRate = new Float64Array(resources);
  }

  /** The load of resource r becomes `load` at time `now`. */
  set(r: number, now: number, load: number): void {
    this.advance(r, now);
    this.current[r] = load;
    if (load > this.peakRate[r]) this.peakRate[r] = load;
  }

  /** Account the current load up to `now`. */
  advance(r: number, now: number): void {
    let t = this.last[r];
    const load = this.current[r];
    this.last[r] = now;
    if (load === 0 || now <= t) return;
    const w = this.binWidth;
    while (t < now) {
      const bin = Math.floor(t / w);
      const end = Math.min(now, (bin + 1) * w);
      this.binsFor(r, bin)[bin] += load * (end - t);
      t = end;
    }
  }

  private binsFor(r: number, bin: number): Float64Array {
    let b = this.bins[r];
    if (bin >= b.length) {
      let n = b.length;
      while (n <= bin) n *= 2;
      this.bins[r] = b = grow(b, n);
    }
    return b;
  }

  /** Average rate (bit/s) per bin from 0 to `until`; the last bin averages over its covered part. */
  series(r: number, until: number): Float64Array {
    this.advance(r, until);
    const w = this.binWidth;
    const n = Math.ceil(until / w);
    const out = new Float64Array(n);
    const b = this.bins[r];
    for (let i = 0; i < n; i++) out[i] = (i < b.length ? b[i] : 0) / (Math.min(until, (i + 1) * w) - i * w);
    return out;
  }
}

/** The nearest-rank p-quantile (0 < p <= 1) of samples: the value below which a share p of them lie. */
export function nearestRank(samples: ArrayLike<number>, p: number): number {
  if (samples.length === 0) return 0;
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}
