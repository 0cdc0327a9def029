/**
 * The startup-delay distribution as a CDF: for each delay on x, the share of playbacks
 * that started within it. Drawn through the quantiles the summary keeps
 * (startupDelayCdf), one curve per run or per sweep combination.
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { Chart } from './chart.js';
import { categorical } from './colour.js';
import { formatSeconds } from './format.js';
import type { StartupCdf } from './openconnect.js';
import { axisBottom, axisLeft, el, headerHeight, legend, svgDocument, WIDTH } from './svg.js';

export interface CdfCurve {
  label: string;
  cdf: StartupCdf;
}

/**
 * (seconds, p) points sorted by p, with each delay at least the one before: quantiles
 * averaged over replications are monotone already, but a hand-edited file need not be.
 */
export function cdfPoints(cdf: StartupCdf): { seconds: number; p: number }[] {
  const pts = cdf.p.map((p, i) => ({ p, seconds: cdf.seconds[i] })).filter((d) => Number.isFinite(d.p) && Number.isFinite(d.seconds));
  pts.sort((a, b) => a.p - b.p);
  let floor = -Infinity;
  return pts.map((d) => {
    floor = Math.max(floor, d.seconds);
    return { p: d.p, seconds: floor };
  });
}

/** The delay at probability p, read off the curve by linear interpolation. */
export function delayAt(points: { seconds: number; p: number }[], p: number): number {
  if (points.length === 0) return NaN;
  if (p <= points[0].p) return points[0].seconds;
  for (let i = 1; i < points.length; i++) {
    if (p <= points[i].p) {
      const a = points[i - 1];
      const b = points[i];
      return b.p === a.p ? b.seconds : a.seconds + ((p - a.p) / (b.p - a.p)) * (b.seconds - a.seconds);
    }
  }
  return points[points.length - 1].seconds;
}

export function startupCdfChart(curves: CdfCurve[], name = 'startup-delay-cdf', title = 'Startup delay distribution'): Chart | null {
  const drawn = curves.map((c) => ({ label: c.label, points: cdfPoints(c.cdf) })).filter((c) => c.points.length >= 2);
  if (drawn.length === 0) return null;
  const one = drawn.length === 1 ? drawn[0].points : null;
  const subtitle = one ? `median ${formatSeconds(delayAt(one, 0.5), 2)}, 95th percentile ${formatSeconds(delayAt(one, 0.95), 2)}` : undefined;
  const left = 72;
  const right = 24;
  const key = legend(
    drawn.length > 1 ? drawn.map((c, i) => ({ label: c.label, colour: categorical(i), shape: 'line' as const })) : [],
    left,
    headerHeight(subtitle),
    WIDTH - left - right,
  );
  const margin = { top: headerHeight(subtitle) + key.height + 8, bottom: 50 };
  const height = margin.top + 240 + margin.bottom;
  const maxDelay = Math.max(...drawn.flatMap((c) => c.points.map((p) => p.seconds)));
  const x = scaleLinear()
    .domain([0, maxDelay > 0 ? maxDelay : 1])
    .range([left, WIDTH - right])
    .nice();
  const y = scaleLinear().domain([0, 1]).range([height - margin.bottom, margin.top]);
  const marks = drawn.flatMap((c, i) => {
    const colour = drawn.length > 1 ? categorical(i) : '#4e79a7';
    const path = line<{ seconds: number; p: number }>()
      .x((d) => x(d.seconds))
      .y((d) => y(d.p))(c.points);
    return [
      el('path', { class: 'mark', d: path ?? '', fill: 'none', stroke: colour, 'stroke-width': 1.8 }),
      ...c.points.map((d) => el('circle', { class: 'mark', cx: x(d.seconds), cy: y(d.p), r: 2.2, fill: colour })),
    ];
  });
  const svg = svgDocument({ name, title, subtitle, description: 'Cumulative distribution of the startup delay of playbacks.', width: WIDTH, height }, [
    key.svg,
    axisLeft(y, left, { label: 'playbacks started (% of all)', format: '.0%', gridTo: WIDTH - right }),
    ...marks,
    axisBottom(x, height - margin.bottom, { label: 'startup delay (s)' }),
  ]);
  return {
    name,
    title,
    svg,
    caption:
      'Startup delay is the time from pressing play to the first segment, plus the player’s start-up overhead. Points are the quantiles the run keeps (from a sketch with 1% relative error); lines join them.',
  };
}
