/**
 * The future-event list: a binary min-heap over typed arrays, ordered by (time, seq).
 *
 * `seq` is an insertion counter, so events with equal times pop in the order they were
 * scheduled (FIFO). Without that tie-break a run's outcome would depend on heap layout.
 *
 * Layout: the heap itself holds only the sort keys and a slot number (`hTime`, `hSeq`,
 * `hSlot`), so sifting touches three flat arrays. An event's payload (`kind`, `a`, `b`)
 * lives in slot arrays; slots are recycled through a free-list stack. Nothing is
 * allocated per event; all arrays double when full.
 *
 * Cancellation is lazy: `cancel` marks the slot, and `pop` skips marked entries.
 * A handle packs the slot with a per-slot generation, so a stale handle (its event
 * already fired and its slot reused) cancels nothing.
 */

const FREE = 0;
const PENDING = 1;
const CANCELLED = 2;

/** 2^32: handles are `generation * SLOT_SPAN + slot`. */
const SLOT_SPAN = 4294967296;
/** Generations wrap here so a handle stays below 2^53. */
const GEN_WRAP = 1 << 20;

export type EventHandle = number;

export class EventQueue {
  /** Heap arrays, indexed by heap position. */
  private hTime: Float64Array;
  private hSeq: Float64Array;
  private hSlot: Int32Array;
  private n = 0;

  /** Slot arrays, indexed by slot. */
  kind: Uint16Array;
  a: Int32Array;
  b: Int32Array;
  private state: Uint8Array;
  private gen: Uint32Array;
  private freeSlots: Int32Array;
  private freeTop = 0;
  private nextSlot = 0;

  private seq = 0;
  /** Events scheduled and neither fired nor cancelled. */
  live = 0;
  /** Largest heap size seen (cancelled entries included: they occupy memory). */
  peak = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity | 0);
    this.hTime = new Float64Array(cap);
    this.hSeq = new Float64Array(cap);
    this.hSlot = new Int32Array(cap);
    this.kind = new Uint16Array(cap);
    this.a = new Int32Array(cap);
    this.b = new Int32Array(cap);
    this.state = new Uint8Array(cap);
    this.gen = new Uint32Array(cap);
    this.freeSlots = new Int32Array(cap);
  }

  /** Heap entries, cancelled ones included. */
  get size(): number {
    return this.n;
  }

  get capacity(): number {
    return this.hTime.length;
  }

  /** Time of the earliest live event, or Infinity when none is pending. */
  peekTime(): number {
    this.dropCancelledTop();
    return this.n > 0 ? this.hTime[0] : Infinity;
  }

  push(time: number, kind: number, a: number, b: number): EventHandle {
    if (this.n === this.hTime.length) this.grow();
    const slot = this.freeTop > 0 ? this.freeSlots[--this.freeTop] : this.nextSlot++;
    this.kind[slot] = kind;
    this.a[slot] = a;
    this.b[slot] = b;
    this.state[slot] = PENDING;
    const seq = this.seq++;

    // Sift up: move parents down until the new key's place is found.
    const hTime = this.hTime;
    const hSeq = this.hSeq;
    const hSlot = this.hSlot;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = hTime[p];
      if (pt < time || (pt === time && hSeq[p] < seq)) break;
      hTime[i] = pt;
      hSeq[i] = hSeq[p];
      hSlot[i] = hSlot[p];
      i = p;
    }
    hTime[i] = time;
    hSeq[i] = seq;
    hSlot[i] = slot;

    this.live++;
    if (this.n > this.peak) this.peak = this.n;
    return this.gen[slot] * SLOT_SPAN + slot;
  }

  /**
   * Remove the earliest live event and return its slot; its time is `lastTime`.
   * The slot is already free when this returns, so read `kind/a/b[slot]` before
   * pushing anything. Returns -1 when no live event is pending.
   */
  lastTime = 0;
  pop(): number {
    this.dropCancelledTop();
    if (this.n === 0) return -1;
    const slot = this.hSlot[0];
    this.lastTime = this.hTime[0];
    this.removeTop();
    this.release(slot);
    this.live--;
    return slot;
  }

  cancel(handle: EventHandle): boolean {
    const slot = handle >>> 0;
    const g = Math.floor(handle / SLOT_SPAN);
    if (slot >= this.nextSlot || this.gen[slot] !== g || this.state[slot] !== PENDING) return false;
    this.state[slot] = CANCELLED;
    this.live--;
    return true;
  }

  isPending(handle: EventHandle): boolean {
    const slot = handle >>> 0;
    return slot < this.nextSlot && this.gen[slot] === Math.floor(handle / SLOT_SPAN) && this.state[slot] === PENDING;
  }

  clear(): void {
    for (let i = 0; i < this.n; i++) this.release(this.hSlot[i]);
    this.n = 0;
    this.live = 0;
  }

  private dropCancelledTop(): void {
    while (this.n > 0 && this.state[this.hSlot[0]] === CANCELLED) {
      const slot = this.hSlot[0];
      this.removeTop();
      this.release(slot);
    }
  }

  private release(slot: number): void {
    this.state[slot] = FREE;
    this.gen[slot] = (this.gen[slot] + 1) % GEN_WRAP;
    this.freeSlots[this.freeTop++] = slot;
  }

  /** Remove heap position 0: sift the last entry down from the root. */
  private removeTop(): void {
    const n = --this.n;
    if (n === 0) return;
    const hTime = this.hTime;
    const hSeq = this.hSeq;
    const hSlot = this.hSlot;
    const lt = hTime[n];
    const ls = hSeq[n];
    const lslot = hSlot[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = hTime[c];
      let cs = hSeq[c];
      const r = c + 1;
      if (r < n) {
        const rt = hTime[r];
        if (rt < ct || (rt === ct && hSeq[r] < cs)) {
          c = r;
          ct = rt;
          cs = hSeq[r];
        }
      }
      if (lt < ct || (lt === ct && ls < cs)) break;
      hTime[i] = ct;
      hSeq[i] = cs;
      hSlot[i] = hSlot[c];
      i = c;
    }
    hTime[i] = lt;
    hSeq[i] = ls;
    hSlot[i] = lslot;
  }

  private grow(): void {
    const cap = this.hTime.length * 2;
    this.hTime = growF64(this.hTime, cap);
    this.hSeq = growF64(this.hSeq, cap);
    this.hSlot = growI32(this.hSlot, cap);
    const kind = new Uint16Array(cap);
    kind.set(this.kind);
    this.kind = kind;
    this.a = growI32(this.a, cap);
    this.b = growI32(this.b, cap);
    const state = new Uint8Array(cap);
    state.set(this.state);
    this.state = state;
    const gen = new Uint32Array(cap);
    gen.set(this.gen);
    this.gen = gen;
    this.freeSlots = growI32(this.freeSlots, cap);
  }
}

function growF64(old: Float64Array, cap: number): Float64Array {
  const next = new Float64Array(cap);
  next.set(old);
  return next;
}

function growI32(old: Int32Array, cap: number): Int32Array {
  const next = new Int32Array(cap);
  next.set(old);
  return next;
}
