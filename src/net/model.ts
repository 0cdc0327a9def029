/**
 * `model: bgp`: BGP in event mode over the network sections, driven by a timeline of
 * originations, withdrawals and session failures. Each timeline event's figures are
 * what BGP did between it and the next event (a window), so they are only that
 * event's own when the network was quiet before the next one; `settled` says so.
 *
 * Graph-dependent references (an ASN, an AS link) are checked in `refine` when the
 * graph is a function of the scenario alone (generated or inline), so the loader
 * points at the line; a `file:` topology is resolved against the scenario's folder,
 * which only `prepare` knows, so there the error names the field without a line.
 */
import * as z from 'zod';
import type { RefinementCtx } from 'zod';
import type { Engine } from '../engine/engine.js';
import type { Rng } from '../engine/rng.js';
import { InputError } from '../errors.js';
import { defineModel, type Json, type ModelDef } from '../models/model.js';
import type { BaseScenario } from '../scenario/base.js';
import { formatPath } from '../scenario/path.js';
import { duration, nonNegative } from '../scenario/types.js';
import { BGP_EVENT_KINDS, BgpSessions, type BgpEventStats } from './bgp/events.js';
import { routeAt, solveTable } from './bgp/table.js';
import { indexOfAsn, withoutLinks, type AsGraph } from './graph/graph.js';
import { buildNetwork, type Issue, type Network } from './network.js';
import { parsePrefix } from './prefix.js';
import { asn, networkSections } from './schema.js';

const prefixText = () =>
  z.string().superRefine((s, ctx) => {
    const r = parsePrefix(s);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
  });

const origination = z.strictObject({ asn: asn(), prefix: prefixText() });
const asPair = z.tuple([asn(), asn()]).meta({ description: 'the two ASes of an AS link, e.g. [64500, 64510]' });

const EVENT_KINDS = ['announce', 'withdraw', 'linkDown', 'linkUp'] as const;
type EventKind = (typeof EVENT_KINDS)[number];

const timelineEvent = z
  .strictObject({
    at: nonNegative(duration(), 'at').meta({ description: 'when, on the simulation clock' }),
    announce: origination.optional().meta({ description: 'an AS starts originating a prefix (listed under prefixes for that AS)' }),
    withdraw: origination.optional().meta({ description: 'an AS stops originating a prefix' }),
    linkDown: asPair.optional().meta({ description: 'the BGP session over an AS link fails' }),
    linkUp: asPair.optional().meta({ description: 'the session comes back and both ends send their full tables' }),
  })
  .superRefine((e, ctx) => {
    const given = EVENT_KINDS.filter((k) => e[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `give exactly one of ${EVENT_KINDS.join(', ')} (got ${given.length === 0 ? 'none' : given.join(', ')})` });
    }
  });

const bgpOptions = z
  .strictObject({
    mrai: nonNegative(duration(), 'mrai').default(30).meta({ description: 'MinRouteAdvertisementInterval per neighbour (0 turns it off)' }),
    mraiJitter: z
      .tuple([z.number().gt(0).max(1), z.number().gt(0).max(1)])
      .default([0.75, 1])
      .refine(([a, b]) => a <= b, { message: 'the first factor is the minimum, so it must not exceed the second' })
      .meta({ description: 'each MRAI interval is scaled by a factor uniform in this range (RFC 4271 10)' }),
    mraiWithdrawals: z.boolean().default(false).meta({ description: 'hold withdrawals under MRAI too' }),
    linkDelay: nonNegative(duration(), 'linkDelay').default(0.005).meta({ description: 'one-way propagation delay of every BGP session' }),
    processing: z
      .tuple([nonNegative(duration(), 'processing'), nonNegative(duration(), 'processing')])
      .default([0.001, 0.01])
      .refine(([a, b]) => a <= b, { message: 'the first time is the minimum, so it must not exceed the second' })
      .meta({ description: 'time a router takes per update, uniform in [min, max]' }),
  })
  .prefault({});

const sections = {
  ...networkSections,
  bgp: bgpOptions,
  events: z.array(timelineEvent).default([]).meta({ description: 'the timeline, in time order' }),
};

type BgpScenario = BaseScenario & z.output<z.ZodObject<typeof sections>>;
type TimelineEvent = z.output<typeof timelineEvent>;

/** Undefined only while refining an event that gave none (its own check reports that). */
const kindOf = (e: TimelineEvent): EventKind => EVENT_KINDS.find((k) => e[k] !== undefined)!;
const canonical = (prefix: string) => {
  const r = parsePrefix(prefix);
  return r.ok ? r.value.text : prefix;
};

/** The prefixes BGP carries, in the order first listed (prefix ids). */
function prefixIds(s: BgpScenario): Map<string, number> {
  const ids = new Map<string, number>();
  for (const p of s.prefixes) for (const text of p.prefixes) if (!ids.has(canonical(text))) ids.set(canonical(text), ids.size);
  return ids;
}

/** Checks that need only the scenario: time order, the run's length, origins listed under prefixes. */
function timelineIssues(s: BgpScenario): Issue[] {
  const issues: Issue[] = [];
  const origins = new Set(s.prefixes.flatMap((p) => p.prefixes.map((text) => `${p.asn} ${canonical(text)}`)));
  s.events.forEach((e, i) => {
    if (e.at >= s.duration) issues.push({ path: ['events', i, 'at'], message: `${e.at} s is not before the end of the run (duration ${s.duration} s)` });
    if (i > 0 && e.at < s.events[i - 1].at) issues.push({ path: ['events', i, 'at'], message: `events must be in time order: this one is before events[${i - 1}] (${s.events[i - 1].at} s)` });
    const kind = kindOf(e);
    if (kind === undefined) return;
    if (kind === 'announce' || kind === 'withdraw') {
      const o = e[kind]!;
      if (!origins.has(`${o.asn} ${canonical(o.prefix)}`)) {
        issues.push({ path: ['events', i, kind], message: `AS ${o.asn} is not listed under prefixes as an origin of ${o.prefix}` });
      }
    } else {
      const [a, b] = e[kind]!;
      if (a === b) issues.push({ path: ['events', i, kind], message: `an AS link joins two different ASes (got AS ${a} twice)` });
    }
  });
  return issues;
}

/** The AS link between two AS indices, or -1. */
function linkBetween(g: AsGraph, x: number, y: number): number {
  for (let k = g.offset[x]; k < g.offset[x + 1]; k++) if (g.neighbour[k] === y) return g.slotLink[k];
  return -1;
}

/** Checks that need the graph: every ASN of the timeline is in it, every link exists. */
function graphIssues(s: BgpScenario, g: AsGraph): Issue[] {
  const issues: Issue[] = [];
  const missing = (n: number) => `AS ${n} is not in the AS graph`;
  s.events.forEach((e, i) => {
    const kind = kindOf(e);
    if (kind === undefined) return;
    if (kind === 'announce' || kind === 'withdraw') {
      if (indexOfAsn(g, e[kind]!.asn) < 0) issues.push({ path: ['events', i, kind, 'asn'], message: missing(e[kind]!.asn) });
      return;
    }
    const [a, b] = e[kind]!;
    const [x, y] = [indexOfAsn(g, a), indexOfAsn(g, b)];
    if (x < 0) issues.push({ path: ['events', i, kind, 0], message: missing(a) });
    if (y < 0) issues.push({ path: ['events', i, kind, 1], message: missing(b) });
    if (x >= 0 && y >= 0 && a !== b && linkBetween(g, x, y) < 0) issues.push({ path: ['events', i, kind], message: `there is no AS link between AS ${a} and AS ${b}` });
  });
  return issues;
}

// refine, prepare and replicate of one run ask for the same network; a graph can take a second to build.
let cached: { key: string; network: Network } | undefined;

function networkOf(s: BgpScenario, baseDir: string): Network {
  const key = JSON.stringify([s.topology, s.prefixes, s.links, s.nodes, s.topology.file === undefined ? '' : baseDir]);
  if (cached?.key !== key) cached = { key, network: buildNetwork(s, { baseDir }) };
  return cached.network;
}

/** `prefixes[0].asn` back to ['prefixes', 0, 'asn']. */
function pathOfField(field: string | undefined): (string | number)[] {
  return [...(field ?? '').matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : m[2]));
}

const NETWORK_SECTIONS = new Set<unknown>(Object.keys(networkSections));

function refine(s: BgpScenario, ctx: RefinementCtx): void {
  const add = (issues: Issue[]) => issues.forEach((i) => ctx.addIssue({ code: 'custom', message: i.message, path: i.path }));
  const timeline = timelineIssues(s);
  // A network section already reported is not worth building a graph from: it would only repeat the problem.
  const networkReported = ctx.issues.some((i) => NETWORK_SECTIONS.has(i.path?.[0]));
  if (s.topology.file !== undefined || networkReported) return add(timeline);
  let network: Network;
  try {
    network = networkOf(s, '.');
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    add([e, ...e.more].map((err) => ({ path: pathOfField(err.where.field), message: err.message })));
    return add(timeline);
  }
  // An ASN missing from the graph says more than "not listed under prefixes" about the same field.
  const graph = graphIssues(s, network.graph);
  const graphPaths = new Set(graph.map((i) => JSON.stringify(i.path.slice(0, 3))));
  add([...graph, ...timeline.filter((i) => !graphPaths.has(JSON.stringify(i.path)))]);
}

function issuesError(issues: Issue[]): InputError {
  const errs = issues.map((i) => new InputError(i.message, { field: formatPath(i.path) }));
  return new InputError(errs[0].message, errs[0].where, errs.slice(1));
}

const prepared = new WeakMap<object, Network>();

interface Window {
  at: number;
  /** The timeline index of its first event. */
  first: number;
  before: BgpEventStats;
  after?: BgpEventStats;
}

/** One replication's timeline figures: what changed between two snapshots of the sessions' counters. */
function windowFigures(w: Window): { [k: string]: Json } {
  const a = w.before;
  const b = w.after!;
  const processed = b.messagesProcessed - a.messagesProcessed;
  return {
    convergenceTime: processed > 0 ? b.lastUpdate - w.at : 0,
    announcements: b.announcements - a.announcements,
    withdrawals: b.withdrawals - a.withdrawals,
    updatesProcessed: processed,
    ribChanges: b.ribChanges - a.ribChanges,
    settled: b.pending === 0,
  };
}

function describeEvent(e: TimelineEvent): { [k: string]: Json } {
  const kind = kindOf(e);
  if (kind === 'announce' || kind === 'withdraw') return { at: e.at, kind, asn: e[kind]!.asn, prefix: canonical(e[kind]!.prefix) };
  return { at: e.at, kind, link: [...e[kind]!] };
}

function runTimeline(s: BgpScenario, network: Network, engine: Engine, rng: Rng): Record<string, Json> {
  const g = network.graph;
  const ids = prefixIds(s);
  const prefixTexts = [...ids.keys()];
  const b = s.bgp;
  const bgp = new BgpSessions(engine, g, {
    kind: 0,
    prefixes: ids.size,
    rng,
    mrai: b.mrai,
    mraiJitter: b.mraiJitter,
    mraiWithdrawals: b.mraiWithdrawals,
    linkDelay: b.linkDelay,
    processing: b.processing,
  });
  const TIMELINE = BGP_EVENT_KINDS;
  // The final state, for the steady-state check; the timeline is in time order, so file order is firing order.
  const originating = prefixTexts.map(() => new Set<number>());
  const down = new Set<number>();
  // Events at one instant are one trigger: they share the first one's window.
  const windows: Window[] = [];
  const windowOf: number[] = [];
  engine.on(TIMELINE, (i) => {
    const e = s.events[i];
    const kind = kindOf(e);
    const last = windows[windows.length - 1];
    if (last === undefined || last.at !== e.at) {
      if (last) last.after = bgp.stats();
      windows.push({ at: e.at, first: i, before: bgp.stats() });
    }
    windowOf.push(windows.length - 1);
    if (kind === 'announce' || kind === 'withdraw') {
      const x = indexOfAsn(g, e[kind]!.asn);
      const p = ids.get(canonical(e[kind]!.prefix))!;
      if (kind === 'announce') {
        originating[p].add(x);
        bgp.originate(x, p);
      } else {
        originating[p].delete(x);
        bgp.stopOriginating(x, p);
      }
    } else {
      const [a, c] = e[kind]!;
      const link = linkBetween(g, indexOfAsn(g, a), indexOfAsn(g, c));
      if (kind === 'linkDown') {
        down.add(link);
        bgp.linkDown(link);
      } else {
        down.delete(link);
        bgp.linkUp(link);
      }
    }
  });
  s.events.forEach((e, i) => engine.scheduleAt(e.at, TIMELINE, i));
  engine.run({ until: s.duration });
  const quietAtEnd = bgp.stats().pending === 0;
  // Nothing but BGP is left to happen, and Gao-Rexford policies converge, so this ends.
  if (!quietAtEnd) engine.run();
  const final = bgp.stats();
  if (windows.length > 0) windows[windows.length - 1].after = final;

  const solverGraph = down.size === 0 ? g : withoutLinks(g, (l) => down.has(l));
  const table = solveTable(
    solverGraph,
    prefixTexts.flatMap((prefix, p) => [...originating[p]].map((x) => ({ asn: g.asn[x], prefix }))),
  );
  const tableId = new Map(table.prefixes.map((p, i) => [p.text, i]));
  let disagreements = 0;
  const asesWithRoute: { [k: string]: Json } = {};
  prefixTexts.forEach((text, p) => {
    const t = tableId.get(text);
    let reached = 0;
    for (let x = 0; x < g.size; x++) {
      const got = bgp.route(x, p);
      const want = t === undefined ? undefined : routeAt(table, x, t);
      if (got) reached++;
      const same = got === undefined ? want === undefined : want !== undefined && got.relationship === want.relationship && got.path.join() === want.path.join();
      if (!same) disagreements++;
    }
    asesWithRoute[text] = reached;
  });

  return {
    ases: g.size,
    asLinks: g.linkCount,
    events: s.events.map((e, i) => {
      const w = windows[windowOf[i]];
      return w.first === i ? { ...describeEvent(e), ...windowFigures(w) } : { ...describeEvent(e), sameInstantAs: w.first };
    }),
    totals: {
      announcements: final.announcements,
      withdrawals: final.withdrawals,
      updatesProcessed: final.messagesProcessed,
      ribChanges: final.ribChanges,
    },
    quietAtEnd,
    lastUpdateAt: final.lastUpdate,
    asesWithRoute,
    steadyStateAgrees: disagreements === 0,
    steadyStateDisagreements: disagreements,
  };
}

/** Replications combined: numbers averaged, booleans true only if true in every one, the rest from the first. */
function combine(values: Json[]): Json {
  const first = values[0];
  if (typeof first === 'number') return values.reduce((sum: number, v) => sum + (v as number), 0) / values.length;
  if (typeof first === 'boolean') return values.every((v) => v === true);
  if (Array.isArray(first)) return first.map((_, i) => combine(values.map((v) => (v as Json[])[i])));
  if (first !== null && typeof first === 'object') {
    return Object.fromEntries(Object.keys(first).map((k) => [k, combine(values.map((v) => (v as { [k: string]: Json })[k]))]));
  }
  return first;
}

export const bgpModel: ModelDef = defineModel({
  name: 'bgp',
  describe: 'BGP in event mode over an AS graph: a timeline of announcements, withdrawals and session failures',
  sections,
  refine,
  async prepare(s, { baseDir }) {
    const network = networkOf(s, baseDir);
    const issues = graphIssues(s, network.graph);
    if (issues.length > 0) throw issuesError(issues);
    prepared.set(s, network);
  },
  replicate({ scenario, engine, rng }) {
    const network = prepared.get(scenario) ?? networkOf(scenario, '.');
    return runTimeline(scenario, network, engine, rng('bgp'));
  },
  summarize(_scenario, reps) {
    // Graph sizes and the timeline's shape are the same in every replication; timings and counts vary.
    const { steadyStateDisagreements, ...rest } = combine(reps) as { [k: string]: Json };
    return { ...rest, steadyStateDisagreements: reps.reduce((n, r) => n + (r.steadyStateDisagreements as number), 0) };
  },
  report(summary) {
    const s = summary as { events: { [k: string]: Json }[]; totals: { [k: string]: number }; steadyStateAgrees: boolean; quietAtEnd: boolean };
    const shown = s.events.slice(0, 12).map((e) => {
      const what = e.kind === 'announce' || e.kind === 'withdraw' ? `${String(e.kind)} AS${String(e.asn)} ${String(e.prefix)}` : `${String(e.kind)} AS${(e.link as number[]).join('-AS')}`;
      const figures =
        e.sameInstantAs !== undefined
          ? `with events[${String(e.sameInstantAs)}]`
          : `converged in ${(e.convergenceTime as number).toFixed(3)} s, ${String(e.announcements)} announcements, ${String(e.withdrawals)} withdrawals${e.settled ? '' : ', not settled before the next event'}`;
      return `${String(e.at).padStart(8)} s  ${what}: ${figures}`;
    });
    if (s.events.length > shown.length) shown.push(`… and ${s.events.length - shown.length} more events (summary.json)`);
    return [
      ...shown,
      `total ${s.totals.announcements} announcements, ${s.totals.withdrawals} withdrawals, ${s.totals.updatesProcessed} updates processed${s.quietAtEnd ? '' : ' (BGP was still busy at the end; run on until quiet)'}`,
      `final RIBs ${s.steadyStateAgrees ? 'equal' : 'DIFFER from'} the steady-state solver's on the final topology`,
    ];
  },
}) as unknown as ModelDef;
