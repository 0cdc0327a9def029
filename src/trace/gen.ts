/**
 * Synthetic traces under the independent reference model (IRM): every request draws
 * an object from a Zipf(alpha) popularity over `objects` objects, independently of
 * the past. Object k (rank k, most popular first) has id k and a size drawn once from
 * the size distribution, so sizes never change (as oracleGeneral assumes). Requests
 * arrive at a steady `rate` per second. The next-access field is filled, so Belady
 * can run on the output.
 *
 * The whole trace is built in memory (24 bytes per request) and written atomically.
 */
import { stream, type Rng } from '../engine/rng.js';
import { lognormal, pareto, sampleZipf, uniformInt, zipf } from '../engine/variates.js';
import { InputError } from '../errors.js';
import { parseBytes } from '../scenario/units.js';
import { writeFileAtomic } from '../util/atomic.js';
import { recordsToBytes, setNext } from './oracle.js';
import { WORDS, W_HI, W_LO, W_SIZE, W_TIME } from './types.js';

export type SizeDist =
  | { kind: 'fixed'; bytes: number }
  | { kind: 'lognormal'; mu: number; sigma: number }
  | { kind: 'pareto'; xm: number; alpha: number };

export interface ZipfTraceSpec {
  requests: number;
  objects: number;
  /** Zipf exponent; 0 gives uniform popularity. */
  alpha: number;
  sizeDist?: SizeDist;
  /** Clamp drawn sizes to [sizeMin, sizeMax] bytes. */
  sizeMin?: number;
  sizeMax?: number;
  seed: number;
  /** Requests per second (default 1000); times start at 0. */
  rate?: number;
}

const MAX_SIZE = 4294967295;

/** `fixed:BYTES`, `lognormal:MU,SIGMA` (of the natural log of bytes) or `pareto:XM,ALPHA`. */
export function parseSizeDist(spec: string): SizeDist {
  const [kind, rest = ''] = spec.split(':', 2);
  const args = rest.split(',').map((a) => a.trim());
  const bad = (msg: string) => new InputError(`bad size distribution '${spec}': ${msg}`, { field: 'size-dist' });
  switch (kind.trim().toLowerCase()) {
    case 'fixed': {
      const p = parseBytes(args[0]);
      if (args.length !== 1 || !p.ok || !(p.value >= 1)) throw bad('expected fixed:BYTES, e.g. fixed:4KiB');
      return { kind: 'fixed', bytes: Math.round(p.value) };
    }
    case 'lognormal': {
      const [mu, sigma] = args.map(Number);
      if (args.length !== 2 || !Number.isFinite(mu) || !(sigma >= 0)) throw bad('expected lognormal:MU,SIGMA, e.g. lognormal:12,2');
      return { kind: 'lognormal', mu, sigma };
    }
    case 'pareto': {
      const xm = parseBytes(args[0]);
      const alpha = Number(args[1]);
      if (args.length !== 2 || !xm.ok || !(xm.value > 0) || !(alpha > 0)) throw bad('expected pareto:XM,ALPHA, e.g. pareto:64KiB,1.2');
      return { kind: 'pareto', xm: xm.value, alpha };
    }
    default:
      throw bad('known kinds: fixed, lognormal, pareto');
  }
}

export function validateZipfSpec(spec: ZipfTraceSpec): void {
  const bad = (field: string, msg: string) => new InputError(msg, { field });
  if (!Number.isInteger(spec.requests) || spec.requests < 1) throw bad('requests', `--requests must be a positive integer, got ${spec.requests}`);
  if (!Number.isInteger(spec.objects) || spec.objects < 1 || spec.objects > MAX_SIZE) throw bad('objects', `--objects must be an integer in [1, 2^32), got ${spec.objects}`);
  if (!(spec.alpha >= 0) || !Number.isFinite(spec.alpha)) throw bad('alpha', `--alpha must be a finite number >= 0, got ${spec.alpha}`);
  if (spec.rate !== undefined && !(spec.rate > 0)) throw bad('rate', `--rate must be > 0, got ${spec.rate}`);
  if (spec.requests * 24 > 2 ** 32) throw bad('requests', `--requests ${spec.requests} is too many for one in-memory trace (at most ${Math.floor(2 ** 32 / 24)})`);
}

/** The trace as records in the oracleGeneral word layout. */
export function generateZipfTrace(spec: ZipfTraceSpec): Uint32Array {
  validateZipfSpec(spec);
  const { requests, objects, alpha, seed } = spec;
  const rate = spec.rate ?? 1000;
  const sizes = objectSizes(spec);
  const words = new Uint32Array(requests * WORDS);
  const rng = stream({ seed, replication: 0, component: 'trace.gen.requests', entity: 0 });
  const draw = alpha > 0 ? zipfSampler(rng, objects, alpha) : () => 1 + uniformInt(rng, objects);
  for (let i = 0; i < requests; i++) {
    const k = draw();
    const at = i * WORDS;
    words[at + W_TIME] = Math.floor(i / rate);
    words[at + W_LO] = k;
    words[at + W_HI] = 0;
    words[at + W_SIZE] = sizes[k - 1];
  }
  fillNextAccess(words, objects);
  return words;
}

export function writeZipfTrace(file: string, spec: ZipfTraceSpec): Uint32Array {
  const words = generateZipfTrace(spec);
  writeFileAtomic(file, recordsToBytes(words));
  return words;
}

function zipfSampler(rng: Rng, n: number, alpha: number): () => number {
  const z = zipf(n, alpha);
  return () => sampleZipf(rng, z);
}

function objectSizes(spec: ZipfTraceSpec): Uint32Array {
  const dist = spec.sizeDist ?? { kind: 'fixed', bytes: 1 };
  const min = Math.max(1, spec.sizeMin ?? 1);
  const max = Math.min(MAX_SIZE, spec.sizeMax ?? MAX_SIZE);
  if (min > max) throw new InputError(`--size-min (${min}) is above --size-max (${max})`, { field: 'size-min' });
  const rng = stream({ seed: spec.seed, replication: 0, component: 'trace.gen.sizes', entity: 0 });
  const sizes = new Uint32Array(spec.objects);
  for (let k = 0; k < spec.objects; k++) {
    let s: number;
    if (dist.kind === 'fixed') s = dist.bytes;
    else if (dist.kind === 'lognormal') s = lognormal(rng, dist.mu, dist.sigma);
    else s = pareto(rng, dist.xm, dist.alpha);
    sizes[k] = Math.min(max, Math.max(min, Math.round(s)));
  }
  return sizes;
}

/** Fill each record's next-access index from the ids, by one backward pass (ids < `objects + 1`). */
function fillNextAccess(words: Uint32Array, objects: number): void {
  const last = new Float64Array(objects + 1).fill(-1);
  for (let i = words.length / WORDS - 1; i >= 0; i--) {
    const at = i * WORDS;
    const k = words[at + W_LO];
    const nx = last[k];
    setNext(words, at, nx < 0 ? -1 : nx + 1);
    last[k] = i;
  }
}
