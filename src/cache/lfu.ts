/**
 * LFU as libCacheSim's `LFU`: an object enters with frequency 1, each hit adds 1, and
 * the victim is the least frequent object; among equals, the one that reached that
 * frequency first (each frequency keeps a FIFO list: objects join at the tail, leave
 * from the head). Frequencies are forgotten on eviction.
 *
 * Buckets: one per frequency present, kept in a linked list in increasing order, so a
 * hit moves an object to the next bucket (created if missing) in O(1) and the victim is
 * the head of the first bucket. Bucket memory follows the number of distinct
 * frequencies cached, not the largest frequency.
 */
import { BaseCache } from './base.js';
import { grow } from '../util/grow.js';
import { Links, NIL } from './links.js';
import type { PolicyDefinition, PolicyOptions } from './types.js';

export class LfuCache extends BaseCache {
  readonly name = 'lfu';
  /** Object lists, one per bucket id. */
  private readonly q: Links;
  private bucketOf: Int32Array;
  /** Per bucket id: its frequency and its neighbours in frequency order. */
  private bFreq: Float64Array;
  private bPrev: Int32Array;
  private bNext: Int32Array;
  private bFree: Int32Array;
  private bFreeTop = 0;
  private bCount = 0;
  /** The bucket with the lowest frequency. */
  private first = NIL;

  constructor(options: PolicyOptions) {
    super(options);
    const n = this.idLo.length;
    this.q = new Links(n, 64);
    this.bucketOf = new Int32Array(n);
    this.bFreq = new Float64Array(64);
    this.bPrev = new Int32Array(64);
    this.bNext = new Int32Array(64);
    this.bFree = new Int32Array(64);
  }

  protected hit(slot: number): void {
    const b = this.bucketOf[slot];
    const f = this.bFreq[b] + 1;
    let nb = this.bNext[b];
    if (nb === NIL || this.bFreq[nb] !== f) nb = this.newBucket(f, b);
    this.q.unlink(b, slot);
    this.q.pushTail(nb, slot);
    this.bucketOf[slot] = nb;
    if (this.q.head[b] === NIL) this.freeBucket(b);
  }

  protected place(slot: number): void {
    let b = this.first;
    if (b === NIL || this.bFreq[b] !== 1) b = this.newBucket(1, NIL);
    this.q.pushTail(b, slot);
    this.bucketOf[slot] = b;
  }

  protected evict(): void {
    const b = this.first;
    const victim = this.q.head[b];
    this.unlink(victim);
    this.drop(victim);
  }

  protected unlink(slot: number): void {
    const b = this.bucketOf[slot];
    this.q.unlink(b, slot);
    if (this.q.head[b] === NIL) this.freeBucket(b);
  }

  /** A bucket for frequency `f` placed right after `after` (NIL: at the front). */
  private newBucket(f: number, after: number): number {
    let b: number;
    if (this.bFreeTop > 0) b = this.bFree[--this.bFreeTop];
    else {
      b = this.bCount++;
      if (b === this.bFreq.length) this.growBuckets(b * 2);
    }
    this.bFreq[b] = f;
    const next = after === NIL ? this.first : this.bNext[after];
    this.bPrev[b] = after;
    this.bNext[b] = next;
    if (after === NIL) this.first = b;
    else this.bNext[after] = b;
    if (next !== NIL) this.bPrev[next] = b;
    return b;
  }

  private freeBucket(b: number): void {
    const p = this.bPrev[b];
    const n = this.bNext[b];
    if (p === NIL) this.first = n;
    else this.bNext[p] = n;
    if (n !== NIL) this.bPrev[n] = p;
    this.bFree[this.bFreeTop++] = b;
  }

  private growBuckets(n: number): void {
    this.bFreq = grow(this.bFreq, n);
    this.bPrev = grow(this.bPrev, n);
    this.bNext = grow(this.bNext, n);
    this.bFree = grow(this.bFree, n);
    this.q.growLists(n);
  }

  protected override growSlots(n: number): void {
    this.q.growSlots(n);
    this.bucketOf = grow(this.bucketOf, n);
  }

  protected override policyBytes(): number {
    return this.q.bytes + this.bucketOf.byteLength + this.bFreq.byteLength + this.bPrev.byteLength + this.bNext.byteLength + this.bFree.byteLength;
  }
}

export const lfu: PolicyDefinition = {
  name: 'lfu',
  describe: 'least frequently used; ties go to the object that reached its frequency first',
  create: (o) => new LfuCache(o),
};
