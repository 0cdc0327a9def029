/** A binary min-heap of (key, id) in typed arrays, for the filling order. Stale entries are the caller's to skip. */
import { grow } from '../../util/grow.js';

export class KeyHeap {
  key: Float64Array;
  id: Int32Array;
  size = 0;

  constructor(capacity = 64) {
    this.key = new Float64Array(capacity);
    this.id = new Int32Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  push(key: number, id: number): void {
    if (this.size === this.key.length) {
      this.key = grow(this.key);
      this.id = grow(this.id);
    }
    const keys = this.key;
    const ids = this.id;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] <= key) break;
      keys[i] = keys[p];
      ids[i] = ids[p];
      i = p;
    }
    keys[i] = key;
    ids[i] = id;
  }

  /** Remove the minimum; read `topKey`/`topId` first. */
  pop(): void {
    const n = --this.size;
    if (n === 0) return;
    const keys = this.key;
    const ids = this.id;
    const k = keys[n];
    const d = ids[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && keys[c + 1] < keys[c]) c++;
      if (k <= keys[c]) break;
      keys[i] = keys[c];
      ids[i] = ids[c];
      i = c;
    }
    keys[i] = k;
    ids[i] = d;
  }

  get topKey(): number {
    return this.key[0];
  }

  get topId(): number {
    return this.id[0];
  }
}

/**
 * A binary min-heap of ids 0..n-1, each at most once, whose keys can move: `set` inserts
 * an id or moves its key, `remove` takes it out, both O(log n). Ties go to the lower id,
 * so the order is deterministic.
 */
export class IndexedHeap {
  size = 0;
  /** Key per id (valid while the id is in the heap). */
  key: Float64Array;
  private heap: Int32Array;
  /** Place of each id in `heap`, -1 when absent. */
  private at: Int32Array;

  constructor(capacity = 64) {
    this.key = new Float64Array(capacity);
    this.heap = new Int32Array(capacity);
    this.at = new Int32Array(capacity).fill(-1);
  }

  get top(): number {
    return this.heap[0];
  }

  get topKey(): number {
    return this.key[this.heap[0]];
  }

  has(id: number): boolean {
    return id < this.at.length && this.at[id] >= 0;
  }

  set(id: number, key: number): void {
    if (id >= this.at.length) this.growTo(id + 1);
    let i = this.at[id];
    if (i < 0) {
      i = this.size++;
      this.heap[i] = id;
      this.at[id] = i;
      this.key[id] = key;
      this.up(i);
      return;
    }
    const old = this.key[id];
    this.key[id] = key;
    if (key < old) this.up(i);
    else this.down(i);
  }

  remove(id: number): void {
    const i = id < this.at.length ? this.at[id] : -1;
    if (i < 0) return;
    this.at[id] = -1;
    const last = this.heap[--this.size];
    if (i === this.size) return;
    this.heap[i] = last;
    this.at[last] = i;
    this.up(i);
    this.down(this.at[last]);
  }

  private before(ka: number, a: number, kb: number, b: number): boolean {
    return ka < kb || (ka === kb && a < b);
  }

  private up(i: number): void {
    const { heap, key, at } = this;
    const id = heap[i];
    const k = key[id];
    while (i > 0) {
      const p = (i - 1) >> 1;
      const q = heap[p];
      if (!this.before(k, id, key[q], q)) break;
      heap[i] = q;
      at[q] = i;
      i = p;
    }
    heap[i] = id;
    at[id] = i;
  }

  private down(i: number): void {
    const { heap, key, at } = this;
    const n = this.size;
    const id = heap[i];
    const k = key[id];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.before(key[heap[c + 1]], heap[c + 1], key[heap[c]], heap[c])) c++;
      const q = heap[c];
      if (!this.before(key[q], q, k, id)) break;
      heap[i] = q;
      at[q] = i;
      i = c;
    }
    heap[i] = id;
    at[id] = i;
  }

  private growTo(n: number): void {
    let size = this.at.length;
    while (size < n) size *= 2;
    this.key = grow(this.key, size);
    this.heap = grow(this.heap, size);
    this.at = grow(this.at, size, -1);
  }
}
