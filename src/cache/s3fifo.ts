/**
 * S3-FIFO (Yang et al., SOSP 2023), as libCacheSim's `S3FIFO` with its defaults: a small
 * FIFO (10% of the bytes), a main FIFO (the rest) and a ghost FIFO remembering the ids
 * of recently evicted objects (sized at 90% of the bytes).
 *
 * - A miss enters the small queue, or the main queue if its id is in the ghost.
 *   Until the first eviction, objects that find the small queue full go to main.
 * - A hit adds 1 to the object's counter.
 * - Evicting from small: an object hit at least twice moves to main (counter reset);
 *   otherwise it is evicted and its id goes to the ghost.
 * - Evicting from main: an object with a counter c > 0 is reinserted at the head with
 *   min(c, 3) - 1 (a two-bit CLOCK); otherwise it is evicted.
 * - Evict from main when main is over its share or small is empty, else from small.
 * - Objects larger than the small queue are not admitted.
 */
import { BaseCache } from './base.js';
import { grow } from '../util/grow.js';
import { Links } from './links.js';
import type { PolicyDefinition, PolicyOptions } from './types.js';

const SMALL = 0;
const MAIN = 1;
const GHOST = 2;
const SMALL_RATIO = 0.1;
const GHOST_RATIO = 0.9;
const MOVE_TO_MAIN = 2;

export class S3FifoCache extends BaseCache {
  readonly name = 's3fifo';
  private readonly q: Links;
  /** SMALL, MAIN or GHOST per slot. */
  private where: Uint8Array;
  private freq: Float64Array;
  private readonly smallCap: number;
  private readonly mainCap: number;
  private readonly ghostCap: number;
  private smallUsed = 0;
  private mainUsed = 0;
  private ghostUsed = 0;
  private hasEvicted = false;

  constructor(options: PolicyOptions) {
    super(options);
    const n = this.idLo.length;
    this.q = new Links(n, 3);
    this.where = new Uint8Array(n);
    this.freq = new Float64Array(n);
    this.smallCap = Math.floor(this.capacity * SMALL_RATIO);
    this.mainCap = this.capacity - this.smallCap;
    this.ghostCap = Math.floor(this.capacity * GHOST_RATIO);
  }

  override request(lo: number, hi: number, size: number, time: number): boolean {
    let slot = this.table.get(lo, hi);
    if (slot >= 0 && this.where[slot] !== GHOST) {
      if (this.expiry === null || this.expiry[slot] >= time) {
        this.freq[slot]++;
        return true;
      }
      this.unlink(slot);
      this.drop(slot);
      slot = -1;
    }
    const ghostHit = slot >= 0;
    if (ghostHit) this.forgetGhost(slot);
    if (size > this.smallCap || !this.canInsert(lo, hi, size)) return false;
    this.makeRoom(size);
    this.admit(lo, hi, size, time, ghostHit);
    return false;
  }

  override insert(lo: number, hi: number, size: number, time = 0): boolean {
    if (this.contains(lo, hi) || size > this.smallCap || size > this.capacity) return false;
    const slot = this.table.get(lo, hi);
    const ghostHit = slot >= 0;
    if (ghostHit) this.forgetGhost(slot);
    this.makeRoom(size);
    this.admit(lo, hi, size, time, ghostHit);
    return this.contains(lo, hi);
  }

  override contains(lo: number, hi: number): boolean {
    const slot = this.table.get(lo, hi);
    return slot >= 0 && this.where[slot] !== GHOST;
  }

  override remove(lo: number, hi: number): boolean {
    return this.contains(lo, hi) && super.remove(lo, hi);
  }

  private admit(lo: number, hi: number, size: number, time: number, ghostHit: boolean): void {
    let queue: number;
    if (ghostHit) queue = MAIN;
    // An object filling the whole small queue would flush it; libCacheSim skips it.
    else if (size >= this.smallCap) return;
    else if (!this.hasEvicted && this.smallUsed >= this.smallCap) queue = MAIN;
    else queue = SMALL;
    const slot = this.alloc(lo, hi, size, time);
    this.enqueue(slot, queue);
    this.freq[slot] = 0;
  }

  protected hit(slot: number): void {
    this.freq[slot]++;
  }

  protected place(slot: number): void {
    this.enqueue(slot, SMALL);
    this.freq[slot] = 0;
  }

  protected evict(): void {
    this.hasEvicted = true;
    if (this.mainUsed > this.mainCap || this.smallUsed === 0) this.evictMain();
    else this.evictSmall();
  }

  private evictSmall(): void {
    const q = this.q;
    while (this.smallUsed > 0) {
      const s = q.tail[SMALL];
      this.dequeue(s);
      if (this.freq[s] >= MOVE_TO_MAIN) {
        this.enqueue(s, MAIN);
        this.freq[s] = 0;
        continue;
      }
      this.toGhost(s);
      return;
    }
  }

  private evictMain(): void {
    const q = this.q;
    while (this.mainUsed > 0) {
      const s = q.tail[MAIN];
      const f = this.freq[s];
      this.dequeue(s);
      if (f >= 1) {
        this.enqueue(s, MAIN);
        this.freq[s] = Math.min(f, 3) - 1;
        continue;
      }
      this.drop(s);
      return;
    }
  }

  /** Evicted from small: keep only the id (and size, which the ghost's bytes count). */
  private toGhost(s: number): void {
    const size = this.size[s];
    this.used -= size;
    this.count--;
    if (size > this.ghostCap) {
      this.table.delete(this.idLo[s], this.idHi[s]);
      this.freeSlot(s);
      return;
    }
    while (this.ghostUsed + size > this.ghostCap) this.forgetGhost(this.q.tail[GHOST]);
    this.enqueue(s, GHOST);
  }

  private forgetGhost(s: number): void {
    this.dequeue(s);
    this.table.delete(this.idLo[s], this.idHi[s]);
    this.freeSlot(s);
  }

  private enqueue(s: number, queue: number): void {
    this.where[s] = queue;
    this.q.pushHead(queue, s);
    if (queue === SMALL) this.smallUsed += this.size[s];
    else if (queue === MAIN) this.mainUsed += this.size[s];
    else this.ghostUsed += this.size[s];
  }

  private dequeue(s: number): void {
    const queue = this.where[s];
    this.q.unlink(queue, s);
    if (queue === SMALL) this.smallUsed -= this.size[s];
    else if (queue === MAIN) this.mainUsed -= this.size[s];
    else this.ghostUsed -= this.size[s];
  }

  protected unlink(slot: number): void {
    this.dequeue(slot);
  }

  protected override growSlots(n: number): void {
    this.q.growSlots(n);
    this.where = grow(this.where, n);
    this.freq = grow(this.freq, n);
  }

  protected override policyBytes(): number {
    return this.q.bytes + this.where.byteLength + this.freq.byteLength;
  }
}

export const s3fifo: PolicyDefinition = {
  name: 's3fifo',
  aliases: ['s3-fifo'],
  describe: 'S3-FIFO: small FIFO + main FIFO (2-bit CLOCK) + ghost FIFO',
  create: (o) => new S3FifoCache(o),
};
