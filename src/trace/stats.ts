/**
 * One streaming pass over a trace: requests, distinct objects, bytes requested and
 * the working set (the sum of each distinct object's size when first seen, the
 * denominator of "cache size as a fraction of the working set"). Memory follows the
 * number of distinct objects. Requests of size 0 are skipped, as in replay.
 */
import { IdTable } from '../util/id-table.js';
import { grow } from '../util/grow.js';
import { WORDS, W_HI, W_LO, W_SIZE, W_TIME, type TraceReader } from './types.js';

export interface TraceStats {
  requests: number;
  objects: number;
  /** Sum of request sizes. */
  requestBytes: number;
  workingSetBytes: number;
  /** Objects requested exactly once. */
  oneHitObjects: number;
  firstTime: number;
  lastTime: number;
}

export async function traceStats(reader: TraceReader): Promise<TraceStats> {
  const ids = new IdTable(1 << 16);
  let hits = new Uint32Array(1 << 16);
  let requests = 0;
  let requestBytes = 0;
  let workingSetBytes = 0;
  let firstTime = NaN;
  let lastTime = NaN;
  for await (const batch of reader.batches()) {
    const w = batch.words;
    for (let at = 0, end = batch.count * WORDS; at < end; at += WORDS) {
      const size = w[at + W_SIZE];
      if (size === 0) continue;
      requests++;
      let k = ids.get(w[at + W_LO], w[at + W_HI]);
      if (k < 0) {
        k = ids.size;
        ids.add(w[at + W_LO], w[at + W_HI], k);
        if (k === hits.length) hits = grow(hits, k * 2);
        workingSetBytes += size;
      }
      if (hits[k] < 0xffffffff) hits[k]++;
      requestBytes += size;
    }
    if (batch.count > 0) {
      if (Number.isNaN(firstTime)) firstTime = w[W_TIME];
      lastTime = w[(batch.count - 1) * WORDS + W_TIME];
    }
  }
  let oneHitObjects = 0;
  for (let k = 0; k < ids.size; k++) if (hits[k] === 1) oneHitObjects++;
  return { requests, objects: ids.size, requestBytes, workingSetBytes, oneHitObjects, firstTime, lastTime };
}
