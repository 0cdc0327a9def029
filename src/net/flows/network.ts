/**
 * Flows over links on the simulation clock. A flow carries a number of bytes over a
 * route of link directions; while it is active its rate is its max-min fair share
 * (./maxmin.ts), refilled whenever a flow in its component starts or ends or a link
 * in it changes capacity. Its completion is an engine event, rescheduled when its
 * rate moves. The last byte arrives one route propagation delay after the flow
 * drains, and that is when `onComplete` is called.
 *
 * Loss enters as a per-flow ceiling: one TCP flow cannot exceed the Mathis et al.
 * rate for its route's loss and round-trip time, whatever capacity is free.
 *
 * Event kinds: `kind` (a flow drained) and `kind + 1` (its last byte delivered), so a
 * model combining components gives each its own range.
 */
import type { Engine } from '../../engine/engine.js';
import { grow } from '../../util/grow.js';
import { lossLimitedRate, routeDelay, routeLoss, type LinkTable } from './links.js';
import { MaxMinSharing } from './maxmin.js';
import { UtilisationSeries, nearestRank } from './utilisation.js';

export const FLOW_EVENT_KINDS = 2;

export interface FlowNetworkOptions {
  /** First of the two event kinds this component registers. */
  kind: number;
  /** Utilisation bin width, seconds (default 300). */
  binWidth?: number;
  /** TCP maximum segment size for the loss ceiling, bytes (default 1460). */
  mss?: number;
  /** Longest route, in links (default 16). */
  maxHops?: number;
  /** Called when a flow's last byte arrives, with the tag given at start. */
  onComplete?: (tag: number, flow: number) => void;
}

export interface LinkDirectionReport {
  capacity: number;
  bitsCarried: number;
  meanUtilisation: number;
  /** Highest instantaneous load, bit/s. */
  peakRate: number;
  /** Highest bin average and its 95th percentile (nearest rank), bit/s and as a share of capacity. */
  peakBinRate: number;
  p95Rate: number;
  peakUtilisation: number;
  p95Utilisation: number;
  /** Average rate per bin, bit/s. */
  series: number[];
}

export class FlowNetwork {
  readonly sharing: MaxMinSharing;
  readonly utilisation: UtilisationSeries;
  /** Flow events (starts, completions, aborts, capacity changes) and the flows refilled for them. */
  events = 0;
  refilledFlows = 0;
  private readonly engine: Engine;
  private readonly links: LinkTable;
  private readonly kind: number;
  private readonly mss: number;
  private readonly onComplete: (tag: number, flow: number) => void;
  private readonly nominal: Float64Array;
  private remaining = new Float64Array(256);
  private since = new Float64Array(256);
  private handle = new Float64Array(256);
  private tag = new Int32Array(256);
  private delay = new Float64Array(256);
  private prevRate = new Float64Array(256);

  constructor(engine: Engine, links: LinkTable, options: FlowNetworkOptions) {
    this.engine = engine;
    this.links = links;
    this.kind = options.kind;
    this.mss = options.mss ?? 1460;
    this.onComplete = options.onComplete ?? (() => {});
    this.sharing = new MaxMinSharing(links.capacity, { maxHops: options.maxHops ?? 16 });
    this.utilisation = new UtilisationSeries(links.capacity.length, options.binWidth ?? 300);
    this.nominal = links.capacity.slice();
    engine.on(this.kind, (f) => this.drained(f));
    engine.on(this.kind + 1, (tag, f) => this.onComplete(tag, f));
  }

  /** Start sending `bytes` over `route` (resource ids); returns the flow id. `cap` limits its rate (bit/s). */
  start(route: ArrayLike<number>, bytes: number, options: { cap?: number; tag?: number } = {}): number {
    if (!(bytes > 0) || !Number.isFinite(bytes)) throw new RangeError(`a flow needs a positive size, got ${bytes} bytes`);
    const delay = routeDelay(this.links, route);
    const ceiling = lossLimitedRate(this.mss, 2 * delay, routeLoss(this.links, route));
    const f = this.sharing.insert(route, Math.min(options.cap ?? Infinity, ceiling));
    this.ensure(f);
    this.remaining[f] = bytes * 8;
    this.since[f] = this.engine.now;
    this.handle[f] = -1;
    this.tag[f] = options.tag ?? 0;
    this.delay[f] = delay;
    this.sharing.collectFlow(f);
    this.refill();
    return f;
  }

  /** Stop a flow before it completes (a client gave up); no completion is reported. */
  abort(f: number): void {
    this.cancelDrain(f);
    this.sharing.detach(f);
    this.refill();
  }

  /** Set one direction's capacity, bit/s. */
  setCapacity(resource: number, bps: number): void {
    this.sharing.collect(Int32Array.of(resource), 1);
    this.sharing.capacity[resource] = bps;
    this.refill();
  }

  /** A failed link carries nothing in either direction; its flows stall until it is repaired or they are aborted. */
  failLink(link: number): void {
    this.setCapacity(2 * link, 0);
    this.setCapacity(2 * link + 1, 0);
  }

  repairLink(link: number): void {
    this.setCapacity(2 * link, this.nominal[2 * link]);
    this.setCapacity(2 * link + 1, this.nominal[2 * link + 1]);
  }

  rate(f: number): number {
    return this.sharing.rate[f];
  }

  /** Bytes still to send, as of now. */
  remainingBytes(f: number): number {
    return Math.max(0, this.remaining[f] - this.sharing.rate[f] * (this.engine.now - this.since[f])) / 8;
  }

  /** Utilisation report of one direction of a link (resource id), up to now. */
  report(resource: number): LinkDirectionReport {
    const until = this.engine.now;
    const series = this.utilisation.series(resource, until);
    const capacity = this.nominal[resource];
    let bits = 0;
    let peakBin = 0;
    for (let i = 0; i < series.length; i++) {
      bits += series[i] * (Math.min(until, (i + 1) * this.utilisation.binWidth) - i * this.utilisation.binWidth);
      if (series[i] > peakBin) peakBin = series[i];
    }
    const p95 = nearestRank(series, 0.95);
    const share = (x: number) => (capacity > 0 ? x / capacity : 0);
    return {
      capacity,
      bitsCarried: bits,
      meanUtilisation: until > 0 ? share(bits / until) : 0,
      peakRate: this.utilisation.peakRate[resource],
      peakBinRate: peakBin,
      p95Rate: p95,
      peakUtilisation: share(peakBin),
      p95Utilisation: share(p95),
      series: Array.from(series),
    };
  }

  private drained(f: number): void {
    this.handle[f] = -1;
    const tag = this.tag[f];
    const delay = this.delay[f];
    this.sharing.detach(f);
    this.refill();
    this.engine.schedule(delay, this.kind + 1, tag, f);
  }

  /** After the sharing has collected a component: account the old rates up to now, refill, reschedule. */
  private refill(): void {
    const s = this.sharing;
    const now = this.engine.now;
    this.events++;
    this.refilledFlows += s.compFlowCount;
    for (let i = 0; i < s.compFlowCount; i++) {
      const f = s.compFlows[i];
      this.remaining[f] -= s.rate[f] * (now - this.since[f]);
      this.since[f] = now;
      this.prevRate[f] = s.rate[f];
    }
    for (let i = 0; i < s.compResCount; i++) this.utilisation.advance(s.compRes[i], now);
    s.fill();
    for (let i = 0; i < s.compResCount; i++) {
      const r = s.compRes[i];
      this.utilisation.set(r, now, s.load[r]);
    }
    for (let i = 0; i < s.compFlowCount; i++) {
      const f = s.compFlows[i];
      const rate = s.rate[f];
      if (rate === this.prevRate[f] && this.handle[f] >= 0) continue;
      this.cancelDrain(f);
      if (rate > 0) this.handle[f] = this.engine.schedule(Math.max(0, this.remaining[f]) / rate, this.kind, f, 0);
    }
  }

  private cancelDrain(f: number): void {
    if (this.handle[f] >= 0) this.engine.cancel(this.handle[f]);
    this.handle[f] = -1;
  }

  private ensure(f: number): void {
    if (f < this.remaining.length) return;
    let n = this.remaining.length;
    while (n <= f) n *= 2;
    this.remaining = grow(this.remaining, n);
    this.since = grow(this.since, n);
    this.handle = grow(this.handle, n);
    this.tag = grow(this.tag, n);
    this.delay = grow(this.delay, n);
    this.prevRate = grow(this.prevRate, n);
  }

}
