/**
 * Object id → slot map, for the caches and the trace tools: open addressing with linear probing over one
 * Uint32Array, keyed by 64-bit ids given as two u32 halves.
 *
 * Why not a Map: JS numbers hold ids only up to 2^53, a BigInt or string key allocates
 * on every request, and a Map entry costs several times the 16 bytes used here
 * (`cdnsim bench cache --structures` measures both).
 *
 * Layout: four words per entry, `[idLo, idHi, slot + 1, hash]`, so one probe reads one
 * 16-byte run (four entries per cache line) and a zeroed array is an empty table. Deletion
 * shifts the following run back instead of leaving tombstones, so probe lengths do not
 * creep up as objects come and go; the stored hash spares it rehashing what it shifts.
 */
import { fmix32 } from './mix.js';

const EMPTY = 0;
const MAX_LOAD = 0.7;

export class IdTable {
  private words: Uint32Array;
  private mask: number;
  private limit: number;
  /** Entries held. */
  size = 0;

  constructor(expected = 1024) {
    let cap = 16;
    while (cap * MAX_LOAD < expected) cap *= 2;
    this.words = new Uint32Array(cap * 4);
    this.mask = cap - 1;
    this.limit = Math.floor(cap * MAX_LOAD);
  }

  /** Bytes held by the table's array. */
  get bytes(): number {
    return this.words.byteLength;
  }

  /** The slot stored for the id, or -1. */
  get(lo: number, hi: number): number {
    const i = this.find(lo, hi);
    return i < 0 ? -1 : this.words[(i << 2) + 2] - 1;
  }

  /** Store a slot for an id that is not in the table. */
  add(lo: number, hi: number, slot: number): void {
    if (this.size >= this.limit) this.grow();
    this.place(lo, hi, slot + 1);
    this.size++;
  }

  /** Remove an id; returns its slot, or -1 if it was absent. */
  delete(lo: number, hi: number): number {
    const i = this.find(lo, hi);
    if (i < 0) return -1;
    const w = this.words;
    const mask = this.mask;
    const slot = w[(i << 2) + 2] - 1;
    // Backward-shift: pull later entries of the run into the hole unless that would
    // move one before its home position.
    let hole = i;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const kj = j << 2;
      if (w[kj + 2] === EMPTY) break;
      const home = w[kj + 3] & mask;
      const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (stays) continue;
      const kh = hole << 2;
      w[kh] = w[kj];
      w[kh + 1] = w[kj + 1];
      w[kh + 2] = w[kj + 2];
      w[kh + 3] = w[kj + 3];
      hole = j;
    }
    const kh = hole << 2;
    w[kh] = 0;
    w[kh + 1] = 0;
    w[kh + 2] = EMPTY;
    w[kh + 3] = 0;
    this.size--;
    return slot;
  }

  /** The entry index holding the id, or -1. */
  private find(lo: number, hi: number): number {
    const w = this.words;
    const mask = this.mask;
    let i = hashId(lo, hi) & mask;
    for (;;) {
      const k = i << 2;
      if (w[k + 2] === EMPTY) return -1;
      if (w[k] === lo && w[k + 1] === hi) return i;
      i = (i + 1) & mask;
    }
  }

  clear(): void {
    this.words.fill(0);
    this.size = 0;
  }

  private place(lo: number, hi: number, value: number): void {
    const w = this.words;
    const mask = this.mask;
    const h = hashId(lo, hi);
    let i = h & mask;
    while (w[(i << 2) + 2] !== EMPTY) i = (i + 1) & mask;
    const k = i << 2;
    w[k] = lo;
    w[k + 1] = hi;
    w[k + 2] = value;
    w[k + 3] = h;
  }

  private grow(): void {
    const old = this.words;
    const cap = (this.mask + 1) * 2;
    this.words = new Uint32Array(cap * 4);
    this.mask = cap - 1;
    this.limit = Math.floor(cap * MAX_LOAD);
    for (let k = 0; k < old.length; k += 4) {
      if (old[k + 2] !== EMPTY) this.place(old[k], old[k + 1], old[k + 2]);
    }
  }
}

/**
 * 32-bit hash of a 64-bit id. Trace ids are often small consecutive integers, so both
 * halves go through a multiply and the result through murmur3's finaliser.
 */
export function hashId(lo: number, hi: number): number {
  return fmix32(Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi ^ 0x7f4a7c15, 0x85ebca77));
}
