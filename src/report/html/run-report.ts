/**
 * The page of a single run. Open Connect runs get the key numbers, the fault table,
 * the time charts and the per-site and per-link tables; any other model gets its own
 * summary lines, its numbers and lists as tables, and the per-replication charts.
 */
import type { Json } from '../../models/model.js';
import { findModel } from '../../models/index.js';
import type { Chart, ChartContext } from './chart.js';
import { fillChart } from './fill.js';
import { formatBitrate, formatBytes, formatClock, formatDuration, formatInteger, formatNumber, formatPercent, formatSeconds } from './format.js';
import { linkHeatmapChart } from './link-heatmap.js';
import { missesChart } from './misses.js';
import { offloadChart } from './offload.js';
import { qoeTables, qoeView, startupByRankChart } from './qoe.js';
import { hasSeries, isOpenConnect, num, openConnectView, type OpenConnectView } from './openconnect.js';
import { collapsed, figure, keyNumbers, paragraph, preformatted, type Page, type Section } from './page.js';
import { isObject, type JsonObject, type RunResults } from './read.js';
import { replicationCharts } from './replications.js';
import { siteHitRatioChart } from './site-hit-ratio.js';
import { startupCdfChart } from './startup-cdf.js';
import { htmlTable, objectListTable, objectLists, scalarTable } from './table.js';
import { trafficChart } from './traffic.js';

/** The scenario as the manifest recorded it (resolved: units in seconds, bytes, bit/s). */
export function manifestScenario(manifest: JsonObject | null): Json | undefined {
  return manifest?.scenario;
}

export function chartContext(manifest: JsonObject | null): ChartContext {
  const s = manifestScenario(manifest);
  const start = isObject(s) && typeof s.start === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s.start) ? s.start : undefined;
  return { start };
}

const str = (x: Json | undefined) => (x === undefined || x === null ? 'n/a' : typeof x === 'string' ? x : typeof x === 'number' ? formatNumber(x) : JSON.stringify(x));

/** Where the results came from: only what the files say, so equal files give an equal page. */
export function runMeta(summary: JsonObject, manifest: JsonObject | null): [string, string][] {
  const meta: [string, string][] = [
    ['scenario', str(summary.scenario)],
    ['model', str(summary.model)],
    ['seed', str(summary.seed)],
    ['replications', str(summary.replications)],
  ];
  if (typeof summary.duration === 'number') meta.push(['simulated', `${formatDuration(summary.duration)} (warm-up ${formatDuration(num(summary.warmup) ?? 0)})`]);
  if (manifest) {
    if (typeof manifest.scenarioFile === 'string') meta.push(['scenario file', manifest.scenarioFile]);
    if (typeof manifest.engine === 'string') meta.push(['engine', manifest.engine]);
    const c = manifest.cdnsim;
    if (isObject(c)) meta.push(['cdnsim', `${str(c.version)}${typeof c.commit === 'string' ? ` (${c.commit})` : ''}`]);
    if (typeof manifest.startedAt === 'string') meta.push(['started', manifest.startedAt]);
    if (typeof manifest.finishedAt === 'string') meta.push(['finished', manifest.finishedAt]);
    if (typeof manifest.wallSeconds === 'number') meta.push(['wall time', formatSeconds(manifest.wallSeconds, 1)]);
    if (typeof manifest.status === 'string') meta.push(['status', manifest.status]);
  }
  if (typeof summary.eventsProcessed === 'number') meta.push(['events', formatInteger(summary.eventsProcessed)]);
  return meta;
}

/** The Open Connect headline figures that the summary has, formatted. */
export function openConnectNumbers(s: JsonObject): { label: string; value: string }[] {
  const items: { label: string; key: string; fmt: (x: number) => string }[] = [
    { key: 'offload', label: 'offload (embedded OCAs)', fmt: (x) => formatPercent(x) },
    { key: 'byteHitRatio', label: 'served by any OCA', fmt: (x) => formatPercent(x) },
    { key: 'hitRatio', label: 'hit ratio, preferred site', fmt: (x) => formatPercent(x) },
    { key: 'bytesServed', label: 'bytes served', fmt: formatBytes },
    { key: 'transitBytes', label: 'transit', fmt: formatBytes },
    { key: 'backboneBytes', label: 'CDN backbone to exchanges', fmt: formatBytes },
    { key: 'contentMissBytes', label: 'content misses', fmt: formatBytes },
    { key: 'healthMissBytes', label: 'health misses', fmt: formatBytes },
    { key: 'fillBytes', label: 'fill', fmt: formatBytes },
    { key: 'startupDelayP50', label: 'startup delay p50', fmt: (x) => formatSeconds(x, 3) },
    { key: 'startupDelayP95', label: 'startup delay p95', fmt: (x) => formatSeconds(x, 3) },
    { key: 'startupDelayMean', label: 'startup delay mean', fmt: (x) => formatSeconds(x, 3) },
    { key: 'rebufferRatio', label: 'rebuffer ratio', fmt: (x) => formatPercent(x, 3) },
    { key: 'averageBitrate', label: 'average bit rate', fmt: formatBitrate },
    { key: 'peakLinkUtilisation', label: 'peak link utilisation', fmt: (x) => formatPercent(x) },
    { key: 'sessions', label: 'playbacks', fmt: formatInteger },
    { key: 'failovers', label: 'client failovers', fmt: formatInteger },
  ];
  return items.filter((i) => typeof s[i.key] === 'number').map((i) => ({ label: i.label, value: i.fmt(s[i.key] as number) }));
}

function faultsTable(view: OpenConnectView): string {
  return htmlTable(
    ['fault', 'at', 'until', 'offload before', 'during', 'after', 'offload back after'],
    view.faults.map((f) => [
      f.type,
      formatClock(f.at),
      f.until === null ? '—' : formatClock(f.until),
      { text: formatPercent(f.offloadBefore), numeric: true },
      { text: formatPercent(f.offloadDuring), numeric: true },
      { text: formatPercent(f.offloadAfter), numeric: true },
      { text: f.timeToRecover === null ? 'not within the run' : formatSeconds(f.timeToRecover, 0), numeric: true },
    ]),
  );
}

function sitesTable(view: OpenConnectView): string {
  const rows = [...view.sites].sort((a, b) => b.bytesServed - a.bytesServed || (a.name < b.name ? -1 : 1));
  return htmlTable(
    ['site', 'bytes served', 'hit ratio', 'byte hit ratio'],
    rows.map((s) => [s.name, { text: formatBytes(s.bytesServed), numeric: true }, { text: formatPercent(s.hitRatio), numeric: true }, { text: formatPercent(s.byteHitRatio), numeric: true }]),
  );
}

const LINKS_NOTE =
  'Bytes that crossed each link after warm-up; utilisation is the average rate over each 5-minute interval after warm-up, over capacity: the highest, the 95th percentile as interconnects are billed (the top 5% of samples dropped), and the mean.';

function linksTable(view: OpenConnectView): string {
  const rows = [...view.links].sort((a, b) => (b.peakUtilisation ?? -1) - (a.peakUtilisation ?? -1) || (a.name < b.name ? -1 : 1));
  return htmlTable(
    ['link', 'kind', 'capacity', 'bytes', 'peak utilisation', 'p95 utilisation', 'mean utilisation'],
    rows.map((l) => [
      l.name,
      l.kind ?? '',
      { text: l.capacity === null ? 'n/a' : `${formatNumber(l.capacity / 1e9)} Gbit/s`, numeric: true },
      { text: l.bytes === null ? 'n/a' : formatBytes(l.bytes), numeric: true },
      { text: formatPercent(l.peakUtilisation), numeric: true },
      { text: formatPercent(l.p95Utilisation), numeric: true },
      { text: formatPercent(l.meanUtilisation), numeric: true },
    ]),
  );
}

/** Every Open Connect chart the view has data for, in reading order. */
export function openConnectCharts(view: OpenConnectView, summary: JsonObject, ctx: ChartContext, scenario: Json | undefined): Chart[] {
  const charts: (Chart | null)[] = [];
  if (hasSeries(view)) {
    charts.push(trafficChart(view, ctx), offloadChart(view, ctx, num(summary.offload)), missesChart(view, ctx), siteHitRatioChart(view, ctx), linkHeatmapChart(view, ctx));
  }
  charts.push(view.startupCdf ? startupCdfChart([{ label: String(summary.scenario ?? 'run'), cdf: view.startupCdf }]) : null);
  const qoe = qoeView(summary);
  charts.push(qoe ? startupByRankChart(qoe) : null);
  if (hasSeries(view)) charts.push(fillChart(view, scenario));
  return charts.filter((c): c is Chart => c !== null);
}

const QOE_NOTE =
  'Per playback, over the playbacks that began after warm-up, grouped by the site that served the first segment and its proximity rank. Startup percentiles are over playbacks that started; the rebuffering ratio is stalled / (played + stalled) time over the group, its p90 and p99 the per-playback ratio; bit rate is time-weighted; switches are per minute played.';

/** Leave out of the "all numbers" table what has its own table or chart. */
const OC_DETAIL = new Set(['series', 'perReplication', 'sites', 'links', 'appliances', 'faults', 'startupDelayCdf', 'qoe']);

function openConnectPage(results: RunResults): { page: Page; charts: Chart[] } {
  const { summary, manifest } = results;
  const view = openConnectView(summary);
  const ctx = chartContext(manifest);
  const charts = openConnectCharts(view, summary, ctx, manifestScenario(manifest));
  const sections: Section[] = [{ id: 'key-numbers', heading: 'Key numbers', body: keyNumbers(openConnectNumbers(summary)) }];
  if (view.faults.length > 0) {
    sections.push({
      id: 'faults',
      heading: 'Faults',
      body:
        faultsTable(view) +
        paragraph('Offload in the hour before the fault, while it lasted and in the hour after; the last column is how long after the repair offload came back to within one point of its level before.'),
    });
  }
  const notes: string[] = [];
  if (!hasSeries(view)) notes.push('This summary has no time series (written by an older cdnsim), so only the charts that need none are drawn.');
  if (!view.startupCdf) notes.push('This summary has no startupDelayCdf (written by an older cdnsim): rerun it for the startup-delay chart.');
  if (view.replications > 1) notes.push(`Series are averaged bin by bin over the ${view.replications} replications; the site and link tables are those of replication 0.`);
  sections.push({ id: 'charts', heading: 'Charts', body: notes.map((n) => paragraph(n)).join('') + charts.map(figure).join('\n') });
  const qoe = qoeView(summary);
  if (qoe) sections.push({ id: 'qoe', heading: 'Quality of experience', body: paragraph(QOE_NOTE) + qoeTables(qoe) });
  if (view.sites.length > 0) sections.push({ id: 'sites', heading: 'Sites', body: sitesTable(view) });
  if (view.links.length > 0) sections.push({ id: 'links', heading: 'Links', body: paragraph(LINKS_NOTE) + linksTable(view) });
  const appliances = Array.isArray(summary.appliances) ? summary.appliances.filter(isObject) : [];
  sections.push({
    id: 'all-numbers',
    heading: 'All numbers',
    body: collapsed('Every other number in summary.json', scalarTable(summary, OC_DETAIL)) + (appliances.length > 0 ? collapsed(`Appliances (${appliances.length})`, objectListTable(appliances)) : ''),
  });
  const reps = num(summary.replications) ?? 1;
  return {
    page: {
      title: `${str(summary.scenario)}: Open Connect run`,
      lead: `${typeof summary.duration === 'number' ? formatDuration(summary.duration) : 'A run'} of simulated time, ${reps} replication${reps === 1 ? '' : 's'}.`,
      meta: runMeta(summary, manifest),
      sections,
    },
    charts,
  };
}

/** The model's own terminal lines; a summary the model cannot read just has none. */
function modelLines(summary: JsonObject): string[] {
  const model = typeof summary.model === 'string' ? findModel(summary.model) : undefined;
  if (!model) return [];
  try {
    return model.report(summary);
  } catch {
    return [];
  }
}

const GENERIC_DETAIL = new Set(['perReplication', 'series']);

function genericPage(results: RunResults): { page: Page; charts: Chart[] } {
  const { summary, manifest } = results;
  const charts = replicationCharts(summary);
  const lines = modelLines(summary);
  const sections: Section[] = [];
  if (lines.length > 0) sections.push({ id: 'summary', heading: 'Summary', body: preformatted(lines) });
  if (charts.length > 0) sections.push({ id: 'charts', heading: 'Charts', body: charts.map(figure).join('\n') });
  sections.push({ id: 'numbers', heading: 'Numbers', body: scalarTable(summary, new Set([...GENERIC_DETAIL, ...objectLists(summary).map((l) => l.key)])) });
  for (const list of objectLists(summary, new Set(['series']))) {
    sections.push({ id: `list-${list.key}`, heading: `${list.key} (${list.rows.length})`, body: objectListTable(list.rows) });
  }
  return {
    page: {
      title: `${str(summary.scenario)}: ${str(summary.model)} run`,
      lead: typeof summary.duration === 'number' ? `${formatDuration(summary.duration)} of simulated time, ${str(summary.replications)} replication(s).` : 'A run.',
      meta: runMeta(summary, manifest),
      sections,
    },
    charts,
  };
}

export function runPage(results: RunResults): { page: Page; charts: Chart[] } {
  return isOpenConnect(results.summary) ? openConnectPage(results) : genericPage(results);
}
