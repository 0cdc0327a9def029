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
 * Flows in a group of the sharing (many flows held at one saturated resource, see
 * ./maxmin.ts) run on that resource's virtual clock instead (processor sharing, as
 * in GPS): V advances at the group's level λ, a member of weight w gains w·λ bytes/s
 * (times the model's bandwidth factor), so its finish is a fixed tag in V, set when
 * it joins: V + bytes left / w. The members sit in the group's own heap by tag; the
 * group stands in a heap of groups at the real time its smallest tag is reached.
 * A start or end that only moves λ then costs O(log n), whatever the group's size;
 * bytes left come back from V when the group dissolves.
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
import { HeapSet, IndexedHeap } from './heap.js';
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
  /** Fewest flows held at one resource that share its virtual clock (default 32). */
  groupMin?: number;
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
  /** Of the re-solves, those that only moved a group's level (no flow re-solved but the one starting). */
  levelMoves: number;
}

export class FlowEngine {
  readonly sharing: MaxMinSharing;
  readonly model: FlowModel;
  readonly stats: FlowEngineStats = { started: 0, completed: 0, failed: 0, solves: 0, flowsSolved: 0, levelMoves: 0 };
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
  /** Members of each group by finish tag (virtual time), and each group by the real time of its next finish. */
  private readonly members = new HeapSet();
  private readonly groupDue = new IndexedHeap();
  /** Per group resource: V as of vAt, and the level it has advanced at since. */
  private readonly vTime: Float64Array;
  private readonly vAt: Float64Array;
  private readonly vLevel: Float64Array;
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
    this.sharing = new MaxMinSharing(resources.capacity, { maxHops: options.maxHops ?? 8, flows: options.flows, groupMin: options.groupMin });
    this.nominal = Float64Array.from(resources.capacity);
    this.latency = Float64Array.from(resources.latency);
    for (let r = 0; r < n; r++) {
      if (!(this.latency[r] >= 0) || !Number.isFinite(this.latency[r])) throw new RangeError(`latency ${this.latency[r]} of resource ${r} must be finite and >= 0`);
    }
    this.down = new Uint8Array(n);
    this.vTime = new Float64Array(n);
    this.vAt = new Float64Array(n);
    this.vLevel = new Float64Array(n);
    this.onComplete = options.onComplete ?? (() => {});
    this.onFail = options.onFail ?? (() => {});
    this.onLoad = options.onLoad;
    this.ensure(this.sharing.rate.length - 1);
    engine.on(this.kind, (f) => this.latencyPaid(f));
    engine.on(this.kind + 1, () => this.drained());
  }

  /**
   * Start sending `bytes` over `route` (resource ids) now; returns the flow id, valid
   * until its completion or failure is reported. `cap` bounds its rate, bytes/s;
   * `latency` (s, one way) is paid on top of the route's, as part of it (a client's
   * access line: its rate is the cap, its delay this).
   */
  start(route: ArrayLike<number>, bytes: number, tag = 0, cap = Infinity, latency = 0): number {
    if (!(bytes >= 0) || !Number.isFinite(bytes)) throw new RangeError(`a flow needs a finite size >= 0, got ${bytes} bytes`);
    const s = this.sharing;
    const f = s.reserve(route);
    this.ensure(f);
    const t = routeTerms(this.model, route, this.latency, this.nominal, this.terms, latency);
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
    return this.sharing.rateOf(f) * this.factor;
  }

  /** Bytes delivered so far. */
  delivered(f: number): number {
    const g = this.sharing.groups.group[f];
    const now = this.engine.now;
    const left = g >= 0 ? (this.members.key[f] - this.virtualTime(g, now)) * this.weight[f] * this.factor : this.left[f] - this.rate(f) * (now - this.since[f]);
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
    const single = this.due.size > 0 ? this.due.topKey : Infinity;
    const grouped = this.groupDue.size > 0 ? this.groupDue.topKey : Infinity;
    if (single <= grouped && this.due.size > 0) this.complete(this.due.top);
    else if (this.groupDue.size > 0) this.complete(this.members.top(this.groupDue.top));
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
    const groups = s.groups;
    for (let i = 0; i < groups.dissolvedCount; i++) this.ungroup(groups.dissolved[i], now);
    for (let i = 0; i < s.compFlowCount; i++) {
      const f = s.compFlows[i];
      if (groups.group[f] >= 0) continue;
      // A member whose cap the level passed leaves the clock of the group that moved.
      if (this.members.has(f)) this.leaveGroup(f, groups.moved, now);
      const x = s.rate[f];
      const old = s.prevRate[f];
      if (x === old && (x === 0 || this.due.has(f))) continue;
      this.left[f] -= old * this.factor * (now - this.since[f]);
      this.since[f] = now;
      if (x > 0) this.due.set(f, now + Math.max(0, this.left[f]) / (x * this.factor));
      else this.due.remove(f);
    }
    if (groups.moved >= 0) {
      this.stats.levelMoves++;
      this.relevel(groups.moved, now);
    }
    for (let i = 0; i < groups.formedCount; i++) this.group(groups.formed[i], now);
    this.armNext();
    if (this.onLoad) for (let i = 0; i < s.compResCount; i++) this.onLoad(s.compRes[i], s.load[s.compRes[i]] * this.factor);
  }

  /** One engine event at the earliest finish. */
  private armNext(): void {
    const at = Math.min(this.due.size > 0 ? this.due.topKey : Infinity, this.groupDue.size > 0 ? this.groupDue.topKey : Infinity);
    if (at === this.nextAt) return;
    if (this.nextHandle >= 0) this.engine.cancel(this.nextHandle);
    this.nextHandle = at === Infinity ? -1 : this.engine.scheduleAt(Math.max(at, this.engine.now), this.kind + 1, 0, 0);
    this.nextAt = at;
  }

  /** Take a flow out of the sharing; the loads it leaves need no re-solve where it was not held. */
  private release(f: number): void {
    const s = this.sharing;
    if (s.groups.group[f] >= 0) this.members.remove(s.groups.group[f], f);
    else this.due.remove(f);
    const active = s.isActive(f);
    s.detach(f);
    if (!active || !this.onLoad) return;
    const base = f * s.maxHops;
    for (let h = 0; h < s.hops[f]; h++) this.onLoad(s.route[base + h], s.load[s.route[base + h]] * this.factor);
  }

  private virtualTime(r: number, now: number): number {
    return this.vTime[r] + this.vLevel[r] * (now - this.vAt[r]);
  }

  /** A group formed at r: its members' bytes left become tags on a fresh virtual clock. */
  private group(r: number, now: number): void {
    const s = this.sharing;
    this.vTime[r] = 0;
    this.vAt[r] = now;
    this.vLevel[r] = s.groups.level[r];
    const on = s.flowsOn(r);
    for (let i = 0; i < on.length; i++) {
      const f = (on[i] / s.maxHops) | 0;
      if (s.groups.group[f] !== r) continue;
      this.left[f] -= s.prevRate[f] * this.factor * (now - this.since[f]);
      this.since[f] = now;
      this.due.remove(f);
      this.members.set(r, f, Math.max(0, this.left[f]) / (this.weight[f] * this.factor));
    }
    this.groupNext(r, now);
  }

  /** A group's level moved in place; some flows may have joined it. */
  private relevel(r: number, now: number): void {
    const { groups, prevRate } = this.sharing;
    this.vTime[r] = this.virtualTime(r, now);
    this.vAt[r] = now;
    this.vLevel[r] = groups.level[r];
    for (let i = 0; i < groups.joinedCount; i++) {
      const f = groups.joined[i];
      this.left[f] -= prevRate[f] * this.factor * (now - this.since[f]);
      this.since[f] = now;
      this.due.remove(f);
      this.members.set(r, f, this.vTime[r] + Math.max(0, this.left[f]) / (this.weight[f] * this.factor));
    }
    this.groupNext(r, now);
  }

  /** A member leaves r's clock (before r's level moves): its bytes left come back from V. */
  private leaveGroup(f: number, r: number, now: number): void {
    this.left[f] = Math.max(0, this.members.key[f] - this.virtualTime(r, now)) * this.weight[f] * this.factor;
    this.since[f] = now;
    this.members.remove(r, f);
  }

  /** A group dissolved: its members' bytes left come back from the virtual clock. */
  private ungroup(r: number, now: number): void {
    const v = this.virtualTime(r, now);
    const ids = this.members.ids(r);
    for (let i = 0; i < ids.length; i++) {
      const f = ids[i];
      this.left[f] = Math.max(0, this.members.key[f] - v) * this.weight[f] * this.factor;
      this.since[f] = now;
    }
    this.members.clear(r);
    this.groupDue.remove(r);
  }

  /** When the group's smallest tag is reached at its present level. */
  private groupNext(r: number, now: number): void {
    if (this.members.size(r) === 0 || !(this.vLevel[r] > 0)) this.groupDue.remove(r);
    else this.groupDue.set(r, now + Math.max(0, this.members.topKey(r) - this.vTime[r]) / this.vLevel[r]);
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
