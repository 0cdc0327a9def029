/**
 * A movie at constant bit rate given as one row of sizes plays exactly as the same
 * movie with a row per segment.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAbr } from './abr/registry.js';
import { constantBitrateMovie, segmentBits, type Movie } from './movie.js';
import { DEFAULT_PLAYER } from './player.js';
import { playOverTrace } from './session.js';
import { abrNameArb, movieArb, traceArb } from './test-helpers/arbitraries.js';

describe('a movie of one row of sizes', () => {
  it('gives every segment the row, and plays as the movie with a row per segment', () => {
    fc.assert(
      fc.property(movieArb, fc.integer({ min: 1, max: 60 }), traceArb, abrNameArb, (m, segments, trace, abr) => {
        const one = constantBitrateMovie(m.bitratesKbps, m.segmentMs, segments);
        const rows = new Float64Array(segments * m.rungs);
        for (let s = 0; s < segments; s++) for (let r = 0; r < m.rungs; r++) rows[s * m.rungs + r] = m.bitratesKbps[r] * m.segmentMs;
        const full: Movie = { ...one, segmentBits: rows };
        for (let s = 0; s < segments; s++) for (let r = 0; r < m.rungs; r++) expect(segmentBits(one, s, r)).toBe(segmentBits(full, s, r));
        const options = { ...DEFAULT_PLAYER, maxBufferMs: 4 * m.segmentMs };
        const play = (movie: Movie) => playOverTrace(movie, trace, createAbr(abr, movie, { maxBufferMs: options.maxBufferMs }), options);
        expect(play(one)).toEqual(play(full));
      }),
      { numRuns: 40 },
    );
  });
});
