/**
 * ARC (Megiddo & Modha, FAST 2003) in bytes, as libCacheSim's `ARC`: T1 holds objects
 * seen once recently, T2 objects seen at least twice; B1 and B2 remember the ids of
 * objects evicted from T1 and T2. The target size p of T1 moves up on a B1 hit and
 * down on a B2 hit, by max(|B2|/|B1|, 1) and max(|B1|/|B2|, 1) bytes respectively
 * (sizes in bytes, p a real number, as libCacheSim does).
 *
 * - Hit in T1 or T2: move to the head of T2.
 * - Hit in B1/B2 (a miss): adapt p, forget the ghost entry, make room with REPLACE,
 *   insert at the head of T2.
 * - Miss everywhere: if T1 + B1 + the object exceed the capacity, drop B1's tail and
 *   REPLACE (or, with B1 empty, evict T1's tail outright); otherwise, when all four
 *   lists reach twice the capacity, drop B2's tail; then REPLACE. Insert at T1's head.
 * - REPLACE: evict T1's tail to B1 if T1 is non-empty and above p (or equal to p on a
 *   B2 hit), or if T2 is empty; otherwise evict T2's tail to B2.
 */
import { BaseCache } from './base.js';
import { grow } from '../util/grow.js';
import { Links } from './links.js';
import type { PolicyDefinition, PolicyOptions } from './types.js';

const T1 = 0;
const T2 = 1;
const B1 = 2;
const B2 = 3;

export class ArcCache extends BaseCache {
  readonly name = 'arc';
  private readonly q: Links;
  private where: Uint8Array;
  /** Bytes per list. */
  private t1 = 0;
  private t2 = 0;
  private b1 = 0;
  private b2 = 0;
  private p = 0;
  private requests = 0;
  /** The request at which the last ghost hit happened, and in which ghost list. */
  private ghostHitAt = -1;
  private hitB1 = false;
  private hitB2 = false;
  /** Size of the object being admitted (the miss case reads it). */
  private incoming = 0;

  constructor(options: PolicyOptions) {
    super(options);
    this.q = new Links(this.idLo.length, 4);
    this.where = new Uint8Array(this.idLo.length);
  }

  override request(lo: number, hi: number, size: number, time: number): boolean {
    this.requests++;
    const slot = this.table.get(lo, hi);
    if (slot >= 0) {
      this.hitB1 = false;
      this.hitB2 = false;
      const w = this.where[slot];
      if (w === T1 || w === T2) {
        if (this.expiry === null || this.expiry[slot] >= time) {
          this.hit(slot);
          return true;
        }
        this.unlink(slot);
        this.drop(slot);
      } else {
        this.ghostHit(slot);
      }
    }
    if (!this.canInsert(lo, hi, size)) return false;
    this.incoming = size;
    this.makeRoom(size);
    this.admitNew(lo, hi, size, time);
    return false;
  }

  override insert(lo: number, hi: number, size: number, time = 0): boolean {
    if (this.contains(lo, hi) || size > this.capacity) return false;
    const slot = this.table.get(lo, hi);
    if (slot >= 0) this.forgetGhost(slot);
    this.ghostHitAt = -1;
    this.incoming = size;
    this.makeRoom(size);
    this.admitNew(lo, hi, size, time);
    return true;
  }

  override contains(lo: number, hi: number): boolean {
    const slot = this.table.get(lo, hi);
    return slot >= 0 && this.where[slot] <= T2;
  }

  override remove(lo: number, hi: number): boolean {
    return this.contains(lo, hi) && super.remove(lo, hi);
  }

  protected hit(slot: number): void {
    if (this.where[slot] === T1) {
      this.move(slot, T2);
    } else {
      this.q.toHead(T2, slot);
    }
  }

  protected place(slot: number): void {
    this.link(slot, T1);
  }

  private ghostHit(slot: number): void {
    this.ghostHitAt = this.requests;
    if (this.where[slot] === B1) {
      this.hitB1 = true;
      const delta = Math.max(this.b2 / this.b1, 1);
      this.p = Math.min(this.p + delta, this.capacity);
    } else {
      this.hitB2 = true;
      const delta = Math.max(this.b1 / this.b2, 1);
      this.p = Math.max(this.p - delta, 0);
    }
    this.forgetGhost(slot);
  }

  private get ghostHitNow(): boolean {
    return this.ghostHitAt === this.requests && (this.hitB1 || this.hitB2);
  }

  private admitNew(lo: number, hi: number, size: number, time: number): void {
    const slot = this.alloc(lo, hi, size, time);
    if (this.ghostHitNow) {
      this.link(slot, T2);
      this.hitB1 = false;
      this.hitB2 = false;
      this.ghostHitAt = -1;
    } else {
      this.link(slot, T1);
    }
  }

  protected evict(): void {
    if (this.ghostHitNow) {
      this.replace();
      return;
    }
    if (this.t1 + this.b1 + this.incoming > this.capacity) {
      if (this.b1 > 0) {
        this.forgetGhost(this.q.tail[B1]);
        this.replace();
      } else {
        const victim = this.q.tail[T1];
        this.unlink(victim);
        this.drop(victim);
      }
      return;
    }
    if (this.t1 + this.b1 + this.t2 + this.b2 >= this.capacity * 2 && this.b2 > 0) {
      this.forgetGhost(this.q.tail[B2]);
    }
    this.replace();
  }

  /** The paper's REPLACE: demote T1's or T2's tail to its ghost list. */
  private replace(): void {
    const fromT1 = (this.t1 > 0 && (this.t1 > this.p || (this.t1 === this.p && this.hitB2))) || this.t2 === 0;
    const victim = this.q.tail[fromT1 ? T1 : T2];
    this.used -= this.size[victim];
    this.count--;
    this.move(victim, fromT1 ? B1 : B2);
  }

  private forgetGhost(slot: number): void {
    this.unlink(slot);
    this.table.delete(this.idLo[slot], this.idHi[slot]);
    this.freeSlot(slot);
  }

  private move(slot: number, to: number): void {
    this.unlink(slot);
    this.link(slot, to);
  }

  private link(slot: number, list: number): void {
    this.where[slot] = list;
    this.q.pushHead(list, slot);
    this.account(list, this.size[slot]);
  }

  protected unlink(slot: number): void {
    const list = this.where[slot];
    this.q.unlink(list, slot);
    this.account(list, -this.size[slot]);
  }

  private account(list: number, bytes: number): void {
    if (list === T1) this.t1 += bytes;
    else if (list === T2) this.t2 += bytes;
    else if (list === B1) this.b1 += bytes;
    else this.b2 += bytes;
  }

  protected override growSlots(n: number): void {
    this.q.growSlots(n);
    this.where = grow(this.where, n);
  }

  protected override policyBytes(): number {
    return this.q.bytes + this.where.byteLength;
  }
}

export const arc: PolicyDefinition = {
  name: 'arc',
  describe: 'ARC: adaptive between recency (T1) and frequency (T2), with ghost lists',
  create: (o) => new ArcCache(o),
};
