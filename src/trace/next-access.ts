/**
 * Next-access indices for traces that lack them (every format but oracleGeneral), so
 * Belady can run on any trace: one forward pass records, for each request, the 1-based
 * index of the next request to the same object. Unlike the readers this keeps 8 bytes
 * per request; converting the trace to oracleGeneral once avoids it on reruns.
 */
import { grow } from '../util/grow.js';
import { IdTable } from '../util/id-table.js';
import { WORDS, W_HI, W_LO, type TraceReader } from './types.js';

/** next[i] for request i (0-based): the 1-based index of its next request, Infinity if none. */
export async function computeNextAccess(reader: TraceReader): Promise<Float64Array> {
  const ids = new IdTable(1 << 16);
  let last = new Float64Array(1 << 16);
  let next = new Float64Array(1 << 20);
  let i = 0;
  for await (const batch of reader.batches()) {
    const w = batch.words;
    if (i + batch.count > next.length) next = grow(next, Math.max(next.length * 2, i + batch.count));
    for (let at = 0, end = batch.count * WORDS; at < end; at += WORDS, i++) {
      next[i] = Infinity;
      const k = ids.get(w[at + W_LO], w[at + W_HI]);
      if (k < 0) {
        const obj = ids.size;
        ids.add(w[at + W_LO], w[at + W_HI], obj);
        if (obj === last.length) last = grow(last, obj * 2);
        last[obj] = i;
      } else {
        next[last[k]] = i + 1;
        last[k] = i;
      }
    }
  }
  return next.subarray(0, i);
}
