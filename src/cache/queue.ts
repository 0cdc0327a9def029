/**
 * The single-queue policies (FIFO, LRU, CLOCK, SIEVE): new objects enter at the head,
 * victims leave from the tail unless the policy walks the queue first.
 */
import { BaseCache } from './base.js';
import { grow } from '../util/grow.js';
import { Links } from './links.js';
import type { PolicyOptions } from './types.js';

export abstract class QueueCache extends BaseCache {
  protected readonly q: Links;

  constructor(options: PolicyOptions) {
    super(options);
    this.q = new Links(this.idLo.length);
  }

  protected place(slot: number): void {
    this.q.pushHead(0, slot);
  }

  protected evict(): void {
    this.evictSlot(this.q.tail[0]);
  }

  protected evictSlot(victim: number): void {
    this.q.unlink(0, victim);
    this.drop(victim);
  }

  protected unlink(slot: number): void {
    this.q.unlink(0, slot);
  }

  protected override growSlots(n: number): void {
    this.q.growSlots(n);
  }

  protected override policyBytes(): number {
    return this.q.bytes;
  }
}

/** A queue with one small counter per object (CLOCK's reference bit, SIEVE's visited bit). */
export abstract class MarkedQueueCache extends QueueCache {
  protected mark: Uint8Array;

  constructor(options: PolicyOptions) {
    super(options);
    this.mark = new Uint8Array(this.idLo.length);
  }

  protected override place(slot: number): void {
    this.mark[slot] = 0;
    super.place(slot);
  }

  protected override growSlots(n: number): void {
    super.growSlots(n);
    this.mark = grow(this.mark, n);
  }

  protected override policyBytes(): number {
    return super.policyBytes() + this.mark.byteLength;
  }
}
