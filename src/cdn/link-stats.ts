/**
 * Link figures as operators read them off their routers: bytes that crossed each link,
 * and utilisation sampled as the average rate over each 5-minute interval, the
 * interval interconnects are billed and planned on. The 95th percentile is the billing
 * convention: sort the samples, drop the top 5%, take the highest left.
 *
 * Sampling is on its own 5-minute clock, whatever the scenario's metrics bin. A link's
 * load is piecewise constant between the changes link-load.ts reports, so each change
 * books the constant stretch before it, split at sample boundaries: exact, and O(1)
 * per change unless a stretch spans several samples.
 *
 * Warm-up: bytes before it are not counted, and only samples that start at or after it
 * are kept for the peak, p95 and mean (as the metrics bins after warm-up are).
 */
import type { Links } from './world.js';
import { LINK_BACKBONE, LINK_KIND_NAMES, LINK_PNI, LINK_PORT, LINK_PUBLIC, LINK_TRANSIT } from './interconnects.js';

export const SAMPLE_SECONDS = 300;

export interface LinkStats {
  warmup: number;
  duration: number;
  /** The first 5-minute sample that starts at or after warm-up: sample k covers [300 k, 300 (k + 1)). */
  first: number;
  /** Samples kept, from `first` to the run's end (the last one shorter if the run ends mid-sample). */
  samples: number;
  /** Bits each link carried after warm-up. */
  bits: Float64Array;
  /** Per link and kept sample, link-major (l * samples + k - first): the integral of load / capacity, seconds. */
  busy: Float64Array;
}

export function createLinkStats(links: number, duration: number, warmup: number): LinkStats {
  const first = Math.ceil(warmup / SAMPLE_SECONDS - 1e-9);
  const samples = Math.max(0, Math.ceil(duration / SAMPLE_SECONDS - 1e-9) - first);
  return { warmup, duration, first, samples, bits: new Float64Array(links), busy: new Float64Array(links * samples) };
}

/** Link `l` carried `bps` on `capacity` (both bit/s) over [from, to). */
export function bookLoad(st: LinkStats, l: number, bps: number, capacity: number, from: number, to: number): void {
  if (bps === 0 || !(to > from)) return;
  const counted = to - Math.max(from, st.warmup);
  if (counted > 0) st.bits[l] += bps * counted;
  const u = bps / capacity;
  const row = l * st.samples - st.first;
  const last = st.first + st.samples;
  let t = Math.max(from, st.first * SAMPLE_SECONDS);
  for (let k = Math.floor(t / SAMPLE_SECONDS); t < to && k < last; k++) {
    const end = Math.min(to, (k + 1) * SAMPLE_SECONDS);
    st.busy[row + k] += u * (end - t);
    t = end;
  }
}

/**
 * The p-th percentile by the billing rule: of n samples sorted, drop the top
 * floor(n (1 - p)) and take the highest left (for 288 samples of a day at p = 0.95:
 * drop 14, take the 274th). NaN for no samples.
 */
export function billingPercentile(samples: ArrayLike<number>, p = 0.95): number {
  const n = samples.length;
  if (n === 0) return NaN;
  const sorted = Float64Array.from(samples).sort();
  const drop = Math.floor(n * (1 - p) + 1e-9);
  return sorted[n - 1 - drop];
}

export interface LinkFigures {
  bytes: number;
  /** Utilisation over the 5-minute samples after warm-up: highest, billing p95, and time-weighted mean. */
  peak: number;
  p95: number;
  mean: number;
}

/** Link `l`'s figures; utilisations are NaN when no sample starts after warm-up. */
export function linkFigures(st: LinkStats, l: number): LinkFigures {
  const utils: number[] = [];
  let busy = 0;
  let seconds = 0;
  for (let j = 0; j < st.samples; j++) {
    const length = Math.min(SAMPLE_SECONDS, st.duration - (st.first + j) * SAMPLE_SECONDS);
    if (!(length > 0)) continue;
    const b = st.busy[l * st.samples + j];
    utils.push(b / length);
    busy += b;
    seconds += length;
  }
  let peak = utils.length > 0 ? 0 : NaN;
  for (const u of utils) if (u > peak) peak = u;
  return { bytes: st.bits[l] / 8, peak, p95: billingPercentile(utils), mean: seconds > 0 ? busy / seconds : NaN };
}

/** Bytes delivered into one ISP after warm-up, by the way they came in. */
export interface IspBytes {
  /** Out of its embedded sites' ports. */
  embedded: number;
  /** Over its public ports and PNIs at exchanges. */
  interconnects: number;
  /** Over its transit, from the origin. */
  transit: number;
}

export function ispBytes(links: Pick<Links, 'kind' | 'isp'>, st: LinkStats, isps: number): IspBytes[] {
  const out = Array.from({ length: isps }, () => ({ embedded: 0, interconnects: 0, transit: 0 }));
  for (let l = 0; l < links.kind.length; l++) {
    const i = links.isp[l];
    if (i < 0) continue;
    const bytes = st.bits[l] / 8;
    const kind = links.kind[l];
    if (kind === LINK_PORT) out[i].embedded += bytes;
    else if (kind === LINK_PUBLIC || kind === LINK_PNI) out[i].interconnects += bytes;
    else if (kind === LINK_TRANSIT) out[i].transit += bytes;
  }
  return out;
}

/** Bytes over the links of one kind (LINK_*), after warm-up. */
export function bytesOfKind(links: Pick<Links, 'kind'>, st: LinkStats, kind: typeof LINK_TRANSIT | typeof LINK_BACKBONE): number {
  let bytes = 0;
  for (let l = 0; l < links.kind.length; l++) if (links.kind[l] === kind) bytes += st.bits[l] / 8;
  return bytes;
}

/**
 * The summary's link fields: per link its kind, capacity, latency, bytes and 5-minute
 * utilisations; per ISP the bytes delivered into it; transit (origin to ISPs) and
 * backbone (origin to exchanges, the CDN's own fill) bytes; the busiest link's peak.
 */
export function linkSummary(world: { links: Links; isps: { name: string }[] }, st: LinkStats) {
  const { links } = world;
  const r = (x: number) => (Number.isFinite(x) ? x : null);
  const figures = links.names.map((_, l) => linkFigures(st, l));
  let peak = 0;
  for (const f of figures) if (f.peak > peak) peak = f.peak;
  const perIsp = ispBytes(links, st, world.isps.length);
  return {
    peakLinkUtilisation: peak,
    transitBytes: bytesOfKind(links, st, LINK_TRANSIT),
    backboneBytes: bytesOfKind(links, st, LINK_BACKBONE),
    links: links.names.map((name, l) => ({
      name,
      kind: LINK_KIND_NAMES[links.kind[l]],
      capacity: links.capacity[l],
      latency: links.latency[l],
      bytes: figures[l].bytes,
      peakUtilisation: r(figures[l].peak),
      p95Utilisation: r(figures[l].p95),
      meanUtilisation: r(figures[l].mean),
    })),
    isps: world.isps.map((isp, i) => ({ name: isp.name, bytesFromEmbedded: perIsp[i].embedded, bytesOverInterconnects: perIsp[i].interconnects, bytesOverTransit: perIsp[i].transit })),
  };
}
