/**
 * The frame every chart over simulated time shares: hours on x, the faults as shaded
 * bands, a legend under the title, and a y axis with grid lines. The chart itself only
 * draws its marks with the two scales it is handed.
 */
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { formatClock } from './format.js';
import { axisBottom, axisLeft, bands, headerHeight, legend, plotArea, svgDocument, WIDTH, type AxisOptions, type Band, type LegendItem } from './svg.js';
import type { Fault } from './openconnect.js';

export interface TimeChartSpec {
  name: string;
  title: string;
  subtitle?: string;
  description: string;
  /** Simulated seconds on the x axis, from 0. */
  duration: number;
  /** The scenario's start date (YYYY-MM-DD): time 0 is midnight UTC of that day. */
  start?: string;
  y: { domain: [number, number]; nice?: boolean } & AxisOptions;
  legend: LegendItem[];
  faults: Fault[];
  /** Marks, given x (hours to px) and y (value to px). */
  draw(x: ScaleLinear<number, number>, y: ScaleLinear<number, number>): string[];
  plotHeight?: number;
}

export function timeAxisLabel(start?: string): string {
  return start ? `time (hours from ${start} 00:00 UTC)` : 'time (hours from the start of the run)';
}

/** Faults as bands in hours, cut to the run; one without an end is a thin mark at its start. */
export function faultBands(faults: Fault[], duration: number): Band[] {
  return faults
    .filter((f) => f.at >= 0 && f.at <= duration)
    .map((f) => ({ from: f.at / 3600, to: Math.min(duration, Math.max(f.at, f.until ?? f.at)) / 3600, label: `${f.type} ${formatClock(f.at)}` }));
}

export function timeChart(spec: TimeChartSpec): string {
  const left = 72;
  const right = 24;
  const top = headerHeight(spec.subtitle);
  const key = legend(spec.faults.length > 0 ? [...spec.legend, { label: 'fault', colour: '#d62728', shape: 'band' }] : spec.legend, left, top, WIDTH - left - right);
  // Room above the plot for the fault labels.
  const margin = { top: top + key.height + (spec.faults.length > 0 ? 16 : 8), right, bottom: 50, left };
  const height = margin.top + (spec.plotHeight ?? 220) + margin.bottom;
  const area = plotArea({ width: WIDTH, height, margin });
  const x = scaleLinear().domain([0, spec.duration / 3600]).range([area.x0, area.x1]);
  const y = scaleLinear().domain(spec.y.domain).range([area.y0, area.y1]);
  if (spec.y.nice !== false) y.nice();
  return svgDocument({ name: spec.name, title: spec.title, subtitle: spec.subtitle, description: spec.description, width: WIDTH, height }, [
    key.svg,
    axisLeft(y, area.x0, { ...spec.y, gridTo: area.x1 }),
    ...spec.draw(x, y),
    bands(faultBands(spec.faults, spec.duration), x, area.y1, area.y0),
    axisBottom(x, area.y0, { label: timeAxisLabel(spec.start), ticks: 12 }),
  ]);
}
