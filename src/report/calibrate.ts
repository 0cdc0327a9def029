/**
 * `cdnsim calibrate`: an Open Connect run's headline figures beside the ranges real
 * deployments show, so that a scenario can be sized to look like one. REFERENCES is the
 * one place the ranges and their sources live; src/report/calibration.md gives the full
 * citations and how each figure is computed from summary.json.
 *
 * Each figure is computed per replication and averaged (as summary.json averages its
 * numbers). A figure these results cannot give is "n/a" with the reason, never a guess.
 */
import { DEFAULT_APPLIANCE_CLASSES } from '../cdn/defaults.js';
import { utcOffsetSeconds } from '../cdn/timezone.js';
import { InputError } from '../errors.js';
import type { Json } from '../models/model.js';
import { isObject, readResults, type JsonObject } from './html/read.js';
import { median } from '../metrics/stats.js';

export type Unit = 'bit/s' | 'h/day' | 'share' | 'ratio';

export interface Reference {
  id: string;
  figure: string;
  unit: Unit;
  /** Inclusive bounds, in `unit`. */
  min: number;
  max: number;
  /** D: documented by the cited source; I: an inference or a chosen rule of thumb. */
  tag: 'D' | 'I';
  source: string;
}

const PORT_SOURCE = 'operators plan upgrades at 50-80% (NANOG list, 2009, 2020)';

export const REFERENCES: readonly Reference[] = [
  { id: 'primeTimeBitrate', figure: 'average bitrate, 20:00-23:00 local', unit: 'bit/s', min: 2e6, max: 4e6, tag: 'D', source: 'Netflix ISP Speed Index, ISPs 2014-2024: ~2-3.8 Mbit/s' },
  { id: 'viewingHoursPerMember', figure: 'viewing hours per member per day', unit: 'h/day', min: 1.5, max: 2.5, tag: 'D', source: 'Netflix engagement reports + shareholder letter, 2023: 2.1 h' },
  { id: 'applianceShare', figure: 'bytes from appliances (embedded + IX)', unit: 'share', min: 0.9, max: 1, tag: 'D', source: 'Netflix, 2016: close to 90% over direct connections' },
  { id: 'offload', figure: 'offload to embedded appliances', unit: 'share', min: 0.3, max: 1, tag: 'D', source: 'NANOG list, 2014: a flow-through cache gets ~30%' },
  { id: 'sitePortPeak', figure: 'site ports (<site>/out), peak', unit: 'share', min: 0.2, max: 0.8, tag: 'I', source: PORT_SOURCE },
  { id: 'sitePortP95', figure: 'site ports (<site>/out), p95', unit: 'share', min: 0.2, max: 0.8, tag: 'I', source: PORT_SOURCE },
  { id: 'interconnectPeak', figure: 'interconnects (<isp>@<ixp>, PNIs), peak', unit: 'share', min: 0.2, max: 0.8, tag: 'I', source: PORT_SOURCE },
  { id: 'interconnectP95', figure: 'interconnects (<isp>@<ixp>, PNIs), p95', unit: 'share', min: 0.2, max: 0.8, tag: 'I', source: PORT_SOURCE },
  { id: 'fillPerDay', figure: 'fill per day / appliance storage', unit: 'share', min: 0, max: 0.01, tag: 'D', source: 'NANOG list, 2014: churn under 1% a day' },
  { id: 'fillVsLimit', figure: 'busiest appliance fill / class limit', unit: 'ratio', min: 0, max: 1, tag: 'D', source: 'Open Connect fill limits (1.2 Gbps, 6.5 TB, ...)' },
  { id: 'troughToPeak', figure: 'hourly traffic, trough / peak', unit: 'ratio', min: 1 / 3, max: 0.5, tag: 'D', source: 'Arbor (Labovitz): trough ~1/2 of peak; 1/3 is [I]' },
];

export type Status = 'ok' | 'out' | 'n/a';

export interface Check extends Reference {
  /** The figure (for ports: the median over ports); null when these results cannot give it. */
  value: number | null;
  /** Every judged value in range; for ports, every port. */
  status: Status;
  /** Why a figure is n/a, which ports are out, or what it rests on. */
  note: string | null;
  /** The port figures: each port's value (mean over replications). */
  ports?: { name: string; value: number }[];
}

export interface Calibration {
  dir: string;
  scenario: string;
  replications: number;
  checks: Check[];
  /** No figure out of range (n/a ones do not count). */
  ok: boolean;
  /** summary.json fields these results lack that would let every figure be computed. */
  missing: string[];
}

/** Inclusive: a figure exactly at a bound is in range. */
export function inRange(value: number, ref: Pick<Reference, 'min' | 'max'>): boolean {
  return value >= ref.min && value <= ref.max;
}

const DAY = 86400;
const HOUR = 3600;
const PRIME_START = 20 * HOUR;
const PRIME_END = 23 * HOUR;

/** What the figures read besides the summaries: from the run's resolved scenario (manifest.json). */
export interface RunContext {
  duration: number;
  warmup: number;
  /** Each ISP's UTC offset (s) and share of peak demand; null when the scenario is unknown. */
  zones: { offset: number; weight: number }[] | null;
  /** Storage of an appliance class (bytes); null when the scenario is unknown. */
  classStorage: ((cls: string) => number | undefined) | null;
}

/** A figure as computed, before it is judged. */
export interface Figure {
  value: number | null;
  note?: string;
  ports?: { name: string; value: number }[];
}

/** Read a run's results directory and judge its figures. Bad input is an InputError (exit 2). */
export function calibrate(dir: string): Calibration {
  const results = readResults(dir);
  if (results.kind === 'sweep') throw new InputError('a sweep: calibrate one of its runs (runs/<id>)', { file: dir });
  const { summary, manifest } = results;
  if (summary.model !== 'openconnect') {
    throw new InputError(`results of the '${String(summary.model)}' model; calibrate reads Open Connect runs (model: openconnect)`, { file: dir });
  }
  if (manifest && manifest.status !== undefined && manifest.status !== 'complete') {
    throw new InputError(`the run is not complete (status ${JSON.stringify(manifest.status)})`, { file: dir });
  }
  const context = runContext(summary, manifest && isObject(manifest.scenario) ? manifest.scenario : null);
  const reps = replicationsOf(summary);
  const scenario = typeof summary.scenario === 'string' ? summary.scenario : '';
  return judge({ dir, scenario, replications: reps.length }, computeFigures(reps, context), missingFields(reps));
}

/** The figures of a run's replications, keyed by reference id (not yet judged). */
export function computeFigures(reps: JsonObject[], ctx: RunContext): Record<string, Figure> {
  return {
    primeTimeBitrate: primeTimeBitrate(reps, ctx),
    viewingHoursPerMember: viewingHours(reps, ctx),
    applianceShare: mean(reps, (r) => num(r.byteHitRatio)),
    offload: mean(reps, (r) => num(r.offload)),
    sitePortPeak: ports(reps, SITE_PORTS, 'peakUtilisation'),
    sitePortP95: p95Ports(reps, SITE_PORTS),
    interconnectPeak: ports(reps, INTERCONNECTS, 'peakUtilisation'),
    interconnectP95: p95Ports(reps, INTERCONNECTS),
    fillPerDay: fillPerDay(reps, ctx),
    fillVsLimit: fillVsLimit(reps),
    troughToPeak: troughToPeak(reps, ctx),
  };
}

/** Each reference's figure judged against its range; a figure that is missing is n/a. */
export function judge(run: Pick<Calibration, 'dir' | 'scenario' | 'replications'>, figures: Record<string, Figure>, missing: string[]): Calibration {
  const checks = REFERENCES.map((ref): Check => {
    const f = figures[ref.id] ?? { value: null, note: 'not computed' };
    const judged = f.ports ? f.ports.map((p) => p.value) : f.value === null ? [] : [f.value];
    const status: Status = f.value === null ? 'n/a' : judged.every((v) => inRange(v, ref)) ? 'ok' : 'out';
    const check: Check = { ...ref, value: f.value, status, note: f.note ?? null };
    if (f.ports) check.ports = f.ports;
    return check;
  });
  return { ...run, checks, ok: checks.every((c) => c.status !== 'out'), missing };
}

/** The replications that carry the details: perReplication when present, else the summary itself. */
export function replicationsOf(summary: JsonObject): JsonObject[] {
  const reps = Array.isArray(summary.perReplication) ? summary.perReplication.filter(isObject) : [];
  return reps.length > 0 ? reps : [summary];
}

/** Duration, warm-up, the ISPs' time zones and the appliance storage, from the resolved scenario. */
export function runContext(summary: JsonObject, scenario: JsonObject | null): RunContext {
  const duration = num(summary.duration) ?? 0;
  const warmup = num(summary.warmup) ?? 0;
  if (!scenario) return { duration, warmup, zones: null, classStorage: null };
  const classes = isObject(scenario.applianceClasses) ? scenario.applianceClasses : {};
  const classStorage = (cls: string): number | undefined => {
    const own = classes[cls];
    if (isObject(own) && typeof own.storage === 'number') return own.storage;
    return (DEFAULT_APPLIANCE_CLASSES as Record<string, { storageBytes: number } | undefined>)[cls]?.storageBytes;
  };
  return { duration, warmup, zones: ispZones(scenario), classStorage };
}

/** Each ISP's UTC offset on the start date, weighted by its share of the peak session rate. */
function ispZones(scenario: JsonObject): { offset: number; weight: number }[] | null {
  const start = new Date(`${typeof scenario.start === 'string' ? scenario.start : ''}T00:00:00Z`);
  if (Number.isNaN(start.getTime()) || !Array.isArray(scenario.isps)) return null;
  const isps = scenario.isps.filter(isObject).filter((x) => typeof x.timezone === 'string');
  if (isps.length === 0) return null;
  const rates = isps.map((x) => num(x.peakSessionRate) ?? 0);
  const total = rates.reduce((a, b) => a + b, 0);
  try {
    return isps.map((x, i) => ({ offset: utcOffsetSeconds(x.timezone as string, start), weight: total > 0 ? rates[i] / total : 1 / isps.length }));
  } catch {
    return null; // an unknown zone means the manifest was edited; the run itself validated it
  }
}

/**
 * Time-weighted mean bit rate over the prime-time hours, as the Speed Index measures it.
 * A bin's seconds of video are 8 x bytes / bit rate, so the mean is the byte-weighted
 * harmonic mean of the bins' bit rates; each bin counts by the share of it inside
 * 20:00-23:00 local, per ISP zone weighted by the ISP's peak demand.
 */
function primeTimeBitrate(reps: JsonObject[], ctx: RunContext): Figure {
  const zones = ctx.zones;
  if (!zones) return { value: null, note: "n/a: the ISPs' time zones are unknown (no manifest.json with the scenario)" };
  return mean(reps, (rep) => {
    const s = seriesOf(rep);
    if (!s || !s.bitrate) return null;
    let bits = 0;
    let seconds = 0;
    for (let b = 0; b < s.served.length; b++) {
      const rate = s.bitrate[b];
      if (rate === null || !(rate > 0) || !(s.served[b] > 0)) continue;
      const w = primeShare(b * s.bin, Math.min((b + 1) * s.bin, ctx.duration || Infinity), zones);
      bits += w * 8 * s.served[b];
      seconds += (w * 8 * s.served[b]) / rate;
    }
    return seconds > 0 ? bits / seconds : null;
  });
}

/** Share of [from, to) (simulated seconds from 00:00 UTC of the start date) inside prime time, zones weighted. */
export function primeShare(from: number, to: number, zones: { offset: number; weight: number }[]): number {
  if (!(to > from)) return 0;
  let share = 0;
  for (const z of zones) {
    const a = from + z.offset;
    const b = to + z.offset;
    let inside = 0;
    for (let d = Math.floor(a / DAY) - 1; d <= Math.floor(b / DAY) + 1; d++) {
      inside += Math.max(0, Math.min(b, d * DAY + PRIME_END) - Math.max(a, d * DAY + PRIME_START));
    }
    share += (z.weight * inside) / (to - from);
  }
  return share;
}

/**
 * Viewing hours over members and days. Today's results hold no member count: then n/a,
 * with the viewing hours a day they do give (seconds of video = 8 x bytes / mean bit rate).
 */
function viewingHours(reps: JsonObject[], ctx: RunContext): Figure {
  const days = (ctx.duration - ctx.warmup) / DAY;
  if (!(days > 0)) return { value: null, note: 'n/a: no simulated time after the warm-up' };
  const perMember = mean(reps, (r) => {
    const hours = num(r.viewingHours);
    const members = num(r.members);
    return hours !== null && members !== null && members > 0 ? hours / days / members : null;
  });
  if (perMember.value !== null) return perMember;
  const hours = mean(reps, (r) => {
    const bytes = num(r.bytesRequested);
    const rate = num(r.averageBitrate);
    return bytes !== null && rate !== null && rate > 0 ? (8 * bytes) / rate / HOUR / days : null;
  }).value;
  const playbacks = mean(reps, (r) => num(r.sessions)).value;
  const what = hours === null ? '' : `; they hold ${fmtCount(hours)} viewing hours a day` + (playbacks === null ? '' : ` from ${fmtCount(playbacks / days)} playbacks`);
  return { value: null, note: `n/a: no member count in these results${what}` };
}

/** Which links of `links[]` a port figure judges, and how the notes name them. */
interface PortKind {
  label: string;
  is: (link: JsonObject, name: string) => boolean;
}

const SITE_PORTS: PortKind = { label: '*/out', is: (_link, name) => name.endsWith('/out') };
/** Public ports and PNIs by their kind; results from before interconnects had kinds name one `<isp>/peering`. */
const INTERCONNECTS: PortKind = { label: 'interconnect', is: (link, name) => link.kind === 'public' || link.kind === 'pni' || (link.kind === undefined && name.endsWith('/peering')) };

/** Per-port value, averaged over replications, judged port by port; idle ports are left out. */
function ports(reps: JsonObject[], kind: PortKind, field: 'peakUtilisation' | 'p95Utilisation'): Figure {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const rep of reps) {
    for (const link of Array.isArray(rep.links) ? rep.links.filter(isObject) : []) {
      const name = typeof link.name === 'string' ? link.name : '';
      const v = num(link[field]);
      if (!kind.is(link, name) || v === null) continue;
      const acc = sums.get(name) ?? { sum: 0, n: 0 };
      acc.sum += v;
      acc.n++;
      sums.set(name, acc);
    }
  }
  const all = [...sums].map(([name, a]) => ({ name, value: a.sum / a.n }));
  // Below 1e-9 is rounding dust of a port that carried nothing.
  const used = all.filter((p) => p.value > 1e-9);
  if (used.length === 0) return { value: null, note: all.length === 0 ? `n/a: no ${kind.label} link with ${field} in these results` : `n/a: every ${kind.label} link idle` };
  const idle = all.length - used.length;
  return { value: median(used.map((p) => p.value)), ports: used, note: idle > 0 ? `${idle} idle port${idle === 1 ? '' : 's'} left out` : undefined };
}

/**
 * p95 as operators take it, over 5-minute samples: links[] with a `kind` give it whatever
 * the metrics bin; older results took it over the bins, right only with metricsBin: 5min.
 */
function p95Ports(reps: JsonObject[], kind: PortKind): Figure {
  const f = ports(reps, kind, 'p95Utilisation');
  const links = Array.isArray(reps[0].links) ? reps[0].links.filter(isObject) : [];
  if (links.some((l) => typeof l.kind === 'string')) return f;
  const bin = seriesOf(reps[0])?.bin;
  if (f.value === null || bin === undefined || bin === 300) return f;
  const over = `p95 over ${bin / 60}-min bins, not 5-min samples (metricsBin: 5min)`;
  return { ...f, note: f.note ? `${f.note}; ${over}` : over };
}

/** Fill bytes per simulated day over the storage of every appliance. */
function fillPerDay(reps: JsonObject[], ctx: RunContext): Figure {
  if (ctx.duration < DAY) return { value: null, note: 'n/a: needs a run of at least a day' };
  const appliances = Array.isArray(reps[0].appliances) ? reps[0].appliances.filter(isObject) : [];
  let storage = 0;
  for (const a of appliances) storage += num(a.storage) ?? ctx.classStorage?.(String(a.class)) ?? NaN;
  if (!(storage > 0)) return { value: null, note: 'n/a: appliance storage unknown (no appliances[].storage, no manifest.json with the scenario)' };
  const fill = mean(reps, (r) => num(r.fillBytes)).value;
  if (fill === null) return { value: null, note: 'n/a: no fillBytes' };
  const perDay = fill / (ctx.duration / DAY);
  return { value: perDay / storage, note: `${fmtBytes(perDay)} a day into ${fmtBytes(storage)}` };
}

/**
 * The fill limits Open Connect documents per class, as the model's defaults hold them;
 * a class of another name has none to judge against.
 */
const FILL_LIMITS: Record<string, { rate: number; window: number }> = Object.fromEntries(
  Object.entries(DEFAULT_APPLIANCE_CLASSES).map(([cls, d]) => [cls, { rate: d.fillRateBps, window: d.fillBytesPerWindow }]),
);

/** The highest fill rate and window volume any appliance used, over its class's documented limit. */
function fillVsLimit(reps: JsonObject[]): Figure {
  let busiest = '';
  const value = mean(reps, (rep) => {
    let worst: number | null = null;
    for (const a of Array.isArray(rep.appliances) ? rep.appliances.filter(isObject) : []) {
      const limit = FILL_LIMITS[String(a.class)];
      const rate = num(a.fillMaxRate);
      const bytes = num(a.fillMaxWindowBytes);
      if (!limit || rate === null || bytes === null) continue;
      const r = Math.max(rate / limit.rate, Number.isFinite(limit.window) ? bytes / limit.window : 0);
      if (worst === null || r > worst) {
        worst = r;
        if (rep === reps[0]) busiest = `${String(a.site)} ${String(a.class)}: ${fmtRate(rate)}, ${fmtBytes(bytes)} in a window`;
      }
    }
    return worst;
  }).value;
  return value === null ? { value: null, note: 'n/a: no appliance of a documented class (storage, flash, global)' } : { value, note: `busiest ${busiest}` };
}

/**
 * Least over most served traffic among whole clock hours. The first hour is left out
 * when there is no warm-up: the run starts with no playback in progress.
 */
function troughToPeak(reps: JsonObject[], ctx: RunContext): Figure {
  if (ctx.duration < DAY) return { value: null, note: 'n/a: needs a run of at least a day' };
  let note: string | undefined;
  const f = mean(reps, (rep) => {
    const s = seriesOf(rep);
    if (!s) return null;
    if (HOUR % s.bin !== 0) {
      note = `n/a: ${s.bin}-s bins do not divide an hour`;
      return null;
    }
    const perHour = HOUR / s.bin;
    const hours: number[] = [];
    for (let h = Math.ceil(Math.max(ctx.warmup, HOUR) / HOUR); (h + 1) * HOUR <= ctx.duration; h++) {
      let sum = 0;
      for (let b = h * perHour; b < (h + 1) * perHour; b++) sum += s.served[b] ?? 0;
      hours.push(sum);
    }
    const peak = Math.max(...hours);
    return hours.length > 0 && peak > 0 ? Math.min(...hours) / peak : null;
  });
  return note && f.value === null ? { value: null, note } : f;
}

/** The series a figure reads, or null: served bytes per bin (all ranks), bit rate per bin. */
function seriesOf(rep: JsonObject): { bin: number; served: number[]; bitrate: (number | null)[] | null } | null {
  const s = rep.series;
  if (!isObject(s) || !isObject(s.bytesByRank)) return null;
  const bin = num(s.binSeconds);
  if (bin === null || !(bin > 0)) return null;
  const ranks = Object.values(s.bytesByRank).filter(Array.isArray) as Json[][];
  if (ranks.length === 0) return null;
  const served = Array.from({ length: Math.max(...ranks.map((r) => r.length)) }, (_, i) => ranks.reduce((sum, r) => sum + (num(r[i]) ?? 0), 0));
  const bitrate = Array.isArray(s.averageBitrate) ? s.averageBitrate.map((x) => num(x)) : null;
  return { bin, served, bitrate };
}

/** Fields of summary.json that would make the n/a figures computable, or replace an estimate. */
function missingFields(reps: JsonObject[]): string[] {
  const r = reps[0];
  const out: string[] = [];
  if (typeof r.members !== 'number') out.push('members (the member count the demand stands for)');
  if (typeof r.viewingHours !== 'number') out.push('viewingHours (seconds of video played after the warm-up / 3600)');
  if (!isObject(r.series) || !Array.isArray(r.series.averageBitrate)) out.push('series.averageBitrate');
  const appliances = Array.isArray(r.appliances) ? r.appliances.filter(isObject) : [];
  if (appliances.length === 0 || appliances.some((a) => typeof a.storage !== 'number')) out.push('appliances[].storage (bytes; now taken from the scenario and the class defaults)');
  return out;
}

function mean(reps: JsonObject[], f: (rep: JsonObject) => number | null): Figure {
  let sum = 0;
  for (const rep of reps) {
    const v = f(rep);
    if (v === null || !Number.isFinite(v)) return { value: null, note: 'n/a: not in these results' };
    sum += v;
  }
  return { value: reps.length > 0 ? sum / reps.length : null };
}

function num(x: Json | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

function fmtCount(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

function fmtBytes(x: number): string {
  return x >= 1e12 ? `${(x / 1e12).toFixed(2)} TB` : `${(x / 1e9).toFixed(1)} GB`;
}

function fmtRate(x: number): string {
  return x >= 1e9 ? `${(x / 1e9).toFixed(2)} Gbit/s` : `${(x / 1e6).toFixed(0)} Mbit/s`;
}

/** A figure in its unit, for the table: bit rates in Mbit/s, shares in percent. */
export function formatValue(x: number, unit: Unit): string {
  switch (unit) {
    case 'bit/s':
      return `${(x / 1e6).toFixed(2)} Mbit/s`;
    case 'h/day':
      return `${x.toFixed(2)} h`;
    case 'share':
      return `${(100 * x).toFixed(1)}%`;
    case 'ratio':
      return x.toFixed(2);
  }
}

function rangeText(c: Reference): string {
  const trim = (x: number, digits: number) => String(+x.toFixed(digits));
  switch (c.unit) {
    case 'bit/s':
      return `${trim(c.min / 1e6, 2)}-${trim(c.max / 1e6, 2)} Mbit/s`;
    case 'h/day':
      return `${trim(c.min, 2)}-${trim(c.max, 2)} h`;
    case 'share':
      return `${trim(100 * c.min, 1)}-${trim(100 * c.max, 1)}%`;
    case 'ratio':
      return `${trim(c.min, 2)}-${trim(c.max, 2)}`;
  }
}

const HEADER = ['figure', 'value', 'range', 'check', 'source'];

/** Every interconnect that carried traffic: its peak and p95 utilisation, busiest p95 first. */
function interconnectLines(c: Calibration): string[] {
  const peak = new Map((c.checks.find((k) => k.id === 'interconnectPeak')?.ports ?? []).map((p) => [p.name, p.value]));
  const p95 = c.checks.find((k) => k.id === 'interconnectP95')?.ports ?? [];
  if (p95.length === 0) return [];
  const rows = [...p95].sort((a, b) => b.value - a.value || (a.name < b.name ? -1 : 1));
  const width = Math.max(...rows.map((p) => p.name.length));
  const pct = (x: number | undefined) => (x === undefined ? 'n/a' : formatValue(x, 'share')).padStart(6);
  return ['', 'interconnects (utilisation: peak, p95):', ...rows.map((p) => `  ${p.name.padEnd(width)}  ${pct(peak.get(p.name))}  ${pct(p.value)}`)];
}

/** The terminal table: figure | value | range | ok/OUT | source, then notes and the verdict. */
export function formatCalibration(c: Calibration): string[] {
  const cells = [
    HEADER,
    ...c.checks.map((k) => [k.figure, k.value === null ? 'n/a' : formatValue(k.value, k.unit) + (k.ports ? ` (median of ${k.ports.length})` : ''), rangeText(k), k.status === 'out' ? 'OUT' : k.status, `[${k.tag}] ${k.source}`]),
  ];
  const widths = HEADER.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const table = cells.map((r) => '  ' + r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
  const notes = c.checks.flatMap((k) => {
    const out = k.ports?.filter((p) => !inRange(p.value, k)) ?? [];
    const portText = out.length > 0 ? `out: ${out.slice(0, 5).map((p) => `${p.name} ${formatValue(p.value, k.unit)}`).join(', ')}${out.length > 5 ? `, and ${out.length - 5} more` : ''}` : '';
    const text = [portText, k.note ?? ''].filter((t) => t !== '').join('; ');
    return text ? [`  ${k.id}: ${text}`] : [];
  });
  const outs = c.checks.filter((k) => k.status === 'out');
  const na = c.checks.filter((k) => k.status === 'n/a').length;
  const verdict = outs.length === 0 ? `ok: every figure in range${na ? ` (${na} n/a)` : ''}` : `OUT: ${outs.length} of ${c.checks.length} figures out of range: ${outs.map((k) => k.id).join(', ')}${na ? ` (${na} n/a)` : ''}`;
  const reps = `${c.replications} replication${c.replications === 1 ? '' : 's'}`;
  return [
    `calibrate ${c.dir} (${c.scenario}, ${reps}; ranges and sources: src/report/calibration.md)`,
    ...table,
    ...interconnectLines(c),
    '',
    'notes:',
    ...notes,
    ...(c.missing.length > 0 ? [`  fields to add to summary.json: ${c.missing.join('; ')}`] : []),
    '',
    verdict,
  ];
}
