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
