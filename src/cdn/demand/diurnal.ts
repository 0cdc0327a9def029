/**
 * The diurnal demand curve and a non-homogeneous Poisson process that follows it.
 *
 * The curve is piecewise linear through 24 hourly anchors (the value at hh:00 local
 * time), wrapping at midnight, scaled so its peak is 1. Arrivals use thinning
 * (Lewis & Shedler 1979): candidates at the peak rate, each kept with probability
 * rate(t) / peak. Exact for any curve, two uniforms per candidate.
 */
import type { Rng } from '../../engine/rng.js';

export interface Diurnal {
  /** 25 values: the 24 anchors, normalised to peak 1, and the first again (wrap). */
  anchors: Float64Array;
  /** Local time = simulation time + offset, seconds. */
  utcOffset: number;
}

export function diurnal(hourly: ArrayLike<number>, utcOffsetSeconds = 0): Diurnal {
  if (hourly.length !== 24) throw new RangeError(`a diurnal curve needs 24 hourly values, got ${hourly.length}`);
  let peak = 0;
  for (let h = 0; h < 24; h++) {
    if (!(hourly[h] >= 0)) throw new RangeError(`diurnal value for hour ${h} must be >= 0`);
    peak = Math.max(peak, hourly[h]);
  }
  if (peak === 0) throw new RangeError('a diurnal curve must be positive somewhere');
  const anchors = new Float64Array(25);
  for (let h = 0; h < 24; h++) anchors[h] = hourly[h] / peak;
  anchors[24] = anchors[0];
  return { anchors, utcOffset: utcOffsetSeconds };
}

/** Relative rate (0..1) at simulation time t. */
export function diurnalLevel(d: Diurnal, t: number): number {
  let local = (t + d.utcOffset) % 86400;
  if (local < 0) local += 86400;
  const x = local / 3600;
  const h = Math.floor(x);
  const f = x - h;
  return d.anchors[h] * (1 - f) + d.anchors[h + 1] * f;
}

/** Mean relative level over a day: expected arrivals per day = peakRate * 86400 * this. */
export function diurnalMean(d: Diurnal): number {
  let s = 0;
  for (let h = 0; h < 24; h++) s += 0.5 * (d.anchors[h] + d.anchors[h + 1]);
  return s / 24;
}

/**
 * Time of the next arrival after `t` for a process with rate peakRate * level(t), or
 * Infinity if none comes before `end`.
 */
export function nextArrival(d: Diurnal, peakRate: number, t: number, end: number, rng: Rng): number {
  if (!(peakRate > 0)) return Infinity;
  for (;;) {
    t += -Math.log(1 - rng()) / peakRate;
    if (t > end) return Infinity;
    if (rng() < diurnalLevel(d, t)) return t;
  }
}
