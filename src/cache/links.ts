/**
 * Intrusive doubly-linked lists over slots: `prev`/`next` arrays indexed by slot, and a
 * head and tail per list. Several lists share the arrays (a slot is on at most one list
 * at a time), which is how ARC's four lists or LFU's per-frequency lists are kept.
 *
 * Convention, as in libCacheSim: new objects go to the head; the tail is the oldest.
 */
import { grow } from '../util/grow.js';

const NIL = -1;

export class Links {
  prev: Int32Array;
  next: Int32Array;
  head: Int32Array;
  tail: Int32Array;

  constructor(slots: number, lists = 1) {
    this.prev = new Int32Array(slots).fill(NIL);
    this.next = new Int32Array(slots).fill(NIL);
    this.head = new Int32Array(lists).fill(NIL);
    this.tail = new Int32Array(lists).fill(NIL);
  }

  get bytes(): number {
    return this.prev.byteLength + this.next.byteLength + this.head.byteLength + this.tail.byteLength;
  }

  growSlots(n: number): void {
    this.prev = grow(this.prev, n, NIL);
    this.next = grow(this.next, n, NIL);
  }

  growLists(n: number): void {
    this.head = grow(this.head, n, NIL);
    this.tail = grow(this.tail, n, NIL);
  }

  pushHead(list: number, s: number): void {
    const h = this.head[list];
    this.prev[s] = NIL;
    this.next[s] = h;
    if (h === NIL) this.tail[list] = s;
    else this.prev[h] = s;
    this.head[list] = s;
  }

  pushTail(list: number, s: number): void {
    const t = this.tail[list];
    this.next[s] = NIL;
    this.prev[s] = t;
    if (t === NIL) this.head[list] = s;
    else this.next[t] = s;
    this.tail[list] = s;
  }

  unlink(list: number, s: number): void {
    const p = this.prev[s];
    const n = this.next[s];
    if (p === NIL) this.head[list] = n;
    else this.next[p] = n;
    if (n === NIL) this.tail[list] = p;
    else this.prev[n] = p;
    this.prev[s] = NIL;
    this.next[s] = NIL;
  }

  /** Move a slot already on `list` to its head. */
  toHead(list: number, s: number): void {
    if (this.head[list] === s) return;
    this.unlink(list, s);
    this.pushHead(list, s);
  }
}

export { NIL };
