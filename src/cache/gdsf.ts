/**
 * GDSF, Greedy-Dual-Size-Frequency (Cherkasova 1998), as libCacheSim's `GDSF`: each
 * object has priority L + frequency × 10^6 / size, where L is the priority of the last
 * object evicted (the inflation that ages old objects); evict the lowest priority,
 * and among equal priorities the one least recently given its priority.
 *
 * Following libCacheSim, a missed object is inserted first and the cache then evicts
 * while it is over capacity, so a large, cold newcomer may be the one evicted.
 */
import { BaseCache } from './base.js';
import { grow } from '../util/grow.js';
import { SlotHeap } from './heap.js';
import type { PolicyDefinition, PolicyOptions } from './types.js';

export class GdsfCache extends BaseCache {
  readonly name = 'gdsf';
  private pri: Float64Array;
  /** Request count when the priority was set: the tie-break. */
  private stamp: Float64Array;
  private freq: Float64Array;
  private readonly heap: SlotHeap;
  private inflation = 0;
  private requests = 0;

  constructor(options: PolicyOptions) {
    super(options);
    const n = this.idLo.length;
    this.pri = new Float64Array(n);
    this.stamp = new Float64Array(n);
    this.freq = new Float64Array(n);
    this.heap = new SlotHeap(n, (a, b) => this.pri[a] < this.pri[b] || (this.pri[a] === this.pri[b] && this.stamp[a] < this.stamp[b]));
  }

  override request(lo: number, hi: number, size: number, time: number, nextAccess: number): boolean {
    this.requests++;
    return super.request(lo, hi, size, time, nextAccess);
  }

  protected hit(slot: number): void {
    this.freq[slot]++;
    this.pri[slot] = this.inflation + (this.freq[slot] * 1.0e6) / this.size[slot];
    this.stamp[slot] = this.requests;
    this.heap.update(slot);
  }

  protected override miss(lo: number, hi: number, size: number, time: number): void {
    if (!this.canInsert(lo, hi, size)) return;
    this.place(this.alloc(lo, hi, size, time));
    while (this.used > this.capacity) this.evict();
  }

  override insert(lo: number, hi: number, size: number, time = 0): boolean {
    if (this.lookup(lo, hi, time) >= 0 || size > this.capacity) return false;
    this.place(this.alloc(lo, hi, size, time));
    while (this.used > this.capacity) this.evict();
    return this.contains(lo, hi);
  }

  protected place(slot: number): void {
    this.freq[slot] = 1;
    this.pri[slot] = this.inflation + 1.0e6 / this.size[slot];
    this.stamp[slot] = this.requests;
    this.heap.push(slot);
  }

  protected evict(): void {
    const victim = this.heap.pop();
    this.inflation = this.pri[victim];
    this.drop(victim);
  }

  protected unlink(slot: number): void {
    this.heap.remove(slot);
  }

  protected override growSlots(n: number): void {
    this.pri = grow(this.pri, n);
    this.stamp = grow(this.stamp, n);
    this.freq = grow(this.freq, n);
    this.heap.growSlots(n);
  }

  protected override policyBytes(): number {
    return this.pri.byteLength + this.stamp.byteLength + this.freq.byteLength + this.heap.bytes;
  }
}

export const gdsf: PolicyDefinition = {
  name: 'gdsf',
  describe: 'Greedy-Dual-Size-Frequency: priority = L + frequency/size',
  create: (o) => new GdsfCache(o),
};
