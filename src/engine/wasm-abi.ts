/**
 * The contract between the WASM engine's JS side (wasm-engine.ts) and its AssemblyScript
 * side (wasm/engine). AssemblyScript compiles this very file, so the two sides cannot
 * drift apart: that is why it holds only untyped integer constants, which both
 * TypeScript and AssemblyScript accept.
 *
 * Bump ABI_VERSION whenever a constant's meaning changes; the loader refuses a .wasm
 * built against another version instead of misreading its memory.
 */
export const ABI_VERSION = 3;

/** Int32 cells at the start of linear memory that both sides read and write. */
export const CELL_FREE_TOP = 0;
export const CELL_LIVE = 1;
/** Number of JS events the last step put in the batch. */
export const CELL_BATCH_LEN = 2;
/** Events the last step ran inside WASM. */
export const CELL_BUILTIN_DONE = 3;
export const CELL_DRAW_POS = 4;
export const CELL_DRAW_LEN = 5;
/** Most events pending at once. */
export const CELL_PEAK = 6;
export const CELL_HEAP_SIZE = 7;
/** Slot capacity and the byte offsets of the slot regions; they change when the list grows. */
export const CELL_CAP = 8;
export const CELL_REC_PTR = 9;
export const CELL_PAYLOAD_PTR = 10;
export const CELL_FREE_PTR = 11;
/** Byte offsets of the fixed rings; they never move. */
export const CELL_PUSH_TIME_PTR = 12;
export const CELL_PUSH_SLOT_PTR = 13;
export const CELL_PUSH_SEQ_PTR = 14;
export const CELL_BATCH_TIME_PTR = 15;
export const CELL_BATCH_SLOT_PTR = 16;
export const CELL_BATCH_SEQ_PTR = 17;
export const CELL_DRAW_PTR = 18;
/** Cancelled events not yet released: while 0 the loop need not check states. */
export const CELL_CANCELLED = 19;
export const CELL_COUNT = 20;

/** Float64 cells follow the Int32 ones, from this byte offset. */
export const F64_OFFSET = 128;
/** The clock after the last event run inside WASM. */
export const F64_CLOCK = 0;
/** The insertion counter: the next event's seq. JS and WASM both take from it. */
export const F64_SEQ = 1;
/** Time of the earliest event left in the heap after a step (Infinity if none). */
export const F64_HEAP_NEXT = 2;
export const F64_COUNT = 4;

/** What a step returns. */
export const STATUS_EMPTY = 0;
export const STATUS_UNTIL = 1;
export const STATUS_MAX_EVENTS = 2;
/** The batch is full, or the next event belongs to WASM while JS events wait. */
export const STATUS_BATCH = 3;
/** A WASM handler needs the draw ring refilled. */
export const STATUS_NEED_DRAWS = 4;

/**
 * Each slot's record, 8 bytes: what the loop reads for every event (a random slot each
 * time) shares one cache line. Byte offsets within a record. The payload (a, b), which
 * only handlers read, is in its own region: i32 a at 8 * slot, i32 b at 8 * slot + 4.
 */
export const REC_SIZE = 8;
/** u16 */
export const REC_KIND = 0;
/** u8 */
export const REC_STATE = 2;
/** u32 */
export const REC_GEN = 4;

/** Seqs travel in the rings as f64 (exact below 2^53); the heap packs them with the slot. */

/** Slot states. FIRED: dispatched from the batch, released at the next step. */
export const STATE_FREE = 0;
export const STATE_PENDING = 1;
export const STATE_CANCELLED = 2;
export const STATE_FIRED = 3;

/**
 * Who handles a kind: JS (delivered in the batch) or the one handler compiled into WASM.
 * A model's handlers are all JS: the engine's WASM half is the event list and its loop.
 */
export const HANDLER_JS = 0;
/** Reschedule the same event (kind, a, b) after the next delay from the draw ring (the hold benchmark). */
export const HANDLER_HOLD = 1;
export const HANDLER_LAST = 1;
export const MAX_KINDS = 65536;

export const PUSH_CAP = 4096;
export const BATCH_CAP = 4096;
export const DRAW_CAP = 4096;

/** Handles are `generation * 2^32 + slot`, generations wrapping at 2^20, as in the JS engine. */
export const GEN_BITS = 20;
/**
 * Heap keys pack seq << SEQ_SHIFT | fresh << 29 | handler << 26 | slot into a u64, so
 * the loop knows an event's handler without reading its record. `fresh`: scheduled by
 * JS, so its handle is out there and must go stale when it fires.
 */
export const SLOT_BITS = 26;
export const SEQ_SHIFT = 30;
