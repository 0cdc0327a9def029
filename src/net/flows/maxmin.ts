/**
 * Weighted max-min fair sharing of resources (link directions, NICs, disks, access
 * lines) among flows, by progressive filling (Bertsekas & Gallager, *Data Networks*,
 * 6.5.2), updated incrementally.
 *
 * Each flow has a weight w and an optional rate cap. All unfrozen flows rise at the
 * same *level* λ (rate = w·λ); the resource whose level remaining / Σw is smallest
 * fills first and freezes its flows; a flow whose cap is reached freezes at its cap.
 * Freezing never lowers another resource's level, so a heap with lazily refreshed
 * keys gives the order. This is SimGrid's lmm solver's allocation (weight = 1 / the
 * sharing penalty, cap = the variable bound).
 *
 * Incremental update. A change (a flow starts or ends, a capacity moves) marks seeds;
 * `fill()` re-solves only the flows connected to them through *tight* resources (those
 * that were a bottleneck in the last fill). A slack resource on a collected flow's
 * route is a boundary: it keeps its other flows' load and offers only what they leave.
 * If filling would make a boundary a bottleneck, it joins in full and the fill starts
 * over. The result is the unique max-min allocation, so it equals a full recomputation:
 * every flow outside keeps a bottleneck that did not move, and every flow inside has
 * one inside. When most flows are held by their own access line, a start or end
 * touches that line's flows only, however many flows share the links upstream.
 *
 * Groups (./groups.ts): where many flows are held at one saturated resource, their
 * rates are one level kept in place, and a start or end there moves only that level
 * when nothing else changes (`fastStep`); read rates with `rateOf`.
 */
import { grow } from '../../util/grow.js';
import { Groups } from './groups.js';
import { KeyHeap } from './heap.js';

/** Route lengths are kept in bytes. */
export const MAX_HOPS = 255;

const FREE = 0;
/** Route stored, not yet sharing (a flow paying its latency). */
const DORMANT = 1;
const ACTIVE = 2;

/** Role of a resource in the current fill. */
const FULL = 1;
const BOUNDARY = 2;

export interface MaxMinOptions {
  /** Longest route, in resources (default 8). */
  maxHops?: number;
  /** Initial flow slots; they double as needed. */
  flows?: number;
  /** Fewest flows held at one resource that form a group (default 32; Infinity for none). */
  groupMin?: number;
}

export class MaxMinSharing {
  readonly resources: number;
  readonly maxHops: number;
  readonly capacity: Float64Array;
  /** Sum of the rates of the active flows on each resource. */
  readonly load: Float64Array;
  /** 1 where the last fill froze flows: a bottleneck, which links its flows' fates. */
  readonly tight: Uint8Array;
  rate = new Float64Array(0);
  /** A flow's rate before the last fill that touched it. */
  prevRate = new Float64Array(0);
  cap = new Float64Array(0);
  weight = new Float64Array(0);
  state = new Uint8Array(0);
  hops = new Uint8Array(0);
  route = new Int32Array(0);
  /** The flows and resources the last fill solved (boundaries included). */
  compFlows = new Int32Array(0);
  compFlowCount = 0;
  compRes: Int32Array;
  compResCount = 0;
  active = 0;
  /** Flows held together at a saturated resource (./groups.ts). */
  readonly groups: Groups;
  /** Per flow: the resource that froze it in the last fill that solved it, -1 for its cap. */
  heldBy = new Int32Array(0);
  /** Per resource: the level at which the last fill froze flows there. */
  readonly frozenLevel: Float64Array;

  /** Per resource: entries f·maxHops + hop of its active flows, unordered. */
  private readonly onRes: Int32Array[];
  private readonly resCount: Int32Array;
  private pos = new Int32Array(0);
  private free = new Int32Array(0);
  private freeTop = 0;
  private nextSlot = 0;
  private readonly remaining: Float64Array;
  private readonly weightSum: Float64Array;
  private readonly unfrozen: Int32Array;
  private readonly role: Uint8Array;
  private readonly resMark: Int32Array;
  private flowMark = new Int32Array(0);
  private frozen = new Uint8Array(0);
  private epoch = 0;
  private readonly queue: Int32Array;
  private queueTail = 0;
  private seedRes: Int32Array;
  private seedResCount = 0;
  private seedFlows: Int32Array;
  private seedFlowCount = 0;
  private readonly heap = new KeyHeap();

  constructor(capacities: ArrayLike<number>, options: MaxMinOptions = {}) {
    const n = capacities.length;
    this.resources = n;
    this.maxHops = options.maxHops ?? 8;
    if (!(this.maxHops >= 1 && this.maxHops <= MAX_HOPS)) throw new RangeError(`routes may hold 1 to ${MAX_HOPS} resources, not ${this.maxHops}`);
    this.capacity = Float64Array.from(capacities);
    for (let r = 0; r < n; r++) checkCapacity(this.capacity[r]);
    this.load = new Float64Array(n);
    this.tight = new Uint8Array(n);
    this.onRes = Array.from({ length: n }, () => new Int32Array(4));
    this.resCount = new Int32Array(n);
    this.remaining = new Float64Array(n);
    this.weightSum = new Float64Array(n);
    this.unfrozen = new Int32Array(n);
    this.role = new Uint8Array(n);
    this.resMark = new Int32Array(n);
    this.compRes = new Int32Array(n);
    this.queue = new Int32Array(n);
    this.seedRes = new Int32Array(16);
    this.seedFlows = new Int32Array(16);
    this.frozenLevel = new Float64Array(n);
    const f = Math.max(16, options.flows ?? 1024);
    this.groups = new Groups(n, f, options.groupMin ?? 32);
    this.growFlows(f);
  }

  /** Start a flow and refill; returns its id. */
  add(route: ArrayLike<number>, cap = Infinity, weight = 1): number {
    const f = this.reserve(route);
    this.activate(f, cap, weight);
    this.fill();
    return f;
  }

  /** End a flow and refill. */
  remove(f: number): void {
    this.detach(f);
    this.fill();
  }

  /** Change a resource's capacity (0 for a failed link) and refill. */
  setCapacity(r: number, capacity: number): void {
    this.changeCapacity(r, capacity);
    this.fill();
  }

  /** Refill everything (what the incremental updates must agree with). */
  recomputeAll(): void {
    for (let r = 0; r < this.resources; r++) this.seedResource(r);
    this.fill();
  }

  /** Take a slot and store the route; the flow does not share anything until `activate`. */
  reserve(route: ArrayLike<number>): number {
    const hops = route.length;
    if (hops < 1 || hops > this.maxHops) throw new RangeError(`a flow needs 1 to ${this.maxHops} resources, got ${hops}`);
    for (let h = 0; h < hops; h++) {
      const r = route[h];
      if (!(r >= 0 && r < this.resources) || !Number.isInteger(r)) throw new RangeError(`no resource ${r}`);
      for (let j = 0; j < h; j++) if (route[j] === r) throw new RangeError(`resource ${r} appears twice in one route`);
    }
    if (this.freeTop === 0 && this.nextSlot === this.rate.length) this.growFlows();
    const f = this.freeTop > 0 ? this.free[--this.freeTop] : this.nextSlot++;
    const base = f * this.maxHops;
    for (let h = 0; h < hops; h++) this.route[base + h] = route[h];
    this.hops[f] = hops;
    this.rate[f] = 0;
    this.prevRate[f] = 0;
    this.state[f] = DORMANT;
    return f;
  }

  /** Let a reserved flow share its route from the next fill on. `cap` bounds its rate; `weight` > 0 scales its share. */
  activate(f: number, cap = Infinity, weight = 1): void {
    if (this.state[f] !== DORMANT) throw new RangeError(`flow ${f} is not waiting to start`);
    if (!(cap >= 0)) throw new RangeError(`flow rate cap ${cap} must be >= 0`);
    if (!(weight > 0) || !Number.isFinite(weight)) throw new RangeError(`flow weight ${weight} must be finite and > 0`);
    const base = f * this.maxHops;
    for (let h = 0; h < this.hops[f]; h++) {
      const r = this.route[base + h];
      let list = this.onRes[r];
      const c = this.resCount[r]++;
      if (c === list.length) this.onRes[r] = list = grow(list);
      list[c] = base + h;
      this.pos[base + h] = c;
    }
    this.cap[f] = cap;
    this.weight[f] = weight;
    this.state[f] = ACTIVE;
    this.active++;
    if (this.seedFlowCount === this.seedFlows.length) this.seedFlows = grow(this.seedFlows);
    this.seedFlows[this.seedFlowCount++] = f;
  }

  /** Add a flow without refilling (its rate is 0 until the next fill). */
  insert(route: ArrayLike<number>, cap = Infinity, weight = 1): number {
    const f = this.reserve(route);
    this.activate(f, cap, weight);
    return f;
  }

  /** Remove a flow (sharing or reserved) without refilling; frees its slot. */
  detach(f: number): void {
    const st = this.state[f];
    if (st === FREE) throw new RangeError(`flow ${f} is not in use`);
    if (st === ACTIVE) {
      const base = f * this.maxHops;
      const x = this.rateOf(f);
      for (let h = 0; h < this.hops[f]; h++) {
        const r = this.route[base + h];
        const list = this.onRes[r];
        const i = this.pos[base + h];
        const last = list[--this.resCount[r]];
        list[i] = last;
        this.pos[last] = i;
        // A group's resource stays full: its level rises instead, in the next fill.
        if (r !== this.groups.group[f]) this.load[r] -= x;
        this.groups.leave(f, r, x, this.weight[f]);
        // Flows held at a bottleneck may rise now; at a slack resource nobody was held.
        if (this.tight[r]) this.seedResource(r);
      }
      this.groups.group[f] = -1;
      this.active--;
    }
    this.state[f] = FREE;
    this.rate[f] = 0;
    this.free[this.freeTop++] = f;
  }

  /** Set a capacity without refilling. */
  changeCapacity(r: number, capacity: number): void {
    checkCapacity(capacity);
    this.capacity[r] = capacity;
    // A slack resource that stays above its load holds nobody back either way.
    if (this.tight[r] || capacity < this.load[r]) this.seedResource(r);
  }

  /** A flow's rate (a group member's follows its group's level). */
  rateOf(f: number): number {
    const g = this.groups.group[f];
    return g >= 0 ? this.weight[f] * this.groups.level[g] : this.rate[f];
  }

  isActive(f: number): boolean {
    return this.state[f] === ACTIVE;
  }

  isReserved(f: number): boolean {
    return this.state[f] === DORMANT;
  }

  /** Active flows on a resource: `flowsOn(r)` entries, each f·maxHops + hop. */
  flowsOn(r: number): Int32Array {
    return this.onRes[r].subarray(0, this.resCount[r]);
  }

  /** Slots handed out so far (ids are below this). */
  get slots(): number {
    return this.nextSlot;
  }

  /** The resources of a flow (a view; copy it to keep it). */
  routeOf(f: number): Int32Array {
    const base = f * this.maxHops;
    return this.route.subarray(base, base + this.hops[f]);
  }

  /**
   * Re-solve around the seeds: collect the flows linked to them through tight
   * resources, fill, and widen to any boundary that turns out to be a bottleneck.
   * Afterwards `compFlows` lists the flows solved, with `prevRate` their rate before.
   */
  fill(): void {
    this.groups.resetReport();
    if (this.seedResCount === 0 && this.seedFlowCount === 0) {
      this.compFlowCount = 0;
      this.compResCount = 0;
      return;
    }
    this.epoch++;
    this.compFlowCount = 0;
    this.compResCount = 0;
    if (this.fastStep()) {
      this.seedResCount = 0;
      this.seedFlowCount = 0;
      return;
    }
    this.queueTail = 0;
    for (let i = 0; i < this.seedResCount; i++) this.joinFull(this.seedRes[i]);
    for (let i = 0; i < this.seedFlowCount; i++) {
      const f = this.seedFlows[i];
      if (this.state[f] === ACTIVE) this.joinFlow(f);
    }
    this.seedResCount = 0;
    this.seedFlowCount = 0;
    let head = 0;
    for (;;) {
      for (; head < this.queueTail; head++) {
        const r = this.queue[head];
        const list = this.onRes[r];
        for (let i = 0; i < this.resCount[r]; i++) this.joinFlow((list[i] / this.maxHops) | 0);
      }
      const widen = this.solve();
      if (widen < 0) break;
      this.joinFull(widen);
    }
    this.settleLoads();
    for (let i = 0; i < this.compResCount; i++) {
      const r = this.compRes[i];
      if (this.role[r] === FULL && this.tight[r] && this.resCount[r] >= this.groups.min) this.groups.form(this, r);
    }
  }

  private seedResource(r: number): void {
    if (this.seedResCount === this.seedRes.length) this.seedRes = grow(this.seedRes);
    this.seedRes[this.seedResCount++] = r;
  }

  /** Make r a full member: all its flows are solved and it offers its whole capacity. */
  private joinFull(r: number): void {
    if (this.groups.isGrouped(r)) this.groups.dissolve(this, r);
    if (this.resMark[r] === this.epoch) {
      if (this.role[r] === FULL) return;
    } else {
      this.resMark[r] = this.epoch;
      this.compRes[this.compResCount++] = r;
    }
    this.role[r] = FULL;
    this.queue[this.queueTail++] = r;
  }

  private joinFlow(f: number): void {
    if (this.flowMark[f] === this.epoch) return;
    if (this.groups.group[f] >= 0) this.groups.dissolve(this, this.groups.group[f]);
    this.flowMark[f] = this.epoch;
    this.compFlows[this.compFlowCount++] = f;
    this.prevRate[f] = this.rate[f];
    const base = f * this.maxHops;
    for (let h = 0; h < this.hops[f]; h++) {
      const r = this.route[base + h];
      if (this.resMark[r] === this.epoch) continue;
      if (this.tight[r]) this.joinFull(r);
      else {
        this.resMark[r] = this.epoch;
        this.compRes[this.compResCount++] = r;
        this.role[r] = BOUNDARY;
      }
    }
  }

  /** Progressive filling over the collected flows; returns a boundary that must join in full, or -1. */
  private solve(): number {
    const { remaining, weightSum, unfrozen, frozen, heap, capacity, role, compRes, compFlows, route, maxHops } = this;
    for (let i = 0; i < this.compResCount; i++) {
      const r = compRes[i];
      // A boundary offers what the flows outside the fill leave of it.
      remaining[r] = role[r] === FULL ? capacity[r] : capacity[r] - this.load[r];
      weightSum[r] = 0;
      unfrozen[r] = 0;
      if (role[r] === FULL) this.tight[r] = 0;
    }
    heap.clear();
    for (let i = 0; i < this.compFlowCount; i++) {
      const f = compFlows[i];
      frozen[f] = 0;
      const w = this.weight[f];
      const base = f * maxHops;
      for (let h = 0; h < this.hops[f]; h++) {
        const r = route[base + h];
        weightSum[r] += w;
        unfrozen[r]++;
        if (role[r] === BOUNDARY) remaining[r] += this.prevRate[f];
      }
      if (this.cap[f] !== Infinity) heap.push(this.cap[f] / w, -1 - f);
    }
    for (let i = 0; i < this.compResCount; i++) {
      const r = compRes[i];
      if (unfrozen[r] > 0) heap.push(Math.max(0, remaining[r]) / weightSum[r], r);
    }
    while (heap.size > 0) {
      const key = heap.topKey;
      const id = heap.topId;
      heap.pop();
      if (id < 0) {
        const f = -1 - id;
        if (!frozen[f]) {
          this.heldBy[f] = -1;
          this.freeze(f, this.cap[f]);
        }
        continue;
      }
      if (unfrozen[id] === 0) continue;
      const level = Math.max(0, remaining[id]) / weightSum[id];
      if (level !== key) {
        heap.push(level, id);
        continue;
      }
      if (role[id] === BOUNDARY) return id;
      this.tight[id] = 1;
      this.frozenLevel[id] = level;
      const list = this.onRes[id];
      for (let i = 0; i < this.resCount[id]; i++) {
        const f = (list[i] / maxHops) | 0;
        if (!frozen[f]) {
          this.heldBy[f] = id;
          this.freeze(f, this.weight[f] * level);
        }
      }
    }
    return -1;
  }

  /** A change that only moves one group's level: a start whose one tight resource is grouped, or an end or new capacity there. */
  private fastStep(): boolean {
    if (this.seedFlowCount === 0 && this.seedResCount === 1) return this.groups.step(this, this.seedRes[0], -1);
    if (this.seedFlowCount !== 1 || this.seedResCount !== 0) return false;
    const f = this.seedFlows[0];
    if (this.state[f] !== ACTIVE) return false;
    const base = f * this.maxHops;
    let r = -1;
    for (let h = 0; h < this.hops[f]; h++) {
      const q = this.route[base + h];
      if (!this.tight[q]) continue;
      if (r >= 0) return false;
      r = q;
    }
    return r >= 0 && this.groups.step(this, r, f);
  }

  /** List a resource whose load the last fill changed (compRes), once. */
  noteChanged(r: number): void {
    if (this.resMark[r] === this.epoch) return;
    this.resMark[r] = this.epoch;
    this.role[r] = BOUNDARY;
    this.compRes[this.compResCount++] = r;
  }

  private freeze(f: number, x: number): void {
    this.frozen[f] = 1;
    this.rate[f] = x;
    const w = this.weight[f];
    const base = f * this.maxHops;
    for (let h = 0; h < this.hops[f]; h++) {
      const r = this.route[base + h];
      this.remaining[r] -= x;
      this.weightSum[r] -= w;
      this.unfrozen[r]--;
    }
  }

  /** Loads after a fill: summed afresh on full members, moved by the rate changes on boundaries. */
  private settleLoads(): void {
    for (let i = 0; i < this.compResCount; i++) {
      const r = this.compRes[i];
      if (this.role[r] === FULL) this.load[r] = 0;
    }
    for (let i = 0; i < this.compFlowCount; i++) {
      const f = this.compFlows[i];
      const x = this.rate[f];
      const dx = x - this.prevRate[f];
      const base = f * this.maxHops;
      for (let h = 0; h < this.hops[f]; h++) {
        const r = this.route[base + h];
        this.load[r] += this.role[r] === FULL ? x : dx;
      }
    }
  }

  /** Per-flow arrays, all `n` long (the constructor's first call sizes them). */
  private growFlows(n = this.rate.length * 2): void {
    this.rate = grow(this.rate, n);
    this.prevRate = grow(this.prevRate, n);
    this.cap = grow(this.cap, n);
    this.weight = grow(this.weight, n);
    this.state = grow(this.state, n);
    this.hops = grow(this.hops, n);
    this.frozen = grow(this.frozen, n);
    this.route = grow(this.route, n * this.maxHops);
    this.pos = grow(this.pos, n * this.maxHops);
    this.free = grow(this.free, n);
    this.compFlows = grow(this.compFlows, n);
    this.flowMark = grow(this.flowMark, n);
    this.heldBy = grow(this.heldBy, n);
    this.groups.growFlows(n);
  }
}

function checkCapacity(c: number): void {
  if (!(c >= 0) || !Number.isFinite(c)) throw new RangeError(`capacity ${c} must be finite and >= 0`);
}
