/**
 * HTML tables: the key numbers, lists of objects (sites, links, faults, events) and the
 * summary's remaining scalars, so that a model the report has no charts for still gets
 * every number it wrote.
 */
import type { Json } from '../../models/model.js';
import { escapeXml } from './escape.js';
import { formatNumber } from './format.js';
import { isObject, type JsonObject } from './read.js';

export interface Cell {
  text: string;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
}

export function htmlTable(head: string[], rows: (string | Cell)[][], className = 'data'): string {
  const cell = (c: string | Cell, tag: 'td' | 'th') => {
    const x = typeof c === 'string' ? { text: c } : c;
    return `<${tag}${x.numeric ? ' class="num"' : ''}>${escapeXml(x.text)}</${tag}>`;
  };
  const thead = `<thead><tr>${head.map((h) => cell(h, 'th')).join('')}</tr></thead>`;
  const tbody = `<tbody>${rows.map((r) => `<tr>${r.map((c) => cell(c, 'td')).join('')}</tr>`).join('\n')}</tbody>`;
  return `<div class="table-wrap"><table class="${className}">${thead}\n${tbody}</table></div>`;
}

export function scalarText(v: Json): string {
  if (typeof v === 'number') return formatNumber(v);
  if (v === null) return 'n/a';
  return String(v);
}

const SHORT_LIST = 8;

/** A leaf for display: short lists of numbers as one comma-separated value. */
export function leafText(v: Json): string {
  if (!Array.isArray(v)) return scalarText(v);
  if (v.every((x) => typeof x === 'number' || x === null) && v.length > SHORT_LIST) return `${v.length} values`;
  return v.map(scalarText).join(', ');
}

/**
 * Every leaf at any depth as [dotted name, value]: scalars, and lists of scalars kept
 * whole. Lists of objects are left to `objectLists`; top-level keys in `skip` are left out.
 */
export function flattenScalars(value: Json, skip: ReadonlySet<string> = new Set()): [string, Json][] {
  const out: [string, Json][] = [];
  const walk = (v: Json, name: string) => {
    if (Array.isArray(v)) {
      if (v.every((x) => !isObject(x) && !Array.isArray(x))) out.push([name, v]);
    } else if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) if (!(name === '' && skip.has(k))) walk(x, name ? `${name}.${k}` : k);
    } else out.push([name, v]);
  };
  walk(value, '');
  return out;
}

/** Top-level lists of objects (sites, links, events...), by key. */
export function objectLists(summary: JsonObject, skip: ReadonlySet<string> = new Set()): { key: string; rows: JsonObject[] }[] {
  return Object.entries(summary)
    .filter(([k, v]) => !skip.has(k) && Array.isArray(v) && v.length > 0 && v.every(isObject))
    .map(([key, v]) => ({ key, rows: v as JsonObject[] }));
}

export const MAX_ROWS = 100;

/** A list of objects as a table: the union of their flattened fields as columns. */
export function objectListTable(rows: JsonObject[], limit = MAX_ROWS): string {
  const flat = rows.slice(0, limit).map((r) => new Map(flattenScalars(r)));
  const columns: string[] = [];
  for (const r of flat) for (const k of r.keys()) if (!columns.includes(k)) columns.push(k);
  const isNumeric = (c: string) => flat.every((r) => ['number', 'undefined'].includes(typeof r.get(c)) || r.get(c) === null);
  const numeric = new Set(columns.filter(isNumeric));
  const body = flat.map((r) => columns.map((c) => ({ text: r.has(c) ? leafText(r.get(c) as Json) : '', numeric: numeric.has(c) })));
  const table = htmlTable(columns, body);
  return rows.length > limit ? `${table}<p class="note">The first ${limit} of ${rows.length} rows; summary.json has them all.</p>` : table;
}

/** The scalars of a summary as a two-column table. */
export function scalarTable(summary: JsonObject, skip: ReadonlySet<string>): string {
  return htmlTable(
    ['field', 'value'],
    flattenScalars(summary, skip).map(([k, v]) => [k, leafText(v)]),
  );
}
