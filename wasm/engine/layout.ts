/**
 * Where everything lives in linear memory. No managed objects: every array is a region
 * addressed with load/store, so the hot loop allocates nothing and needs no GC.
 *
 * Fixed regions (cells, rings, handler table) come first and never move, so the JS
 * side's views of them stay valid until memory grows. The slot arrays and the heap
 * follow; when the list is full they double and move up in place (`grow`), and their
 * new offsets are published in the cells for JS to rebuild its views.
 */
import {
  BATCH_CAP, CELL_BATCH_SEQ_PTR, CELL_BATCH_SLOT_PTR, CELL_BATCH_TIME_PTR, CELL_CAP, CELL_DRAW_PTR,
  CELL_FREE_PTR, CELL_FREE_TOP, CELL_PAYLOAD_PTR, CELL_PUSH_SEQ_PTR, CELL_PUSH_SLOT_PTR, CELL_PUSH_TIME_PTR,
  CELL_REC_PTR, DRAW_CAP, F64_COUNT, F64_OFFSET, MAX_KINDS, PUSH_CAP, SLOT_BITS,
} from '../../src/engine/wasm-abi';

const LINE: usize = 64;
const PAGE: usize = 65536;
export const MAX_CAP: i32 = 1 << SLOT_BITS;

export let cells: usize = 0;
/** The push ring (JS to WASM) and the batch (WASM to JS): [time f64], [slot i32], [seq f64]. */
export let pushTime: usize = 0;
export let pushSlot: usize = 0;
export let pushSeq: usize = 0;
export let batchTime: usize = 0;
export let batchSlot: usize = 0;
export let batchSeq: usize = 0;
/** Where a step keeps the undispatched rest of the last batch while it builds the next. */
export let restTime: usize = 0;
export let restSlot: usize = 0;
export let restSeq: usize = 0;
export let draws: usize = 0;
export let handlerOf: usize = 0;

export let cap: i32 = 0;
/** Heap entries are 16 bytes, [time f64, key u64]; offset so children 4i+1..4i+4 share a cache line. */
export let heap: usize = 0;
/** Slot records (REC_* in the ABI). */
export let recs: usize = 0;
/** Event payloads: [a i32, b i32] per slot. */
export let payloads: usize = 0;
/** Free-slot stack (i32). */
export let frees: usize = 0;

let slotBase: usize = 0;

@inline function up(x: usize): usize {
  return (x + LINE - 1) & ~(LINE - 1);
}

@inline export function cell(i: i32): usize {
  return cells + (<usize>i << 2);
}

@inline export function f64Cell(i: i32): usize {
  return cells + <usize>F64_OFFSET + (<usize>i << 3);
}

/** Grow memory, if need be, so it reaches `end`. */
function ensure(end: usize): void {
  const have = <usize>memory.size() * PAGE;
  if (end <= have) return;
  const pages = <i32>((end - have + PAGE - 1) / PAGE);
  if (memory.grow(pages) < 0) abort('the event list does not fit in WebAssembly memory');
}

/** The slot regions in address order: heap, records, payloads, free stack. */
const REGIONS = 4;
/** log2 of each region's bytes per slot. */
const SHIFT = memory.data<u8>([4, 3, 3, 2]);
/** Scratch tables of region offsets: static data, since nothing may be allocated. */
const where = memory.data(REGIONS * sizeof<usize>(), 8);
const oldWhere = memory.data(REGIONS * sizeof<usize>(), 8);

@inline function at(table: usize, r: i32): usize {
  return load<usize>(table + (<usize>r) * sizeof<usize>());
}

/** Fill `out` with the region offsets for capacity c; returns their end. */
function place(c: usize, out: usize): usize {
  let p = slotBase + 48; // so heap index 1 starts on a cache line
  for (let r = 0; r < REGIONS; r++) {
    store<usize>(out + (<usize>r) * sizeof<usize>(), p);
    p = up(p + (c << load<u8>(SHIFT + <usize>r)));
  }
  return p;
}

function adopt(c: i32): void {
  cap = c;
  heap = at(where, 0);
  recs = at(where, 1);
  payloads = at(where, 2);
  frees = at(where, 3);
  store<i32>(cell(CELL_CAP), c);
  store<i32>(cell(CELL_REC_PTR), <i32>recs);
  store<i32>(cell(CELL_PAYLOAD_PTR), <i32>payloads);
  store<i32>(cell(CELL_FREE_PTR), <i32>frees);
}

/** Put slots [from, to) on the free stack, lowest on top so slots are handed out in order. */
function freeRange(from: i32, to: i32): void {
  let top = load<i32>(cell(CELL_FREE_TOP));
  for (let s = to - 1; s >= from; s--) {
    store<i32>(frees + (<usize>top << 2), s);
    top++;
  }
  store<i32>(cell(CELL_FREE_TOP), top);
}

let next: usize = 0;

/** The next fixed region: `bytes` long, starting on a cache line. */
function take(bytes: usize): usize {
  const p = next;
  next = up(p + bytes);
  return p;
}

export function layoutInit(capacity: i32): void {
  next = up(__heap_base);
  cells = take(<usize>F64_OFFSET + (<usize>F64_COUNT << 3));
  pushTime = take(<usize>PUSH_CAP << 3);
  pushSlot = take(<usize>PUSH_CAP << 2);
  pushSeq = take(<usize>PUSH_CAP << 3);
  batchTime = take(<usize>BATCH_CAP << 3);
  batchSlot = take(<usize>BATCH_CAP << 2);
  batchSeq = take(<usize>BATCH_CAP << 3);
  restTime = take(<usize>BATCH_CAP << 3);
  restSlot = take(<usize>BATCH_CAP << 2);
  restSeq = take(<usize>BATCH_CAP << 3);
  draws = take(<usize>DRAW_CAP << 3);
  handlerOf = take(<usize>MAX_KINDS);
  slotBase = next;
  let c = capacity < 16 ? 16 : capacity;
  if (c > MAX_CAP) c = MAX_CAP;
  const end = place(<usize>c, where);
  ensure(end);
  memory.fill(cells, 0, end - cells);
  store<i32>(cell(CELL_PUSH_TIME_PTR), <i32>pushTime);
  store<i32>(cell(CELL_PUSH_SLOT_PTR), <i32>pushSlot);
  store<i32>(cell(CELL_PUSH_SEQ_PTR), <i32>pushSeq);
  store<i32>(cell(CELL_BATCH_TIME_PTR), <i32>batchTime);
  store<i32>(cell(CELL_BATCH_SLOT_PTR), <i32>batchSlot);
  store<i32>(cell(CELL_BATCH_SEQ_PTR), <i32>batchSeq);
  store<i32>(cell(CELL_DRAW_PTR), <i32>draws);
  adopt(c);
  freeRange(0, c);
}

/**
 * Double the slot capacity. Every region grows, so each one's new offset is at or above
 * its old one: moving them highest first never overwrites data not yet moved.
 */
export function layoutGrow(): void {
  if (cap >= MAX_CAP) abort('more than 2^26 events pending');
  const old = cap;
  const c = old > MAX_CAP >> 1 ? MAX_CAP : old << 1;
  place(<usize>old, oldWhere);
  ensure(place(<usize>c, where));
  const o = <usize>old;
  for (let r = REGIONS - 1; r >= 0; r--) memory.copy(at(where, r), at(oldWhere, r), o << load<u8>(SHIFT + <usize>r));
  adopt(c);
  // New slots start free with generation 0; the moves left stale bytes there.
  memory.fill(recs + (o << 3), 0, o << 3);
  freeRange(old, c);
}
