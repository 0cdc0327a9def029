/**
 * Belady's MIN (offline): evict the cached object whose next request is furthest in the
 * future; objects never requested again go first. Reads the next-access index that
 * oracleGeneral traces carry (or that a pre-pass computes).
 *
 * As libCacheSim's `Belady`: a max-heap keyed by next access, updated on every hit, and
 * the same heap discipline, so ties among objects with no next access break the same
 * way. With unequal object sizes this is a heuristic, not the optimum (byte-aware
 * optimality is NP-hard); with equal sizes it is optimal.
 */
import { BaseCache } from './base.js';
import { grow } from '../util/grow.js';
import { SlotHeap } from './heap.js';
import type { PolicyDefinition, PolicyOptions } from './types.js';

export class BeladyCache extends BaseCache {
  readonly name = 'belady';
  private nextAt: Float64Array;
  private readonly heap: SlotHeap;

  constructor(options: PolicyOptions) {
    super(options);
    this.nextAt = new Float64Array(this.idLo.length);
    this.heap = new SlotHeap(this.idLo.length, (a, b) => this.nextAt[b] < this.nextAt[a]);
  }

  protected hit(slot: number, _time: number, nextAccess: number): void {
    this.nextAt[slot] = nextAccess;
    this.heap.update(slot);
  }

  protected place(slot: number, _time: number, nextAccess: number): void {
    this.nextAt[slot] = nextAccess;
    this.heap.push(slot);
  }

  protected evict(): void {
    this.drop(this.heap.pop());
  }

  protected unlink(slot: number): void {
    this.heap.remove(slot);
  }

  protected override growSlots(n: number): void {
    this.nextAt = grow(this.nextAt, n);
    this.heap.growSlots(n);
  }

  protected override policyBytes(): number {
    return this.nextAt.byteLength + this.heap.bytes;
  }
}

export const belady: PolicyDefinition = {
  name: 'belady',
  aliases: ['opt', 'min'],
  describe: "Belady's MIN: evict the object requested furthest in the future (offline)",
  needsNextAccess: true,
  create: (o) => new BeladyCache(o),
};
