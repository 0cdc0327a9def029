/**
 * SVG building blocks shared by the charts: elements as strings, the chart frame with
 * its title, axes with ticks, legends and shaded bands. Styling is in presentation
 * attributes rather than page CSS, so a chart saved on its own looks the same as in
 * the report. Every drawn data mark carries class="mark", which is how the charts are
 * checked to have drawn something.
 */
import type { ScaleLinear } from 'd3-scale';
import { AXIS_COLOUR, FAULT_FILL, GRID_COLOUR, MUTED_TEXT } from './colour.js';
import { escapeXml } from './escape.js';

export type Attrs = Record<string, string | number | null | undefined>;

/** Coordinates to 0.01 px: enough for any screen, and shorter files. */
export function px(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/** An element; `content` is markup already (escape text with `escapeXml` or use `text`). */
export function el(tag: string, attrs: Attrs = {}, content?: string | string[]): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? px(v) : escapeXml(v as string)}"`)
    .join('');
  if (content === undefined) return `<${tag}${a}/>`;
  return `<${tag}${a}>${Array.isArray(content) ? content.join('') : content}</${tag}>`;
}

export function text(x: number, y: number, value: string, attrs: Attrs = {}): string {
  return el('text', { x, y, ...attrs }, escapeXml(value));
}

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface Frame {
  width: number;
  height: number;
  margin: Margin;
}

/** The plotting area inside the margins. */
export function plotArea(f: Frame): { x0: number; x1: number; y0: number; y1: number } {
  return { x0: f.margin.left, x1: f.width - f.margin.right, y0: f.height - f.margin.bottom, y1: f.margin.top };
}

export const WIDTH = 800;
export const FONT = 'system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif';

/** Height of the title block (title and an optional subtitle line). */
export function headerHeight(subtitle?: string): number {
  return subtitle ? 46 : 30;
}

export interface ChartHead {
  /** File-name-safe, unique in the report: used for ids and charts/<name>.svg. */
  name: string;
  title: string;
  subtitle?: string;
  /** Read by screen readers; says what the chart shows. */
  description: string;
  width: number;
  height: number;
}

export function svgDocument(head: ChartHead, body: string[]): string {
  const id = `chart-${head.name}`;
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      id,
      class: 'chart',
      width: head.width,
      height: head.height,
      viewBox: `0 0 ${head.width} ${head.height}`,
      role: 'img',
      'aria-labelledby': `${id}-title ${id}-desc`,
      'font-family': FONT,
      'font-size': 11,
    },
    [
      el('title', { id: `${id}-title` }, escapeXml(head.title)),
      el('desc', { id: `${id}-desc` }, escapeXml(head.description)),
      el('rect', { width: head.width, height: head.height, fill: '#ffffff' }),
      text(12, 20, head.title, { 'font-size': 14, 'font-weight': 600, fill: '#111' }),
      head.subtitle ? text(12, 37, head.subtitle, { fill: MUTED_TEXT }) : '',
      ...body,
    ],
  );
}

export interface AxisOptions {
  label: string;
  /** Approximate tick count, as d3's ticks(count). */
  ticks?: number;
  /** d3 format specifier for tickFormat, e.g. '%' or ',.1f'. */
  format?: string;
  /** Or a function of the tick value. */
  formatTick?: (x: number) => string;
}

type Linear = ScaleLinear<number, number>;

function tickLabels(scale: Linear, o: AxisOptions): { value: number; label: string }[] {
  const count = o.ticks ?? 6;
  const fmt = o.formatTick ?? scale.tickFormat(count, o.format);
  return scale.ticks(count).map((value) => ({ value, label: fmt(value) }));
}

/** Horizontal axis at `y`, ticks pointing down, label centred below. */
export function axisBottom(scale: Linear, y: number, o: AxisOptions): string {
  const [r0, r1] = scale.range();
  const parts = [el('line', { x1: r0, x2: r1, y1: y, y2: y, stroke: AXIS_COLOUR })];
  for (const t of tickLabels(scale, o)) {
    const x = scale(t.value);
    parts.push(el('line', { x1: x, x2: x, y1: y, y2: y + 5, stroke: AXIS_COLOUR }));
    parts.push(text(x, y + 17, t.label, { 'text-anchor': 'middle', fill: AXIS_COLOUR }));
  }
  parts.push(text((r0 + r1) / 2, y + 36, o.label, { 'text-anchor': 'middle', fill: '#222' }));
  return el('g', { class: 'axis axis-x' }, parts);
}

/** Vertical axis at `x`; with `gridTo`, light grid lines run across to that x. */
export function axisLeft(scale: Linear, x: number, o: AxisOptions & { gridTo?: number }): string {
  const [r0, r1] = scale.range();
  const parts: string[] = [];
  for (const t of tickLabels(scale, o)) {
    const y = scale(t.value);
    if (o.gridTo !== undefined) parts.push(el('line', { x1: x, x2: o.gridTo, y1: y, y2: y, stroke: GRID_COLOUR }));
    parts.push(el('line', { x1: x - 5, x2: x, y1: y, y2: y, stroke: AXIS_COLOUR }));
    parts.push(text(x - 8, y + 4, t.label, { 'text-anchor': 'end', fill: AXIS_COLOUR }));
  }
  parts.push(el('line', { x1: x, x2: x, y1: r0, y2: r1, stroke: AXIS_COLOUR }));
  const mid = (r0 + r1) / 2;
  parts.push(text(0, 0, o.label, { transform: `translate(${px(x - 46)},${px(mid)}) rotate(-90)`, 'text-anchor': 'middle', fill: '#222' }));
  return el('g', { class: 'axis axis-y' }, parts);
}

export interface LegendItem {
  label: string;
  colour: string;
  /** A filled box (areas, bars), a line (lines), or a faint box (shaded bands). */
  shape?: 'box' | 'line' | 'band';
}

const CHAR_WIDTH = 6.2;

/** Items in rows from (x, y), wrapping at `maxWidth`; returns the markup and its height. */
export function legend(items: LegendItem[], x: number, y: number, maxWidth: number): { svg: string; height: number } {
  if (items.length === 0) return { svg: '', height: 0 };
  const rowHeight = 16;
  const parts: string[] = [];
  let cx = x;
  let cy = y;
  for (const item of items) {
    const w = 18 + item.label.length * CHAR_WIDTH + 14;
    if (cx > x && cx + w > x + maxWidth) {
      cx = x;
      cy += rowHeight;
    }
    const shape = item.shape ?? 'box';
    if (shape === 'line') parts.push(el('line', { x1: cx, x2: cx + 14, y1: cy + 5, y2: cy + 5, stroke: item.colour, 'stroke-width': 2.5 }));
    else parts.push(el('rect', { x: cx, y: cy, width: 14, height: 10, fill: item.colour, 'fill-opacity': shape === 'band' ? 0.2 : 1 }));
    parts.push(text(cx + 18, cy + 9, item.label, { fill: '#222' }));
    cx += w;
  }
  return { svg: el('g', { class: 'legend' }, parts), height: cy - y + rowHeight };
}

/** Rough rendered width of a label, for margins sized to their text. */
export function textWidth(label: string): number {
  return label.length * CHAR_WIDTH;
}

/** The label cut with an ellipsis to about `width` px; the whole of it shows on hover. */
export function fittedText(x: number, y: number, label: string, width: number, attrs: Attrs = {}): string {
  const max = Math.max(1, Math.floor(width / CHAR_WIDTH));
  if (label.length <= max) return text(x, y, label, attrs);
  return el('text', { x, y, ...attrs }, [el('title', {}, escapeXml(label)), escapeXml(`${label.slice(0, max - 1)}…`)]);
}

export interface Band {
  from: number;
  to: number;
  label: string;
}

/**
 * Shaded vertical bands (faults) across the plot, at least 2 px wide, drawn over the
 * marks so that they tint rather than hide; labelled just above the plot.
 */
export function bands(list: Band[], x: (v: number) => number, top: number, bottom: number): string {
  const parts: string[] = [];
  for (const b of list) {
    const x0 = x(b.from);
    const w = Math.max(2, x(b.to) - x0);
    parts.push(el('rect', { class: 'band', x: x0, y: top, width: w, height: bottom - top, fill: FAULT_FILL, 'fill-opacity': 0.16 }));
    parts.push(text(x0, top - 3, b.label, { fill: FAULT_FILL, 'font-size': 10 }));
  }
  return el('g', { class: 'bands' }, parts);
}
