/**
 * Flows over a link table (./links.ts) on the simulation clock: the flow engine
 * (./flow-engine.ts) with link directions as its resources, capacities in bit/s,
 * each direction's latency its link's one-way delay, and utilisation series per
 * direction. Loss enters as a per-flow ceiling: one TCP flow cannot exceed the
 * Mathis et al. rate for its route's loss and round-trip time, whatever is free.
 *
 * Event kinds: the flow engine's two, from `kind`.
 */
import type { Engine } from '../../engine/engine.js';
import { FlowEngine, FLOW_ENGINE_EVENT_KINDS } from './flow-engine.js';
import { lossLimitedRate, routeDelay, routeLoss, type LinkTable } from './links.js';
import { FLOW_MODELS, type FlowModel } from './models.js';
import { UtilisationSeries, nearestRank } from './utilisation.js';

export const FLOW_EVENT_KINDS = FLOW_ENGINE_EVENT_KINDS;

export interface FlowNetworkOptions {
  /** First of the two event kinds this component registers. */
  kind: number;
  /** Sharing model (default maxmin). */
  model?: FlowModel;
  /** Utilisation bin width, seconds (default 300). */
  binWidth?: number;
  /** TCP maximum segment size for the loss ceiling, bytes (default 1460). */
  mss?: number;
  /** Longest route, in links (default 16). */
  maxHops?: number;
  /** Called when a flow's last byte arrives, with the tag given at start. */
  onComplete?: (tag: number, flow: number) => void;
  /** Called when a failed link ends a flow, with the bytes it had delivered. */
  onFail?: (tag: number, flow: number, deliveredBytes: number) => void;
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
  readonly flows: FlowEngine;
  readonly utilisation: UtilisationSeries;
  private readonly engine: Engine;
  private readonly links: LinkTable;
  private readonly mss: number;

  constructor(engine: Engine, links: LinkTable, options: FlowNetworkOptions) {
    this.engine = engine;
    this.links = links;
    this.mss = options.mss ?? 1460;
    const n = links.capacity.length;
    const capacity = links.capacity.map((bps) => bps / 8);
    const latency = new Float64Array(n);
    for (let r = 0; r < n; r++) latency[r] = links.delay[r >> 1];
    this.utilisation = new UtilisationSeries(n, options.binWidth ?? 300);
    this.flows = new FlowEngine(engine, { capacity, latency }, {
      kind: options.kind,
      model: options.model ?? FLOW_MODELS.maxmin,
      maxHops: options.maxHops ?? 16,
      onComplete: options.onComplete,
      onFail: options.onFail,
      onLoad: (r, bytesPerSecond) => this.utilisation.set(r, engine.now, bytesPerSecond * 8),
    });
  }

  /** Start sending `bytes` over `route` (resource ids); returns the flow id. `cap` limits its rate (bit/s). */
  start(route: ArrayLike<number>, bytes: number, options: { cap?: number; tag?: number } = {}): number {
    if (!(bytes > 0) || !Number.isFinite(bytes)) throw new RangeError(`a flow needs a positive size, got ${bytes} bytes`);
    const ceiling = lossLimitedRate(this.mss, 2 * routeDelay(this.links, route), routeLoss(this.links, route));
    return this.flows.start(route, bytes, options.tag ?? 0, Math.min(options.cap ?? Infinity, ceiling) / 8);
  }

  /** Stop a flow before it completes (a client gave up); no completion is reported. */
  abort(f: number): void {
    this.flows.abort(f);
  }

  /** Set one direction's capacity, bit/s. */
  setCapacity(resource: number, bps: number): void {
    this.flows.setCapacity(resource, bps / 8);
  }

  /** A failed link ends every flow over it, in either direction (reported to `onFail`). */
  failLink(link: number): void {
    this.flows.fail(2 * link);
    this.flows.fail(2 * link + 1);
  }

  repairLink(link: number): void {
    this.flows.repair(2 * link);
    this.flows.repair(2 * link + 1);
  }

  /** Current rate, bit/s. */
  rate(f: number): number {
    return this.flows.rate(f) * 8;
  }

  /** Utilisation report of one direction of a link (resource id), up to now. */
  report(resource: number): LinkDirectionReport {
    const until = this.engine.now;
    const series = this.utilisation.series(resource, until);
    const capacity = this.links.capacity[resource];
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
}
