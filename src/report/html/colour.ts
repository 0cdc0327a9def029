/**
 * Colours: a categorical palette for series and a sequential scale for the heatmap.
 * The sequential scale interpolates between the stops of ColorBrewer's Blues with
 * d3-scale's own colour interpolation, so no colour-scheme package is needed: idle is
 * near white, busy is dark, and the red of the fault bands stays distinct.
 */
import { scaleLinear, type ScaleLinear } from 'd3-scale';

/** Tableau 10: distinct at small sizes and in print. */
export const CATEGORICAL = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function categorical(i: number): string {
  return CATEGORICAL[((i % CATEGORICAL.length) + CATEGORICAL.length) % CATEGORICAL.length];
}

const BLUES = ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'];

/** Maps [0, max] onto the stops, evenly spaced; values outside are clamped to the end colours. */
export function sequentialColour(max: number, stops: string[] = BLUES): ScaleLinear<string, string> {
  const top = max > 0 && Number.isFinite(max) ? max : 1;
  const domain = stops.map((_, i) => (top * i) / (stops.length - 1));
  return scaleLinear<string>().domain(domain).range(stops).clamp(true);
}

/** Faults are shaded in a warm tint that no series colour uses at this opacity. */
export const FAULT_FILL = '#d62728';
export const AXIS_COLOUR = '#444';
export const GRID_COLOUR = '#e5e5e5';
export const MUTED_TEXT = '#555';
