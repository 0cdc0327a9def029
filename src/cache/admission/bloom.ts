/**
 * Second-hit admission: an object is admitted on a miss only if its id was missed before,
 * which keeps one-hit wonders (often most of a CDN's distinct objects) out of the cache
 * (Maggs & Sitaraman, "Algorithmic nuggets in content delivery", CCR 2015).
 *
 * Ids are remembered in Bloom filters, so memory is fixed: two generations of N ids
 * each at a 1% false-positive rate (about 1.2 bytes per id each). When the current one
 * has taken N ids, it becomes the previous one and a cleared filter takes its place, so
 * "seen before" means "within roughly the last N to 2N distinct misses".
 *
 * Why not mnemonist's BloomFilter: it hashes strings, so every check would format the
 * id as a string and allocate; this one hashes the two id halves directly.
 * libCacheSim's `bloomfilter` admissioner uses an exact, unbounded hash table instead:
 * with N larger than the trace's distinct ids the two agree up to false positives.
 */
import { hashId } from '../../util/id-table.js';
import type { Admission } from '../types.js';
import type { AdmissionDefinition } from './registry.js';

const FALSE_POSITIVE = 0.01;
export const DEFAULT_BLOOM_IDS = 1_000_000;

export class BloomFilter64 {
  private bits: Uint32Array;
  private readonly mask: number;
  private readonly k: number;

  constructor(ids: number, falsePositive = FALSE_POSITIVE) {
    const m = Math.ceil((-ids * Math.log(falsePositive)) / (Math.LN2 * Math.LN2));
    let bits = 64;
    while (bits < m) bits *= 2;
    this.bits = new Uint32Array(bits >>> 5);
    this.mask = bits - 1;
    this.k = Math.max(1, Math.round((bits / ids) * Math.LN2));
  }

  get bytes(): number {
    return this.bits.byteLength;
  }

  add(lo: number, hi: number): void {
    const h1 = hashId(lo, hi);
    const h2 = hashId(hi ^ 0x5bd1e995, lo) | 1;
    for (let i = 0; i < this.k; i++) {
      const b = (h1 + Math.imul(i, h2)) & this.mask;
      this.bits[b >>> 5] |= 1 << (b & 31);
    }
  }

  has(lo: number, hi: number): boolean {
    const h1 = hashId(lo, hi);
    const h2 = hashId(hi ^ 0x5bd1e995, lo) | 1;
    for (let i = 0; i < this.k; i++) {
      const b = (h1 + Math.imul(i, h2)) & this.mask;
      if ((this.bits[b >>> 5] & (1 << (b & 31))) === 0) return false;
    }
    return true;
  }

  clear(): void {
    this.bits.fill(0);
  }
}

export class SecondHitAdmission implements Admission {
  readonly name: string;
  private current: BloomFilter64;
  private previous: BloomFilter64;
  private added = 0;

  constructor(private readonly ids = DEFAULT_BLOOM_IDS) {
    this.name = `bloom:${ids}`;
    this.current = new BloomFilter64(ids);
    this.previous = new BloomFilter64(ids);
  }

  admit(lo: number, hi: number): boolean {
    if (this.current.has(lo, hi)) return true;
    const seen = this.previous.has(lo, hi);
    this.remember(lo, hi);
    return seen;
  }

  private remember(lo: number, hi: number): void {
    if (this.added === this.ids) {
      const old = this.previous;
      old.clear();
      this.previous = this.current;
      this.current = old;
      this.added = 0;
    }
    this.current.add(lo, hi);
    this.added++;
  }
}

export const bloom: AdmissionDefinition = {
  name: 'bloom',
  usage: 'bloom[:N]',
  describe: `admit on the second miss of an id (Bloom filters of N ids per generation, default ${DEFAULT_BLOOM_IDS})`,
  parse: (arg) => {
    if (arg === undefined) return () => new SecondHitAdmission();
    const n = Number(arg);
    if (!Number.isInteger(n) || n < 1) return { error: 'bloom takes a positive integer number of ids, e.g. bloom:2000000' };
    return () => new SecondHitAdmission(n);
  },
};
