/**
 * `cdnsim report`: one self-contained report.html for a results directory (a run or a
 * sweep), and each chart also as charts/<name>.svg for slides and papers. The output
 * is a function of the files read: no clock, no host, no randomness.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isOwned, recordOwned } from '../../run/folder.js';
import { writeFileAtomic } from '../../util/atomic.js';
import type { Chart } from './chart.js';
import { renderPage } from './page.js';
import { readResults, type Results } from './read.js';
import { runPage } from './run-report.js';
import { sweepPage } from './sweep-report.js';

export const REPORT_FILE = 'report.html';
export const CHARTS_DIR = 'charts';

/** The report of results already read: the page's markup and its charts. */
export function buildReport(results: Results): { html: string; charts: Chart[] } {
  const { page, charts } = results.kind === 'sweep' ? sweepPage(results) : runPage(results);
  return { html: renderPage(page), charts };
}

export function chartFile(chart: Chart): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${chart.svg}\n`;
}

/**
 * Writes `dir`/report.html and `dir`/charts/<name>.svg, each atomically; charts an
 * earlier report drew that this one no longer draws are removed (only those: a file of
 * the user's in charts/ stays, see run/folder.ts). The page is written last, so a
 * report.html on disk always has its charts beside it. Returns the paths written.
 */
export function writeReport(dir: string): { html: string; charts: string[] } {
  const { html, charts } = buildReport(readResults(dir));
  const chartsDir = join(dir, CHARTS_DIR);
  const written = charts.map((c) => {
    const file = join(chartsDir, `${c.name}.svg`);
    writeFileAtomic(file, chartFile(c));
    return file;
  });
  const keep = new Set(charts.map((c) => `${c.name}.svg`));
  let present: string[] = [];
  try {
    present = readdirSync(chartsDir);
  } catch {
    // No charts directory: nothing stale.
  }
  const owned = isOwned(dir);
  const stale = present.filter((f) => f.endsWith('.svg') && !keep.has(f) && owned(`${CHARTS_DIR}/${f}`));
  for (const f of stale) rmSync(join(chartsDir, f), { force: true });
  const page = join(dir, REPORT_FILE);
  writeFileAtomic(page, html);
  recordOwned(dir, [REPORT_FILE, ...charts.map((c) => `${CHARTS_DIR}/${c.name}.svg`)], stale.map((f) => `${CHARTS_DIR}/${f}`));
  return { html: page, charts: written };
}
