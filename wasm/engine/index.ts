/**
 * The WASM engine's exports. Built with the stub runtime: nothing here allocates
 * managed memory; all state is in the regions of layout.ts and a few globals.
 */
import { ABI_VERSION, HANDLER_LAST, MAX_KINDS } from '../../src/engine/wasm-abi';
import { resetHeap } from './heap';
import { cells as cellsAt, handlerOf, layoutGrow, layoutInit, pushSeq, pushSlot, pushTime } from './layout';
import { flush as flushRing, retag, step as stepLoop } from './loop';

export function abiVersion(): i32 {
  return ABI_VERSION;
}

/** Set up an empty event list with room for `capacity` events. Call once per instance. */
export function init(capacity: i32): void {
  layoutInit(capacity);
  resetHeap();
}

/** Byte offset of the shared cells; everything else JS needs is published there. */
export function cells(): usize {
  return cellsAt;
}

/** Double the slot capacity (JS calls it when the free-slot stack is empty). */
export function grow(): void {
  layoutGrow();
}

/** Move the push ring into the heap (JS calls it when the ring is full). */
export function flush(count: i32): void {
  flushRing(count, pushTime, pushSlot, pushSeq);
}

export function step(consumed: i32, batchLen: i32, pushed: i32, maxEvents: i32, batchMax: i32, until: f64): i32 {
  return stepLoop(consumed, batchLen, pushed, pushTime, pushSlot, pushSeq, maxEvents, batchMax, until);
}

/** HANDLER_JS hands events of `kind` to JS; HANDLER_HOLD runs them in WASM. */
export function setHandler(kind: i32, handler: i32): void {
  if (kind < 0 || kind >= MAX_KINDS || handler < 0 || handler > HANDLER_LAST) abort('bad handler');
  if (load<u8>(handlerOf + <usize>kind) == <u8>handler) return;
  store<u8>(handlerOf + <usize>kind, <u8>handler);
  retag(kind);
}
