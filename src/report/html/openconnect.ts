/**
 * What the report draws from an Open Connect summary, read defensively: a summary
 * written by an older cdnsim, or hand-edited, lacks parts rather than breaking the
 * report. With several replications the summary's top level holds only averaged
 * numbers; the series are then averaged bin by bin across perReplication, and the
 * per-site and per-link lists are taken from the first replication.
 */
import type { Json } from '../../models/model.js';
import { isObject, type JsonObject } from './read.js';
import { binLengths, meanSeries, type Series } from './series.js';

export interface Fault {
  type: string;
  at: number;
  until: number | null;
  offloadBefore: number | null;
  offloadDuring: number | null;
  offloadAfter: number | null;
  timeToRecover: number | null;
}

export interface StartupCdf {
  p: number[];
  seconds: number[];
}

export interface OpenConnectView {
  binSeconds: number;
  /** Simulated seconds covered by the bins. */
  duration: number;
  bins: number;
  lengths: number[];
  /** Replications the series are averaged over (1 for a single replication). */
  replications: number;
  byRank: { name: string; bytes: Series }[];
  contentMiss: Series | null;
  healthMiss: Series | null;
  fill: Series | null;
  siteHitRatio: { name: string; values: Series }[];
  linkUtilisation: { name: string; values: Series }[];
  sites: { name: string; bytesServed: number; hitRatio: number | null; byteHitRatio: number | null }[];
  /** `kind`, `bytes` and `meanUtilisation` are null in results written before links had them. */
  links: { name: string; kind: string | null; capacity: number | null; bytes: number | null; peakUtilisation: number | null; p95Utilisation: number | null; meanUtilisation: number | null }[];
  faults: Fault[];
  startupCdf: StartupCdf | null;
}

export function num(x: Json | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** A list of numbers and nulls, or null when `x` is anything else. */
export function asSeries(x: Json | undefined): Series | null {
  if (!Array.isArray(x)) return null;
  if (!x.every((v) => v === null || typeof v === 'number')) return null;
  return x as Series;
}

function namedSeries(x: Json | undefined): { name: string; values: Series }[] {
  if (!isObject(x)) return [];
  const out: { name: string; values: Series }[] = [];
  for (const [name, v] of Object.entries(x)) {
    const values = asSeries(v);
    if (values) out.push({ name, values });
  }
  return out;
}

function objects(x: Json | undefined): JsonObject[] {
  return Array.isArray(x) ? x.filter(isObject) : [];
}

/** The replications that carry series: the summary itself for one, perReplication for several. */
function seriesSources(summary: JsonObject): JsonObject[] {
  if (isObject(summary.series)) return [summary.series];
  return objects(summary.perReplication)
    .map((r) => r.series)
    .filter(isObject);
}

/** Several replications' named series averaged name by name (names of the first). */
function averageNamed(sources: JsonObject[], key: string): { name: string; values: Series }[] {
  const first = namedSeries(sources[0]?.[key]);
  return first.map(({ name }) => ({
    name,
    values: meanSeries(sources.map((s) => namedSeries(s[key]).find((n) => n.name === name)?.values ?? [])),
  }));
}

function averageList(sources: JsonObject[], key: string): Series | null {
  const lists = sources.map((s) => asSeries(s[key])).filter((x): x is Series => x !== null);
  return lists.length > 0 ? meanSeries(lists) : null;
}

export function startupCdf(x: Json | undefined): StartupCdf | null {
  if (!isObject(x)) return null;
  const p = asSeries(x.p);
  const seconds = asSeries(x.seconds);
  if (!p || !seconds || p.length !== seconds.length || p.length < 2) return null;
  if (p.some((v) => v === null) || seconds.some((v) => v === null)) return null;
  return { p: p as number[], seconds: seconds as number[] };
}

function faultOf(f: JsonObject): Fault {
  const offload = (w: Json | undefined) => (isObject(w) ? num(w.offload) : null);
  return {
    type: typeof f.type === 'string' ? f.type : 'fault',
    at: num(f.at) ?? 0,
    until: num(f.until),
    offloadBefore: offload(f.before),
    offloadDuring: offload(f.during),
    offloadAfter: offload(f.after),
    timeToRecover: num(f.timeToRecover),
  };
}

export function isOpenConnect(summary: JsonObject): boolean {
  return summary.model === 'openconnect';
}

export function openConnectView(summary: JsonObject): OpenConnectView {
  const sources = seriesSources(summary);
  const firstRep = objects(summary.perReplication)[0] ?? summary;
  const detail = (key: string) => (Array.isArray(summary[key]) ? summary[key] : firstRep[key]);
  const binSeconds = num(sources[0]?.binSeconds) ?? 0;
  const byRank = averageNamed(sources, 'bytesByRank').map(({ name, values }) => ({ name, bytes: values }));
  const bins = Math.max(0, ...byRank.map((r) => r.bytes.length));
  const duration = Math.min(num(summary.duration) ?? Infinity, bins * binSeconds);
  return {
    binSeconds,
    duration: Number.isFinite(duration) ? duration : 0,
    bins,
    lengths: binLengths(bins, binSeconds, duration),
    replications: sources.length,
    byRank,
    contentMiss: averageList(sources, 'contentMissBytes'),
    healthMiss: averageList(sources, 'healthMissBytes'),
    fill: averageList(sources, 'fillBytes'),
    siteHitRatio: averageNamed(sources, 'siteHitRatio'),
    linkUtilisation: averageNamed(sources, 'linkUtilisation'),
    sites: objects(detail('sites')).map((s) => ({
      name: String(s.name ?? ''),
      bytesServed: num(s.bytesServed) ?? 0,
      hitRatio: num(s.hitRatio),
      byteHitRatio: num(s.byteHitRatio),
    })),
    links: objects(detail('links')).map((l) => ({
      name: String(l.name ?? ''),
      kind: typeof l.kind === 'string' ? l.kind : null,
      capacity: num(l.capacity),
      bytes: num(l.bytes),
      peakUtilisation: num(l.peakUtilisation),
      p95Utilisation: num(l.p95Utilisation),
      meanUtilisation: num(l.meanUtilisation),
    })),
    faults: objects(detail('faults')).map(faultOf),
    startupCdf: startupCdf(summary.startupDelayCdf),
  };
}

/** The view can draw time charts: it has bins of a known length. */
export function hasSeries(v: OpenConnectView): boolean {
  return v.bins > 0 && v.binSeconds > 0 && v.duration > 0;
}
