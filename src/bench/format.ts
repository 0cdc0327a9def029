/** The terminal form of the CI benchmark reports. */
import { isAbsolute, relative } from 'node:path';
import type { ExactReport, Mismatch } from './ci.js';
import type { BaseTimingReport, ScenarioTiming } from './timing.js';
import { median } from '../metrics/stats.js';

/** Relative to the working directory when inside it. */
const shown = (file: string) => {
  const r = relative(process.cwd(), file);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : file;
};

export function formatExact(report: ExactReport): string[] {
  const lines: string[] = [];
  for (const check of report.checks) {
    // Engines that went wrong the same way are listed together.
    const groups = new Map<string, { engines: string[]; mismatches: Mismatch[] }>();
    for (const e of check.engines) {
      const key = JSON.stringify(e.mismatches);
      const g = groups.get(key) ?? { engines: [], mismatches: e.mismatches };
      g.engines.push(e.engine);
      groups.set(key, g);
    }
    for (const g of groups.values()) {
      const head = `exact ${shown(check.file)} (${check.scenario}) on ${g.engines.join(', ')}`;
      if (g.mismatches.length === 0) lines.push(`${head}: ok`);
      else lines.push(`${head}: CHANGED against ${shown(check.baselineFile)}`, ...mismatchLines(g.mismatches));
    }
  }
  for (const s of report.skipped) lines.push(`the ${s.engine} engine was not checked: ${s.reason}`);
  if (!report.ok) lines.push("if the change is intended, rewrite the baselines with 'cdnsim bench ci --update-baseline' and commit them");
  return lines;
}

function mismatchLines(ms: Mismatch[]): string[] {
  const lines: string[] = [];
  if (ms.some((m) => m.kind === 'scenario')) lines.push('  the scenario itself changed since its baseline (scenario hash or seed)');
  const values = ms.filter((m) => m.kind === 'counter' || m.kind === 'metric');
  for (const m of values.slice(0, 40)) lines.push(`  ${m.kind} ${m.name}: baseline ${String(m.baseline)}, now ${String(m.got)}`);
  if (values.length > 40) lines.push(`  … and ${values.length - 40} more`);
  if (values.length === 0 && ms.some((m) => m.kind === 'summary')) lines.push('  summary.json differs outside its scalar metrics (series, per-replication, per-site or per-link lists)');
  return lines;
}

export function formatTiming(report: BaseTimingReport): string[] {
  const base = report.baseCommit ? `${report.baseRef} (merge-base ${report.baseCommit.slice(0, 12)})` : report.base;
  const first = report.scenarios[0];
  const lines = [`timing: BASE ${base}, NEW ${report.new}${first ? `; ${first.engine} engine, ${first.pairs.length} pairs in ABBA order` : ''}`];
  for (const s of report.scenarios) lines.push(...scenarioLines(s));
  return lines;
}

function scenarioLines(s: ScenarioTiming): string[] {
  const pct = Math.round(s.confidence * 100);
  const verdict = s.slower ? `SLOWER: even the ${pct}% upper bound is below ${fmt(s.limit)}` : `ok (fails only when the ${pct}% upper bound is below ${fmt(s.limit)})`;
  const bounds = s.enoughSamples ? `${pct}% bounds [${fmt(s.lower)}, ${fmt(s.upper)}]` : `no ${pct}% bounds from ${s.pairs.length} pairs`;
  const lines = [
    `  ${shown(s.file)}: NEW/BASE events/s ${fmt(s.ratio)}, ${bounds}: ${verdict}`,
    `    pairs ${s.pairs.map((p) => fmt(p.ratio)).join(' ')}; BASE ${medianText(s.pairs.map((p) => p.base))} events/s, NEW ${medianText(s.pairs.map((p) => p.new))} events/s (medians)`,
  ];
  if (!s.enoughSamples) lines.push(`    too few pairs for a ${pct}% bound: this check cannot fail; use more --samples`);
  if (!s.sameWork) lines.push('    the builds processed different numbers of events: events/s compares different work');
  return lines;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : String(x);
}


function medianText(xs: number[]): string {
  return Math.round(median(xs)).toLocaleString('en-US');
}
