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
 * Binary min-heaps of ids 0..n-1, any number of them, each id in at most one heap
 * at a time; keys can move. `set` inserts an id or moves its key, `remove` takes it
 * out, both O(log n). Ties go to the lower id, so the order is deterministic. The
 * key and the place of an id are shared arrays, so a heap costs only its own ids:
 * one heap per saturated resource, each holding that resource's flows, fits in the
 * memory of one.
 */
export class HeapSet {
  /** Key per id (valid while the id is in a heap). */
  key: Float64Array;
  /** Place of each id in its heap, -1 when absent. */
  private at: Int32Array;
  private readonly heaps: Int32Array[] = [];
  private readonly sizes: number[] = [];

  constructor(capacity = 64) {
    this.key = new Float64Array(capacity);
    this.at = new Int32Array(capacity).fill(-1);
  }

  size(h: number): number {
    return h < this.sizes.length ? this.sizes[h] : 0;
  }

  top(h: number): number {
    return this.heaps[h][0];
  }

  topKey(h: number): number {
    return this.key[this.heaps[h][0]];
  }

  has(id: number): boolean {
    return id < this.at.length && this.at[id] >= 0;
  }

  /** The ids of heap h, in heap order (a view; valid until the next change). */
  ids(h: number): Int32Array {
    return h < this.heaps.length ? this.heaps[h].subarray(0, this.sizes[h]) : new Int32Array(0);
  }

  /** Put id in heap h with `key`, or move its key there. */
  set(h: number, id: number, key: number): void {
    if (id >= this.at.length) this.growTo(id + 1);
    while (h >= this.heaps.length) {
      this.heaps.push(new Int32Array(0));
      this.sizes.push(0);
    }
    let i = this.at[id];
    if (i < 0) {
      i = this.sizes[h]++;
      if (i === this.heaps[h].length) this.heaps[h] = grow(this.heaps[h], Math.max(16, 2 * i));
      this.heaps[h][i] = id;
      this.at[id] = i;
      this.key[id] = key;
      this.up(h, i);
      return;
    }
    const old = this.key[id];
    this.key[id] = key;
    if (key < old) this.up(h, i);
    else this.down(h, i);
  }

  /** Take id out of heap h (nothing if it is not in a heap). */
  remove(h: number, id: number): void {
    const i = id < this.at.length ? this.at[id] : -1;
    if (i < 0) return;
    this.at[id] = -1;
    const heap = this.heaps[h];
    const n = --this.sizes[h];
    if (i === n) return;
    const last = heap[n];
    heap[i] = last;
    this.at[last] = i;
    this.up(h, i);
    this.down(h, this.at[last]);
  }

  /** Empty heap h. */
  clear(h: number): void {
    for (let i = 0; i < this.size(h); i++) this.at[this.heaps[h][i]] = -1;
    if (h < this.sizes.length) this.sizes[h] = 0;
  }

  private before(ka: number, a: number, kb: number, b: number): boolean {
    return ka < kb || (ka === kb && a < b);
  }

  private up(h: number, i: number): void {
    const { key, at } = this;
    const heap = this.heaps[h];
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

  private down(h: number, i: number): void {
    const { key, at } = this;
    const heap = this.heaps[h];
    const n = this.sizes[h];
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
    this.at = grow(this.at, size, -1);
  }
}

/** One heap of a HeapSet: ids 0..n-1 whose keys can move. */
export class IndexedHeap {
  private readonly inner = new HeapSet();

  get size(): number {
    return this.inner.size(0);
  }

  get top(): number {
    return this.inner.top(0);
  }

  get topKey(): number {
    return this.inner.topKey(0);
  }

  has(id: number): boolean {
    return this.inner.has(id);
  }

  set(id: number, key: number): void {
    this.inner.set(0, id, key);
  }

  remove(id: number): void {
    this.inner.remove(0, id);
  }
}
