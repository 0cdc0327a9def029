/**
 * Quality of experience in the report: a table per grouping (the whole CDN, per
 * proximity rank, per ISP, per site) and the startup-delay CDF per proximity rank,
 * read defensively from summary.json's `qoe` (src/cdn/qoe.ts; absent in results of an
 * older cdnsim). With several replications the summary's `qoe` is already averaged.
 */
import type { Json } from '../../models/model.js';
import type { Chart } from './chart.js';
import { formatBitrate, formatInteger, formatNumber, formatPercent, formatSeconds } from './format.js';
import { num, startupCdf, type StartupCdf } from './openconnect.js';
import { isObject, type JsonObject } from './read.js';
import { startupCdfChart } from './startup-cdf.js';
import { htmlTable, MAX_ROWS, type Cell } from './table.js';

export interface QoeRow {
  name: string;
  /** The group's numbers by summary.json's field names; a field missing or not finite is null. */
  figures: Record<string, number | null>;
  startupCdf: StartupCdf | null;
}

export interface QoeView {
  all: QoeRow;
  byRank: QoeRow[];
  byIsp: QoeRow[];
  bySite: QoeRow[];
}

function rowOf(name: string, g: JsonObject): QoeRow {
  const figures: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(g)) if (typeof v === 'number' || v === null) figures[k] = num(v);
  return { name, figures, startupCdf: startupCdf(g.startupCdf) };
}

function rows(x: Json | undefined): QoeRow[] {
  return Array.isArray(x) ? x.filter(isObject).map((g) => rowOf(String(g.name ?? ''), g)) : [];
}

/** The summary's QoE, or null when it has none. */
export function qoeView(summary: JsonObject): QoeView | null {
  const q = summary.qoe;
  if (!isObject(q) || !isObject(q.all)) return null;
  return { all: rowOf('all', q.all), byRank: rows(q.byRank), byIsp: rows(q.byIsp), bySite: rows(q.bySite) };
}

/** The columns every QoE table has after the group's name: heading, field, format. */
const COLUMNS: [string, string, (x: number | null) => string][] = [
  ['playbacks', 'sessions', (x) => (x === null ? 'n/a' : formatInteger(x))],
  ['never started', 'neverStartedShare', (x) => formatPercent(x)],
  ['startup p50', 'startupP50', (x) => formatSeconds(x, 2)],
  ['startup p90', 'startupP90', (x) => formatSeconds(x, 2)],
  ['startup p95', 'startupP95', (x) => formatSeconds(x, 2)],
  ['startup p99', 'startupP99', (x) => formatSeconds(x, 2)],
  ['rebuffering ratio', 'rebufferRatio', (x) => formatPercent(x, 3)],
  ['ratio p90, per playback', 'rebufferRatioP90', (x) => formatPercent(x, 2)],
  ['ratio p99, per playback', 'rebufferRatioP99', (x) => formatPercent(x, 2)],
  ['stalls per playback', 'rebufferEventsPerSession', formatNumber],
  ['with a stall', 'rebufferedShare', (x) => formatPercent(x)],
  ['bit rate', 'bitrate', formatBitrate],
  ['switches per minute', 'switchesPerMinute', formatNumber],
];

/**
 * One grouping as a table, in summary.json's order (`sortBySessions` for ISPs and
 * sites: the busiest first, the first MAX_ROWS of them).
 */
export function qoeTable(groupHeading: string, groups: QoeRow[], sortBySessions = false): string {
  const ordered = sortBySessions ? [...groups].sort((a, b) => (b.figures.sessions ?? 0) - (a.figures.sessions ?? 0) || (a.name < b.name ? -1 : 1)) : groups;
  const body = ordered.slice(0, MAX_ROWS).map((g): (string | Cell)[] => [g.name, ...COLUMNS.map(([, field, fmt]) => ({ text: fmt(g.figures[field] ?? null), numeric: true }))]);
  const table = htmlTable([groupHeading, ...COLUMNS.map(([heading]) => heading)], body);
  return ordered.length > MAX_ROWS ? `${table}<p class="note">The ${MAX_ROWS} busiest of ${ordered.length}; summary.json and qoe.csv have them all.</p>` : table;
}

/** The QoE section's tables: the whole CDN, then per rank, ISP and site. */
export function qoeTables(v: QoeView): string {
  const parts = [qoeTable('', [{ ...v.all, name: 'whole CDN' }])];
  if (v.byRank.length > 0) parts.push('<h3>By proximity rank of the first site</h3>', qoeTable('rank', v.byRank));
  if (v.byIsp.length > 0) parts.push('<h3>By ISP</h3>', qoeTable('ISP', v.byIsp, true));
  if (v.bySite.length > 0) parts.push('<h3>By site that served the first segment</h3>', qoeTable('site', v.bySite, true));
  return parts.join('\n');
}

/** The startup-delay CDF, one curve per proximity rank that had playbacks start; null with fewer than two. */
export function startupByRankChart(v: QoeView): Chart | null {
  const curves = v.byRank.filter((g) => g.startupCdf !== null).map((g) => ({ label: g.name, cdf: g.startupCdf as StartupCdf }));
  if (curves.length < 2) return null;
  return startupCdfChart(curves, 'startup-delay-cdf-by-rank', 'Startup delay by proximity rank');
}
