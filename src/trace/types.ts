/**
 * Traces are read as a stream of batches. Every reader fills the same layout, that of
 * an oracleGeneral record in six u32 words, so one replay loop serves every format and
 * an oracleGeneral file is read without any parsing at all:
 *
 *   [time, idLo, idHi, size, nextLo, nextHi]
 *
 * `time` is in seconds; the id is 64-bit in two halves; `next` is the signed 64-bit
 * 1-based index of the object's next request, -1 (both words 0xFFFFFFFF) when there is
 * none or it is unknown.
 */

export const WORDS = 6;
export const W_TIME = 0;
export const W_LO = 1;
export const W_HI = 2;
export const W_SIZE = 3;
export const W_NEXT_LO = 4;
export const W_NEXT_HI = 5;

export const FORMATS = ['oracleGeneral', 'csv', 'txt', 'wcs'] as const;
export type TraceFormat = (typeof FORMATS)[number];

export interface RequestBatch {
  /** `count` records of WORDS words. Valid only until the next batch is requested. */
  words: Uint32Array;
  count: number;
  /** 0-based index of the batch's first record in the trace. */
  first: number;
}

export interface TraceReader {
  readonly file: string;
  readonly format: TraceFormat;
  /** Whether the records carry next-access indices (only oracleGeneral does). */
  readonly hasNextAccess: boolean;
  batches(): AsyncGenerator<RequestBatch>;
}

export interface TraceOptions {
  format: TraceFormat;
  /** CSV: 1-based columns, e.g. `time=1,id=2,size=3`; id is required. */
  columns?: string;
  /** CSV: the first line is a header. */
  header?: boolean;
  /** CSV: field delimiter (default ','). */
  delimiter?: string;
}

/** Next access of a record as a number: the 1-based index, or Infinity for none. */
export function nextAccessOf(words: Uint32Array, at: number): number {
  const hi = words[at + W_NEXT_HI];
  if (hi >= 0x80000000) return Infinity;
  return hi * 4294967296 + words[at + W_NEXT_LO];
}
