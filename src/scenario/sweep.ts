/**
 * Sweep expansion: a scenario with a `sweep:` section stands for many scenarios, one per
 * grid point, each the base document with some fields replaced. Values are substituted
 * as written and every point goes through the same schema as a plain scenario, so a
 * swept value is checked exactly as if it had been typed into the file; a problem is
 * reported at the sweep entry that caused it.
 */
import { isMap, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type * as z from 'zod';
import { InputError, problems } from '../errors.js';
import type { Json } from '../util/json.js';
import { canonicalJson } from '../report/results.js';
import { parseScenarioSource, readScenarioText } from './load.js';
import { formatPath } from './path.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { checkRunSize, DEFAULT_MAX_EVENTS, estimateRun, SweepSizer, type RunSize } from './size.js';

export interface SweepPoint {
  /** Field path → value as written, in the order the sweep names them. */
  parameters: Record<string, Json>;
  /** The point as written: the base document with the values replaced, one replication, no sweep. */
  raw: Record<string, unknown>;
  scenario: Scenario;
}

export interface Sweep {
  /** Swept field paths: grid keys, then zipped keys, as written. */
  parameters: string[];
  points: SweepPoint[];
}

export const MAX_POINTS = 100_000;

/**
 * Every point is held twice (as written and validated) until the runs are planned, so
 * points × the document's size is bounded: 256 MiB of JSON is about a GiB of objects.
 */
export const MAX_EXPANDED_BYTES = 256 * 2 ** 20;

export interface LoadOptions {
  /** Refuse a run or sweep expected to process more engine events (default DEFAULT_MAX_EVENTS; Infinity for no limit). */
  maxEvents?: number;
}

export interface Loaded {
  scenario: Scenario;
  sweep?: Sweep;
  /** The expected work of every run together. */
  size: RunSize;
}

/** Fields that identify the sweep or are the runner's: replications are runs of their own. */
const UNSWEPT = new Set(['name', 'model', 'seed', 'replications', 'sweep']);

type Path = (string | number)[];

/** One dimension of the grid: a grid key, or a zipped group of keys stepped together. */
interface Axis {
  /** Where the entry sits in the document: ['sweep', 'grid'] or ['sweep', 'zip', g]. */
  at: Path;
  keys: string[];
  fields: Path[];
  lists: Json[][];
}

export function loadScenarioOrSweep(file: string, options: LoadOptions = {}): Loaded {
  return parseScenarioOrSweep(readScenarioText(file), file, options);
}

export function parseScenarioOrSweep(text: string, file = '<scenario>', options: LoadOptions = {}): Loaded {
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const { scenario, source } = parseScenarioSource(text, file);
  if (!scenario.sweep) {
    const size = estimateRun(scenario);
    checkRunSize(size, maxEvents, file);
    return { scenario, size };
  }
  const { doc, lines } = source;
  const base = structuredClone(source.data) as Record<string, unknown>;
  delete base.sweep;
  base.replications = 1;
  const at = (path: Path, key = false) => where(doc, lines, file, path, key);
  const axes = axesOf(scenario.sweep as SweepSection, at);
  // Count before anything is made: a huge grid is refused at once.
  const total = axes.reduce((n, a) => n * a.lists[0].length, 1);
  if (total > MAX_POINTS) throw new InputError(`the sweep has ${total} points; at most ${MAX_POINTS} are allowed`, { ...at(['sweep'], true), field: 'sweep' });
  const pointBytes = JSON.stringify(base).length;
  if (total * pointBytes > MAX_EXPANDED_BYTES) {
    throw new InputError(`the sweep's ${total} points of ${pointBytes} bytes each would hold more than ${MAX_EXPANDED_BYTES / 2 ** 20} MiB; sweep fewer points`, { ...at(['sweep'], true), field: 'sweep' });
  }
  for (const axis of axes) axis.keys.forEach((_key, j) => checkExists(base, axis, j, at));
  checkDistinct(axes, at);
  const sizer = new SweepSizer(total, scenario.replications, maxEvents, file);
  const points = expand(base, axes, total, at, sizer);
  return { scenario, sweep: { parameters: axes.flatMap((a) => a.keys), points }, size: sizer.size() };
}

interface SweepSection {
  grid?: Record<string, Json[]>;
  zip?: Record<string, Json[]>[];
}

type At = (path: Path, key?: boolean) => { file: string; line?: number; column?: number };

function axesOf(section: SweepSection, at: At): Axis[] {
  const axes: Axis[] = Object.entries(section.grid ?? {}).map(([key, list]) => ({ at: ['sweep', 'grid'], keys: [key], fields: [], lists: [list] }));
  (section.zip ?? []).forEach((group, g) => {
    if (Object.keys(group).length > 0) axes.push({ at: ['sweep', 'zip', g], keys: Object.keys(group), fields: [], lists: Object.values(group) });
  });
  const seen = new Set<string>();
  for (const axis of axes) {
    for (const key of axis.keys) {
      const field = [...axis.at, key];
      const path = parseFieldPath(key);
      if (!path) throw new InputError(`'${key}' is not a field path; write it like mm1.arrivalRate or isps[0].peakSessionRate`, { ...at(field, true), field: formatPath(field) });
      if (UNSWEPT.has(String(path[0]))) {
        throw new InputError(`'${path[0]}' cannot be swept: it names the sweep or is set per run (replications are runs of their own)`, { ...at(field, true), field: formatPath(field) });
      }
      if (seen.has(formatPath(path))) throw new InputError(`'${key}' is swept twice`, { ...at(field, true), field: formatPath(field) });
      seen.add(formatPath(path));
      axis.fields.push(path);
    }
  }
  return axes;
}

/** `isps[0].peakSessionRate` → ['isps', 0, 'peakSessionRate']; null when malformed. */
export function parseFieldPath(text: string): Path | null {
  if (!/^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])*$/.test(text)) return null;
  return [...text.matchAll(/([A-Za-z_][\w-]*)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
}

/**
 * A path exists when the schema knows it: the document need not spell out a field that
 * has a default, but a misspelt or foreign key, an index past an array's end or a step
 * into a plain value is an error at the sweep key.
 */
function checkExists(base: Record<string, unknown>, axis: Axis, j: number, at: At): void {
  const field = [...axis.at, axis.keys[j]];
  const fail = (why: string) => {
    throw new InputError(`the sweep path does not exist: ${why}`, { ...at(field, true), field: formatPath(field) });
  };
  const data = structuredClone(base);
  const missing = setPath(data, axis.fields[j], axis.lists[j][0]);
  if (missing) fail(missing);
  const result = scenarioSchema.safeParse(data);
  if (result.success) return;
  for (const issue of result.error.issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const parent = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    for (const key of issue.keys) {
      if (startsWith(axis.fields[j], [...parent, key])) fail(`no field '${key}' ${parent.length > 0 ? `in ${formatPath(parent)}` : `in a ${String(base.model)} scenario`}`);
    }
  }
}

/** Put `value` at `path`, making the mappings on the way; a reason when the path cannot exist. */
function setPath(data: Record<string, unknown>, path: Path, value: unknown): string | undefined {
  let node: unknown = data;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const last = i === path.length - 1;
    const here = formatPath(path.slice(0, i)) || 'the scenario';
    if (typeof key === 'number') {
      if (!Array.isArray(node)) return `${here} is not a list`;
      if (key >= node.length) return `${here} has ${node.length} item${node.length === 1 ? '' : 's'}, so [${key}] is past its end`;
    } else if (!isRecord(node)) {
      return `${here} is not a mapping`;
    } else if (!last && node[key] === undefined) {
      if (typeof path[i + 1] === 'number') return `${formatPath(path.slice(0, i + 1))} is not in the scenario, so it has no items`;
      node[key] = {};
    }
    const container = node as Record<string | number, unknown>;
    if (last) container[key] = structuredClone(value);
    else node = container[key];
  }
  return undefined;
}

/** Equal points would be one run listed twice; equal values in one list make them. */
function checkDistinct(axes: Axis[], at: At): void {
  for (const axis of axes) {
    const seen = new Set<string>();
    for (let i = 0; i < axis.lists[0].length; i++) {
      const key = canonicalJson(axis.lists.map((l) => l[i]));
      if (seen.has(key)) {
        const field = [...axis.at, axis.keys[0], i];
        throw new InputError(`value ${i + 1} repeats an earlier one, which would run the same point twice`, { ...at(field), field: formatPath(field) });
      }
      seen.add(key);
    }
  }
}

function expand(base: Record<string, unknown>, axes: Axis[], total: number, at: At, sizer: SweepSizer): SweepPoint[] {
  const sizes = axes.map((a) => a.lists[0].length);
  const points: SweepPoint[] = [];
  const errors = new Map<string, InputError>();
  for (let index = 0; index < total; index++) {
    const choice = digits(index, sizes);
    const raw = structuredClone(base);
    const parameters: Record<string, Json> = {};
    axes.forEach((axis, a) =>
      axis.keys.forEach((key, j) => {
        setPath(raw, axis.fields[j], axis.lists[j][choice[a]]);
        parameters[key] = axis.lists[j][choice[a]];
      }),
    );
    const result = scenarioSchema.safeParse(raw);
    if (result.success) {
      points.push({ parameters, raw, scenario: result.data as Scenario });
      sizer.add(result.data as Scenario);
    } else {
      const e = pointError(result.error.issues[0], axes, choice, parameters, at);
      errors.set(e.format(), e);
    }
  }
  const all = [...errors.values()];
  if (all.length > 0) throw problems(all);
  return points;
}

/** Mixed-radix digits of `index`, the first axis varying slowest. */
function digits(index: number, sizes: number[]): number[] {
  const out = new Array<number>(sizes.length);
  for (let a = sizes.length - 1; a >= 0; a--) {
    out[a] = index % sizes[a];
    index = Math.floor(index / sizes[a]);
  }
  return out;
}

/** Blame the swept value whose field the issue is about; else the point as a whole. */
function pointError(issue: z.core.$ZodIssue, axes: Axis[], choice: number[], parameters: Record<string, Json>, at: At): InputError {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const problem = `${formatPath(path) || 'scenario'}: ${issue.message}`;
  let best: { field: Path; depth: number } | undefined;
  axes.forEach((axis, a) =>
    axis.fields.forEach((f, j) => {
      const depth = Math.min(f.length, path.length);
      if ((startsWith(path, f) || startsWith(f, path)) && depth > (best?.depth ?? -1)) best = { field: [...axis.at, axis.keys[j], choice[a]], depth };
    }),
  );
  if (best) return new InputError(problem, { ...at(best.field), field: formatPath(best.field) });
  const point = Object.entries(parameters).map(([k, v]) => `${k}=${canonicalJson(v)}`).join(', ');
  return new InputError(`the point ${point} is invalid: ${problem}`, { ...at(['sweep'], true), field: 'sweep' });
}

function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** file:line:col of the node at `path` (its key when `key`), as far as the document goes. */
function where(doc: Document, lines: LineCounter, file: string, path: Path, key: boolean) {
  let node: Node | null = doc.contents as Node | null;
  let found = node;
  for (let i = 0; i < path.length && node; i++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === path[i]);
      node = ((key && i === path.length - 1 ? pair?.key : pair?.value) as Node | null) ?? null;
    } else if (isSeq(node) && typeof path[i] === 'number') {
      node = (node.items[path[i] as number] as Node | null) ?? null;
    } else node = null;
    if (node) found = node;
  }
  const offset = found?.range?.[0];
  if (offset === undefined) return { file };
  const pos = lines.linePos(offset);
  return { file, line: pos.line, column: pos.col };
}
