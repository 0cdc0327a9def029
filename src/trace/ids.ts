/**
 * Object ids from text traces, written into two u32 halves without losing bits above
 * 2^53. A field of decimal digits is an id's exact value when it fits in 64 bits
 * (libCacheSim's numeric ids); anything else (URLs, hex, keys) is hashed to 64 bits, as
 * libCacheSim hashes string ids. Works on the raw bytes: no strings are made on the
 * common path.
 */
import { fmix32 } from '../util/mix.js';

const TWO32 = 4294967296;
/** Up to 15 digits the value is below 2^53 and exact as a double. */
const EXACT_DIGITS = 15;

/** Writes the id of bytes[start, end) into out[at] (lo) and out[at + 1] (hi). */
export function parseId(bytes: Uint8Array, start: number, end: number, out: Uint32Array, at: number): void {
  const len = end - start;
  let digits = len > 0 && len <= 20;
  for (let i = start; digits && i < end; i++) {
    const c = bytes[i];
    if (c < 48 || c > 57) digits = false;
  }
  if (digits && len <= EXACT_DIGITS) {
    let v = 0;
    for (let i = start; i < end; i++) v = v * 10 + (bytes[i] - 48);
    out[at] = v % TWO32;
    out[at + 1] = Math.floor(v / TWO32);
    return;
  }
  if (digits) {
    const v = BigInt(String.fromCharCode(...bytes.subarray(start, end)));
    if (v < 1n << 64n) {
      out[at] = Number(v & 0xffffffffn);
      out[at + 1] = Number(v >> 32n);
      return;
    }
  }
  hashBytes(bytes, start, end, out, at);
}

/** 64-bit hash of a byte range: two murmur3-style 32-bit lanes with different seeds. */
export function hashBytes(bytes: Uint8Array, start: number, end: number, out: Uint32Array, at: number): void {
  let h1 = 0x2545f491;
  let h2 = 0x9e3779b9;
  for (let i = start; i < end; i++) {
    const k = Math.imul(bytes[i] + 1, 0xcc9e2d51);
    h1 = Math.imul(((h1 ^ k) << 13) | ((h1 ^ k) >>> 19), 5) + 0xe6546b64;
    h2 = Math.imul(((h2 ^ k) << 15) | ((h2 ^ k) >>> 17), 0x1b873593) + 0x38495ab5;
  }
  out[at] = fmix32(h1 ^ (end - start));
  out[at + 1] = fmix32(h2 ^ h1);
}

/**
 * A non-negative whole decimal number in bytes[start, end) ("12" or "12.0"), or NaN for
 * anything else, a non-zero fraction included.
 */
export function parseUnsigned(bytes: Uint8Array, start: number, end: number): number {
  if (start >= end) return NaN;
  let v = 0;
  let i = start;
  for (; i < end; i++) {
    const c = bytes[i];
    if (c === 46) break; // '.'
    if (c < 48 || c > 57) return NaN;
    v = v * 10 + (c - 48);
  }
  if (i === start) return NaN;
  if (i < end) {
    if (i + 1 === end) return NaN;
    // "12.0" is a whole number; "1.5" is not, and truncating it would change the trace.
    for (let j = i + 1; j < end; j++) if (bytes[j] !== 48) return NaN;
  }
  return v;
}
