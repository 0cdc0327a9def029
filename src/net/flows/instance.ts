/**
 * A flow set on its own: named links and flows over them, the format of SimGrid
 * reference instances (JSON: `links` with `name`, `bandwidth` bytes/s, `latency` s;
 * `flows` with `start` s, `bytes`, `route` of link names). The same in YAML may give
 * units: `bandwidth: 10Gbps` (bit rates are divided by 8) or `125MB/s`, `latency: 5ms`,
 * `bytes: 4MB`, `start: 2min`. Every flow ends at one sink; a link carries every flow
 * whose route names it.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { Engine } from '../../engine/engine.js';
import { JsEngine } from '../../engine/js-engine.js';
import { fileError, InputError, type Where } from '../../errors.js';
import { placeInScenario } from '../../scenario/place.js';
import { readYaml } from '../../scenario/yaml.js';
import { formatPath } from '../../scenario/path.js';
import { parseBitrate, parseBytes, parseDuration, type Parsed } from '../../scenario/units.js';
import { FlowEngine, type FlowEngineStats } from './flow-engine.js';
import { MAX_HOPS } from './maxmin.js';
import { FLOW_MODELS, type FlowModel } from './models.js';

export interface FlowInstance {
  linkNames: string[];
  /** Bytes/s and seconds, per link. */
  bandwidth: Float64Array;
  latency: Float64Array;
  start: Float64Array;
  bytes: Float64Array;
  /** Flow i's route is routes[routeStart[i] .. routeStart[i+1]) (link indices). */
  routeStart: Int32Array;
  routes: Int32Array;
}

export interface FlowTime {
  flow: number;
  start: number;
  /** When the last byte arrived; null if a failure ended the flow. */
  end: number | null;
}

/** Read an instance file (.json, or YAML); problems are InputErrors naming file, line and field. */
export function loadFlowInstance(file: string): FlowInstance {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw fileError(file, e);
  }
  const data = file.endsWith('.json') ? parseJson(text, file) : readYaml(text, file).data;
  try {
    return checkInstance(data);
  } catch (e) {
    if (e instanceof InputError) throw placeInScenario(e, file);
    throw e;
  }
}

/** Validate parsed data into an instance; errors name the field. */
export function checkInstance(data: unknown): FlowInstance {
  const top = record(data, []);
  noOtherFields(top, TOP_FIELDS, []);
  const links = list(top.links, ['links']);
  const flows = list(top.flows, ['flows']);
  const index = new Map<string, number>();
  const bandwidth = new Float64Array(links.length);
  const latency = new Float64Array(links.length);
  for (let i = 0; i < links.length; i++) {
    const o = record(links[i], ['links', i]);
    noOtherFields(o, LINK_FIELDS, ['links', i]);
    if (typeof o.name !== 'string' || o.name === '') throw bad('a link needs a name', ['links', i, 'name']);
    if (index.has(o.name)) throw bad(`link name '${o.name}' is used twice (first by links[${index.get(o.name)}])`, ['links', i, 'name']);
    index.set(o.name, i);
    bandwidth[i] = amount(o.bandwidth, parseBandwidth, 'links', i, 'bandwidth', true);
    latency[i] = amount(o.latency ?? 0, parseDuration, 'links', i, 'latency', false);
  }
  const start = new Float64Array(flows.length);
  const bytes = new Float64Array(flows.length);
  const routeStart = new Int32Array(flows.length + 1);
  const routes: number[] = [];
  for (let i = 0; i < flows.length; i++) {
    const o = record(flows[i], ['flows', i]);
    noOtherFields(o, FLOW_FIELDS, ['flows', i]);
    start[i] = amount(o.start ?? 0, parseDuration, 'flows', i, 'start', false);
    bytes[i] = amount(o.bytes, parseBytes, 'flows', i, 'bytes', false);
    const route = o.route;
    if (!Array.isArray(route) || route.length === 0 || route.length > MAX_HOPS) throw badRoute(route, i);
    for (let h = 0; h < route.length; h++) {
      const name = route[h];
      const link = typeof name === 'string' ? index.get(name) : undefined;
      if (link === undefined) throw bad(`unknown link ${JSON.stringify(name)}`, ['flows', i, 'route', h]);
      if (route.indexOf(name) !== h) throw bad(`link '${name}' appears twice in one route`, ['flows', i, 'route', h]);
      routes.push(link);
    }
    routeStart[i + 1] = routes.length;
  }
  return { linkNames: [...index.keys()], bandwidth, latency, start, bytes, routeStart, routes: Int32Array.from(routes) };
}

const TOP_FIELDS = ['links', 'flows'];
const LINK_FIELDS = ['name', 'bandwidth', 'latency'];
const FLOW_FIELDS = ['start', 'bytes', 'route'];

function badRoute(route: unknown, i: number): InputError {
  const at = ['flows', i, 'route'];
  if (!Array.isArray(route)) return bad(route === undefined ? 'missing required field' : 'expected a list', at);
  if (route.length === 0) return bad('a route needs at least one link', at);
  return bad(`a route may cross at most ${MAX_HOPS} links, this one ${route.length}`, at);
}

/** Simulate the flows alone on a fresh engine; one entry per flow in input order. */
export function simulateFlows(inst: FlowInstance, model: FlowModel = FLOW_MODELS.maxmin, engine: Engine = new JsEngine()): FlowTime[] {
  const { end } = runFlowSet(inst, model, engine);
  return Array.from(end, (e, i) => ({ flow: i, start: inst.start[i], end: Number.isNaN(e) ? null : e }));
}

/** Run the flows to the end; each one's completion time (NaN if it failed) and the engine's counters. */
export function runFlowSet(inst: FlowInstance, model: FlowModel, engine: Engine): { end: Float64Array; stats: FlowEngineStats } {
  const n = inst.start.length;
  const end = new Float64Array(n).fill(NaN);
  let maxHops = 1;
  for (let i = 0; i < n; i++) maxHops = Math.max(maxHops, inst.routeStart[i + 1] - inst.routeStart[i]);
  const net = new FlowEngine(engine, { capacity: inst.bandwidth, latency: inst.latency }, {
    kind: 0,
    model,
    maxHops,
    onComplete: (i) => (end[i] = engine.now),
  });
  const scratch = Array.from({ length: maxHops + 1 }, (_, h) => new Int32Array(h));
  // Starts in time order (input order among equals), each scheduling the next.
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => inst.start[a] - inst.start[b] || a - b);
  const START = 2;
  const routes = inst.routes;
  engine.on(START, (k) => {
    const i = order[k];
    const route = scratch[inst.routeStart[i + 1] - inst.routeStart[i]];
    for (let h = 0; h < route.length; h++) route[h] = routes[inst.routeStart[i] + h];
    net.start(route, inst.bytes[i], i);
    if (k + 1 < n) engine.scheduleAt(inst.start[order[k + 1]], START, k + 1, 0);
  });
  if (n > 0) engine.scheduleAt(inst.start[order[0]], START, 0, 0);
  engine.run();
  return { end, stats: net.stats };
}

/** A bandwidth: bytes/s as a number or `125MB/s`, or a bit rate with its unit (`10Gbps`). */
function parseBandwidth(x: unknown): Parsed {
  if (typeof x === 'string') {
    const perSecond = /^(.*\S)\s*\/\s*s$/.exec(x.trim());
    if (perSecond) return parseBytes(perSecond[1]);
    const bits = parseBitrate(x);
    return bits.ok ? { ok: true, value: bits.value / 8 } : bits;
  }
  if (x === undefined) return { ok: false, message: 'missing required field' };
  return parseBytes(x);
}

/** A number in the base unit, or text with a unit; > 0 where `positive`, else >= 0. Paths are built only for errors. */
function amount(x: unknown, parse: (x: unknown) => Parsed, section: string, i: number, field: string, positive: boolean): number {
  const p: Parsed = typeof x === 'number' && Number.isFinite(x) ? { ok: true, value: x } : parse(x);
  if (!p.ok) throw bad(p.message, [section, i, field]);
  if (positive ? !(p.value > 0) : !(p.value >= 0)) throw bad(`must be ${positive ? '> 0' : '>= 0'}, got ${p.value}`, [section, i, field]);
  return p.value;
}

function record(x: unknown, path: (string | number)[]): Record<string, unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) throw bad(path.length === 0 ? 'expected a mapping with links and flows' : 'expected a mapping', path);
  return x as Record<string, unknown>;
}

function list(x: unknown, path: (string | number)[]): unknown[] {
  if (!Array.isArray(x)) throw bad(x === undefined ? 'missing required field' : 'expected a list', path);
  return x;
}

function noOtherFields(o: Record<string, unknown>, known: string[], path: (string | number)[]): void {
  for (const k in o) if (!known.includes(k)) throw bad(`unknown field '${k}' (known: ${known.join(', ')})`, [...path, k]);
}

function bad(message: string, path: (string | number)[]): InputError {
  return new InputError(message, path.length > 0 ? { field: formatPath(path) } : {});
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const offset = jsonErrorOffset(text, msg);
    const where: Where = { file };
    if (offset !== undefined) {
      const before = text.slice(0, offset).split('\n');
      where.line = before.length;
      where.column = before[before.length - 1].length + 1;
    }
    throw new InputError(`JSON syntax error: ${msg.replace(/\s*(in JSON )?at position \d+.*$/, '').replace(/, "[^]*" is not valid JSON$/, '')}`, where);
  }
}

/** Where Node's JSON error points: its position, or its quoted excerpt found in the text, or the YAML parser's first error. */
function jsonErrorOffset(text: string, msg: string): number | undefined {
  const at = /position (\d+)/.exec(msg);
  if (at) return Number(at[1]);
  const excerpt = /"(?:\.\.\.)?([^]*?)(?:\.\.\.)?" is not valid JSON$/.exec(msg);
  const token = /Unexpected token '(.)'/.exec(msg);
  if (excerpt && token) {
    const i = text.indexOf(excerpt[1]);
    const j = excerpt[1].lastIndexOf(token[1]);
    if (i >= 0 && j >= 0) return i + j;
  }
  return parseDocument(text).errors[0]?.pos[0];
}
