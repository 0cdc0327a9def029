/**
 * Offload over time for each parameter combination of a sweep, as small multiples on
 * one shared y scale: the mean per bin over the combination's replications. Shapes
 * (a dip at a fault, a slow morning) compare at a glance where one crowded chart of
 * overlapping lines would not.
 */
import { scaleLinear } from 'd3-scale';
import type { Chart } from './chart.js';
import { FAULT_FILL } from './colour.js';
import { offloadSeries, stepLinePath } from './offload.js';
import type { OpenConnectView } from './openconnect.js';
import { meanSeries, type Series } from './series.js';
import { axisBottom, axisLeft, el, fittedText, headerHeight, svgDocument, WIDTH } from './svg.js';
import { faultBands } from './time-chart.js';

export interface Panel {
  label: string;
  /** The combination's replications (at least one). */
  views: OpenConnectView[];
}

/** Per bin, the mean offload over a combination's replications. */
export function meanOffload(views: OpenConnectView[]): Series {
  return meanSeries(views.map(offloadSeries));
}

const COLUMNS = 2;
const PANEL_HEIGHT = 120;

export function offloadMultiplesChart(panels: Panel[]): Chart | null {
  const drawn = panels.filter((p) => p.views.length > 0 && p.views[0].bins > 0 && p.views[0].duration > 0);
  if (drawn.length === 0) return null;
  const title = 'Offload over time by parameter combination';
  const top = headerHeight();
  const gapX = 24;
  const left = 56;
  const panelWidth = (WIDTH - left - 16 - (COLUMNS - 1) * (gapX + left - 16)) / COLUMNS;
  const rowHeight = PANEL_HEIGHT + 66;
  const height = top + Math.ceil(drawn.length / COLUMNS) * rowHeight + 8;
  const parts = drawn.map((panel, i) => {
    const view = panel.views[0];
    const px0 = left + (i % COLUMNS) * (panelWidth + gapX + left - 16);
    const py0 = top + Math.floor(i / COLUMNS) * rowHeight + 22;
    const x = scaleLinear().domain([0, view.duration / 3600]).range([px0, px0 + panelWidth]);
    const y = scaleLinear().domain([0, 1]).range([py0 + PANEL_HEIGHT, py0]);
    const values = meanOffload(panel.views);
    return el('g', { class: 'panel' }, [
      fittedText(px0, py0 - 8, panel.label, panelWidth, { fill: '#222', 'font-weight': 600 }),
      axisLeft(y, px0, { label: 'offload (%)', ticks: 3, format: '.0%', gridTo: px0 + panelWidth }),
      ...faultBands(view.faults, view.duration).map((b) =>
        el('rect', { x: x(b.from), y: py0, width: Math.max(2, x(b.to) - x(b.from)), height: PANEL_HEIGHT, fill: FAULT_FILL, 'fill-opacity': 0.14 }),
      ),
      el('path', { class: 'mark', d: stepLinePath(values, view.lengths, x, y), fill: 'none', stroke: '#1b7837', 'stroke-width': 1.5 }),
      axisBottom(x, py0 + PANEL_HEIGHT, { label: 'time (h)', ticks: 6 }),
    ]);
  });
  const svg = svgDocument(
    { name: 'offload-by-combination', title, description: 'Small multiples: offload per bin over simulated time, one panel per parameter combination.', width: WIDTH, height },
    parts,
  );
  return {
    name: 'offload-by-combination',
    title,
    svg,
    caption: 'One panel per parameter combination: the share of bytes served by embedded appliances per bin, averaged over the combination’s replications. Shaded bands are faults.',
  };
}
