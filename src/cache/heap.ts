/**
 * Binary heap of slots with a position index, so a slot's key can change or the slot
 * can leave from anywhere in O(log n).
 *
 * The sift rules are those of the classic 1-based array heap libCacheSim's `pqueue`
 * uses (move only on a strict comparison; on equal children take the left one), which
 * decides the victim among equal keys: Belady's many objects with no next access
 * depend on it.
 */
import { grow } from '../util/grow.js';

export class SlotHeap {
  /** heap[1..n] are slots; heap[0] is unused. */
  private heap: Int32Array;
  /** Position of each slot in `heap`, 0 when absent. */
  private pos: Int32Array;
  n = 0;

  /**
   * @param above true when slot `a` must sit strictly above slot `b` (nearer the top).
   */
  constructor(
    slots: number,
    private readonly above: (a: number, b: number) => boolean,
  ) {
    this.heap = new Int32Array(slots + 1);
    this.pos = new Int32Array(slots);
  }

  get bytes(): number {
    return this.heap.byteLength + this.pos.byteLength;
  }

  growSlots(n: number): void {
    this.pos = grow(this.pos, n);
    if (this.heap.length < n + 1) this.heap = grow(this.heap, n + 1);
  }

  top(): number {
    return this.n > 0 ? this.heap[1] : -1;
  }

  push(slot: number): void {
    const i = ++this.n;
    if (i >= this.heap.length) this.heap = grow(this.heap, i * 2);
    this.heap[i] = slot;
    this.pos[slot] = i;
    this.up(i);
  }

  pop(): number {
    const top = this.heap[1];
    this.pos[top] = 0;
    const last = this.heap[this.n--];
    if (this.n > 0) {
      this.heap[1] = last;
      this.pos[last] = 1;
      this.down(1);
    }
    return top;
  }

  /** Restore order after the slot's key changed. */
  update(slot: number): void {
    const i = this.pos[slot];
    if (!this.up(i)) this.down(i);
  }

  remove(slot: number): void {
    const i = this.pos[slot];
    this.pos[slot] = 0;
    const last = this.heap[this.n--];
    if (i > this.n) return;
    this.heap[i] = last;
    this.pos[last] = i;
    if (!this.up(i)) this.down(i);
  }

  private up(i: number): boolean {
    const h = this.heap;
    const moving = h[i];
    const start = i;
    while (i > 1) {
      const p = i >> 1;
      if (!this.above(moving, h[p])) break;
      h[i] = h[p];
      this.pos[h[i]] = i;
      i = p;
    }
    h[i] = moving;
    this.pos[moving] = i;
    return i !== start;
  }

  private down(i: number): void {
    const h = this.heap;
    const moving = h[i];
    for (;;) {
      let c = i << 1;
      if (c > this.n) break;
      if (c + 1 <= this.n && this.above(h[c + 1], h[c])) c++;
      if (!this.above(h[c], moving)) break;
      h[i] = h[c];
      this.pos[h[i]] = i;
      i = c;
    }
    h[i] = moving;
    this.pos[moving] = i;
  }
}
