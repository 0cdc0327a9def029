/**
 * SIEVE (Zhang et al., NSDI 2024), as libCacheSim's `Sieve`: one queue, new objects at
 * the head with the visited bit clear, a hit sets the bit, and a hand walks from the
 * tail towards the head clearing bits until it finds a clear one, which is evicted; the
 * hand stays where it stopped (wrapping to the tail at the head). Objects are never
 * moved, unlike CLOCK.
 */
import { NIL } from './links.js';
import { MarkedQueueCache } from './queue.js';
import type { PolicyDefinition } from './types.js';

export class SieveCache extends MarkedQueueCache {
  readonly name = 'sieve';
  private hand = NIL;

  protected hit(slot: number): void {
    this.mark[slot] = 1;
  }

  protected override evict(): void {
    const q = this.q;
    let s = this.hand === NIL ? q.tail[0] : this.hand;
    while (this.mark[s] !== 0) {
      this.mark[s] = 0;
      s = q.prev[s] === NIL ? q.tail[0] : q.prev[s];
    }
    this.hand = q.prev[s];
    this.evictSlot(s);
  }

  protected override unlink(slot: number): void {
    if (slot === this.hand) this.hand = this.q.prev[slot];
    super.unlink(slot);
  }
}

export const sieve: PolicyDefinition = {
  name: 'sieve',
  describe: 'SIEVE: FIFO queue with a visited bit and a moving hand',
  create: (o) => new SieveCache(o),
};
