/**
 * One metric across a sweep's parameter combinations: a row per combination, its
 * replications as faint dots, the mean as a solid dot and the 95% confidence interval
 * as a bar with caps. Overlapping intervals mean the sweep cannot tell the points apart.
 */
import { scaleLinear } from 'd3-scale';
import { slug, type Chart } from './chart.js';
import { CONFIDENCE, type Metric, type PointStats } from './sweep.js';
import { axisBottom, el, headerHeight, svgDocument, text, textWidth, WIDTH } from './svg.js';

/** A d3 format specifier as a function (d3-scale's tickFormat keeps an explicit precision). */
export function formatter(spec: string): (x: number) => string {
  return scaleLinear().tickFormat(1, spec);
}

/** The value format without its precision: d3 then picks the precision the tick step needs. */
export function tickSpec(spec: string): string {
  return spec.replace(/\.\d+/, '');
}

/** The x extent that holds every replication and interval end, never empty. */
export function valueExtent(points: PointStats[]): [number, number] {
  const xs = points.flatMap((p) => [...p.values, p.low, p.high]).filter(Number.isFinite);
  if (xs.length === 0) return [0, 1];
  let lo = Math.min(...xs);
  let hi = Math.max(...xs);
  // A span too small for a double's ticks (equal values, or differences at the last
  // bits) is drawn as one value with room around it.
  if (hi - lo <= 1e-12 * Math.max(Math.abs(lo), Math.abs(hi)) || hi - lo < 1e-300) {
    lo = (lo + hi) / 2;
    hi = lo;
    const pad = Math.abs(lo) < 1e-300 ? 1 : Math.abs(lo) * 0.05;
    lo -= pad;
    hi += pad;
  }
  return [lo, hi];
}

export function compareChart(metric: Metric, points: PointStats[]): Chart | null {
  if (points.length === 0) return null;
  const scaled = points.map((p) => ({
    ...p,
    values: p.values.map((v) => v / metric.divide),
    mean: p.mean / metric.divide,
    low: p.low / metric.divide,
    high: p.high / metric.divide,
  }));
  const name = `compare-${slug(metric.key)}`;
  const title = `${metric.label[0].toUpperCase()}${metric.label.slice(1)} by parameter combination`;
  const fmt = formatter(metric.format);
  const rowHeight = 26;
  const left = Math.min(340, Math.max(...scaled.map((p) => textWidth(p.label))) + 20);
  const right = 150;
  const top = headerHeight() + 10;
  const height = top + scaled.length * rowHeight + 56;
  const x = scaleLinear().domain(valueExtent(scaled)).range([left, WIDTH - right]).nice();
  const unit = metric.unit ? ` (${metric.unit})` : '';
  const rows = scaled.flatMap((p, i) => {
    const y = top + i * rowHeight + rowHeight / 2;
    const hasInterval = Number.isFinite(p.low) && Number.isFinite(p.high);
    return [
      el('line', { x1: left, x2: WIDTH - right, y1: y, y2: y, stroke: '#f0f0f0' }),
      text(left - 8, y + 4, p.label, { 'text-anchor': 'end', fill: '#222' }),
      ...p.values.map((v) => el('circle', { class: 'mark', cx: x(v), cy: y, r: 3, fill: '#4e79a7', 'fill-opacity': 0.35 })),
      hasInterval
        ? el('path', {
            class: 'mark',
            d: `M${x(p.low)},${y}H${x(p.high)}M${x(p.low)},${y - 5}V${y + 5}M${x(p.high)},${y - 5}V${y + 5}`,
            stroke: '#1f3b57',
            'stroke-width': 1.6,
            fill: 'none',
          })
        : '',
      el('circle', { class: 'mark', cx: x(p.mean), cy: y, r: 4.5, fill: '#1f3b57' }),
      text(WIDTH - right + 10, y + 4, hasInterval ? `${fmt(p.mean)} ± ${fmt((p.high - p.low) / 2)}` : `${fmt(p.mean)} (n=${p.n})`, { fill: '#222' }),
    ];
  });
  const svg = svgDocument(
    {
      name,
      title,
      description: `Mean ${metric.label} for each parameter combination with its ${Math.round(CONFIDENCE * 100)}% confidence interval over replications.`,
      width: WIDTH,
      height,
    },
    [...rows, axisBottom(x, top + scaled.length * rowHeight + 4, { label: `${metric.label}${unit}`, ticks: 6, format: tickSpec(metric.format) })],
  );
  return {
    name,
    title,
    svg,
    caption: `Dark dot: mean over replications; bar: ${Math.round(CONFIDENCE * 100)}% Student-t confidence interval (shown with two or more replications); faint dots: single replications.`,
  };
}
