/**
 * A movie as the player sees it: a bitrate ladder and the size of every segment at
 * every rung. Read from Sabre's movie format (`segment_duration_ms`, `bitrates_kbps`,
 * `segment_sizes_bits[segment][rung]`). Units throughout the player are Sabre's:
 * milliseconds, kbit/s and bits, so that 1 kbit/s moves exactly 1 bit per ms.
 *
 * A movie at constant bit rate (the CDN model's playbacks) gives one row of sizes that
 * every segment uses, so a long movie costs one row, not segments x rungs.
 */
import { InputError } from '../errors.js';
import { fieldError, readJsonInput } from './json-input.js';

export interface Movie {
  readonly segmentMs: number;
  /** Ascending, one per rung. */
  readonly bitratesKbps: Float64Array;
  readonly segments: number;
  readonly rungs: number;
  /**
   * Bits of segment s at rung r at index s * rungs + r; or, when it holds a single row
   * (rungs long), bits of every segment at rung r at index r.
   */
  readonly segmentBits: Float64Array;
}

export function segmentBits(movie: Movie, segment: number, rung: number): number {
  // One row serves every segment; with one segment both readings agree.
  const row = movie.segmentBits.length === movie.rungs ? 0 : segment;
  return movie.segmentBits[row * movie.rungs + rung];
}

/**
 * A movie of `segments` segments of `segmentMs` at constant bit rate: every segment at
 * rung r is bitratesKbps[r] x segmentMs bits (one row of sizes, shared by all segments).
 */
export function constantBitrateMovie(bitratesKbps: Float64Array, segmentMs: number, segments: number): Movie {
  const rungs = bitratesKbps.length;
  return { segmentMs, bitratesKbps, segments, rungs, segmentBits: bitratesKbps.map((kbps) => kbps * segmentMs) };
}

/** Movie duration in ms. */
export function movieMs(movie: Movie): number {
  return movie.segments * movie.segmentMs;
}

export function loadMovie(file: string): Movie {
  return parseMovie(readJsonInput(file), file);
}

/** Check a parsed movie file field by field; `file` names it in messages. */
export function parseMovie(json: unknown, file: string): Movie {
  const bad = (field: string, message: string) => fieldError(file, field, message);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InputError('a movie is a JSON object with segment_duration_ms, bitrates_kbps and segment_sizes_bits', { file });
  }
  const m = json as Record<string, unknown>;
  for (const key of Object.keys(m)) {
    if (!['segment_duration_ms', 'bitrates_kbps', 'segment_sizes_bits'].includes(key)) throw bad(key, `unknown field '${key}'`);
  }
  const segmentMs = m.segment_duration_ms;
  if (!isPositive(segmentMs)) throw bad('segment_duration_ms', 'must be a positive number of milliseconds');
  const ladder = m.bitrates_kbps;
  if (!Array.isArray(ladder) || ladder.length === 0) throw bad('bitrates_kbps', 'must be a non-empty array of kbit/s');
  ladder.forEach((b, r) => {
    if (!isPositive(b)) throw bad(`bitrates_kbps[${r}]`, 'must be a positive number of kbit/s');
    if (r > 0 && b <= ladder[r - 1]) throw bad(`bitrates_kbps[${r}]`, 'bitrates must rise strictly from rung to rung');
  });
  const sizes = m.segment_sizes_bits;
  if (!Array.isArray(sizes) || sizes.length === 0) throw bad('segment_sizes_bits', 'must be a non-empty array (one entry per segment)');
  const rungs = ladder.length;
  const segmentBits = new Float64Array(sizes.length * rungs);
  sizes.forEach((row, s) => {
    if (!Array.isArray(row) || row.length !== rungs) throw bad(`segment_sizes_bits[${s}]`, `must list ${rungs} sizes, one per bitrate`);
    row.forEach((bits, r) => {
      if (!isPositive(bits)) throw bad(`segment_sizes_bits[${s}][${r}]`, 'must be a positive number of bits');
      segmentBits[s * rungs + r] = bits;
    });
  });
  return { segmentMs, bitratesKbps: Float64Array.from(ladder), segments: sizes.length, rungs, segmentBits };
}

function isPositive(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0;
}
