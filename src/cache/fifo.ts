/**
 * FIFO: evict in insertion order; a hit changes nothing.
 */
import { QueueCache } from './queue.js';
import type { PolicyDefinition } from './types.js';

export class FifoCache extends QueueCache {
  readonly name = 'fifo';

  protected hit(): void {}
}

export const fifo: PolicyDefinition = {
  name: 'fifo',
  describe: 'first in, first out',
  create: (o) => new FifoCache(o),
};
