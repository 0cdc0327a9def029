/** The terminal form of a CompareReport: one table per run or sweep point, then the verdict. */
import type { CompareReport, Comparison, Row, Tolerance } from './compare.js';

export interface FormatOptions {
  /** Show unchanged metrics too. */
  all?: boolean;
  /** Show a sweep's runs one by one after its points. */
  runs?: boolean;
}

const HEADER = ['metric', 'base', 'new', 'delta', 'change', 'verdict'];

export function formatCompare(report: CompareReport, options: FormatOptions = {}): string[] {
  const lines = [headline(report)];
  for (const c of report.comparisons) lines.push('', ...table(c, options.all ?? false));
  if (options.runs) for (const c of report.runs) lines.push('', ...table(c, options.all ?? false));
  lines.push('', ...notes(report), verdictLine(report));
  return lines;
}

function headline(r: CompareReport): string {
  const what = r.kind === 'run' ? 'single run' : `sweep, ${r.comparisons.length} point${r.comparisons.length === 1 ? '' : 's'} (means over replications)`;
  const per = Object.entries(r.thresholds.metrics).map(([k, t]) => `${k}=${toleranceText(t)}`);
  return `BASE ${r.base}  NEW ${r.new}  (${what}, model ${r.model}; threshold ${[toleranceText(r.thresholds.default), ...per].join(', ')}${r.strict ? ', strict' : ''})`;
}

function table(c: Comparison, all: boolean): string[] {
  const shown = c.rows.filter((row) => all || row.status !== 'unchanged');
  const unchanged = c.rows.length - c.rows.filter((row) => row.status !== 'unchanged').length;
  const title = c.kind === 'point' ? `${c.label || '(no parameters)'}  [${c.runs.length} run${c.runs.length === 1 ? '' : 's'}]` : c.label;
  const cells = [HEADER, ...shown.map(rowCells)];
  const widths = HEADER.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const body = shown.length > 0 ? cells.map((r) => '  ' + r.map((cell, i) => (i === 0 || i === 5 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd()) : [];
  const tail = !all && unchanged > 0 ? [`  ${unchanged} metric${unchanged === 1 ? '' : 's'} unchanged`] : [];
  return [title, ...body, ...tail];
}

function rowCells(row: Row): string[] {
  return [row.metric, num(row.base), num(row.new), row.delta === null ? '' : signed(row.delta), row.relative === null ? '' : percent(row.relative), verdict(row)];
}

function verdict(row: Row): string {
  const better = row.direction === 'higher' ? 'higher is better' : 'lower is better';
  switch (row.status) {
    case 'unchanged':
      return '';
    case 'improved':
      return `better (${better})`;
    case 'worse':
      return `worse, within ${toleranceText(row.tolerance)}`;
    case 'regressed':
      return row.direction === 'neutral' ? `CHANGED past ${toleranceText(row.tolerance)} (strict)` : `REGRESSED past ${toleranceText(row.tolerance)} (${better})`;
    case 'changed':
      return row.classified ? 'changed' : 'changed (unclassified)';
  }
}

function notes(r: CompareReport): string[] {
  const out: string[] = [];
  const list = (label: string, xs: string[]) => {
    if (xs.length > 0) out.push(`${label}: ${xs.slice(0, 10).join(', ')}${xs.length > 10 ? ` and ${xs.length - 10} more` : ''}`);
  };
  list('runs only in BASE (or unfinished in NEW)', r.runsOnlyInBase);
  list('runs only in NEW (or unfinished in BASE)', r.runsOnlyInNew);
  list('metrics only in BASE', r.metricsOnlyInBase);
  list('metrics only in NEW', r.metricsOnlyInNew);
  return out;
}

function verdictLine(r: CompareReport): string {
  if (r.ok) return 'ok: no metric moved past its threshold in its bad direction';
  const where = r.comparisons.flatMap((c) => c.rows.filter((row) => row.status === 'regressed').map((row) => (r.kind === 'run' ? row.metric : `${row.metric} [${c.label}]`)));
  return `FAIL: ${r.regressions} regression${r.regressions === 1 ? '' : 's'}: ${where.slice(0, 8).join(', ')}${where.length > 8 ? ', …' : ''}`;
}

export function toleranceText(t: Tolerance): string {
  return t.kind === 'relative' ? `${+(t.value * 100).toPrecision(6)}%` : `${t.value} absolute`;
}

/** Six significant digits; exponents for the very large (byte counts) and the very small. */
function num(x: number | null): string {
  if (x === null) return 'null';
  const a = Math.abs(x);
  if (Number.isInteger(x) && a < 1e9) return String(x);
  if (a >= 1e9 || a < 1e-4) return x.toExponential(5).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(6)));
}

function signed(x: number): string {
  return (x > 0 ? '+' : '') + num(x);
}

function percent(x: number): string {
  const p = x * 100;
  const shown = p === 0 || Math.abs(p) >= 0.01 ? p.toFixed(2) : p.toPrecision(2);
  return `${p > 0 ? '+' : ''}${shown}%`;
}
