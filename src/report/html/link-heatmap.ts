/**
 * Link utilisation as a heatmap: one row per link, one column per bin, the colour the
 * bin's mean utilisation. Long runs are drawn with bins merged (time-weighted mean) so
 * the file stays small; with many links only the busiest rows are drawn.
 */
import { scaleLinear } from 'd3-scale';
import type { Chart, ChartContext } from './chart.js';
import { sequentialColour } from './colour.js';
import { formatPercent } from './format.js';
import type { OpenConnectView } from './openconnect.js';
import { maxOf, type Series } from './series.js';
import { axisBottom, bands, el, headerHeight, svgDocument, text, textWidth, WIDTH } from './svg.js';
import { faultBands, timeAxisLabel } from './time-chart.js';

export const MAX_LINKS = 40;
export const MAX_COLUMNS = 288;

export interface Cell {
  /** Start and end in simulated seconds. */
  t0: number;
  t1: number;
  value: number | null;
}

/**
 * A row's bins merged `ceil(bins / maxColumns)` at a time into cells; each cell's
 * value is the time-weighted mean of its bins' values (null when none has one).
 */
export function heatmapCells(values: Series, lengths: number[], maxColumns = MAX_COLUMNS): Cell[] {
  const group = Math.max(1, Math.ceil(values.length / maxColumns));
  const cells: Cell[] = [];
  let t = 0;
  for (let i = 0; i < values.length; i += group) {
    let weighted = 0;
    let time = 0;
    let span = 0;
    for (let j = i; j < Math.min(values.length, i + group); j++) {
      const v = values[j];
      span += lengths[j];
      if (v !== null && Number.isFinite(v)) {
        weighted += v * lengths[j];
        time += lengths[j];
      }
    }
    cells.push({ t0: t, t1: t + span, value: time > 0 ? weighted / time : null });
    t += span;
  }
  return cells;
}

/** The busiest `limit` links by peak utilisation, in their original order. */
export function busiestLinks(links: { name: string; values: Series }[], limit = MAX_LINKS): { name: string; values: Series }[] {
  if (links.length <= limit) return links;
  const keep = new Set(
    links
      .map((l, i) => ({ i, peak: maxOf(l.values) }))
      .sort((a, b) => b.peak - a.peak || a.i - b.i)
      .slice(0, limit)
      .map((x) => x.i),
  );
  return links.filter((_, i) => keep.has(i));
}

export function linkHeatmapChart(view: OpenConnectView, ctx: ChartContext): Chart | null {
  if (view.linkUtilisation.length === 0) return null;
  const rows = busiestLinks(view.linkUtilisation);
  const peak = maxOf(rows.flatMap((r) => r.values));
  const top = scaleLinear().domain([0, peak > 0 ? peak : 1]).nice().domain()[1];
  const colour = sequentialColour(top);

  const title = 'Link utilisation';
  const subtitle = rows.length < view.linkUtilisation.length ? `the ${rows.length} busiest links, of ${view.linkUtilisation.length}` : undefined;
  const rowHeight = rows.length > 24 ? 10 : 16;
  const left = Math.min(240, Math.max(...rows.map((r) => textWidth(r.name))) + 18);
  const right = 24;
  const plotTop = headerHeight(subtitle) + (view.faults.length > 0 ? 16 : 8);
  const plotBottom = plotTop + rows.length * rowHeight;
  const keyTop = plotBottom + 58;
  const height = keyTop + 44;
  const x = scaleLinear().domain([0, view.duration / 3600]).range([left, WIDTH - right]);

  const cells: string[] = [];
  rows.forEach((r, k) => {
    const y = plotTop + k * rowHeight;
    // Neighbouring cells of one colour become one rect: far fewer elements on quiet links.
    let run: { x0: number; x1: number; fill: string } | null = null;
    const flush = () => {
      if (run) cells.push(el('rect', { class: 'mark', x: run.x0, y, width: run.x1 - run.x0, height: rowHeight - 1, fill: run.fill }));
    };
    for (const c of heatmapCells(r.values, view.lengths)) {
      const fill = c.value === null ? '#eeeeee' : colour(c.value);
      const x0 = x(c.t0 / 3600);
      const x1 = x(c.t1 / 3600);
      if (run && run.fill === fill) run.x1 = x1;
      else {
        flush();
        run = { x0, x1, fill };
      }
    }
    flush();
    cells.push(text(left - 6, y + rowHeight / 2 + 3.5, r.name, { 'text-anchor': 'end', fill: '#222', 'font-size': rowHeight > 12 ? 11 : 9 }));
  });

  // The colour key: a strip of steps with ticks, read like an axis.
  const keyScale = scaleLinear().domain([0, top]).range([left, left + 260]);
  const steps = 40;
  const key = Array.from({ length: steps }, (_, i) => {
    const v0 = (top * i) / steps;
    return el('rect', { x: keyScale(v0), y: keyTop, width: keyScale(top / steps) - keyScale(0) + 0.5, height: 10, fill: colour(v0 + top / steps / 2) });
  });

  const svg = svgDocument({ name: 'link-utilisation', title, subtitle, description: 'Heatmap of each link’s mean utilisation per bin over simulated time.', width: WIDTH, height }, [
    el('g', { class: 'cells' }, cells),
    bands(faultBands(view.faults, view.duration), x, plotTop, plotBottom),
    axisBottom(x, plotBottom + 2, { label: timeAxisLabel(ctx.start), ticks: 12 }),
    el('g', { class: 'colour-key' }, key),
    axisBottom(keyScale, keyTop + 10, { label: '', ticks: 5, format: '.0%' }),
    text(keyScale(top) + 12, keyTop + 9, 'utilisation (% of link capacity)', { fill: '#222' }),
  ]);
  return {
    name: 'link-utilisation',
    title,
    svg,
    caption:
      `Each cell is a link’s mean utilisation over the bin (bits carried over capacity x time); the colour scale runs from 0 to ${formatPercent(top, 0)}.` +
      (subtitle ? ` Only the ${rows.length} links with the highest peak are drawn; the links table lists all ${view.linkUtilisation.length}.` : ''),
  };
}
