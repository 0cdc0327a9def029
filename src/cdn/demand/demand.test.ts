import { describe, expect, it } from 'vitest';
import { makeRng } from '../../engine/rng.js';
import { aliasTable, sampleAlias } from '../../engine/variates.js';
import { buildCatalog } from './catalog.js';
import { DEFAULT_DIURNAL, DEFAULT_LADDER_KBPS } from '../defaults.js';
import { diurnal, diurnalLevel, diurnalMean, nextArrival } from './diurnal.js';
import { buildPopularity, regionalWeights, weightsOn } from './popularity.js';

/** Maximum-likelihood Zipf exponent for counts by rank (1-based), by golden-section search. */
function fitZipf(countsByRank: number[]): number {
  const n = countsByRank.length;
  const total = countsByRank.reduce((a, b) => a + b, 0);
  let sumLog = 0;
  for (let r = 0; r < n; r++) sumLog += countsByRank[r] * Math.log(r + 1);
  const nll = (s: number) => {
    let h = 0;
    for (let r = 1; r <= n; r++) h += Math.pow(r, -s);
    return s * sumLog + total * Math.log(h);
  };
  let lo = 0.01;
  let hi = 3;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 80; i++) {
    const a = hi - g * (hi - lo);
    const b = lo + g * (hi - lo);
    if (nll(a) < nll(b)) hi = b;
    else lo = a;
  }
  return (lo + hi) / 2;
}

describe('catalog', () => {
  it('files are title x rung with size bitrate x runtime / 8; runtimes follow the title type', () => {
    const rng = makeRng('tychei', 'catalog');
    const c = buildCatalog(
      { titles: 2000, filmShare: 0.4, filmMinutes: { mean: 100, sd: 10 }, episodeMinutes: { mean: 40, sd: 5 }, ladderBps: DEFAULT_LADDER_KBPS.map((k) => k * 1000) },
      rng,
    );
    expect(c.fileBytes.length).toBe(2000 * DEFAULT_LADDER_KBPS.length);
    let films = 0;
    let filmMin = 0;
    let epMin = 0;
    for (let t = 0; t < c.titles; t++) {
      if (c.isFilm[t]) {
        films++;
        filmMin += c.runtime[t] / 60;
      } else epMin += c.runtime[t] / 60;
      expect(c.fileBytes[t * c.rungs + 3]).toBe(Math.round((750e3 * c.runtime[t]) / 8));
    }
    expect(films / 2000).toBeCloseTo(0.4, 1);
    expect(filmMin / films).toBeCloseTo(100, 0);
    expect(epMin / (2000 - films)).toBeCloseTo(40, 0);
  });
});

describe('popularity', () => {
  it('with no drift or releases, titles requested by weight recover the Zipf exponent', () => {
    for (const alpha of [0.7, 1.0]) {
      const rng = makeRng('tychei', `zipf-${alpha}`);
      const p = buildPopularity(1000, { zipf: alpha, driftSigma: 0, releasesPerDay: 0, releaseBoost: 0, releaseHalfLifeDays: 1, regionalSigma: 0 }, 0, 0, rng);
      const table = aliasTable(weightsOn(p, 0));
      const counts = new Array(1000).fill(0);
      for (let i = 0; i < 300_000; i++) counts[sampleAlias(rng, table)]++;
      const byRank = [...counts].sort((a, b) => b - a);
      // Sorting observed counts biases the tail a little; the head dominates the fit.
      expect(Math.abs(fitZipf(byRank) - alpha), `alpha ${alpha}`).toBeLessThan(0.03);
    }
  });

  it('drift moves weights a little each day; releases are absent before their day and boosted on it', () => {
    const rng = makeRng('tychei', 'drift');
    const spec = { zipf: 0.9, driftSigma: 0.1, releasesPerDay: 5, releaseBoost: 2, releaseHalfLifeDays: 2, regionalSigma: 0 };
    const p = buildPopularity(500, spec, -3, 4, rng);
    const released = [...p.releaseDay].map((d, t) => [d, t] as const).filter(([d]) => d !== -Infinity);
    expect(released.length).toBe(25);
    for (const [d, t] of released) {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(4);
      if (d > -3) expect(weightsOn(p, d - 1)[t]).toBe(0);
      // On release day it outranks the top catalog title's base weight.
      expect(weightsOn(p, d)[t]).toBeGreaterThan(spec.releaseBoost * 0.99);
    }
    // Day-to-day log change of an old title has sd ~ driftSigma.
    const a = weightsOn(p, 0);
    const b = weightsOn(p, 1);
    let s2 = 0;
    let n = 0;
    for (let t = 0; t < 500; t++) {
      if (p.releaseDay[t] !== -Infinity) continue;
      s2 += Math.log(b[t] / a[t]) ** 2;
      n++;
    }
    expect(Math.sqrt(s2 / n)).toBeCloseTo(0.1, 1);
  });
});

describe('regional popularity', () => {
  it('each region is a normalised perturbation of the base; an exchange point sees the demand-weighted mix', () => {
    const base = { zipf: 1, driftSigma: 0, releasesPerDay: 0, releaseBoost: 0, releaseHalfLifeDays: 1 };
    const flat = buildPopularity(200, { ...base, regionalSigma: 0 }, 0, 0, makeRng('tychei', 'r0'), 3);
    const w = weightsOn(flat, 0);
    const total = w.reduce((a, b) => a + b, 0);
    for (let r = 0; r < 3; r++) regionalWeights(flat, 0, r).forEach((x, t) => expect(x).toBeCloseTo(w[t] / total, 14));

    const p = buildPopularity(200, { ...base, regionalSigma: 0.8 }, 0, 0, makeRng('tychei', 'r1'), 2);
    const a = regionalWeights(p, 0, 0);
    const b = regionalWeights(p, 0, 1);
    const mixed = regionalWeights(p, 0, -1, [0.25, 0.75]);
    expect(a.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    const top = (v: Float64Array) => Array.from(v).map((x, t) => [x, t]).sort((x, y) => y[0] - x[0]).slice(0, 10).map(([, t]) => t);
    expect(top(a)).not.toEqual(top(b));
    mixed.forEach((x, t) => expect(x).toBeCloseTo(0.25 * a[t] + 0.75 * b[t], 14));
  });
});

describe('diurnal demand', () => {
  it('the level interpolates the hourly anchors, peaks at 1 in the evening, wraps at midnight', () => {
    const d = diurnal(DEFAULT_DIURNAL);
    expect(diurnalLevel(d, 20 * 3600)).toBe(1);
    expect(diurnalLevel(d, 21.5 * 3600)).toBe(1);
    expect(diurnalLevel(d, 4.5 * 3600)).toBeCloseTo((DEFAULT_DIURNAL[4] + DEFAULT_DIURNAL[5]) / 2, 12);
    expect(diurnalLevel(d, 86400 + 3600)).toBeCloseTo(diurnalLevel(d, 3600), 12);
    // A UTC offset shifts local time: at UTC 23:00 with +3h it is 02:00 local.
    const shifted = diurnal(DEFAULT_DIURNAL, 3 * 3600);
    expect(diurnalLevel(shifted, 23 * 3600)).toBeCloseTo(diurnalLevel(d, 2 * 3600), 12);
    expect(() => diurnal([1, 2, 3])).toThrow(RangeError);
  });

  it('arrivals by thinning recover the curve: hourly counts match the integral of the rate', () => {
    const d = diurnal(DEFAULT_DIURNAL);
    const rng = makeRng('tychei', 'nhpp');
    const peak = 20; // arrivals per second at peak
    const days = 2;
    const counts = new Array(24).fill(0);
    let t = 0;
    let total = 0;
    for (;;) {
      t = nextArrival(d, peak, t, days * 86400, rng);
      if (t === Infinity) break;
      counts[Math.floor((t % 86400) / 3600)]++;
      total++;
    }
    const expectedTotal = peak * 86400 * days * diurnalMean(d);
    expect(Math.abs(total - expectedTotal)).toBeLessThan(5 * Math.sqrt(expectedTotal));
    let chi = 0;
    for (let h = 0; h < 24; h++) {
      const e = peak * 3600 * days * 0.5 * (d.anchors[h] + d.anchors[h + 1]);
      chi += (counts[h] - e) ** 2 / e;
    }
    // chi-square(24) stays below 24 + 5 sd.
    expect(chi).toBeLessThan(24 + 5 * Math.sqrt(48));
    // Peak hours carry about 1/0.35 times the trough's traffic.
    expect(counts[21] / counts[5]).toBeGreaterThan(2.5);
  });
});
