/**
 * The WASM engine: the event list lives in WebAssembly linear memory (wasm/engine) and
 * JS handlers are dispatched in batches, so the JS/WASM boundary is crossed once per
 * batch, not once per event. Dispatch order is exactly (time, seq), the JS engine's.
 *
 * - `schedule` takes a slot from the free stack in linear memory, writes the event's
 *   record there and gives it the next seq from the shared counter. Then either
 *   (a) it belongs before the heap's earliest event: it is slotted into the batch in
 *       order (after any equal times: its seq is the largest), or
 *   (b) it goes into the push ring, which WASM moves into the heap at the next step.
 * - `step` (WASM) settles the last batch (the undispatched rest keeps its seqs and is
 *   merged, in order, with the heap into the next batch), flushes the ring, runs
 *   WASM-handled events and fills the next batch of JS events, reporting the earliest
 *   time left in the heap.
 * - When slotting in is not possible (batch full, or too far to shift) and the event is
 *   earlier than part of the batch, dispatch stops before that part, and the next step
 *   merges that part with the event: order is kept.
 * - Cancelling marks the slot, wherever the event is: the heap drops it when it
 *   surfaces, the dispatch loop skips it.
 * - One kind can instead be handled inside WASM, with no JS per event: `onHold`, the
 *   hold benchmark's handler, which measures the event list alone. A model's handlers
 *   are all JS (src/engine/README.md says why).
 */
import { unhandled, type Engine, type EngineOptions, type Handler, type RunOptions, type RunResult, type StopReason } from './engine.js';
import type { EventHandle } from './queue.js';
import * as abi from './wasm-abi.js';
import { instantiate, type WasmModule } from './wasm-module.js';

const SLOT_SPAN = 4294967296;
const I32_MAX = 0x7fffffff;
/** Smallest batch asked for, and the furthest an event is shifted to slot one in. */
const MIN_BATCH = 16;
const MAX_SHIFT = 128;
// Record fields in units of their own width (REC_SIZE is 8 bytes: slot * 8, * 4, * 2).
const STATE = abi.REC_STATE;
const GEN = abi.REC_GEN / 4;

interface Exports {
  memory: { buffer: ArrayBuffer };
  cells(): number;
  init(capacity: number): void;
  grow(): void;
  flush(count: number): void;
  step(consumed: number, batchLen: number, pushed: number, maxEvents: number, batchMax: number, until: number): number;
  setHandler(kind: number, handler: number): void;
}

export class WasmEngine implements Engine {
  readonly name = 'wasm' as const;
  now = 0;
  eventsProcessed = 0;
  private readonly x: Exports;
  private readonly handlers: Handler[] = [];
  /** Per kind: whether JS handles it (only those may be slotted into the batch). */
  private readonly jsKind = new Uint8Array(abi.MAX_KINDS).fill(1);
  private fillDraws: ((ring: Float64Array) => void) | undefined;
  private stopRequested = false;
  /** Events in the push ring not yet flushed. */
  private pushLen = 0;
  /** The batch: its length (it grows as events are slotted in) and how much was dispatched. */
  private batchLen = 0;
  private consumed = 0;
  /** While dispatching: next batch index, and which new events may join the batch. */
  private dispatching = false;
  private pos = 0;
  private horizon = -Infinity;
  private until = Infinity;
  /** The earliest time sent to the push ring since the step: dispatch must not pass it. */
  private earliest = Infinity;
  /** Most JS events the next step may put in the batch. */
  private batchMax = 64;

  // Views of linear memory, rebuilt whenever memory grows (growing detaches the old buffer).
  private views = 0;
  private cells!: Int32Array;
  private f64!: Float64Array;
  /** Slot records seen at three widths; index with slot * (REC_SIZE / width) + field. */
  private rec8!: Uint8Array;
  private rec16!: Uint16Array;
  private recU32!: Uint32Array;
  /** [a, b] per slot. */
  private payload!: Int32Array;
  private free!: Int32Array;
  private pushTime!: Float64Array;
  private pushSlot!: Int32Array;
  private pushSeq!: Float64Array;
  private batchTime!: Float64Array;
  private batchSlot!: Int32Array;
  private batchSeq!: Float64Array;
  private draws!: Float64Array;

  constructor(module: WasmModule, options: EngineOptions = {}) {
    this.x = instantiate(module).exports as unknown as Exports;
    this.x.init(Math.max(16, Math.min(options.capacity ?? 1024, 1 << abi.SLOT_BITS)));
    this.remap();
  }

  get peakQueue(): number {
    return this.cells[abi.CELL_PEAK];
  }

  get pending(): number {
    return this.cells[abi.CELL_LIVE];
  }

  on(kind: number, handler: Handler): void {
    this.checkKind(kind);
    while (this.handlers.length <= kind) this.handlers.push(unhandled(this.handlers.length));
    this.handlers[kind] = handler;
    this.jsKind[kind] = 1;
    this.x.setHandler(kind, abi.HANDLER_JS);
  }

  /**
   * Handle `kind` inside WASM as the hold model does: each event is rescheduled, same
   * (kind, a, b), after the next delay from a ring that `fill` refills (every slot of the
   * array it is given) whenever it runs dry. The delays are computed in JS, the one
   * place random variates are made, so results match the JS engine bit for bit.
   */
  onHold(kind: number, fill: (ring: Float64Array) => void): void {
    this.checkKind(kind);
    this.fillDraws = fill;
    this.jsKind[kind] = 0;
    this.x.setHandler(kind, abi.HANDLER_HOLD);
  }

  schedule(delay: number, kind: number, a = 0, b = 0): EventHandle {
    if (!(delay >= 0)) throw new RangeError(`cannot schedule an event ${delay} s in the past`);
    return this.push(this.now + delay, kind, a, b);
  }

  scheduleAt(time: number, kind: number, a = 0, b = 0): EventHandle {
    if (!(time >= this.now)) throw new RangeError(`cannot schedule an event at ${time} s; the clock is at ${this.now} s`);
    return this.push(time, kind, a, b);
  }

  cancel(handle: EventHandle): boolean {
    const slot = handle >>> 0;
    if (slot >= this.free.length || this.recU32[slot * 2 + GEN] !== Math.floor(handle / SLOT_SPAN)) return false;
    if (this.rec8[slot * 8 + STATE] !== abi.STATE_PENDING) return false;
    this.rec8[slot * 8 + STATE] = abi.STATE_CANCELLED;
    this.cells[abi.CELL_LIVE]--;
    this.cells[abi.CELL_CANCELLED]++;
    return true;
  }

  stop(): void {
    this.stopRequested = true;
  }

  run(options: RunOptions = {}): RunResult {
    const until = options.until ?? Infinity;
    const maxEvents = options.maxEvents ?? Infinity;
    const x = this.x;
    let processed = 0;
    let stoppedBy: StopReason = 'empty';
    this.stopRequested = false;
    this.until = until;
    for (;;) {
      const left = maxEvents - processed;
      if (left <= 0) {
        stoppedBy = 'maxEvents';
        break;
      }
      const status = x.step(this.consumed, this.batchLen, this.pushLen, left < I32_MAX ? left : I32_MAX, this.batchMax, until);
      this.pushLen = 0;
      this.consumed = 0;
      this.earliest = Infinity;
      const cells = this.cells;
      const done = cells[abi.CELL_BUILTIN_DONE];
      if (done > 0) {
        processed += done;
        this.now = this.f64[abi.F64_CLOCK];
      }
      this.batchLen = cells[abi.CELL_BATCH_LEN];
      if (this.batchLen > 0) {
        processed += this.dispatch(left - done);
        if (this.stopRequested) {
          stoppedBy = 'stopped';
          break;
        }
      } else if (status === abi.STATUS_NEED_DRAWS) {
        this.refill();
      } else if (status === abi.STATUS_EMPTY) {
        break;
      } else if (status === abi.STATUS_UNTIL) {
        this.now = until;
        stoppedBy = 'until';
        break;
      }
    }
    if (stoppedBy === 'empty' && until !== Infinity && until > this.now) this.now = until;
    this.eventsProcessed += processed;
    return { eventsProcessed: processed, clock: this.now, stoppedBy };
  }

  /** For tests: move the insertion counter, e.g. to just before seqs are renumbered. */
  setSeq(seq: number): void {
    this.f64[abi.F64_SEQ] = seq;
  }

  /** Dispatch the batch until done, overtaken, stopped, `limit` reached, or a handler throws. */
  private dispatch(limit: number): number {
    let views = this.views;
    let { batchTime, batchSlot, rec8, rec16, payload, cells } = this;
    const handlers = this.handlers;
    let i = 0;
    let done = 0;
    this.horizon = this.f64[abi.F64_HEAP_NEXT];
    this.dispatching = true;
    try {
      while (i < this.batchLen && done < limit) {
        const t = batchTime[i];
        if (this.earliest < t) break;
        const slot = batchSlot[i++];
        this.pos = i;
        if (rec8[slot * 8 + STATE] !== abi.STATE_PENDING) continue; // cancelled while in the batch
        rec8[slot * 8 + STATE] = abi.STATE_FIRED;
        cells[abi.CELL_LIVE]--;
        this.now = t;
        const k = rec16[slot * 4];
        (handlers[k] ?? unhandled(k))(payload[slot * 2], payload[slot * 2 + 1]);
        done++;
        if (this.stopRequested) break;
        if (this.views !== views) {
          views = this.views;
          ({ batchTime, batchSlot, rec8, rec16, payload, cells } = this);
        }
      }
    } finally {
      // A throwing handler's event counts as taken, as in the JS engine.
      this.consumed = i;
      this.dispatching = false;
    }
    // Aim the next batch at about how far dispatch gets before being overtaken.
    if (i < this.batchLen && this.earliest < this.batchTime[i]) this.batchMax = Math.max(MIN_BATCH, i * 2);
    else if (this.batchLen >= this.batchMax) this.batchMax = Math.min(abi.BATCH_CAP, this.batchMax * 2);
    return done;
  }

  private push(time: number, k: number, a: number, b: number): EventHandle {
    let cells = this.cells;
    let top = cells[abi.CELL_FREE_TOP];
    if (top === 0) {
      this.x.grow();
      this.remap();
      cells = this.cells;
      top = cells[abi.CELL_FREE_TOP];
    }
    const slot = this.free[--top];
    cells[abi.CELL_FREE_TOP] = top;
    this.rec16[slot * 4] = k;
    this.rec8[slot * 8 + STATE] = abi.STATE_PENDING;
    this.payload[slot * 2] = a;
    this.payload[slot * 2 + 1] = b;
    const live = ++cells[abi.CELL_LIVE];
    if (live > cells[abi.CELL_PEAK]) cells[abi.CELL_PEAK] = live;
    const f64 = this.f64;
    const seq = f64[abi.F64_SEQ];
    f64[abi.F64_SEQ] = seq + 1;
    if (!(this.dispatching && time < this.horizon && time <= this.until && this.jsKind[k] === 1 && this.slotIn(time, slot, seq))) {
      if (this.pushLen === abi.PUSH_CAP) {
        this.x.flush(this.pushLen);
        this.pushLen = 0;
      }
      this.pushTime[this.pushLen] = time;
      this.pushSlot[this.pushLen] = slot;
      this.pushSeq[this.pushLen++] = seq;
      if (time < this.earliest) this.earliest = time;
    }
    return this.recU32[slot * 2 + GEN] * SLOT_SPAN + slot;
  }

  /**
   * Put an event that precedes everything left in the heap into the batch, after the
   * batch events at or before its time. Refuses when the batch is full or the event
   * would have to move past more than MAX_SHIFT entries.
   */
  private slotIn(time: number, slot: number, seq: number): boolean {
    const len = this.batchLen;
    if (len === abi.BATCH_CAP) return false;
    const bt = this.batchTime;
    const bs = this.batchSlot;
    const bq = this.batchSeq;
    const stop = Math.max(this.pos, len - MAX_SHIFT);
    if (stop > this.pos && bt[stop - 1] > time) return false;
    let j = len;
    while (j > stop && bt[j - 1] > time) j--;
    for (let m = len; m > j; m--) {
      bt[m] = bt[m - 1];
      bs[m] = bs[m - 1];
      bq[m] = bq[m - 1];
    }
    bt[j] = time;
    bs[j] = slot;
    bq[j] = seq;
    this.batchLen = len + 1;
    return true;
  }

  private refill(): void {
    if (!this.fillDraws) throw new Error('a WASM handler ran out of draws and none are registered');
    this.fillDraws(this.draws);
    this.cells[abi.CELL_DRAW_POS] = 0;
    this.cells[abi.CELL_DRAW_LEN] = abi.DRAW_CAP;
  }

  private checkKind(kind: number): void {
    if (!Number.isInteger(kind) || kind < 0 || kind >= abi.MAX_KINDS) throw new RangeError(`event kind ${kind} out of range`);
  }

  private remap(): void {
    const buf = this.x.memory.buffer;
    const base = this.x.cells();
    const cells = new Int32Array(buf, base, abi.CELL_COUNT);
    const cap = cells[abi.CELL_CAP];
    const ptr = (c: number) => cells[c];
    this.cells = cells;
    this.f64 = new Float64Array(buf, base + abi.F64_OFFSET, abi.F64_COUNT);
    const recs = ptr(abi.CELL_REC_PTR);
    this.rec8 = new Uint8Array(buf, recs, cap * abi.REC_SIZE);
    this.rec16 = new Uint16Array(buf, recs, cap * (abi.REC_SIZE / 2));
    this.recU32 = new Uint32Array(buf, recs, cap * (abi.REC_SIZE / 4));
    this.payload = new Int32Array(buf, ptr(abi.CELL_PAYLOAD_PTR), cap * 2);
    this.free = new Int32Array(buf, ptr(abi.CELL_FREE_PTR), cap);
    this.pushTime = new Float64Array(buf, ptr(abi.CELL_PUSH_TIME_PTR), abi.PUSH_CAP);
    this.pushSlot = new Int32Array(buf, ptr(abi.CELL_PUSH_SLOT_PTR), abi.PUSH_CAP);
    this.pushSeq = new Float64Array(buf, ptr(abi.CELL_PUSH_SEQ_PTR), abi.PUSH_CAP);
    this.batchTime = new Float64Array(buf, ptr(abi.CELL_BATCH_TIME_PTR), abi.BATCH_CAP);
    this.batchSlot = new Int32Array(buf, ptr(abi.CELL_BATCH_SLOT_PTR), abi.BATCH_CAP);
    this.batchSeq = new Float64Array(buf, ptr(abi.CELL_BATCH_SEQ_PTR), abi.BATCH_CAP);
    this.draws = new Float64Array(buf, ptr(abi.CELL_DRAW_PTR), abi.DRAW_CAP);
    this.views++;
  }
}
