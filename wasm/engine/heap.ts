/**
 * The future-event list: a 4-ary min-heap of 16-byte entries [time, key], where key is
 * seq in its high bits (see SEQ_SHIFT). Comparing keys compares seq (each seq is unique), so the
 * order is exactly (time, seq), the JS engine's order; and because no two entries are
 * equal, any correct heap pops the same sequence, whatever its shape.
 *
 * Times are stored as their IEEE-754 bits: for times >= 0 (the clock starts at 0 and
 * never goes back) the bits order like the values, so every comparison is on integers,
 * which compile to conditional moves. V8 compiles float selects to branches, and which
 * child is smallest is a coin toss a branch predictor loses half the time.
 *
 * One entry holds the whole sort key and the slot, so a sift moves 16 bytes and the four
 * children of a node share one cache line (layout.ts aligns them).
 */
import { SEQ_SHIFT } from '../../src/engine/wasm-abi';
import { heap } from './layout';

export let size: i32 = 0;

export function resetHeap(): void {
  size = 0;
}

/** The bits of a time, -0 made +0 so it sorts with 0. */
@inline function timeBits(t: f64): u64 {
  return reinterpret<u64>(t) & ~(<u64>(t == 0) << 63);
}

@inline export function timeAt(i: i32): f64 {
  return reinterpret<f64>(load<u64>(heap + (<usize>i << 4)));
}

@inline export function keyAt(i: i32): u64 {
  return load<u64>(heap + (<usize>i << 4), 8);
}

@inline function put(i: i32, t: u64, k: u64): void {
  const p = heap + (<usize>i << 4);
  store<u64>(p, t);
  store<u64>(p, k, 8);
}

@inline function before(t1: u64, k1: u64, t2: u64, k2: u64): bool {
  return (t1 < t2) | ((t1 == t2) & (k1 < k2));
}

/** Whether an event at (time, seq) comes before the top entry (the heap must not be empty). */
export function precedesTop(time: f64, seq: u64): bool {
  const t = timeBits(time);
  const top = load<u64>(heap);
  return (t < top) | ((t == top) & (seq < keyAt(0) >> SEQ_SHIFT));
}

export function push(time: f64, k: u64): void {
  const t = timeBits(time);
  const h = heap;
  let i = size++;
  while (i > 0) {
    const p = (i - 1) >> 2;
    const a = h + (<usize>p << 4);
    const pt = load<u64>(a);
    const pk = load<u64>(a, 8);
    if (before(pt, pk, t, k)) break;
    put(i, pt, pk);
    i = p;
  }
  put(i, t, k);
}

/**
 * Put (t, k) in the hole at the root and sift it down. Used both to remove the top (with
 * the last entry) and to replace it (a handler rescheduling the event it just took:
 * one sift instead of a pop and a push). Nodes with four children pick the smallest by
 * a branch-free tournament: 0 v 1, 2 v 3, then the winners.
 */
@inline function siftRoot(t: u64, k: u64): void {
  const h = heap;
  const n = size;
  let i = 0;
  let first = 1;
  while (first + 3 < n) {
    const p = h + (<usize>first << 4);
    const t0 = load<u64>(p);
    const k0 = load<u64>(p, 8);
    const t1 = load<u64>(p, 16);
    const k1 = load<u64>(p, 24);
    const t2 = load<u64>(p, 32);
    const k2 = load<u64>(p, 40);
    const t3 = load<u64>(p, 48);
    const k3 = load<u64>(p, 56);
    const b01 = before(t1, k1, t0, k0);
    const ta = select<u64>(t1, t0, b01);
    const ka = select<u64>(k1, k0, b01);
    const b23 = before(t3, k3, t2, k2);
    const tb = select<u64>(t3, t2, b23);
    const kb = select<u64>(k3, k2, b23);
    const bb = before(tb, kb, ta, ka);
    const ct = select<u64>(tb, ta, bb);
    const ck = select<u64>(kb, ka, bb);
    if (before(t, k, ct, ck)) {
      put(i, t, k);
      return;
    }
    put(i, ct, ck);
    i = first + select<i32>(2 + <i32>b23, <i32>b01, bb);
    first = (i << 2) + 1;
  }
  if (first < n) {
    // The last node, with fewer than four children.
    let c = first;
    let ct = load<u64>(h + (<usize>first << 4));
    let ck = keyAt(first);
    for (let j = first + 1; j < n; j++) {
      const jt = load<u64>(h + (<usize>j << 4));
      const jk = keyAt(j);
      if (before(jt, jk, ct, ck)) {
        c = j;
        ct = jt;
        ck = jk;
      }
    }
    if (before(ct, ck, t, k)) {
      put(i, ct, ck);
      i = c;
    }
  }
  put(i, t, k);
}

/** Replace the top entry: the event just taken is rescheduled at `time`. */
@inline export function replaceTop(time: f64, k: u64): void {
  siftRoot(timeBits(time), k);
}

export function removeTop(): void {
  const n = --size;
  if (n > 0) siftRoot(load<u64>(heap + (<usize>n << 4)), keyAt(n));
}

/**
 * Sort the heap ascending in place (an ascending array is a valid heap), for
 * renumbering: a heapsort with a min-heap leaves it descending, so reverse it.
 */
export function sortAscending(): void {
  const n = size;
  for (let m = n - 1; m > 0; m--) {
    const t = load<u64>(heap);
    const k = keyAt(0);
    size = m;
    siftRoot(load<u64>(heap + (<usize>m << 4)), keyAt(m));
    put(m, t, k);
  }
  size = n;
  for (let i = 0, j = n - 1; i < j; i++, j--) {
    const t = load<u64>(heap + (<usize>i << 4));
    const k = keyAt(i);
    put(i, load<u64>(heap + (<usize>j << 4)), keyAt(j));
    put(j, t, k);
  }
}

export function setKey(i: i32, k: u64): void {
  store<u64>(heap + (<usize>i << 4), k, 8);
}
