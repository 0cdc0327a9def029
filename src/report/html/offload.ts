/**
 * Offload over time: per bin, the share of bytes served by embedded appliances (the
 * two embedded ranks), with the whole run's figure as a dashed reference.
 */
import { curveStepAfter, line } from 'd3-shape';
import type { Chart, ChartContext } from './chart.js';
import { formatPercent } from './format.js';
import type { OpenConnectView } from './openconnect.js';
import { shareOf, stepPoints, type Series } from './series.js';
import { el, text } from './svg.js';
import { timeChart } from './time-chart.js';

export const EMBEDDED_RANKS = ['embedded-specific', 'embedded-covering'];

/** Per bin, embedded bytes over all bytes served; null in bins that served nothing. */
export function offloadSeries(view: Pick<OpenConnectView, 'byRank'>): Series {
  const embedded = view.byRank.filter((r) => EMBEDDED_RANKS.includes(r.name)).map((r) => r.bytes);
  return shareOf(embedded, view.byRank.map((r) => r.bytes));
}

const COLOUR = '#1b7837';

/** A step line with gaps where the value is null. */
export function stepLinePath(values: Series, lengths: number[], x: (h: number) => number, y: (v: number) => number): string {
  return (
    line<{ t: number; v: number | null }>()
      .defined((p) => p.v !== null)
      .x((p) => x(p.t / 3600))
      .y((p) => y(p.v as number))
      .curve(curveStepAfter)(stepPoints(values, lengths)) ?? ''
  );
}

export function offloadChart(view: OpenConnectView, ctx: ChartContext, overall: number | null): Chart {
  const values = offloadSeries(view);
  const title = 'Offload over time';
  const svg = timeChart({
    name: 'offload',
    title,
    subtitle: overall !== null ? `whole run: ${formatPercent(overall)} of bytes served by embedded appliances` : undefined,
    description: 'Share of the bytes served by embedded appliances in each bin, over simulated time.',
    duration: view.duration,
    start: ctx.start,
    y: { domain: [0, 1], nice: false, label: 'offload (% of bytes served)', format: '.0%' },
    legend: [
      { label: 'per bin', colour: COLOUR, shape: 'line' },
      ...(overall !== null ? [{ label: 'whole run', colour: '#555', shape: 'line' as const }] : []),
    ],
    faults: view.faults,
    draw: (x, y) => [
      overall !== null
        ? el('g', {}, [
            el('line', { x1: x(0), x2: x(view.duration / 3600), y1: y(overall), y2: y(overall), stroke: '#555', 'stroke-dasharray': '4 3' }),
            text(x(view.duration / 3600) - 4, y(overall) + 13, formatPercent(overall), { 'text-anchor': 'end', fill: '#555' }),
          ])
        : '',
      el('path', { class: 'mark', d: stepLinePath(values, view.lengths, x, y), fill: 'none', stroke: COLOUR, 'stroke-width': 1.8 }),
    ],
  });
  return {
    name: 'offload',
    title,
    svg,
    caption: 'Offload is the share of bytes served from appliances embedded in the viewer’s ISP. Gaps are bins that served nothing (warm-up).',
  };
}
