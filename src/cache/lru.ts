/**
 * LRU: a hit moves the object to the head; evict from the tail.
 */
import { QueueCache } from './queue.js';
import type { PolicyDefinition } from './types.js';

export class LruCache extends QueueCache {
  readonly name = 'lru';

  protected hit(slot: number): void {
    this.q.toHead(0, slot);
  }
}

export const lru: PolicyDefinition = {
  name: 'lru',
  describe: 'least recently used',
  create: (o) => new LruCache(o),
};
