/**
 * Trace replay: one pass over a trace feeds every cache given, batch by batch, so
 * reading and parsing are paid once however many (policy, size) pairs run.
 *
 * Counts follow libCacheSim: a request is a miss whether or not the object is then
 * admitted, and byte misses add the request's size. Requests of size 0 are skipped, as
 * libCacheSim's readers skip them by default. The first `warmup` records go through the
 * caches without being counted.
 */
import { WORDS, W_HI, W_LO, W_SIZE, W_TIME, nextAccessOf, type TraceReader } from '../trace/types.js';
import type { CachePolicy } from './types.js';

export interface ReplayCounts {
  requests: number;
  misses: number;
  byteMisses: number;
  requestBytes: number;
  /** Time spent in this cache's request calls (trace reading excluded). */
  seconds: number;
}

export interface ReplayTarget {
  cache: CachePolicy;
  /** Pass each request's next-access index (for offline policies). */
  needsNextAccess?: boolean;
}

export interface ReplayOptions {
  warmup?: number;
  /** Next-access indices by request, for traces that do not carry them. */
  nextAccess?: Float64Array;
}

export async function replay(reader: TraceReader, targets: ReplayTarget[], options: ReplayOptions = {}): Promise<ReplayCounts[]> {
  const warmup = options.warmup ?? 0;
  const counts = targets.map(() => ({ requests: 0, misses: 0, byteMisses: 0, requestBytes: 0, seconds: 0 }));
  for await (const batch of reader.batches()) {
    // Split the batch at the end of the warm-up: [0, counted) warms, [counted, n) counts.
    const warm = Math.min(batch.count, Math.max(0, warmup - batch.first));
    for (let t = 0; t < targets.length; t++) {
      const { cache, needsNextAccess } = targets[t];
      const c = counts[t];
      const t0 = process.hrtime.bigint();
      if (!needsNextAccess) {
        if (warm > 0) requestAll(cache, batch.words, 0, warm);
        countAll(cache, batch.words, warm, batch.count, c);
      } else {
        const next = options.nextAccess;
        if (warm > 0) requestAllNext(cache, batch.words, 0, warm, next, batch.first);
        countAllNext(cache, batch.words, warm, batch.count, c, next, batch.first);
      }
      c.seconds += Number(process.hrtime.bigint() - t0) / 1e9;
    }
  }
  return counts;
}

function requestAll(cache: CachePolicy, w: Uint32Array, from: number, to: number): void {
  for (let at = from * WORDS, end = to * WORDS; at < end; at += WORDS) {
    const size = w[at + W_SIZE];
    if (size !== 0) cache.request(w[at + W_LO], w[at + W_HI], size, w[at + W_TIME], Infinity);
  }
}

function countAll(cache: CachePolicy, w: Uint32Array, from: number, to: number, c: ReplayCounts): void {
  let requests = 0;
  let misses = 0;
  let byteMisses = 0;
  let bytes = 0;
  for (let at = from * WORDS, end = to * WORDS; at < end; at += WORDS) {
    const size = w[at + W_SIZE];
    if (size === 0) continue;
    requests++;
    bytes += size;
    if (!cache.request(w[at + W_LO], w[at + W_HI], size, w[at + W_TIME], Infinity)) {
      misses++;
      byteMisses += size;
    }
  }
  c.requests += requests;
  c.misses += misses;
  c.byteMisses += byteMisses;
  c.requestBytes += bytes;
}

function nextOf(w: Uint32Array, at: number, next: Float64Array | undefined, index: number): number {
  return next === undefined ? nextAccessOf(w, at) : next[index];
}

function requestAllNext(cache: CachePolicy, w: Uint32Array, from: number, to: number, next: Float64Array | undefined, first: number): void {
  for (let i = from; i < to; i++) {
    const at = i * WORDS;
    const size = w[at + W_SIZE];
    if (size !== 0) cache.request(w[at + W_LO], w[at + W_HI], size, w[at + W_TIME], nextOf(w, at, next, first + i));
  }
}

function countAllNext(cache: CachePolicy, w: Uint32Array, from: number, to: number, c: ReplayCounts, next: Float64Array | undefined, first: number): void {
  for (let i = from; i < to; i++) {
    const at = i * WORDS;
    const size = w[at + W_SIZE];
    if (size === 0) continue;
    c.requests++;
    c.requestBytes += size;
    if (!cache.request(w[at + W_LO], w[at + W_HI], size, w[at + W_TIME], nextOf(w, at, next, first + i))) {
      c.misses++;
      c.byteMisses += size;
    }
  }
}
