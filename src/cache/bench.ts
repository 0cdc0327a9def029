/**
 * Measurements behind `cdnsim bench cache`: request throughput per policy on a trace
 * held in memory, whole-process replay time against a native yardstick, the memory an
 * LRU cache takes per cached object, and the data structures considered for the hot
 * path (own typed-array table vs Map vs mnemonist).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { WORDS, W_HI, W_LO, W_SIZE, W_TIME } from '../trace/types.js';
import { BloomFilter64 } from './admission/bloom.js';
import { compiled } from './compiled.js';
import { getPolicy } from './registry.js';
import { LruCache } from './lru.js';
import { median } from '../metrics/stats.js';

export interface ThroughputRow {
  policy: string;
  requests: number;
  missRatio: number;
  seconds: number;
  requestsPerSecond: number;
}

/** Replay in-memory records through each policy; the best of `repeat` timed passes. */
export function policyThroughput(words: Uint32Array, policies: string[], capacity: number, repeat = 3): ThroughputRow[] {
  const n = words.length / WORDS;
  return policies.map((policy) => {
    const def = getPolicy(policy);
    let best = Infinity;
    let misses = 0;
    for (let r = 0; r < repeat; r++) {
      const cache = def.create({ capacity });
      misses = 0;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const at = i * WORDS;
        // Belady needs next access; the records carry it (gen fills it).
        const hi = words[at + 5];
        const next = hi >= 0x80000000 ? Infinity : hi * 4294967296 + words[at + 4];
        if (!cache.request(words[at + W_LO], words[at + W_HI], words[at + W_SIZE], words[at + W_TIME], next)) misses++;
      }
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
    }
    return { policy: def.name, requests: n, missRatio: misses / n, seconds: best, requestsPerSecond: n / best };
  });
}

/** `policyThroughput` with each policy timed in a fresh worker thread, one at a time. */
export async function isolatedThroughput(words: Uint32Array, policies: string[], capacity: number): Promise<ThroughputRow[]> {
  const { Worker } = await import('node:worker_threads');
  const rows: ThroughputRow[] = [];
  for (const policy of policies) {
    getPolicy(policy);
    const worker = new Worker(compiled('bench-worker.js'), { workerData: { words, policy, capacity } });
    rows.push(
      await new Promise<ThroughputRow>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      }),
    );
    await worker.terminate();
  }
  return rows;
}

export interface MemoryRow {
  objects: number;
  /** Typed arrays held by the cache (table and per-object arrays), per cached object. */
  bytesPerObject: number;
  /** Growth of the process's resident memory while filling, per cached object. */
  rssBytesPerObject: number;
}

/** Fill an LRU cache with `objects` distinct unit-size objects and weigh it. */
export function lruMemory(objects: number): MemoryRow {
  const before = process.memoryUsage().rss;
  const cache = new LruCache({ capacity: objects });
  for (let i = 0; i < objects; i++) cache.request(i, i % 7, 1, 0, Infinity);
  if (cache.count !== objects) throw new Error(`expected ${objects} cached objects, found ${cache.count}`);
  const rss = process.memoryUsage().rss - before;
  return { objects, bytesPerObject: cache.memoryBytes / objects, rssBytesPerObject: rss / objects };
}

export interface StructureRow {
  structure: string;
  requestsPerSecond: number;
  note: string;
}

/**
 * An object-count LRU (unit sizes) driven through candidate structures: the cache
 * module's LRU (64-bit ids, typed arrays), mnemonist's LRUMap with number keys (exact
 * only below 2^53) and with string keys (exact for 64 bits, allocates per request), and
 * a Map-based LRU with BigInt keys. Bloom filters: ours vs mnemonist's (string keys).
 */
export async function compareStructures(words: Uint32Array, capacityObjects: number): Promise<StructureRow[]> {
  const { BloomFilter, LRUMap } = await import('mnemonist');
  const n = words.length / WORDS;
  const time = (f: () => void) => {
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const t0 = process.hrtime.bigint();
      f();
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
    }
    return n / best;
  };
  const rows: StructureRow[] = [];
  rows.push({
    structure: 'cdnsim LRU (IdTable + typed-array list)',
    requestsPerSecond: time(() => {
      const c = new LruCache({ capacity: capacityObjects });
      for (let at = 0; at < words.length; at += WORDS) c.request(words[at + W_LO], words[at + W_HI], 1, 0, Infinity);
    }),
    note: '64-bit ids, no allocation per request',
  });
  // mnemonist's LRUMap over ids made into JS keys: a double (exact only below 2^53) or a string.
  const lruMap =
    <K>(key: (at: number) => K) =>
    () => {
      const m = new LRUMap<K, number>(capacityObjects);
      for (let at = 0; at < words.length; at += WORDS) {
        const id = key(at);
        if (m.get(id) === undefined) m.set(id, 1);
      }
    };
  rows.push({
    structure: 'mnemonist LRUMap<number>',
    requestsPerSecond: time(lruMap((at) => words[at + W_HI] * 4294967296 + words[at + W_LO])),
    note: 'ids above 2^53 collide',
  });
  rows.push({
    structure: 'mnemonist LRUMap<string>',
    requestsPerSecond: time(lruMap((at) => `${words[at + W_HI]}:${words[at + W_LO]}`)),
    note: 'exact, one string per request',
  });
  rows.push({
    structure: 'Map<bigint> LRU (delete + re-set)',
    requestsPerSecond: time(() => {
      const m = new Map<bigint, number>();
      for (let at = 0; at < words.length; at += WORDS) {
        const id = (BigInt(words[at + W_HI]) << 32n) | BigInt(words[at + W_LO]);
        if (m.delete(id)) m.set(id, 1);
        else {
          if (m.size >= capacityObjects) m.delete(m.keys().next().value as bigint);
          m.set(id, 1);
        }
      }
    }),
    note: 'exact, one BigInt per request',
  });
  const bloomIds = Math.max(1024, capacityObjects);
  rows.push({
    structure: 'cdnsim BloomFilter64 (check + add)',
    requestsPerSecond: time(() => {
      const f = new BloomFilter64(bloomIds);
      for (let at = 0; at < words.length; at += WORDS) if (!f.has(words[at + W_LO], words[at + W_HI])) f.add(words[at + W_LO], words[at + W_HI]);
    }),
    note: 'hashes the two id halves',
  });
  rows.push({
    structure: 'mnemonist BloomFilter (check + add)',
    requestsPerSecond: time(() => {
      const f = new BloomFilter({ capacity: bloomIds, errorRate: 0.01 });
      for (let at = 0; at < words.length; at += WORDS) {
        const id = `${words[at + W_HI]}:${words[at + W_LO]}`;
        if (!f.test(id)) f.add(id);
      }
    }),
    note: 'string keys',
  });
  return rows;
}

export interface ProcessComparison {
  trace: string;
  cacheSize: number;
  runs: number;
  /** Median wall-clock seconds of each whole process, start to exit. */
  cdnsimSeconds: number;
  nativeSeconds: number;
  cdnsimRequestsPerSecond: number;
  nativeRequestsPerSecond: number;
  /** cdnsim throughput / native throughput (median over interleaved run pairs). */
  ratio: number;
  /** Both reported the same misses and byte misses. */
  agree: boolean;
}

/**
 * Time `cdnsim cache --policy lru` and a native LRU (args: TRACE SIZE_BYTES, printing
 * `requests misses byte_misses ...`) as whole processes on the same oracleGeneral file,
 * alternating which goes first.
 */
export function compareWithNative(trace: string, cacheSize: number, native: string, runs: number): ProcessComparison {
  const main = join(dirname(compiled('bench.js')), '..', 'cli', 'main.js');
  const cdnsimArgs = [main, 'cache', '--trace', trace, '--format', 'oracleGeneral', '--policy', 'lru', '--size', String(cacheSize), '--threads', '1', '--json'];
  const run = (cmd: string, args: string[]) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) throw new InputError(`${cmd} exited with ${r.status}: ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`, { file: cmd });
    return { seconds, out: r.stdout };
  };
  const ours: number[] = [];
  const theirs: number[] = [];
  const ratios: number[] = [];
  let agree = true;
  let requests = 0;
  for (let i = 0; i < runs; i++) {
    const pair = i % 2 === 0 ? [run(native, [trace, String(cacheSize)]), run(process.execPath, cdnsimArgs)] : [run(process.execPath, cdnsimArgs), run(native, [trace, String(cacheSize)])].reverse();
    const [n, c] = pair;
    const [nReq, nMiss, nByteMiss] = n.out.trim().split(/\s+/).map(Number);
    const [row] = JSON.parse(c.out) as { requests: number; misses: number; byteMisses: number }[];
    agree &&= row.requests === nReq && row.misses === nMiss && row.byteMisses === nByteMiss;
    requests = row.requests;
    theirs.push(n.seconds);
    ours.push(c.seconds);
    ratios.push(n.seconds / c.seconds);
  }
  const cdnsimSeconds = median(ours);
  const nativeSeconds = median(theirs);
  return {
    trace,
    cacheSize,
    runs,
    cdnsimSeconds,
    nativeSeconds,
    cdnsimRequestsPerSecond: requests / cdnsimSeconds,
    nativeRequestsPerSecond: requests / nativeSeconds,
    ratio: median(ratios),
    agree,
  };
}
