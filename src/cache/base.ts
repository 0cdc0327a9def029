/**
 * What every policy shares: the id table, per-object slots (id, size, expiry) in typed
 * arrays recycled through a free list, byte accounting, TTL expiry and the admission
 * filter. A policy adds its own per-slot arrays (links, counters) and four hooks.
 *
 * `request` follows libCacheSim's `cache_get_base`: look the id up; on a hit let the
 * policy promote it; on a miss ask `canInsert` (the admission filter first, then
 * "larger than the cache is not admitted"), evict while `used + size > capacity`, then
 * insert. Bytes count object sizes only, with no per-object metadata overhead.
 */
import { grow } from '../util/grow.js';
import { IdTable } from '../util/id-table.js';
import type { Admission, CachePolicy, PolicyOptions } from './types.js';

export abstract class BaseCache implements CachePolicy {
  abstract readonly name: string;
  readonly capacity: number;
  used = 0;
  count = 0;

  protected readonly table: IdTable;
  protected idLo: Uint32Array;
  protected idHi: Uint32Array;
  protected size: Float64Array;
  /** Expiry time per slot; allocated only when a TTL is set. */
  protected expiry: Float64Array | null;
  protected readonly ttl: number;
  protected readonly admission: Admission | null;

  private freeSlots: Int32Array;
  private freeTop = 0;
  private nextSlot = 0;

  constructor(options: PolicyOptions) {
    if (!(options.capacity >= 0) || !Number.isFinite(options.capacity)) {
      throw new RangeError(`cache capacity must be a finite number of bytes >= 0, got ${options.capacity}`);
    }
    this.capacity = options.capacity;
    this.ttl = options.ttl ?? 0;
    this.admission = options.admission ?? null;
    const expected = Math.max(16, options.expectedObjects ?? 1024);
    this.table = new IdTable(expected);
    this.idLo = new Uint32Array(expected);
    this.idHi = new Uint32Array(expected);
    this.size = new Float64Array(expected);
    this.expiry = this.ttl > 0 ? new Float64Array(expected) : null;
    this.freeSlots = new Int32Array(expected);
  }

  // ---- the policy's hooks ----

  /** A cached object was requested again. */
  protected abstract hit(slot: number, time: number, nextAccess: number): void;
  /** A new slot holds an admitted object: link it into the policy's structures. */
  protected abstract place(slot: number, time: number, nextAccess: number): void;
  /** Free space: choose a victim and call `drop` on it (or do more, as the policy needs). */
  protected abstract evict(): void;
  /** Unlink a slot from the policy's structures (before `drop` frees it). */
  protected abstract unlink(slot: number): void;
  /** Grow the policy's own per-slot arrays to `n` entries. */
  protected growSlots(n: number): void {
    void n;
  }

  // ---- the interface ----

  request(lo: number, hi: number, size: number, time: number, nextAccess: number): boolean {
    const slot = this.lookup(lo, hi, time);
    if (slot >= 0) {
      this.hit(slot, time, nextAccess);
      return true;
    }
    this.miss(lo, hi, size, time, nextAccess);
    return false;
  }

  insert(lo: number, hi: number, size: number, time = 0, nextAccess = Infinity): boolean {
    if (this.lookup(lo, hi, time) >= 0 || size > this.capacity) return false;
    this.makeRoom(size);
    this.place(this.alloc(lo, hi, size, time), time, nextAccess);
    return true;
  }

  remove(lo: number, hi: number): boolean {
    const slot = this.table.get(lo, hi);
    if (slot < 0) return false;
    this.unlink(slot);
    this.drop(slot);
    return true;
  }

  contains(lo: number, hi: number): boolean {
    return this.table.get(lo, hi) >= 0;
  }

  /** Bytes held in typed arrays by this cache (tables and per-slot arrays). */
  get memoryBytes(): number {
    let b = this.table.bytes + this.idLo.byteLength + this.idHi.byteLength + this.size.byteLength + this.freeSlots.byteLength;
    if (this.expiry) b += this.expiry.byteLength;
    return b + this.policyBytes();
  }

  protected policyBytes(): number {
    return 0;
  }

  // ---- helpers for policies ----

  /** The slot of a live cached object, dropping it first if its TTL has passed. */
  protected lookup(lo: number, hi: number, time: number): number {
    const slot = this.table.get(lo, hi);
    if (slot >= 0 && this.expiry !== null && this.expiry[slot] < time) {
      this.unlink(slot);
      this.drop(slot);
      return -1;
    }
    return slot;
  }

  protected miss(lo: number, hi: number, size: number, time: number, nextAccess: number): void {
    if (!this.canInsert(lo, hi, size)) return;
    this.makeRoom(size);
    this.place(this.alloc(lo, hi, size, time), time, nextAccess);
  }

  /** libCacheSim's `cache_can_insert_default`: the admission filter, then the size. */
  protected canInsert(lo: number, hi: number, size: number): boolean {
    if (this.admission !== null && !this.admission.admit(lo, hi, size)) return false;
    return size <= this.capacity;
  }

  protected makeRoom(size: number): void {
    while (this.used + size > this.capacity && this.count > 0) this.evict();
  }

  /** Take a free slot for a new cached object and enter it in the table. */
  protected alloc(lo: number, hi: number, size: number, time: number): number {
    const slot = this.newSlot();
    this.idLo[slot] = lo;
    this.idHi[slot] = hi;
    this.size[slot] = size;
    if (this.expiry !== null) this.expiry[slot] = time + this.ttl;
    this.table.add(lo, hi, slot);
    this.used += size;
    this.count++;
    return slot;
  }

  /** Forget a cached object: out of the table, bytes released, slot recycled. */
  protected drop(slot: number): void {
    this.table.delete(this.idLo[slot], this.idHi[slot]);
    this.used -= this.size[slot];
    this.count--;
    this.freeSlot(slot);
  }

  /** A free slot (`alloc` fills it; policies with ghost entries keep ids in slots too). */
  protected newSlot(): number {
    if (this.freeTop > 0) return this.freeSlots[--this.freeTop];
    if (this.nextSlot === this.idLo.length) this.growAll();
    return this.nextSlot++;
  }

  protected freeSlot(slot: number): void {
    this.freeSlots[this.freeTop++] = slot;
  }

  private growAll(): void {
    const n = Math.ceil(this.idLo.length * 1.5);
    this.idLo = grow(this.idLo, n);
    this.idHi = grow(this.idHi, n);
    this.size = grow(this.size, n);
    if (this.expiry !== null) this.expiry = grow(this.expiry, n);
    this.freeSlots = grow(this.freeSlots, n);
    this.growSlots(n);
  }
}
