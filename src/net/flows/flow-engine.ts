/**
 * Flows on the simulation clock: each carries a number of bytes over a route of
 * resources (link directions, an appliance's NIC or disk, a client's access line),
 * waits its route's latency, then shares every resource on the way by weighted
 * max-min (./maxmin.ts) under one of SimGrid's models (./models.ts).
 *
 * Rates change only when a flow starts sharing or ends, a capacity changes or a
 * resource fails; then the flows re-solved get their bytes accounted at the old rate
 * and, if their rate moved, their finish time moved in a heap of finish times. One
 * engine event stands for the earliest finish and is cancelled and scheduled anew
 * only when that moves, so the event list holds one entry however many flows run
 * (SimGrid keeps its actions the same way). Nothing is polled and nothing is
 * allocated per event: flows are slots in typed arrays, recycled through the
 * sharing's free list.
 *
 * A resource that fails ends every flow on it at once (those still paying their
 * latency too); the owner hears how many bytes each had delivered. Flows started
 * over a failed resource fail when their latency is paid, having delivered nothing.
 *
 * Event kinds: `kind` (a flow's latency paid) and `kind + 1` (the earliest finish), so a model
 * combining components gives each its own range.
 */
import type { Engine } from '../../engine/engine.js';
import { grow } from '../../util/grow.js';
import { IndexedHeap } from './heap.js';
import { MaxMinSharing } from './maxmin.js';
import { FLOW_MODELS, routeTerms, type FlowModel, type RouteTerms } from './models.js';

export const FLOW_ENGINE_EVENT_KINDS = 2;

export interface FlowResources {
  /** Bytes per second, per resource. */
  capacity: ArrayLike<number>;
  /** One-way latency, seconds, per resource (0 for a NIC or a disk). */
  latency: ArrayLike<number>;
}

export interface FlowEngineOptions {
  /** First of the two event kinds this component registers. */
  kind: number;
  model?: FlowModel;
  /** Longest route, in resources (default 8). */
  maxHops?: number;
  /** Initial flow slots (default 1024; they double as needed). */
  flows?: number;
  /** The last byte of a flow arrived. */
  onComplete?: (tag: number, flow: number) => void;
  /** A resource on the flow's route failed; `delivered` bytes had arrived. */
  onFail?: (tag: number, flow: number, delivered: number) => void;
  /** A resource's load changed (bytes/s), at `now`. */
  onLoad?: (resource: number, load: number) => void;
}

export interface FlowEngineStats {
  started: number;
  completed: number;
  failed: number;
  /** Re-solves, and the flows they covered in all (the incremental update's cost). */
  solves: number;
  flowsSolved: number;
}

export class FlowEngine {
  readonly sharing: MaxMinSharing;
  readonly model: FlowModel;
  readonly stats: FlowEngineStats = { started: 0, completed: 0, failed: 0, solves: 0, flowsSolved: 0 };
  /** Capacities as last set, bytes/s (a failure leaves them be; repair restores them). */
  readonly nominal: Float64Array;
  private readonly latency: Float64Array;
  private readonly down: Uint8Array;
  private readonly engine: Engine;
  private readonly kind: number;
  private readonly factor: number;
  private readonly onComplete: (tag: number, flow: number) => void;
  private readonly onFail: (tag: number, flow: number, delivered: number) => void;
  private readonly onLoad: ((resource: number, load: number) => void) | undefined;
  private readonly terms: RouteTerms = { wait: 0, weight: 1, bound: Infinity };
  /** Finish time of every flow with a positive rate. */
  private readonly due = new IndexedHeap();
  private nextHandle = -1;
  private nextAt = Infinity;
  private size = new Float64Array(0);
  /** Bytes left as of `since`. */
  private left = new Float64Array(0);
  private since = new Float64Array(0);
  /** The latency event of a flow still paying it, else -1. */
  private handle = new Float64Array(0);
  private tag = new Int32Array(0);
  private bound = new Float64Array(0);
  private weight = new Float64Array(0);

  constructor(engine: Engine, resources: FlowResources, options: FlowEngineOptions) {
    const n = resources.capacity.length;
    if (resources.latency.length !== n) throw new RangeError(`${n} capacities but ${resources.latency.length} latencies`);
    this.engine = engine;
    this.kind = options.kind;
    this.model = options.model ?? FLOW_MODELS.maxmin;
    this.factor = this.model.bandwidthFactor;
    this.sharing = new MaxMinSharing(resources.capacity, { maxHops: options.maxHops ?? 8, flows: options.flows });
    this.nominal = Float64Array.from(resources.capacity);
    this.latency = Float64Array.from(resources.latency);
    for (let r = 0; r < n; r++) {
      if (!(this.latency[r] >= 0) || !Number.isFinite(this.latency[r])) throw new RangeError(`latency ${this.latency[r]} of resource ${r} must be finite and >= 0`);
    }
    this.down = new Uint8Array(n);
    this.onComplete = options.onComplete ?? (() => {});
    this.onFail = options.onFail ?? (() => {});
    this.onLoad = options.onLoad;
    this.ensure(this.sharing.rate.length - 1);
    engine.on(this.kind, (f) => this.latencyPaid(f));
    engine.on(this.kind + 1, () => this.drained());
  }

  /**
   * Start sending `bytes` over `route` (resource ids) now; returns the flow id, valid
   * until its completion or failure is reported. `cap` bounds its rate, bytes/s.
   */
  start(route: ArrayLike<number>, bytes: number, tag = 0, cap = Infinity): number {
    if (!(bytes >= 0) || !Number.isFinite(bytes)) throw new RangeError(`a flow needs a finite size >= 0, got ${bytes} bytes`);
    const s = this.sharing;
    const f = s.reserve(route);
    this.ensure(f);
    const t = routeTerms(this.model, route, this.latency, this.nominal, this.terms);
    this.size[f] = bytes;
    this.left[f] = bytes;
    this.since[f] = this.engine.now;
    this.tag[f] = tag;
    this.weight[f] = t.weight;
    this.bound[f] = Math.min(t.bound, cap / this.factor);
    this.stats.started++;
    this.handle[f] = this.engine.schedule(this.crossesDown(f) ? 0 : t.wait, this.kind, f, 0);
    return f;
  }

  /** Stop a flow before it completes (its owner gave up); returns the bytes it delivered. Nothing is reported. */
  abort(f: number): number {
    const delivered = this.delivered(f);
    this.cancel(f);
    this.release(f);
    this.resolve();
    return delivered;
  }

  /** Set a resource's capacity, bytes/s (a degraded link, a throttled disk). */
  setCapacity(r: number, capacity: number): void {
    this.sharing.changeCapacity(r, this.down[r] ? 0 : capacity);
    this.nominal[r] = capacity;
    this.resolve();
  }

  /** Fail a resource: every flow on it ends now and is reported to `onFail`. Returns how many. */
  fail(r: number): number {
    if (this.down[r]) return 0;
    this.down[r] = 1;
    const s = this.sharing;
    const ended: number[] = [];
    for (const e of s.flowsOn(r)) ended.push((e / s.maxHops) | 0);
    for (let f = 0; f < s.slots; f++) if (s.isReserved(f) && s.routeOf(f).includes(r)) ended.push(f);
    const delivered = ended.map((f) => this.delivered(f));
    const tags = ended.map((f) => this.tag[f]);
    for (const f of ended) {
      this.cancel(f);
      this.release(f);
    }
    s.changeCapacity(r, 0);
    this.resolve();
    this.stats.failed += ended.length;
    ended.forEach((f, i) => this.onFail(tags[i], f, delivered[i]));
    return ended.length;
  }

  /** Bring a failed resource back at its nominal capacity. */
  repair(r: number): void {
    if (!this.down[r]) return;
    this.down[r] = 0;
    this.sharing.changeCapacity(r, this.nominal[r]);
    this.resolve();
  }

  isDown(r: number): boolean {
    return this.down[r] === 1;
  }

  /** Current rate of a flow, bytes/s (0 while it pays its latency). */
  rate(f: number): number {
    return this.sharing.rate[f] * this.factor;
  }

  /** Bytes delivered so far. */
  delivered(f: number): number {
    const left = this.left[f] - this.rate(f) * (this.engine.now - this.since[f]);
    return this.size[f] - Math.max(0, left);
  }

  private latencyPaid(f: number): void {
    this.handle[f] = -1;
    if (this.crossesDown(f)) {
      const tag = this.tag[f];
      this.sharing.detach(f);
      this.stats.failed++;
      this.onFail(tag, f, 0);
      return;
    }
    this.since[f] = this.engine.now;
    if (this.size[f] === 0) {
      this.complete(f);
      return;
    }
    this.sharing.activate(f, this.bound[f], this.weight[f]);
    this.resolve();
  }

  private drained(): void {
    this.nextHandle = -1;
    this.nextAt = Infinity;
    if (this.due.size > 0) this.complete(this.due.top);
  }

  private complete(f: number): void {
    const tag = this.tag[f];
    this.release(f);
    this.resolve();
    this.stats.completed++;
    this.onComplete(tag, f);
  }

  /** Re-solve what the last change touched; account and reschedule the flows whose rate moved. */
  private resolve(): void {
    const s = this.sharing;
    s.fill();
    const now = this.engine.now;
    this.stats.solves++;
    this.stats.flowsSolved += s.compFlowCount;
    for (let i = 0; i < s.compFlowCount; i++) {
      const f = s.compFlows[i];
      const x = s.rate[f];
      const old = s.prevRate[f];
      if (x === old && (x === 0 || this.due.has(f))) continue;
      this.left[f] -= old * this.factor * (now - this.since[f]);
      this.since[f] = now;
      if (x > 0) this.due.set(f, now + Math.max(0, this.left[f]) / (x * this.factor));
      else this.due.remove(f);
    }
    this.armNext();
    if (this.onLoad) for (let i = 0; i < s.compResCount; i++) this.onLoad(s.compRes[i], s.load[s.compRes[i]] * this.factor);
  }

  /** One engine event at the earliest finish. */
  private armNext(): void {
    const at = this.due.size > 0 ? this.due.topKey : Infinity;
    if (at === this.nextAt) return;
    if (this.nextHandle >= 0) this.engine.cancel(this.nextHandle);
    this.nextHandle = at === Infinity ? -1 : this.engine.scheduleAt(Math.max(at, this.engine.now), this.kind + 1, 0, 0);
    this.nextAt = at;
  }

  /** Take a flow out of the sharing; the loads it leaves need no re-solve where it was not held. */
  private release(f: number): void {
    const s = this.sharing;
    this.due.remove(f);
    const active = s.isActive(f);
    s.detach(f);
    if (!active || !this.onLoad) return;
    const base = f * s.maxHops;
    for (let h = 0; h < s.hops[f]; h++) this.onLoad(s.route[base + h], s.load[s.route[base + h]] * this.factor);
  }

  private crossesDown(f: number): boolean {
    const s = this.sharing;
    const base = f * s.maxHops;
    for (let h = 0; h < s.hops[f]; h++) if (this.down[s.route[base + h]]) return true;
    return false;
  }

  private cancel(f: number): void {
    if (this.handle[f] >= 0) this.engine.cancel(this.handle[f]);
    this.handle[f] = -1;
  }

  private ensure(f: number): void {
    if (f < this.size.length) return;
    const n = Math.max(f + 1, this.sharing.rate.length);
    this.size = grow(this.size, n);
    this.left = grow(this.left, n);
    this.since = grow(this.since, n);
    this.handle = grow(this.handle, n);
    this.tag = grow(this.tag, n);
    this.bound = grow(this.bound, n);
    this.weight = grow(this.weight, n);
  }
}
