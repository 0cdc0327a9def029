/**
 * BOLA (Spiteri, Urgaonkar & Sitaraman, "BOLA: Near-Optimal Bitrate Adaptation for
 * Online Videos", INFOCOM 2016), in the form Sabre runs by default (its `bola`).
 *
 * Each rung has a utility, ln(bitrate / lowest bitrate). For buffer level Q the rule
 * picks the rung maximising (V (utility + gammaP) - Q) / bitrate, with
 * V = (Qmax - one segment) / (highest utility + gammaP): an empty buffer favours the
 * lowest rung, a full one the highest. Qmax is the maximum buffer, shrunk to half the
 * segments played or left (at least 3 segments) so that the start and the end of the
 * movie are not judged against a buffer that cannot fill.
 *
 * When the buffer asks for a higher rung than last time, BOLA does not jump past what
 * throughput supports: it goes to one rung above the throughput rung, or stays where
 * it was if that is already higher.
 *
 * Abandonment: give up a download when a lower rung, fetched whole, scores better than
 * the bits still to come of this one and is smaller than them.
 */
import type { Movie } from '../movie.js';
import { rungForThroughput } from './rate.js';
import type { AbrDefinition, AbrOptions, AbrRule, DownloadProgress, PlayerView } from './types.js';

/** Sabre's floor on the shrunk buffer, in segments. */
const MIN_HORIZON_SEGMENTS = 3;

/**
 * Relative margin kept by the quiet window (see `noAbandonBeforeMs`) so that rounding
 * can never make it skip a check that would have abandoned: rounding is ~1e-16.
 */
const QUIET_MARGIN = 1e-6;

export class BolaRule implements AbrRule {
  readonly name = 'bola';
  private readonly utility: Float64Array;
  /** V (utility + gammaP) per rung for the current V: the numerator of every score. */
  private readonly worth: Float64Array;
  private lastRung = 0;
  private readonly sizes: Float64Array;
  private sizesOf = -0.5;
  private sizesRung = -1;
  /**
   * The download in hand provably cannot be abandoned before this elapsed time, so
   * checks until then answer -1 without scoring (choose() starts each request afresh).
   * Why it holds: a lower rung r wins when (worth[r] - Q) L > (worth[rung] - Q) s_r,
   * Q the buffer, L the bits left, s_r the rung's size. While the buffer falls by d ms
   * and L shrinks, the left side minus the right grows by at most d (L - s_r), so rung r
   * cannot win before d = L (current s_r - (worth[r] - Q)) / (L - s_r), current being
   * this rung's score (the bracket is a rung's slack). The window is the soonest such d,
   * less a relative QUIET_MARGIN, and opens only when every slack exceeds the margin.
   */
  noAbandonBeforeMs = -Infinity;

  constructor(
    private readonly movie: Movie,
    private readonly maxBufferMs: number,
    private readonly gammaP: number,
  ) {
    const ladder = movie.bitratesKbps;
    const base = Math.log(ladder[0]);
    this.utility = ladder.map((b) => Math.log(b) - base);
    this.worth = new Float64Array(ladder.length);
    this.sizes = new Float64Array(ladder.length);
    this.setScale(maxBufferMs);
  }

  choose(view: PlayerView): number {
    const movie = this.movie;
    const horizon = Math.max(Math.min(view.segment, movie.segments - view.segment) / 2, MIN_HORIZON_SEGMENTS) * movie.segmentMs;
    this.setScale(Math.min(this.maxBufferMs, horizon));
    let rung = this.bestForBuffer(view.bufferMs);
    if (rung > this.lastRung) {
      const sustained = rungForThroughput(movie, view.throughputKbps, view.latencyMs);
      if (rung > sustained) rung = this.lastRung > sustained ? this.lastRung : sustained + 1;
    }
    this.lastRung = rung;
    this.noAbandonBeforeMs = -Infinity;
    return rung;
  }

  abandon(_view: PlayerView, p: DownloadProgress): number {
    if (p.elapsedMs < this.noAbandonBeforeMs) return -1;
    const leftBits = p.bits - p.downloadedBits;
    if (p.downloadedBits <= 0 || leftBits <= 0 || p.rung === 0) return -1;
    const worth = this.worth;
    const bufferMs = p.bufferMs;
    const current = (worth[p.rung] - bufferMs) / leftBits;
    const marginMs = QUIET_MARGIN * (1 + worth[p.rung] + bufferMs);
    if (current < 0) {
      // Abandoning needs current >= 0, i.e. the buffer down to worth[p.rung]: it falls
      // by at most the time that passes.
      this.noAbandonBeforeMs = p.elapsedMs + (bufferMs - worth[p.rung]) - marginMs;
      return -1;
    }
    const sizes = this.lowerSizes(p.bits, p.rung);
    let best = current;
    let to = -1;
    let slackMs = Infinity;
    let soonestMs = Infinity;
    for (let r = 0; r < p.rung; r++) {
      const bits = sizes[r];
      if (bits >= leftBits) break; // higher rungs are larger still
      const score = (worth[r] - bufferMs) / bits;
      if (score > best) {
        best = score;
        to = r;
      }
      const slack = current * bits - (worth[r] - bufferMs);
      if (slack < slackMs) slackMs = slack;
      const quietMs = (slack * leftBits) / (leftBits - bits);
      if (quietMs < soonestMs) soonestMs = quietMs;
    }
    if (to >= 0) {
      this.lastRung = to;
    } else if (slackMs === Infinity) {
      this.noAbandonBeforeMs = Infinity; // even the lowest rung is no smaller than what is left, and never will be
    } else if (slackMs > marginMs) {
      this.noAbandonBeforeMs = p.elapsedMs + soonestMs * (1 - QUIET_MARGIN);
    }
    return to;
  }

  /** Sizes of this segment at the rungs below `rung`, scaled from its size at `rung`; kept for the request. */
  private lowerSizes(bits: number, rung: number): Float64Array {
    if (bits !== this.sizesOf || rung !== this.sizesRung) {
      const ladder = this.movie.bitratesKbps;
      for (let r = 0; r < rung; r++) this.sizes[r] = (bits * ladder[r]) / ladder[rung];
      this.sizesOf = bits;
      this.sizesRung = rung;
    }
    return this.sizes;
  }

  /** The rung BOLA's objective prefers at buffer level `bufferMs` (the lowest among equals). */
  bestForBuffer(bufferMs: number): number {
    const ladder = this.movie.bitratesKbps;
    let rung = 0;
    let best = -Infinity;
    for (let r = 0; r < ladder.length; r++) {
      const score = (this.worth[r] - bufferMs) / ladder[r];
      if (score > best) {
        best = score;
        rung = r;
      }
    }
    return rung;
  }

  private setScale(bufferMs: number): void {
    const v = (bufferMs - this.movie.segmentMs) / (this.utility[this.utility.length - 1] + this.gammaP);
    for (let r = 0; r < this.worth.length; r++) this.worth[r] = v * (this.gammaP + this.utility[r]);
  }
}

export const bola: AbrDefinition = {
  name: 'bola',
  describe: 'BOLA: buffer-based Lyapunov rule with log utilities (Sabre defaults: gamma-p 5, buffer shrunk near start and end)',
  create: (movie: Movie, options: AbrOptions) => new BolaRule(movie, options.maxBufferMs, options.gammaP),
};
