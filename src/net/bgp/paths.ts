/**
 * AS paths for the event mode, hash-consed: a path is (head AS, tail path id), so a
 * route and every path built on it share storage, equal paths have equal ids (route
 * comparison is an integer compare), and a message carries one integer. Paths are
 * never freed; a long run with much churn grows this store, not the heap.
 */
import { grow } from '../../util/grow.js';

export const EMPTY_PATH = -1;

export class PathStore {
  head = new Int32Array(1024);
  tail = new Int32Array(1024);
  length = new Int32Array(1024);
  count = 0;
  private slots = new Int32Array(2048).fill(-1);

  /** The path `head` followed by `tail` (EMPTY_PATH for a one-AS path). */
  intern(head: number, tail: number): number {
    const mask = this.slots.length - 1;
    let i = hash(head, tail) & mask;
    for (;;) {
      const id = this.slots[i];
      if (id < 0) break;
      if (this.head[id] === head && this.tail[id] === tail) return id;
      i = (i + 1) & mask;
    }
    if (this.count === this.head.length) this.growPaths();
    const id = this.count++;
    this.head[id] = head;
    this.tail[id] = tail;
    this.length[id] = tail === EMPTY_PATH ? 1 : this.length[tail] + 1;
    this.slots[i] = id;
    if (this.count * 2 > this.slots.length) this.rehash();
    return id;
  }

  contains(path: number, as: number): boolean {
    for (let p = path; p !== EMPTY_PATH; p = this.tail[p]) if (this.head[p] === as) return true;
    return false;
  }

  /** AS indices mapped through `asn`, first to last. */
  toArray(path: number, asn: ArrayLike<number>): number[] {
    const out: number[] = [];
    for (let p = path; p !== EMPTY_PATH; p = this.tail[p]) out.push(asn[this.head[p]]);
    return out;
  }

  private growPaths(): void {
    this.head = grow(this.head);
    this.tail = grow(this.tail);
    this.length = grow(this.length);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      let i = hash(this.head[id], this.tail[id]) & mask;
      while (slots[i] >= 0) i = (i + 1) & mask;
      slots[i] = id;
    }
    this.slots = slots;
  }
}

function hash(head: number, tail: number): number {
  let h = Math.imul(head ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(tail + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}
