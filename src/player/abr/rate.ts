/** Helpers the rules share. */
import type { Movie } from '../movie.js';

/**
 * The highest rung whose segment, requested now, would arrive within one segment's
 * duration at `kbps` after `latencyMs` to the first byte (rung 0 when none would).
 */
export function rungForThroughput(movie: Movie, kbps: number, latencyMs: number): number {
  const p = movie.segmentMs;
  const ladder = movie.bitratesKbps;
  let rung = 0;
  while (rung + 1 < movie.rungs && latencyMs + (p * ladder[rung + 1]) / kbps <= p) rung++;
  return rung;
}
