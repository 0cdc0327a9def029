/**
 * The page of a sweep: each key metric compared across the parameter combinations
 * (mean over replications with a 95% confidence interval), and for Open Connect the
 * offload over time and the startup-delay distribution of every combination.
 */
import { averageCdfs } from '../../cdn/metrics.js';
import type { Chart } from './chart.js';
import { compareChart, formatter } from './compare.js';
import { formatInteger, formatSeconds } from './format.js';
import { offloadMultiplesChart } from './multiples.js';
import { openConnectView, startupCdf } from './openconnect.js';
import { figure, paragraph, type Page, type Section } from './page.js';
import type { SweepResults } from './read.js';
import { startupCdfChart } from './startup-cdf.js';
import { combinations, CONFIDENCE, metricsToCompare, paramText, pointStats, type Combination, type Metric } from './sweep.js';
import { htmlTable, type Cell } from './table.js';

const MAX_RUN_ROWS = 100;

function comparisonTable(combos: Combination[], metrics: Metric[]): string {
  const stats = metrics.map((m) => new Map(pointStats(combos, m).map((p) => [p.label, p])));
  return htmlTable(
    ['combination', 'replications', ...metrics.map((m) => (m.unit ? `${m.label} (${m.unit})` : m.label))],
    combos.map((c) => [
      c.label,
      { text: String(c.summaries.length), numeric: true },
      ...metrics.map((m, i): Cell => {
        const p = stats[i].get(c.label);
        if (!p) return { text: 'n/a', numeric: true };
        const fmt = formatter(m.format);
        const half = (p.high - p.low) / 2 / m.divide;
        return { text: Number.isFinite(half) ? `${fmt(p.mean / m.divide)} ± ${fmt(half)}` : fmt(p.mean / m.divide), numeric: true };
      }),
    ]),
  );
}

function runsTable(results: SweepResults): string {
  const rows = results.runs.slice(0, MAX_RUN_ROWS).map((r) => [
    r.id,
    { text: String(r.replication), numeric: true },
    ...results.record.parameters.map((p) => paramText(r.parameters[p])),
    r.summary ? 'finished' : 'not finished',
  ]);
  const table = htmlTable(['run', 'replication', ...results.record.parameters, 'status'], rows);
  return results.runs.length > MAX_RUN_ROWS ? `${table}${paragraph(`The first ${MAX_RUN_ROWS} of ${results.runs.length} runs; sweep.json lists them all.`)}` : table;
}

function sweepMeta(results: SweepResults): [string, string][] {
  const r = results.record;
  const m = results.manifest;
  const finished = results.runs.filter((x) => x.summary !== null).length;
  const meta: [string, string][] = [
    ['scenario', r.scenario],
    ['model', r.model],
    ['sweep', r.sweep],
    ['seed', String(r.seed)],
    ['replications', String(r.replications)],
    ['parameters', r.parameters.join(', ')],
    ['runs finished', `${formatInteger(finished)} of ${formatInteger(results.runs.length)}`],
  ];
  if (m) {
    if (typeof m.scenarioFile === 'string') meta.push(['scenario file', m.scenarioFile]);
    if (typeof m.startedAt === 'string') meta.push(['started', m.startedAt]);
    if (typeof m.finishedAt === 'string') meta.push(['finished', m.finishedAt]);
    if (typeof m.wallSeconds === 'number') meta.push(['wall time', formatSeconds(m.wallSeconds, 1)]);
    if (typeof m.status === 'string') meta.push(['status', m.status]);
  }
  return meta;
}

export function sweepPage(results: SweepResults): { page: Page; charts: Chart[] } {
  const combos = combinations(results).filter((c) => c.summaries.length > 0);
  const metrics = metricsToCompare(results.record.model, combos);
  const compare = metrics.map((m) => compareChart(m, pointStats(combos, m))).filter((c): c is Chart => c !== null);
  const charts: Chart[] = [...compare];
  const sections: Section[] = [];
  const missing = results.runs.filter((r) => r.summary === null).length;
  const intro =
    `${combos.length} parameter combination${combos.length === 1 ? '' : 's'}, each the mean over its replications with a ${Math.round(CONFIDENCE * 100)}% Student-t confidence interval.` +
    (missing > 0 ? ` ${missing} run${missing === 1 ? ' has' : 's have'} not finished and ${missing === 1 ? 'is' : 'are'} left out.` : '');
  sections.push({
    id: 'comparison',
    heading: 'Comparison',
    body: paragraph(intro, 'lead') + (metrics.length > 0 ? comparisonTable(combos, metrics) : paragraph('No metric differs between the runs.')) + compare.map(figure).join('\n'),
  });

  if (results.record.model === 'openconnect') {
    const views = combos.map((c) => ({ label: c.label, views: c.summaries.map(openConnectView) }));
    const multiples = offloadMultiplesChart(views);
    const cdfs = startupCdfChart(
      combos
        .map((c) => ({ label: c.label, cdf: averageCdfs(c.summaries.map((s) => startupCdf(s.startupDelayCdf))) }))
        .filter((x): x is { label: string; cdf: NonNullable<typeof x.cdf> } => x.cdf !== null),
      'startup-delay-cdf-by-combination',
    );
    const over = [multiples, cdfs].filter((c): c is Chart => c !== null);
    charts.push(...over);
    if (over.length > 0) sections.push({ id: 'over-time', heading: 'By combination', body: over.map(figure).join('\n') });
  }
  sections.push({ id: 'runs', heading: 'Runs', body: runsTable(results) });
  return {
    page: {
      title: `${results.record.scenario}: sweep of ${results.record.parameters.join(' × ')}`,
      lead: `${formatInteger(results.runs.length)} runs of the ${results.record.model} model: ${combos.length} combinations × ${results.record.replications} replication${results.record.replications === 1 ? '' : 's'}.`,
      meta: sweepMeta(results),
      sections,
    },
    charts,
  };
}
