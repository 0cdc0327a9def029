/**
 * Fill progress per night: how many bytes the appliances pulled since their fill
 * window opened, one line per night. Windows are local times at each site, so with
 * sites in several time zones a "night" runs from the first site's window opening to
 * the last one's closing.
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { utcOffsetSeconds } from '../../cdn/timezone.js';
import type { Json } from '../../models/model.js';
import type { Chart } from './chart.js';
import { categorical } from './colour.js';
import { formatBytes, formatClock } from './format.js';
import type { OpenConnectView } from './openconnect.js';
import { isObject } from './read.js';
import type { Series } from './series.js';
import { axisBottom, axisLeft, el, headerHeight, legend, svgDocument, WIDTH } from './svg.js';

const DAY = 86400;

export interface Interval {
  from: number;
  to: number;
}

/**
 * The fill windows in simulated time (seconds from 00:00 UTC of the start date):
 * every daily window at every UTC offset, clipped to the run, overlapping ones merged.
 * `windows` are local seconds after midnight; a window whose end is before its start
 * crosses midnight.
 */
export function fillNights(windows: { start: number; end: number }[], offsets: number[], duration: number): Interval[] {
  const all: Interval[] = [];
  for (const offset of new Set(offsets)) {
    for (let d = -1; d <= Math.ceil(duration / DAY); d++) {
      for (const w of windows) {
        const from = d * DAY + w.start - offset;
        const length = (w.end - w.start + DAY) % DAY || DAY;
        const a = Math.max(0, from);
        const b = Math.min(duration, from + length);
        if (b > a) all.push({ from: a, to: b });
      }
    }
  }
  all.sort((x, y) => x.from - y.from || x.to - y.to);
  const merged: Interval[] = [];
  for (const i of all) {
    const last = merged[merged.length - 1];
    if (last && i.from <= last.to) last.to = Math.max(last.to, i.to);
    else merged.push({ ...i });
  }
  return merged;
}

/** Whole UTC days of the run, for when the fill windows are unknown. */
export function utcDays(duration: number): Interval[] {
  return Array.from({ length: Math.ceil(duration / DAY) }, (_, d) => ({ from: d * DAY, to: Math.min(duration, (d + 1) * DAY) }));
}

/**
 * Bytes filled since `night.from`, at the night's start and at each bin boundary inside
 * it; a bin that straddles an edge counts in proportion to its overlap.
 */
export function cumulativeFill(fill: Series, lengths: number[], night: Interval): { t: number; bytes: number }[] {
  const out = [{ t: 0, bytes: 0 }];
  let total = 0;
  let t0 = 0;
  for (let i = 0; i < fill.length; i++) {
    const t1 = t0 + lengths[i];
    const overlap = Math.min(t1, night.to) - Math.max(t0, night.from);
    if (overlap > 0) {
      total += ((fill[i] ?? 0) * overlap) / lengths[i];
      out.push({ t: Math.min(t1, night.to) - night.from, bytes: total });
    }
    t0 = t1;
  }
  return out;
}

/** The UTC offsets of the zones the scenario's sites are in (through their ISP or exchange point). */
export function siteOffsets(scenario: Json | undefined): number[] | null {
  if (!isObject(scenario) || typeof scenario.start !== 'string' || !Array.isArray(scenario.sites)) return null;
  const at = new Date(`${scenario.start}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) return null;
  const zone = (list: Json | undefined, name: Json | undefined): string | undefined => {
    if (!Array.isArray(list)) return undefined;
    const hit = list.find((x) => isObject(x) && x.name === name);
    return isObject(hit) && typeof hit.timezone === 'string' ? hit.timezone : undefined;
  };
  const offsets: number[] = [];
  for (const site of scenario.sites) {
    if (!isObject(site)) continue;
    const tz = site.isp !== undefined ? zone(scenario.isps, site.isp) : zone(scenario.ixps, site.ixp);
    if (tz === undefined) continue;
    try {
      offsets.push(utcOffsetSeconds(tz, at));
    } catch {
      // An unknown zone here means the manifest was edited; the run itself validated it.
    }
  }
  return offsets.length > 0 ? [...new Set(offsets)].sort((a, b) => a - b) : null;
}

export function fillWindowsOf(scenario: Json | undefined): { start: number; end: number }[] | null {
  if (!isObject(scenario) || !isObject(scenario.fill) || !Array.isArray(scenario.fill.windows)) return null;
  const ws = scenario.fill.windows.filter(isObject).map((w) => ({ start: w.start, end: w.end }));
  return ws.length > 0 && ws.every((w) => typeof w.start === 'number' && typeof w.end === 'number') ? (ws as { start: number; end: number }[]) : null;
}

export function fillChart(view: OpenConnectView, scenario: Json | undefined): Chart | null {
  if (!view.fill || view.duration <= 0) return null;
  const windows = fillWindowsOf(scenario);
  const offsets = siteOffsets(scenario);
  const byWindow = windows !== null && offsets !== null;
  const nights = byWindow ? fillNights(windows, offsets, view.duration) : utcDays(view.duration);
  const curves = nights
    .map((n, k) => ({
      label: byWindow ? `night ${k + 1}: ${formatClock(n.from)}–${formatClock(n.to)} UTC` : `day ${k + 1}`,
      points: cumulativeFill(view.fill as Series, view.lengths, n),
    }))
    .filter((c) => c.points[c.points.length - 1].bytes > 0);
  if (curves.length === 0) return null;

  const maxBytes = Math.max(...curves.map((c) => c.points[c.points.length - 1].bytes));
  const unit = maxBytes >= 1e12 ? { name: 'TB', div: 1e12 } : { name: 'GB', div: 1e9 };
  const maxHours = Math.max(...nights.map((n) => (n.to - n.from) / 3600));
  const title = 'Fill progress per night';
  const subtitle = curves.map((c) => `${c.label.split(':')[0]}: ${formatBytes(c.points[c.points.length - 1].bytes)}`).join(', ');
  const left = 72;
  const right = 24;
  const key = legend(
    curves.map((c, i) => ({ label: c.label, colour: categorical(i), shape: 'line' as const })),
    left,
    headerHeight(subtitle),
    WIDTH - left - right,
  );
  const top = headerHeight(subtitle) + key.height + 8;
  const height = top + 220 + 50;
  const x = scaleLinear().domain([0, maxHours]).range([left, WIDTH - right]);
  const y = scaleLinear()
    .domain([0, maxBytes / unit.div])
    .range([height - 50, top])
    .nice();
  const svg = svgDocument({ name: 'fill-progress', title, subtitle, description: 'Cumulative bytes filled since each fill window opened, one line per night.', width: WIDTH, height }, [
    key.svg,
    axisLeft(y, left, { label: `filled since the window opened (${unit.name})`, gridTo: WIDTH - right }),
    ...curves.map((c, i) =>
      el('path', {
        class: 'mark',
        d:
          line<{ t: number; bytes: number }>()
            .x((p) => x(p.t / 3600))
            .y((p) => y(p.bytes / unit.div))(c.points) ?? '',
        fill: 'none',
        stroke: categorical(i),
        'stroke-width': 1.8,
      }),
    ),
    axisBottom(x, height - 50, { label: byWindow ? 'time since the fill window opened (h)' : 'time since midnight UTC (h)' }),
  ]);
  return {
    name: 'fill-progress',
    title,
    svg,
    caption: byWindow
      ? 'Bytes pulled into appliances since the night’s fill window opened (scheduled fill, plus any reactive fill that happened in the window). A line that flattens early means the night’s manifest was filled before the window closed.'
      : 'The scenario’s fill windows are not known (no manifest.json), so fill is shown per UTC day.',
  };
}
