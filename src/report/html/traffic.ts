/**
 * Traffic over the day by proximity rank: a stacked area of the bytes each rank served
 * per bin, as a mean rate in Gbit/s. The top edge is everything served; the two
 * embedded ranks at the bottom are the offload.
 */
import { area, curveStepAfter, stack } from 'd3-shape';
import type { Chart, ChartContext } from './chart.js';
import type { OpenConnectView } from './openconnect.js';
import { bytesToGbps, stepPoints } from './series.js';
import { el } from './svg.js';
import { timeChart } from './time-chart.js';

/** Embedded ranks in greens (they are the offload), exchange points in blues, origin in red. */
export const RANK_COLOURS: Record<string, string> = {
  'embedded-specific': '#1b7837',
  'embedded-covering': '#7fbf7b',
  'ixp-direct': '#2166ac',
  'ixp-indirect': '#92c5de',
  origin: '#d6604d',
};
const OTHER = ['#8c6bb1', '#bdbdbd', '#fdae61'];

export function rankColour(name: string, i: number): string {
  return RANK_COLOURS[name] ?? OTHER[i % OTHER.length];
}

export interface Layer {
  key: string;
  /** Per step point: time (s), lower and upper edge (Gbit/s). */
  points: { t: number; y0: number; y1: number }[];
}

/** The ranks' rates stacked in rank order, as step points (see stepPoints). */
export function stackedRates(view: OpenConnectView): Layer[] {
  const keys = view.byRank.map((r) => r.name);
  const rates = view.byRank.map((r) => stepPoints(bytesToGbps(r.bytes, view.lengths), view.lengths));
  const rows = (rates[0] ?? []).map((p, i) => {
    const row: Record<string, number> = { t: p.t };
    keys.forEach((k, j) => (row[k] = rates[j][i].v ?? 0));
    return row;
  });
  return stack<Record<string, number>>()
    .keys(keys)(rows)
    .map((layer) => ({ key: layer.key, points: layer.map((d) => ({ t: d.data.t, y0: d[0], y1: d[1] })) }));
}

export function trafficChart(view: OpenConnectView, ctx: ChartContext): Chart {
  const layers = stackedRates(view);
  const top = Math.max(0, ...layers.flatMap((l) => l.points.map((p) => p.y1)));
  const title = 'Traffic by proximity rank';
  const svg = timeChart({
    name: 'traffic-by-rank',
    title,
    subtitle: view.replications > 1 ? `mean of ${view.replications} replications` : undefined,
    description: 'Stacked area of the traffic served from each proximity rank per bin, in gigabits per second, over simulated time.',
    duration: view.duration,
    start: ctx.start,
    y: { domain: [0, top > 0 ? top : 1], label: 'traffic served (Gbit/s)' },
    legend: layers.map((l, i) => ({ label: l.key, colour: rankColour(l.key, i) })),
    faults: view.faults,
    draw: (x, y) =>
      layers.map((l, i) => {
        const path = area<{ t: number; y0: number; y1: number }>()
          .x((p) => x(p.t / 3600))
          .y0((p) => y(p.y0))
          .y1((p) => y(p.y1))
          .curve(curveStepAfter)(l.points);
        return el('path', { class: 'mark', d: path ?? '', fill: rankColour(l.key, i), 'data-key': l.key });
      }),
  });
  return {
    name: 'traffic-by-rank',
    title,
    svg,
    caption:
      'Mean rate per metrics bin of the video bytes served, stacked by the rank of the site that served them. The two embedded ranks (greens) are the offload; what is above them crossed the ISP’s edge. Shaded bands are faults.',
  };
}
