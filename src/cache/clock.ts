/**
 * CLOCK (second chance, FIFO-reinsertion) with a one-bit reference counter, as
 * libCacheSim's `Clock`: new objects enter at the head with the bit clear; a hit sets
 * it. To evict, look at the tail: if its bit is set, clear it and move the object to
 * the head; repeat until an object with a clear bit reaches the tail, and evict it.
 */
import { MarkedQueueCache } from './queue.js';
import type { PolicyDefinition } from './types.js';

const MAX_FREQ = 1;

export class ClockCache extends MarkedQueueCache {
  readonly name = 'clock';

  protected hit(slot: number): void {
    if (this.mark[slot] < MAX_FREQ) this.mark[slot]++;
  }

  protected override evict(): void {
    const q = this.q;
    let victim = q.tail[0];
    while (this.mark[victim] >= 1) {
      this.mark[victim]--;
      q.toHead(0, victim);
      victim = q.tail[0];
    }
    this.evictSlot(victim);
  }
}

export const clock: PolicyDefinition = {
  name: 'clock',
  aliases: ['second-chance', 'fifo-reinsertion'],
  describe: 'FIFO with a one-bit reference counter (second chance)',
  create: (o) => new ClockCache(o),
};
