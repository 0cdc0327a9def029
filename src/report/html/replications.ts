/**
 * For models other than Open Connect: each number the replications report, one dot per
 * replication, with the mean, its confidence interval as a shaded band, and the
 * model's theoretical value when the summary gives one (M/M/1, Erlang B). A
 * replication's scatter around the theory line is the simulator's check.
 */
import { scaleLinear } from 'd3-scale';
import { confidenceInterval } from '../../metrics/stats.js';
import { slug, type Chart } from './chart.js';
import { formatNumber } from './format.js';
import { isObject, type JsonObject } from './read.js';
import { axisBottom, axisLeft, el, headerHeight, legend, svgDocument, WIDTH } from './svg.js';

export const MAX_REPLICATION_CHARTS = 4;

/** Names of the numbers every replication reports, in the first one's order. */
export function replicationMetrics(summary: JsonObject): string[] {
  const reps = Array.isArray(summary.perReplication) ? summary.perReplication.filter(isObject) : [];
  if (reps.length < 2) return [];
  return Object.keys(reps[0]).filter((k) => reps.every((r) => typeof r[k] === 'number' && Number.isFinite(r[k])));
}

export function replicationCharts(summary: JsonObject): Chart[] {
  const reps = Array.isArray(summary.perReplication) ? summary.perReplication.filter(isObject) : [];
  const theory = isObject(summary.theory) ? summary.theory : {};
  return replicationMetrics(summary)
    .slice(0, MAX_REPLICATION_CHARTS)
    .map((key) => {
      const values = reps.map((r) => r[key] as number);
      // The model's own confidence level where its summary states one (M/M/1 uses 99%).
      const own = summary[key];
      const level = isObject(own) && typeof own.level === 'number' && own.level > 0 && own.level < 1 ? own.level : 0.95;
      const ci = confidenceInterval(values, level);
      const pct = `${Math.round(level * 100)}%`;
      const expected = typeof theory[key] === 'number' ? (theory[key] as number) : null;
      const name = `replications-${slug(key)}`;
      const title = `${key} by replication`;
      const subtitle = `mean ${formatNumber(ci.mean)}${Number.isFinite(ci.halfWidth) ? ` ± ${formatNumber(ci.halfWidth)} (${pct} CI)` : ''}${expected !== null ? `, theory ${formatNumber(expected)}` : ''}`;
      const left = 72;
      const right = 24;
      const keyItems = legend(
        [
          { label: 'replication', colour: '#4e79a7' },
          { label: `mean, ${pct} CI`, colour: '#1f3b57', shape: 'band' as const },
          ...(expected !== null ? [{ label: 'theory', colour: '#e15759', shape: 'line' as const }] : []),
        ],
        left,
        headerHeight(subtitle),
        WIDTH - left - right,
      );
      const top = headerHeight(subtitle) + keyItems.height + 8;
      const height = top + 200 + 50;
      const lo = Math.min(...values, ...(Number.isFinite(ci.low) ? [ci.low] : []), ...(expected !== null ? [expected] : []));
      const hi = Math.max(...values, ...(Number.isFinite(ci.high) ? [ci.high] : []), ...(expected !== null ? [expected] : []));
      const pad = hi > lo ? 0 : Math.abs(lo) * 0.05 || 1;
      const x = scaleLinear().domain([-0.5, values.length - 0.5]).range([left, WIDTH - right]);
      const y = scaleLinear()
        .domain([lo - pad, hi + pad])
        .range([height - 50, top])
        .nice();
      const marks = [
        Number.isFinite(ci.halfWidth)
          ? el('rect', { class: 'mark', x: left, y: y(ci.high), width: WIDTH - right - left, height: Math.max(1, y(ci.low) - y(ci.high)), fill: '#1f3b57', 'fill-opacity': 0.15 })
          : '',
        el('path', { class: 'mark', d: `M${left},${y(ci.mean)}H${WIDTH - right}`, stroke: '#1f3b57', 'stroke-width': 1.5 }),
        expected !== null ? el('path', { class: 'mark', d: `M${left},${y(expected)}H${WIDTH - right}`, stroke: '#e15759', 'stroke-width': 1.5, 'stroke-dasharray': '5 3' }) : '',
        ...values.map((v, i) => el('circle', { class: 'mark', cx: x(i), cy: y(v), r: 3.5, fill: '#4e79a7' })),
      ];
      const svg = svgDocument({ name, title, subtitle, description: `The value of ${key} in each replication, with their mean and its confidence interval.`, width: WIDTH, height }, [
        keyItems.svg,
        axisLeft(y, left, { label: key, gridTo: WIDTH - right }),
        ...marks,
        axisBottom(x, height - 50, { label: 'replication', ticks: Math.min(10, values.length), formatTick: (t) => (Number.isInteger(t) ? String(t) : '') }),
      ]);
      return {
        name,
        title,
        svg,
        caption: `Each dot is one independent replication; the band is the ${pct} Student-t confidence interval of their mean` + (expected !== null ? ', the dashed line the theoretical value.' : '.'),
      };
    });
}
