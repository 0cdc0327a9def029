/**
 * The report page: one self-contained HTML file with inline CSS and inline SVG charts,
 * no script and no external resource, so it opens offline, from an e-mail attachment,
 * or from a CI artifact.
 */
import type { Chart } from './chart.js';
import { escapeXml } from './escape.js';

export interface Section {
  id: string;
  heading: string;
  /** Markup. */
  body: string;
}

export interface Page {
  title: string;
  /** A sentence under the title. */
  lead: string;
  /** [label, value] pairs of where the results came from. */
  meta: [string, string][];
  sections: Section[];
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1a1a1a; background: #f6f6f4; }
main { max-width: 880px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 36px 0 10px; padding-top: 8px; border-top: 1px solid #ddd; }
p.lead { color: #444; margin: 0 0 16px; }
p.note, figcaption { color: #555; font-size: 13px; }
nav ul { display: flex; flex-wrap: wrap; gap: 4px 14px; list-style: none; padding: 0; margin: 8px 0 0; }
a { color: #1f4e79; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; font-size: 13px; }
dl.meta dt { color: #555; }
dl.meta dd { margin: 0; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.numbers { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 10px; margin: 0; }
.numbers div { background: #fff; border: 1px solid #e2e2e2; border-radius: 6px; padding: 8px 12px; }
.numbers dt { color: #555; font-size: 12px; }
.numbers dd { margin: 0; font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
figure { margin: 16px 0 24px; background: #fff; border: 1px solid #e2e2e2; border-radius: 6px; padding: 8px; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { padding: 6px 6px 2px; }
.table-wrap { overflow-x: auto; background: #fff; border: 1px solid #e2e2e2; border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
th { background: #fafafa; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
pre { background: #fff; border: 1px solid #e2e2e2; border-radius: 6px; padding: 10px 12px; overflow-x: auto; font-size: 12.5px; }
details summary { cursor: pointer; margin: 8px 0; }
footer { margin-top: 40px; color: #777; font-size: 12px; }
@media print { body { background: #fff; } figure, .numbers div, .table-wrap, pre { border-color: #ccc; } h2 { break-after: avoid; } figure { break-inside: avoid; } }
`;

export function figure(chart: Chart): string {
  return `<figure id="fig-${chart.name}">\n${chart.svg}\n<figcaption>${escapeXml(chart.caption)}</figcaption>\n</figure>`;
}

export function keyNumbers(items: { label: string; value: string }[]): string {
  return `<dl class="numbers">${items.map((i) => `<div><dt>${escapeXml(i.label)}</dt><dd>${escapeXml(i.value)}</dd></div>`).join('')}</dl>`;
}

export function paragraph(text: string, className = 'note'): string {
  return `<p class="${className}">${escapeXml(text)}</p>`;
}

export function preformatted(lines: string[]): string {
  return `<pre>${escapeXml(lines.join('\n'))}</pre>`;
}

export function collapsed(summary: string, body: string): string {
  return `<details><summary>${escapeXml(summary)}</summary>${body}</details>`;
}

export function renderPage(page: Page): string {
  const meta = `<dl class="meta">${page.meta.map(([k, v]) => `<dt>${escapeXml(k)}</dt><dd>${escapeXml(v)}</dd>`).join('')}</dl>`;
  const nav = `<nav aria-label="Contents"><ul>${page.sections.map((s) => `<li><a href="#${escapeXml(s.id)}">${escapeXml(s.heading)}</a></li>`).join('')}</ul></nav>`;
  const sections = page.sections.map((s) => `<section id="${escapeXml(s.id)}">\n<h2>${escapeXml(s.heading)}</h2>\n${s.body}\n</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="cdnsim report">
<title>${escapeXml(page.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<h1>${escapeXml(page.title)}</h1>
<p class="lead">${escapeXml(page.lead)}</p>
${meta}
${nav}
</header>
${sections}
<footer>Written by cdnsim report from the results directory’s summary and manifest files. Charts are also saved as SVG files in charts/.</footer>
</main>
</body>
</html>
`;
}
