/**
 * The chart functions as pure functions of their data: scales put every mark inside the
 * plot, stacked areas add up to the totals, CDFs rise, fill windows land where the
 * scenario's local times say; fast-check varies the inputs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageCdfs, sketchCdf, STARTUP_CDF_P } from '../../cdn/metrics.js';
import { addToSketch, createSketch, quantile } from '../../metrics/sketch.js';
import { sequentialColour } from './colour.js';
import { compareChart, valueExtent } from './compare.js';
import { escapeXml } from './escape.js';
import { cumulativeFill, fillNights, utcDays } from './fill.js';
import { formatBytes, formatClock, formatInteger, formatNumber, formatPercent } from './format.js';
import { busiestLinks, heatmapCells, linkHeatmapChart } from './link-heatmap.js';
import { missesChart } from './misses.js';
import { offloadChart, offloadSeries } from './offload.js';
import { openConnectView, type OpenConnectView } from './openconnect.js';
import { binLengths, bytesToGbps, cumulative, meanSeries, shareOf, stepPoints } from './series.js';
import { siteHitRatioChart, topSites } from './site-hit-ratio.js';
import { cdfPoints, delayAt, startupCdfChart } from './startup-cdf.js';
import { compareValues, pointStats, type Combination } from './sweep.js';
import { objectListTable } from './table.js';
import { faultBands } from './time-chart.js';
import { stackedRates, trafficChart } from './traffic.js';

const RANKS = ['embedded-specific', 'embedded-covering', 'ixp-direct', 'ixp-indirect', 'origin'];

/** A view with `bins` bins of random traffic, as openConnectView would read it. */
function viewOf(byRank: number[][], bin = 300, extra: Partial<OpenConnectView> = {}): OpenConnectView {
  const bins = byRank[0]?.length ?? 0;
  return {
    binSeconds: bin,
    duration: bins * bin,
    bins,
    lengths: binLengths(bins, bin, bins * bin),
    replications: 1,
    byRank: byRank.map((bytes, k) => ({ name: RANKS[k], bytes })),
    contentMiss: byRank[2] ?? null,
    healthMiss: byRank[3] ?? null,
    fill: null,
    siteHitRatio: [],
    linkUtilisation: [],
    sites: [],
    links: [],
    faults: [],
    startupCdf: null,
    ...extra,
  };
}

const bytes = fc.double({ min: 0, max: 1e13, noNaN: true });
const rankTable = fc.integer({ min: 1, max: 40 }).chain((bins) => fc.array(fc.array(bytes, { minLength: bins, maxLength: bins }), { minLength: 5, maxLength: 5 }));

/** Every coordinate pair of the data marks: path data, rects and circles. */
function markPoints(svg: string): { x: number; y: number }[] {
  const pts: { x: number; y: number }[] = [];
  for (const m of svg.matchAll(/<path class="mark" d="([^"]*)"/g)) {
    let x = 0;
    let y = 0;
    // Absolute commands only (d3 writes M, L, H, V, Z); H and V keep the other coordinate.
    for (const c of m[1].matchAll(/([MLHV])([-\d.e]+)(?:,([-\d.e]+))?/g)) {
      if (c[1] === 'H') x = Number(c[2]);
      else if (c[1] === 'V') y = Number(c[2]);
      else {
        x = Number(c[2]);
        y = Number(c[3]);
      }
      pts.push({ x, y });
    }
  }
  for (const m of svg.matchAll(/<rect class="mark" x="([-\d.e]+)" y="([-\d.e]+)" width="([-\d.e]+)" height="([-\d.e]+)"/g)) {
    pts.push({ x: Number(m[1]), y: Number(m[2]) }, { x: Number(m[1]) + Number(m[3]), y: Number(m[2]) + Number(m[4]) });
  }
  for (const m of svg.matchAll(/<circle class="mark" cx="([-\d.e]+)" cy="([-\d.e]+)"/g)) pts.push({ x: Number(m[1]), y: Number(m[2]) });
  return pts;
}

/** The x axis line gives the plot's left, right and bottom edges. */
function plotBox(svg: string): { x0: number; x1: number; bottom: number; width: number; height: number } {
  const axis = /<g class="axis axis-x"><line x1="([-\d.]+)" x2="([-\d.]+)" y1="([-\d.]+)"/.exec(svg)!;
  const size = /width="(\d+)" height="(\d+)"/.exec(svg)!;
  return { x0: Number(axis[1]), x1: Number(axis[2]), bottom: Number(axis[3]), width: Number(size[1]), height: Number(size[2]) };
}

function expectInside(svg: string) {
  const box = plotBox(svg);
  const pts = markPoints(svg);
  expect(pts.length).toBeGreaterThan(0);
  for (const p of pts) {
    expect(p.x).toBeGreaterThanOrEqual(box.x0 - 0.01);
    expect(p.x).toBeLessThanOrEqual(box.x1 + 0.01);
    expect(p.y).toBeLessThanOrEqual(box.bottom + 0.01);
    expect(p.y).toBeGreaterThanOrEqual(0);
  }
}

describe('escaping', () => {
  it('leaves no character that could open a tag or end an attribute, and loses nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const e = escapeXml(s);
        expect(e).not.toMatch(/[<>"']/);
        const back = e.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
        expect(back).toBe(s);
      }),
    );
  });

  it('a site named like markup shows as text in tables and charts', () => {
    const html = objectListTable([{ name: '<img src=x onerror=alert(1)>', bytes: 1 }]);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    const view = viewOf([[1], [0], [0], [0], [0]], 300, { siteHitRatio: [{ name: '</svg><script>', values: [0.5] }] });
    expect(siteHitRatioChart(view, {})!.svg).not.toContain('<script>');
  });
});

describe('series helpers', () => {
  it('bins cover the run exactly, the last one shorter when the run is not whole bins', () => {
    expect(binLengths(3, 300, 800)).toEqual([300, 300, 200]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 3600 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (bins, bin, frac) => {
        const duration = (bins - 1) * bin + frac * bin;
        const sum = binLengths(bins, bin, duration).reduce((a, b) => a + b, 0);
        expect(sum).toBeCloseTo(duration, 6);
      }),
    );
  });

  it('bytes per bin become Gbit/s', () => {
    expect(bytesToGbps([1.25e9, null, 0], [10, 10, 0])).toEqual([1, null, null]);
  });

  it('shares lie in [0, 1] and are null where nothing was served', () => {
    fc.assert(
      fc.property(rankTable, (t) => {
        const s = shareOf(t.slice(0, 2), t);
        s.forEach((v, i) => {
          const total = t.reduce((a, xs) => a + xs[i], 0);
          if (total > 0) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1 + 1e-12);
          } else expect(v).toBeNull();
        });
      }),
    );
  });

  it('averages across replications ignore missing values', () => {
    expect(meanSeries([[1, null, 3], [3, 4]])).toEqual([2, 4, 3]);
    expect(meanSeries([[null], [null]])).toEqual([null]);
  });

  it('step points close the last bin', () => {
    expect(stepPoints([5, 7], [10, 4])).toEqual([
      { t: 0, v: 5 },
      { t: 10, v: 7 },
      { t: 14, v: 7 },
    ]);
  });
});

describe('traffic by rank', () => {
  it('the stacked layers sit on each other and the top edge is the total rate', () => {
    fc.assert(
      fc.property(rankTable, (t) => {
        const view = viewOf(t);
        const layers = stackedRates(view);
        expect(layers.map((l) => l.key)).toEqual(RANKS);
        const totals = bytesToGbps(
          t[0].map((_, i) => t.reduce((a, xs) => a + xs[i], 0)),
          view.lengths,
        );
        layers[0].points.forEach((p) => expect(p.y0).toBe(0));
        for (let k = 1; k < layers.length; k++) layers[k].points.forEach((p, i) => expect(p.y0).toBeCloseTo(layers[k - 1].points[i].y1, 9));
        const top = layers[layers.length - 1].points;
        totals.forEach((v, i) => expect(top[i].y1).toBeCloseTo(v as number, 6));
      }),
    );
  });

  it('every mark is inside the plot, for any traffic', () => {
    fc.assert(
      fc.property(rankTable, (t) => {
        expectInside(trafficChart(viewOf(t), {}).svg);
        expectInside(offloadChart(viewOf(t), {}, 0.5).svg);
        expectInside(missesChart(viewOf(t), {})!.svg);
      }),
      { numRuns: 30 },
    );
  });

  it('the largest total reaches the top of the y axis, zero the x axis', () => {
    const view = viewOf([[0, 4.5e9], [0, 0], [0, 0], [0, 0], [0, 0]], 3600);
    const svg = trafficChart(view, {}).svg;
    const box = plotBox(svg);
    const ys = markPoints(svg).map((p) => p.y);
    expect(Math.max(...ys)).toBeCloseTo(box.bottom, 6);
    // 4.5e9 bytes in an hour is 0.01 Gbit/s, and d3's nice() keeps 0.01 as the domain top.
    const topTick = [...svg.matchAll(/<text x="[\d.]+" y="([\d.]+)" text-anchor="end" fill="#444">([^<]*)<\/text>/g)].pop()!;
    expect(topTick[2]).toBe('0.010');
    expect(Math.min(...ys)).toBeCloseTo(Number(topTick[1]) - 4, 6);
  });

  it('faults are bands cut to the run, a fault after its end is not drawn', () => {
    const fault = (at: number, until: number | null) => ({ type: 'site-down', at, until, offloadBefore: null, offloadDuring: null, offloadAfter: null, timeToRecover: null });
    expect(faultBands([fault(3600, 7200), fault(5400, 99999), fault(7200, null), fault(9000, 9999)], 7200)).toEqual([
      { from: 1, to: 2, label: 'site-down 01:00' },
      { from: 1.5, to: 2, label: 'site-down 01:30' },
      { from: 2, to: 2, label: 'site-down 02:00' },
    ]);
  });

  it('offload is the embedded share per bin', () => {
    const view = viewOf([[3, 0], [1, 0], [0, 0], [0, 0], [4, 0]]);
    expect(offloadSeries(view)).toEqual([0.5, null]);
  });
});

describe('hit ratio by site and link heatmap', () => {
  it('keeps the sites that served the most bytes, ties by name', () => {
    const series = ['c', 'a', 'b', 'd'].map((name) => ({ name, values: [1] }));
    const sites = [
      { name: 'a', bytesServed: 5 },
      { name: 'b', bytesServed: 5 },
      { name: 'c', bytesServed: 9 },
      { name: 'd', bytesServed: 1 },
    ];
    expect(topSites(series, sites, 3).map((s) => s.name)).toEqual(['c', 'a', 'b']);
  });

  it('says how many sites it left out', () => {
    const siteHitRatio = Array.from({ length: 12 }, (_, i) => ({ name: `s${i}`, values: [0.5, 0.9] }));
    const chart = siteHitRatioChart(viewOf([[1, 1], [0, 0], [0, 0], [0, 0], [0, 0]], 300, { siteHitRatio }), {})!;
    expect(chart.svg).toContain('the 8 sites that served the most bytes, of 12');
    expect(chart.caption).toContain('4 smaller sites are not drawn');
  });

  it('merged cells tile the run and keep the time-weighted mean', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: 1, maxLength: 700 }), fc.integer({ min: 1, max: 300 }), (values, maxColumns) => {
        const lengths = values.map((_, i) => (i === values.length - 1 ? 100 : 300));
        const cells = heatmapCells(values, lengths, maxColumns);
        expect(cells.length).toBeLessThanOrEqual(maxColumns);
        expect(cells[0].t0).toBe(0);
        for (let i = 1; i < cells.length; i++) expect(cells[i].t0).toBe(cells[i - 1].t1);
        const total = lengths.reduce((a, b) => a + b, 0);
        expect(cells[cells.length - 1].t1).toBe(total);
        const area = cells.reduce((a, c) => a + (c.value ?? 0) * (c.t1 - c.t0), 0);
        expect(area).toBeCloseTo(values.reduce((a, v, i) => a + v * lengths[i], 0), 6);
      }),
    );
  });

  it('draws the busiest links only, in their own order, every cell inside the plot', () => {
    const links = Array.from({ length: 50 }, (_, i) => ({ name: `link-${i}`, values: [i / 100, 0] }));
    expect(busiestLinks(links, 3).map((l) => l.name)).toEqual(['link-47', 'link-48', 'link-49']);
    const chart = linkHeatmapChart(viewOf([[1, 1], [0, 0], [0, 0], [0, 0], [0, 0]], 300, { linkUtilisation: links }), {})!;
    expect(chart.svg).toContain('the 40 busiest links, of 50');
    expectInside(chart.svg);
  });

  it('the colour scale runs from the first stop at 0 to the last at the top, clamped', () => {
    const c = sequentialColour(0.5, ['#ffffff', '#000000']);
    expect(c(0)).toBe('rgb(255, 255, 255)');
    expect(c(0.5)).toBe('rgb(0, 0, 0)');
    expect(c(2)).toBe('rgb(0, 0, 0)');
    expect(c(0.25)).toBe('rgb(128, 128, 128)');
  });
});

describe('startup-delay CDF', () => {
  const cdfArb = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 60, noNaN: true })), { minLength: 2, maxLength: 30 });

  it('points rise in both p and delay, whatever order the file has them in', () => {
    fc.assert(
      fc.property(cdfArb, (pairs) => {
        const pts = cdfPoints({ p: pairs.map((x) => x[0]), seconds: pairs.map((x) => x[1]) });
        for (let i = 1; i < pts.length; i++) {
          expect(pts[i].p).toBeGreaterThanOrEqual(pts[i - 1].p);
          expect(pts[i].seconds).toBeGreaterThanOrEqual(pts[i - 1].seconds);
        }
        // Reading the curve back is monotone too.
        expect(delayAt(pts, 0.9)).toBeGreaterThanOrEqual(delayAt(pts, 0.5));
      }),
    );
  });

  it('from a real sketch: the sketch quantiles, rising, from the exact minimum to the exact maximum', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 30, noNaN: true }), { minLength: 1, maxLength: 300 }), (xs) => {
        const s = createSketch(0.01);
        for (const x of xs) addToSketch(s, x);
        const cdf = sketchCdf(s)!;
        expect(cdf.p).toEqual(STARTUP_CDF_P);
        // Each is the sketch's quantile, or the one before where a value below the
        // sketch's smallest tracked size counted as zero.
        cdf.p.forEach((p, i) => expect(cdf.seconds[i]).toBe(Math.max(quantile(s, p), i > 0 ? cdf.seconds[i - 1] : 0)));
        for (let i = 1; i < cdf.seconds.length; i++) expect(cdf.seconds[i]).toBeGreaterThanOrEqual(cdf.seconds[i - 1]);
        expect(cdf.seconds[0]).toBe(Math.min(...xs));
        expect(cdf.seconds[cdf.seconds.length - 1]).toBe(Math.max(...xs));
      }),
    );
    expect(sketchCdf(createSketch(0.01))).toBeNull();
  });

  it('replications combine by averaging each quantile; none gives null', () => {
    const a = { p: [0, 0.5, 1], seconds: [1, 2, 3] };
    const b = { p: [0, 0.5, 1], seconds: [3, 4, 5] };
    expect(averageCdfs([a, null, b])).toEqual({ p: [0, 0.5, 1], seconds: [2, 3, 4] });
    expect(averageCdfs([null, undefined])).toBeNull();
  });

  it('every point is inside the plot, one curve per combination', () => {
    fc.assert(
      fc.property(fc.array(cdfArb, { minLength: 1, maxLength: 4 }), (curves) => {
        const chart = startupCdfChart(curves.map((pairs, i) => ({ label: `c${i}`, cdf: { p: pairs.map((x) => x[0]), seconds: pairs.map((x) => x[1]) } })));
        expectInside(chart!.svg);
      }),
      { numRuns: 30 },
    );
  });
});

describe('fill windows', () => {
  it('a local window lands at local time minus the UTC offset, every day of the run', () => {
    expect(fillNights([{ start: 7200, end: 50400 }], [0], 2 * 86400)).toEqual([
      { from: 7200, to: 50400 },
      { from: 93600, to: 136800 },
    ]);
    // UTC+9: 02:00 local is 17:00 UTC the day before.
    expect(fillNights([{ start: 7200, end: 50400 }], [9 * 3600], 86400)).toEqual([
      { from: 0, to: 18000 },
      { from: 61200, to: 86400 },
    ]);
  });

  it('a window across midnight is one night, cut by the ends of the run', () => {
    expect(fillNights([{ start: 22 * 3600, end: 6 * 3600 }], [0], 86400)).toEqual([
      { from: 0, to: 21600 },
      { from: 79200, to: 86400 },
    ]);
  });

  it('nights are sorted, disjoint and inside the run, for any windows and offsets', () => {
    const w = fc.record({ start: fc.integer({ min: 0, max: 86399 }), end: fc.integer({ min: 0, max: 86399 }) }).filter((x) => x.start !== x.end);
    fc.assert(
      fc.property(fc.array(w, { minLength: 1, maxLength: 3 }), fc.array(fc.integer({ min: -12, max: 14 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 3600, max: 4 * 86400 }), (ws, hours, duration) => {
        const nights = fillNights(ws, hours.map((h) => h * 3600), duration);
        for (const n of nights) {
          expect(n.from).toBeGreaterThanOrEqual(0);
          expect(n.to).toBeLessThanOrEqual(duration);
          expect(n.to).toBeGreaterThan(n.from);
        }
        for (let i = 1; i < nights.length; i++) expect(nights[i].from).toBeGreaterThan(nights[i - 1].to);
      }),
    );
  });

  it('cumulative fill rises and sums the bins inside the night', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e12, noNaN: true }), { minLength: 4, maxLength: 100 }), (fill) => {
        const lengths = fill.map(() => 600);
        const night = { from: 1200, to: fill.length * 600 - 600 };
        const pts = cumulativeFill(fill, lengths, night);
        for (let i = 1; i < pts.length; i++) expect(pts[i].bytes).toBeGreaterThanOrEqual(pts[i - 1].bytes);
        const inside = fill.slice(2, fill.length - 1).reduce((a, b) => a + b, 0);
        expect(pts[pts.length - 1].bytes).toBeCloseTo(inside, -2);
        expect(pts[pts.length - 1].t).toBe(night.to - night.from);
      }),
    );
    expect(cumulative([1, null, 2])).toEqual([1, 1, 3]);
    expect(utcDays(90000)).toEqual([
      { from: 0, to: 86400 },
      { from: 86400, to: 90000 },
    ]);
  });
});

describe('sweep comparison', () => {
  const combo = (label: string, values: number[]): Combination => ({
    key: label,
    label,
    parameters: {},
    summaries: values.map((offload) => ({ offload })),
    missing: 0,
  });
  const metric = { key: 'offload', label: 'offload', unit: '%', divide: 1, format: '.1%' };

  it('the mean lies inside its 95% interval; one replication has none', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 10 }), (xs) => {
        const [p] = pointStats([combo('a', xs)], metric);
        if (xs.length < 2) expect(p.low).toBeNaN();
        else {
          expect(p.low).toBeLessThanOrEqual(p.mean + 1e-12);
          expect(p.high).toBeGreaterThanOrEqual(p.mean - 1e-12);
        }
        const [lo, hi] = valueExtent([p]);
        for (const x of xs) {
          expect(x).toBeGreaterThanOrEqual(lo);
          expect(x).toBeLessThanOrEqual(hi);
        }
      }),
    );
  });

  it('orders parameter values by their leading number, units and all, else by text', () => {
    expect(['10/s', '9/s', '12/s', 'lru', 'arc', 0.5].sort(compareValues)).toEqual([0.5, '9/s', '10/s', '12/s', 'arc', 'lru']);
  });

  it('the t interval of known values: mean 2, half-width t(0.975, 2) x s / sqrt(3)', () => {
    const [p] = pointStats([combo('a', [1, 2, 3])], metric);
    expect(p.mean).toBe(2);
    expect((p.high - p.low) / 2).toBeCloseTo(4.302652729911275 / Math.sqrt(3), 9);
  });

  it('dots and intervals are inside the plot', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (groups) => {
        const chart = compareChart(metric, pointStats(groups.map((g, i) => combo(`p=${i}`, g)), metric))!;
        expectInside(chart.svg);
      }),
      { numRuns: 30 },
    );
  });

  it('values a few ulps apart (or subnormal) still give a finite axis', () => {
    for (const groups of [[[5e-323]], [[0, 5e-323]], [[0.3, 0.30000000000000004]], [[1e300, 1e300]]]) {
      const chart = compareChart(metric, pointStats(groups.map((g, i) => combo(`p=${i}`, g)), metric))!;
      expectInside(chart.svg);
    }
  });
});

describe('reading a summary', () => {
  it('anything where a series should be leaves the view empty rather than failing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (series, other) => {
        const view = openConnectView({ model: 'openconnect', series: series as never, sites: other as never, faults: other as never, startupDelayCdf: other as never });
        expect(view.bins).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('formatting', () => {
  it('is plain arithmetic, the same on every host', () => {
    expect(formatInteger(1234567)).toBe('1\u2009234\u2009567');
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(null)).toBe('n/a');
    expect(formatPercent(0.97719)).toBe('97.7%');
    expect(formatBytes(135_900_444_136_707)).toBe('135.90 TB');
    expect(formatClock(73800)).toBe('20:30');
    expect(formatClock(86400 + 7200)).toBe('day 2 02:00');
  });
});
