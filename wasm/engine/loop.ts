/**
 * The event loop's WASM half. JS calls `step` once per batch, never once per event:
 *
 * 1. settle the previous batch: release the slots JS dispatched, and set aside the ones
 *    it did not reach (they are in order: the next batch merges them with the heap);
 * 2. flush the push ring: events JS scheduled since the last call, with the seqs JS gave
 *    them (JS owns the counter while it runs, WASM while it runs);
 * 3. pop in (time, seq) order. Events of kinds with a WASM handler run right here;
 *    events for JS go into the batch. The first WASM event after a JS one ends the
 *    batch, since its handler must not run before the JS events ahead of it.
 *
 * The step reports where the heap's earliest event now is, so JS knows which new events
 * it may slot straight into the batch instead of sending them round through the heap.
 */
import {
  BATCH_CAP, CELL_BATCH_LEN, CELL_BUILTIN_DONE, CELL_CANCELLED, CELL_DRAW_LEN, CELL_DRAW_POS, CELL_FREE_TOP, CELL_HEAP_SIZE,
  F64_CLOCK, F64_HEAP_NEXT, F64_SEQ, GEN_BITS, HANDLER_HOLD, HANDLER_JS, REC_GEN, REC_KIND, REC_STATE,
  SEQ_SHIFT, SLOT_BITS, STATE_CANCELLED, STATE_FREE, STATE_PENDING, STATUS_BATCH, STATUS_EMPTY, STATUS_MAX_EVENTS,
  STATUS_NEED_DRAWS, STATUS_UNTIL,
} from '../../src/engine/wasm-abi';
import { keyAt, precedesTop, push, removeTop, replaceTop, setKey, size, sortAscending, timeAt } from './heap';
import { batchSeq, batchSlot, batchTime, cell, draws, f64Cell, frees, handlerOf, recs, restSeq, restSlot, restTime } from './layout';

const SLOT_MASK: u64 = (1 << SLOT_BITS) - 1;
const HANDLER_MASK: u64 = 7;
const FRESH: u64 = (<u64>1) << 29;
const LOW_MASK: u64 = ((<u64>1) << SEQ_SHIFT) - 1;
const GEN_MASK: u32 = (1 << GEN_BITS) - 1;
/** seq has 64 - SEQ_SHIFT bits: renumber well before they run out; fail if ever they do. */
const SEQ_LIMIT: u64 = (<u64>1) << (64 - SEQ_SHIFT);
const RENUMBER_AT: u64 = SEQ_LIMIT >> 1;

/** The insertion counter while a step runs (JS holds it, in F64_SEQ, between steps). */
let nextSeq: u64 = 0;

@inline function rec(slot: i32): usize {
  return recs + (<usize>slot << 3);
}

@inline function handlerOfKind(kind: u16): u64 {
  return <u64>load<u8>(handlerOf + <usize>kind);
}

/** The key of an event JS scheduled: its handler read from its record, marked fresh. */
function jsKey(seq: u64, slot: i32): u64 {
  if (seq >= SEQ_LIMIT) abort('event sequence numbers exhausted');
  return (seq << SEQ_SHIFT) | FRESH | (handlerOfKind(load<u16>(rec(slot), REC_KIND)) << SLOT_BITS) | <u64>slot;
}

/** After a kind changes handler: retag its events in the heap. */
export function retag(kind: i32): void {
  const h = handlerOfKind(<u16>kind) << SLOT_BITS;
  for (let i = 0; i < size; i++) {
    const k = keyAt(i);
    const slot = <i32>(k & SLOT_MASK);
    if (<i32>load<u16>(rec(slot), REC_KIND) == kind) setKey(i, (k & ~(HANDLER_MASK << SLOT_BITS)) | h);
  }
}

@inline function bumpGen(r: usize): void {
  store<u32>(r, (load<u32>(r, REC_GEN) + 1) & GEN_MASK, REC_GEN);
}

function release(slot: i32): void {
  const r = rec(slot);
  if (load<u8>(r, REC_STATE) == STATE_CANCELLED) store<i32>(cell(CELL_CANCELLED), load<i32>(cell(CELL_CANCELLED)) - 1);
  store<u8>(r, STATE_FREE, REC_STATE);
  bumpGen(r);
  const top = load<i32>(cell(CELL_FREE_TOP));
  store<i32>(frees + (<usize>top << 2), slot);
  store<i32>(cell(CELL_FREE_TOP), top + 1);
}

/** Move `count` events from the push ring into the heap. */
export function flush(count: i32, pushTime: usize, pushSlot: usize, pushSeq: usize): void {
  for (let i = 0; i < count; i++) {
    const slot = load<i32>(pushSlot + (<usize>i << 2));
    push(load<f64>(pushTime + (<usize>i << 3)), jsKey(<u64>load<f64>(pushSeq + (<usize>i << 3)), slot));
  }
  store<i32>(cell(CELL_HEAP_SIZE), size);
}

/** Release what JS dispatched; copy the rest aside and return how many there are. */
function settle(consumed: i32, len: i32): i32 {
  for (let i = 0; i < consumed; i++) release(load<i32>(batchSlot + (<usize>i << 2)));
  const n = len - consumed;
  if (n <= 0) return 0;
  memory.copy(restTime, batchTime + (<usize>consumed << 3), <usize>n << 3);
  memory.copy(restSlot, batchSlot + (<usize>consumed << 2), <usize>n << 2);
  memory.copy(restSeq, batchSeq + (<usize>consumed << 3), <usize>n << 3);
  return n;
}

/** Put the set-aside events [from, n) back into the heap with their own seqs. */
function restToHeap(from: i32, n: i32): void {
  for (let i = from; i < n; i++) {
    const slot = load<i32>(restSlot + (<usize>i << 2));
    if (load<u8>(rec(slot), REC_STATE) != STATE_PENDING) release(slot);
    else push(load<f64>(restTime + (<usize>i << 3)), jsKey(<u64>load<f64>(restSeq + (<usize>i << 3)), slot));
  }
}

@inline function toBatch(at: i32, t: f64, slot: i32, seq: f64): void {
  store<f64>(batchTime + (<usize>at << 3), t);
  store<i32>(batchSlot + (<usize>at << 2), slot);
  store<f64>(batchSeq + (<usize>at << 3), seq);
}

/** Give the pending events seqs 0..n-1 in their current order; returns the next seq. */
function renumber(): u64 {
  sortAscending();
  const n = size;
  for (let i = 0; i < n; i++) setKey(i, ((<u64>i) << SEQ_SHIFT) | (keyAt(i) & LOW_MASK));
  return <u64>n;
}

export function step(
  consumed: i32, batchLen: i32, pushed: i32, pushTime: usize, pushSlot: usize, pushSeq: usize,
  maxEvents: i32, batchMax: i32, until: f64,
): i32 {
  let rest = settle(consumed, batchLen);
  let rp = 0;
  flush(pushed, pushTime, pushSlot, pushSeq);
  nextSeq = <u64>load<f64>(f64Cell(F64_SEQ));
  if (nextSeq >= RENUMBER_AT) {
    // Renumbering orders the heap alone: put the rest back in it first.
    restToHeap(0, rest);
    rest = 0;
    nextSeq = renumber();
  }
  if (batchMax > BATCH_CAP) batchMax = BATCH_CAP;
  let done = 0;
  let blen = 0;
  let status = STATUS_EMPTY;
  let drawPos = load<i32>(cell(CELL_DRAW_POS));
  const drawLen = load<i32>(cell(CELL_DRAW_LEN));
  let clock = load<f64>(f64Cell(F64_CLOCK));
  for (;;) {
    if (done + blen >= maxEvents) {
      status = STATUS_MAX_EVENTS;
      break;
    }
    if (rp < rest) {
      // The rest of the last batch, in order, competes with the heap's top.
      const rs = load<i32>(restSlot + (<usize>rp << 2));
      const rr = rec(rs);
      if (load<u8>(rr, REC_STATE) != STATE_PENDING) {
        release(rs);
        rp++;
        continue;
      }
      const rt = load<f64>(restTime + (<usize>rp << 3));
      const rq = load<f64>(restSeq + (<usize>rp << 3));
      if (size == 0 || precedesTop(rt, <u64>rq)) {
        if (rt > until) {
          status = STATUS_UNTIL;
          break;
        }
        rp++;
        if (load<u8>(handlerOf + <usize>load<u16>(rr, REC_KIND)) != HANDLER_JS) {
          // Its kind got a WASM handler meanwhile: let the heap path run it.
          push(rt, jsKey(<u64>rq, rs));
          continue;
        }
        toBatch(blen, rt, rs, rq);
        if (++blen == batchMax) {
          status = STATUS_BATCH;
          break;
        }
        continue;
      }
    }
    if (size == 0) {
      status = STATUS_EMPTY;
      break;
    }
    const t = timeAt(0);
    const k = keyAt(0);
    const slot = <i32>(k & SLOT_MASK);
    // While nothing is cancelled no state need be read: the hot path touches no record.
    if (load<i32>(cell(CELL_CANCELLED)) > 0 && load<u8>(rec(slot), REC_STATE) == STATE_CANCELLED) {
      removeTop();
      release(slot);
      continue;
    }
    if (t > until) {
      status = STATUS_UNTIL;
      break;
    }
    if (<i32>((k >> SLOT_BITS) & HANDLER_MASK) == HANDLER_JS) {
      removeTop();
      toBatch(blen, t, slot, <f64>(k >> SEQ_SHIFT));
      if (++blen == batchMax) {
        status = STATUS_BATCH;
        break;
      }
      continue;
    }
    if (blen > 0) {
      status = STATUS_BATCH;
      break;
    }
    // The one handler compiled in, HANDLER_HOLD (setHandler accepts no other): the
    // delay comes from the ring of draws JS refills between steps.
    if (drawPos == drawLen) {
      status = STATUS_NEED_DRAWS;
      break;
    }
    const d = load<f64>(draws + (<usize>drawPos << 3));
    drawPos++;
    clock = t;
    // The event fired and the same (kind, a, b) is scheduled anew in its slot, one sift
    // instead of a pop and a push. JS holds a handle only to the event it scheduled:
    // that one must go stale.
    if (k & FRESH) bumpGen(rec(slot));
    if (nextSeq >= SEQ_LIMIT) abort('event sequence numbers exhausted');
    replaceTop(t + d, (nextSeq << SEQ_SHIFT) | ((<u64>HANDLER_HOLD) << SLOT_BITS) | <u64>slot);
    nextSeq++;
    done++;
  }
  restToHeap(rp, rest);
  store<i32>(cell(CELL_BATCH_LEN), blen);
  store<i32>(cell(CELL_BUILTIN_DONE), done);
  store<i32>(cell(CELL_DRAW_POS), drawPos);
  store<f64>(f64Cell(F64_CLOCK), clock);
  store<f64>(f64Cell(F64_SEQ), <f64>nextSeq);
  store<f64>(f64Cell(F64_HEAP_NEXT), size > 0 ? timeAt(0) : Infinity);
  store<i32>(cell(CELL_HEAP_SIZE), size);
  return status;
}
