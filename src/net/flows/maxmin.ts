/**
 * Flow-level bandwidth sharing with max-min fairness, by progressive filling
 * (Bertsekas & Gallager, Data Networks, 6.5.2): raise every unfrozen flow's rate
 * together; when a resource fills, freeze the flows crossing it at its fair share.
 * Done bottleneck by bottleneck: the resource with the smallest fair share
 * remaining/unfrozen fills first. Freezing a flow at that share never lowers another
 * resource's share, so a heap with lazily refreshed keys gives the order.
 * A per-flow rate cap (a client's access rate, a fill rate limit, TCP under loss) is
 * a private resource with one flow.
 *
 * Incremental: a flow starting or ending, or a capacity change, can only move the
 * rates of flows connected to it through shared resources, so only that connected
 * component is refilled (the "selective update" idea of SimGrid's solver).
 *
 * Resources are plain indices (the link model uses two per link, one per direction).
 * Flows are slots recycled through a free list; their routes live in a flat array of
 * `maxHops` entries per slot; nothing is allocated per event once arrays are grown.
 */
import { grow } from '../../util/grow.js';
import { KeyHeap } from './heap.js';

export class MaxMinSharing {
  readonly resources: number;
  readonly maxHops: number;
  readonly capacity: Float64Array;
  /** Sum of the rates of the flows on each resource. */
  readonly load: Float64Array;
  /** Per flow slot. */
  rate: Float64Array;
  cap: Float64Array;
  hops: Uint8Array;
  alive: Uint8Array;
  /** route[f * maxHops + h]: the h-th resource of flow f; pos[...]: that entry's index in the resource's list. */
  route: Int32Array;
  pos: Int32Array;
  /** Per resource: its entries (f * maxHops + h). */
  private readonly onRes: Int32Array[];
  private readonly resCount: Int32Array;
  private free: Int32Array;
  private freeTop = 0;
  private nextSlot = 0;
  /** Flows alive now. */
  active = 0;

  /** The component of the last change: flows and resources whose rates or loads may have moved. */
  compFlows: Int32Array;
  compFlowCount = 0;
  compRes: Int32Array;
  compResCount = 0;
  private flowMark: Int32Array;
  private readonly resMark: Int32Array;
  private epoch = 0;

  private readonly remaining: Float64Array;
  private readonly unfrozen: Int32Array;
  private frozen: Uint8Array;
  private readonly heap = new KeyHeap(256);

  constructor(capacities: ArrayLike<number>, options: { maxHops?: number; flows?: number } = {}) {
    const n = capacities.length;
    this.resources = n;
    this.maxHops = options.maxHops ?? 16;
    this.capacity = Float64Array.from(capacities);
    for (let r = 0; r < n; r++) {
      if (!(this.capacity[r] >= 0) || !Number.isFinite(this.capacity[r])) throw new RangeError(`resource ${r} capacity ${this.capacity[r]} must be finite and >= 0`);
    }
    this.load = new Float64Array(n);
    this.onRes = Array.from({ length: n }, () => new Int32Array(4));
    this.resCount = new Int32Array(n);
    this.resMark = new Int32Array(n);
    this.remaining = new Float64Array(n);
    this.unfrozen = new Int32Array(n);
    this.compRes = new Int32Array(n);
    const f = Math.max(16, options.flows ?? 1024);
    this.rate = new Float64Array(f);
    this.cap = new Float64Array(f);
    this.hops = new Uint8Array(f);
    this.alive = new Uint8Array(f);
    this.route = new Int32Array(f * this.maxHops);
    this.pos = new Int32Array(f * this.maxHops);
    this.free = new Int32Array(f);
    this.compFlows = new Int32Array(f);
    this.flowMark = new Int32Array(f);
    this.frozen = new Uint8Array(f);
  }

  /** Start a flow and refill its component; returns the flow id. */
  add(route: ArrayLike<number>, cap = Infinity): number {
    const f = this.insert(route, cap);
    this.collectFlow(f);
    this.fill();
    return f;
  }

  /** End a flow and refill what it shared. */
  remove(f: number): void {
    this.detach(f);
    this.fill();
  }

  /** Change a resource's capacity (0 for a failed link) and refill its component. */
  setCapacity(r: number, capacity: number): void {
    if (!(capacity >= 0) || !Number.isFinite(capacity)) throw new RangeError(`capacity ${capacity} must be finite and >= 0`);
    this.capacity[r] = capacity;
    this.collect(Int32Array.of(r), 1);
    this.fill();
  }

  /** Refill everything (what the incremental updates must agree with). */
  recomputeAll(): void {
    const all = new Int32Array(this.resources);
    for (let r = 0; r < this.resources; r++) all[r] = r;
    this.collect(all, this.resources);
    this.fill();
  }

  /** Add a flow without refilling; its rate is 0 until the next fill. */
  insert(route: ArrayLike<number>, cap = Infinity): number {
    const hops = route.length;
    if (hops < 1 || hops > this.maxHops) throw new RangeError(`a flow needs 1 to ${this.maxHops} resources, got ${hops}`);
    if (!(cap >= 0)) throw new RangeError(`flow rate cap ${cap} must be >= 0`);
    if (this.freeTop === 0 && this.nextSlot === this.rate.length) this.growFlows();
    const f = this.freeTop > 0 ? this.free[--this.freeTop] : this.nextSlot++;
    const base = f * this.maxHops;
    for (let h = 0; h < hops; h++) {
      const r = route[h];
      if (!(r >= 0 && r < this.resources) || !Number.isInteger(r)) throw new RangeError(`no resource ${r}`);
      for (let j = 0; j < h; j++) if (route[j] === r) throw new RangeError(`resource ${r} appears twice in one route`);
    }
    for (let h = 0; h < hops; h++) {
      const r = route[h];
      this.route[base + h] = r;
      let list = this.onRes[r];
      const c = this.resCount[r]++;
      if (c === list.length) this.onRes[r] = list = grow(list);
      list[c] = base + h;
      this.pos[base + h] = c;
    }
    this.hops[f] = hops;
    this.cap[f] = cap;
    this.rate[f] = 0;
    this.alive[f] = 1;
    this.active++;
    return f;
  }

  /** Remove a flow without refilling, and collect the component it leaves behind. */
  detach(f: number): void {
    if (!this.alive[f]) throw new RangeError(`flow ${f} is not active`);
    const base = f * this.maxHops;
    const hops = this.hops[f];
    for (let h = 0; h < hops; h++) {
      const r = this.route[base + h];
      const list = this.onRes[r];
      const i = this.pos[base + h];
      const last = list[--this.resCount[r]];
      list[i] = last;
      this.pos[last] = i;
    }
    this.alive[f] = 0;
    this.rate[f] = 0;
    this.active--;
    this.free[this.freeTop++] = f;
    this.collect(this.route, hops, base);
  }

  collectFlow(f: number): void {
    this.collect(this.route, this.hops[f], f * this.maxHops);
  }

  /** The connected component (flows and resources) around some resources, by breadth-first search. */
  collect(seeds: ArrayLike<number>, count: number, from = 0): void {
    const epoch = ++this.epoch;
    const { resMark, flowMark, compRes, route, maxHops } = this;
    let nRes = 0;
    let nFlows = 0;
    for (let i = from; i < from + count; i++) {
      const r = seeds[i];
      if (resMark[r] === epoch) continue;
      resMark[r] = epoch;
      compRes[nRes++] = r;
    }
    for (let head = 0; head < nRes; head++) {
      const r = compRes[head];
      const list = this.onRes[r];
      const c = this.resCount[r];
      for (let i = 0; i < c; i++) {
        const f = (list[i] / maxHops) | 0;
        if (flowMark[f] === epoch) continue;
        flowMark[f] = epoch;
        this.compFlows[nFlows++] = f;
        const base = f * maxHops;
        for (let h = 0; h < this.hops[f]; h++) {
          const r2 = route[base + h];
          if (resMark[r2] === epoch) continue;
          resMark[r2] = epoch;
          compRes[nRes++] = r2;
        }
      }
    }
    this.compResCount = nRes;
    this.compFlowCount = nFlows;
  }

  /** Progressive filling over the collected component: sets `rate` of its flows and `load` of its resources. */
  fill(): void {
    const { remaining, unfrozen, frozen, heap, capacity, load, compRes, compFlows, cap, maxHops } = this;
    heap.clear();
    for (let i = 0; i < this.compResCount; i++) {
      const r = compRes[i];
      remaining[r] = capacity[r];
      unfrozen[r] = this.resCount[r];
      load[r] = 0;
      if (unfrozen[r] > 0) heap.push(remaining[r] / unfrozen[r], r);
    }
    for (let i = 0; i < this.compFlowCount; i++) {
      const f = compFlows[i];
      frozen[f] = 0;
      if (cap[f] !== Infinity) heap.push(cap[f], -1 - f);
    }
    while (heap.size > 0) {
      const key = heap.topKey;
      const id = heap.topId;
      heap.pop();
      if (id < 0) {
        const f = -1 - id;
        if (!frozen[f]) this.freeze(f, key);
        continue;
      }
      const u = unfrozen[id];
      if (u === 0) continue;
      const share = Math.max(0, remaining[id]) / u;
      if (share !== key) {
        heap.push(share, id);
        continue;
      }
      const list = this.onRes[id];
      for (let i = 0; i < this.resCount[id]; i++) {
        const f = (list[i] / maxHops) | 0;
        if (!frozen[f]) this.freeze(f, share);
      }
    }
  }

  private freeze(f: number, s: number): void {
    this.frozen[f] = 1;
    this.rate[f] = s;
    const base = f * this.maxHops;
    for (let h = 0; h < this.hops[f]; h++) {
      const r = this.route[base + h];
      this.remaining[r] -= s;
      this.unfrozen[r]--;
      this.load[r] += s;
    }
  }

  /** The resources of a flow (a view; copy it to keep it). */
  routeOf(f: number): Int32Array {
    const base = f * this.maxHops;
    return this.route.subarray(base, base + this.hops[f]);
  }

  private growFlows(): void {
    const n = this.rate.length * 2;
    this.rate = grow(this.rate);
    this.cap = grow(this.cap);
    this.hops = grow(this.hops);
    this.alive = grow(this.alive);
    this.frozen = grow(this.frozen);
    this.route = grow(this.route, n * this.maxHops);
    this.pos = grow(this.pos, n * this.maxHops);
    this.free = grow(this.free);
    this.compFlows = grow(this.compFlows);
    this.flowMark = grow(this.flowMark);
  }

}
