/**
 * A measured network trace and the link it drives. The trace is Sabre's format: a list
 * of periods, each `duration_ms` long with a bandwidth (`bandwidth_kbps`) and a
 * first-byte latency (`latency_ms`), replayed in a loop for as long as the playback
 * lasts.
 *
 * TraceLink moves a download through the periods the way Sabre's network model does:
 * a request first waits one latency (a latency that straddles a period boundary is paid
 * pro rata in each), then the bits flow at each period's bandwidth. `progress` moves a
 * download forward by one small step so the player can check between steps whether to
 * abandon it.
 */
import { InputError } from '../errors.js';
import { fieldError, readJsonInput } from './json-input.js';
import type { Transfer } from './transfer.js';

export interface NetworkTrace {
  readonly durationMs: Float64Array;
  readonly bandwidthKbps: Float64Array;
  readonly latencyMs: Float64Array;
}

export function loadNetworkTrace(file: string): NetworkTrace {
  return parseNetworkTrace(readJsonInput(file), file);
}

const FIELDS = ['duration_ms', 'bandwidth_kbps', 'latency_ms'] as const;

export function parseNetworkTrace(json: unknown, file: string): NetworkTrace {
  if (!Array.isArray(json) || json.length === 0) {
    throw new InputError('a network trace is a non-empty JSON array of {duration_ms, bandwidth_kbps, latency_ms}', { file });
  }
  const n = json.length;
  const trace = { durationMs: new Float64Array(n), bandwidthKbps: new Float64Array(n), latencyMs: new Float64Array(n) };
  const columns = [trace.durationMs, trace.bandwidthKbps, trace.latencyMs];
  json.forEach((period, i) => {
    if (typeof period !== 'object' || period === null || Array.isArray(period)) throw fieldError(file, `[${i}]`, 'a period is an object {duration_ms, bandwidth_kbps, latency_ms}');
    for (const key of Object.keys(period)) {
      if (!(FIELDS as readonly string[]).includes(key)) throw fieldError(file, `[${i}].${key}`, `unknown field '${key}'`);
    }
    FIELDS.forEach((key, c) => {
      const v = (period as Record<string, unknown>)[key];
      const positive = key === 'duration_ms'; // a period of no time would never end the loop
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (positive && v === 0)) {
        throw fieldError(file, `[${i}].${key}`, positive ? `${key} must be a positive number` : `${key} must be a number >= 0`);
      }
      columns[c][i] = v;
    });
  });
  // A trace that never moves a bit would stall a download forever.
  if (trace.bandwidthKbps.every((b) => b === 0)) throw new InputError('every period has bandwidth_kbps 0: nothing could ever be downloaded', { file });
  return trace;
}

/** Sabre's granularity of a download that may be abandoned: steps of at least 12 kbit and 50 ms. */
export const STEP_BITS = 12_000;
export const STEP_MS = 50;

export class TraceLink {
  /** Milliseconds since the link started. */
  nowMs = 0;
  private period = 0;
  // Initialised to a number, not left undefined until the constructor: V8 then keeps the
  // field as an unboxed double instead of allocating a box at every step.
  private leftMs = 0;
  /** The current period's common step: its bits (at least STEP_BITS and STEP_MS of them) and ms (0 if no bandwidth). */
  private stepBits = 0.5;
  private stepMs = 0.5;

  constructor(private readonly trace: NetworkTrace) {
    this.leftMs = trace.durationMs[0];
    this.setStep();
  }

  /** Let `ms` pass with nothing on the wire. */
  idle(ms: number): void {
    while (ms > this.leftMs) {
      ms -= this.leftMs;
      this.nextPeriod();
    }
    this.leftMs -= ms;
    this.nowMs += ms;
  }

  /** Send the request (`t.bits`) and wait for its first byte. */
  request(t: Transfer): void {
    t.downloadedBits = 0;
    t.firstByteMs = this.firstByte();
    t.elapsedMs = t.firstByteMs;
  }

  /** Move the rest of the request without a stop. */
  finish(t: Transfer): void {
    t.elapsedMs += this.transfer(t.bits - t.downloadedBits);
    t.downloadedBits = t.bits;
  }

  /**
   * Move the request one step: until at least STEP_BITS more have arrived and STEP_MS
   * more have passed (the first step's STEP_MS counts from the request, so includes the
   * latency), or it is complete. True while bits remain.
   */
  progress(t: Transfer): boolean {
    return this.progressUntil(t, -Infinity);
  }

  /**
   * Move the request step by step, exactly as repeated progress() calls would, until
   * its elapsed time reaches `untilMs` (at least one step) or it is complete. True
   * while bits remain.
   */
  progressUntil(t: Transfer, untilMs: number): boolean {
    for (;;) {
      // Most steps neither start the download, nor finish it, nor cross a period: a run
      // of them adds the period's one step, held in locals, with the same arithmetic.
      const rate = this.trace.bandwidthKbps[this.period];
      const wanted = this.stepBits;
      if (t.downloadedBits !== 0 && rate > 0 && wanted < t.bits - t.downloadedBits && wanted <= this.leftMs * rate) {
        const ms = this.stepMs;
        const bits = t.bits;
        let leftMs = this.leftMs;
        let nowMs = this.nowMs;
        let got = t.downloadedBits;
        let elapsedMs = t.elapsedMs;
        do {
          leftMs -= ms;
          nowMs += ms;
          got += wanted;
          elapsedMs += ms;
        } while (elapsedMs < untilMs && wanted < bits - got && wanted <= leftMs * rate);
        this.leftMs = leftMs;
        this.nowMs = nowMs;
        t.downloadedBits = got;
        t.elapsedMs = elapsedMs;
        if (elapsedMs >= untilMs) return true;
      } else if (!this.stepAcross(t)) {
        return false;
      } else if (t.elapsedMs >= untilMs) {
        return true;
      }
    }
  }

  /** One step in general: the first of a download, its last, or one that crosses periods. */
  private stepAcross(t: Transfer): boolean {
    const bandwidth = this.trace.bandwidthKbps;
    let bits = t.bits - t.downloadedBits;
    let minBits = STEP_BITS;
    let minMs = t.downloadedBits === 0 ? STEP_MS - t.firstByteMs : STEP_MS; // a minimum already met counts as none
    let moved = 0;
    let took = 0;
    while (bits > 0 && (minBits > 0 || minMs > 0)) {
      const rate = bandwidth[this.period];
      let b: number;
      let ms: number;
      if (rate > 0) {
        const wanted = Math.max(minBits, minMs * rate);
        const room = this.leftMs * rate;
        if (bits <= wanted && bits <= room) {
          b = bits;
          ms = b / rate;
          this.leftMs -= ms;
          this.nowMs += ms;
        } else if (wanted <= room) {
          b = wanted;
          ms = b / rate;
          this.leftMs -= ms;
          this.nowMs += ms;
          // Both minimums are met; ending here keeps rounding from looping forever.
          minBits = 0;
          minMs = 0;
        } else {
          b = room;
          ms = this.leftMs;
          this.nextPeriod();
        }
      } else {
        b = 0;
        if (minBits > 0 || minMs > this.leftMs) {
          ms = this.leftMs;
          this.nextPeriod();
        } else {
          ms = minMs;
          this.leftMs -= ms;
          this.nowMs += ms;
        }
      }
      moved += b;
      took += ms;
      bits -= b;
      minBits -= b;
      minMs -= ms;
    }
    t.downloadedBits += moved;
    t.elapsedMs += took;
    return t.downloadedBits < t.bits;
  }

  /** Wait for the first byte of a request; returns the ms it took. */
  firstByte(): number {
    const latency = this.trace.latencyMs;
    let rounds = 1; // of the latency in force, consumed pro rata across periods
    let took = 0;
    while (rounds > 0) {
      const t = rounds * latency[this.period];
      if (t <= this.leftMs) {
        took += t;
        this.leftMs -= t;
        this.nowMs += t;
        rounds = 0;
      } else {
        took += this.leftMs;
        rounds -= this.leftMs / latency[this.period];
        this.nextPeriod();
      }
    }
    return took;
  }

  /** Move `bits` without interruption; returns the ms it took. */
  transfer(bits: number): number {
    const bandwidth = this.trace.bandwidthKbps;
    let took = 0;
    while (bits > 0) {
      const rate = bandwidth[this.period];
      if (bits <= this.leftMs * rate) {
        const t = bits / rate;
        took += t;
        this.leftMs -= t;
        this.nowMs += t;
        bits = 0;
      } else {
        took += this.leftMs;
        bits -= this.leftMs * rate;
        this.nextPeriod();
      }
    }
    return took;
  }

  /** Spend the rest of the current period and loop on to the next. */
  private nextPeriod(): void {
    this.nowMs += this.leftMs;
    this.period = this.period + 1 === this.trace.durationMs.length ? 0 : this.period + 1;
    this.leftMs = this.trace.durationMs[this.period];
    this.setStep();
  }

  private setStep(): void {
    const rate = this.trace.bandwidthKbps[this.period];
    this.stepBits = Math.max(STEP_BITS, STEP_MS * rate);
    this.stepMs = rate > 0 ? this.stepBits / rate : 0;
  }
}
