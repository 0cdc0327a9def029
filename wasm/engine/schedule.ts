/**
 * Scheduling from inside WASM, for native handlers (see loop.ts): the same slots, seqs
 * and keys as events JS schedules, so the order is exactly (time, seq) whoever
 * scheduled.
 *
 * A native handler usually schedules one event (a segment's completion, the next
 * request). The event it is handling stays on top of the heap while it runs, and the
 * first event it schedules replaces it there: one sift instead of a pop and a push.
 */
import { CELL_FREE_TOP, CELL_LIVE, CELL_PEAK, REC_KIND, REC_STATE, SEQ_SHIFT, SLOT_BITS, STATE_PENDING } from '../../src/engine/wasm-abi';
import { push, removeTop, replaceTop } from './heap';
import { cell, frees, handlerOf, layoutGrow, payloads, recs } from './layout';

/** seq has 64 - SEQ_SHIFT bits; loop.ts renumbers well before they run out. */
export const SEQ_LIMIT: u64 = (<u64>1) << (64 - SEQ_SHIFT);

/** The insertion counter while a step runs (JS holds it, in F64_SEQ, between steps). */
export let nextSeq: u64 = 0;

export function setNextSeq(seq: u64): void {
  nextSeq = seq;
}

/** Whether the heap's top is the event a native handler is running, not yet removed. */
let topTaken = false;

export function beginNative(): void {
  topTaken = true;
}

export function endNative(): void {
  if (topTaken) removeTop();
  topTaken = false;
}

export function scheduleNative(time: f64, kind: i32, a: i32, b: i32): void {
  let top = load<i32>(cell(CELL_FREE_TOP));
  if (top == 0) {
    layoutGrow();
    top = load<i32>(cell(CELL_FREE_TOP));
  }
  top--;
  const slot = load<i32>(frees + (<usize>top << 2));
  store<i32>(cell(CELL_FREE_TOP), top);
  const r = recs + (<usize>slot << 3);
  store<u16>(r, <u16>kind, REC_KIND);
  store<u8>(r, STATE_PENDING, REC_STATE);
  const p = payloads + (<usize>slot << 3);
  store<i32>(p, a);
  store<i32>(p, b, 4);
  const live = load<i32>(cell(CELL_LIVE)) + 1;
  store<i32>(cell(CELL_LIVE), live);
  if (live > load<i32>(cell(CELL_PEAK))) store<i32>(cell(CELL_PEAK), live);
  if (nextSeq >= SEQ_LIMIT) abort('event sequence numbers exhausted');
  const k = (nextSeq++ << SEQ_SHIFT) | ((<u64>load<u8>(handlerOf + <usize>kind)) << SLOT_BITS) | <u64>slot;
  if (topTaken) {
    topTaken = false;
    replaceTop(time, k);
  } else push(time, k);
}
