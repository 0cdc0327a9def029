/**
 * The throughput rule: the highest rung that the throughput estimate, discounted by a
 * safety factor of 0.9, can fetch within a segment's duration (dash.js's
 * ThroughputRule; Spiteri, Sitaraman & Sparacio, "From Theory to Practice: Improving
 * Bitrate Adaptation in the DASH Reference Player", MMSys 2018; constants as Sabre's).
 *
 * Insufficient-buffer rule: when the buffer is low, a rung is allowed only if its
 * segment fits in what the estimate can bring before the buffer runs out,
 * (buffer - latency) x throughput, scaled by a safety factor that starts at 0.9 and
 * shrinks by 0.9 per decision to a floor of 0.5.
 *
 * Abandonment: after a 500 ms grace, if the download's own rate says it will end later
 * than 1.8 segment durations after its request, give it up for the rung that rate
 * (x 0.9) supports, when that rung is lower and its segment smaller than what is left.
 */
import type { Movie } from '../movie.js';
import { rungForThroughput } from './rate.js';
import type { AbrDefinition, AbrOptions, AbrRule, DownloadProgress, PlayerView } from './types.js';

const SAFETY = 0.9;
const LOW_BUFFER_SAFETY_START = 0.9;
const LOW_BUFFER_SAFETY_FLOOR = 0.5;
const ABANDON_AFTER_MS = 500;
const ABANDON_LATE_SEGMENTS = 1.8;
/** Relative margin of the quiet window, far above rounding (~1e-16), so it never skips a check that would abandon. */
const QUIET_MARGIN = 1e-6;

export class ThroughputRule implements AbrRule {
  readonly name = 'throughput';
  private lowBufferSafety = LOW_BUFFER_SAFETY_START;
  /**
   * The download in hand provably ends in time, so checks before this elapsed time
   * answer -1 at once (choose() starts each request afresh). Why it holds: the
   * projected end, elapsed + left / (downloaded / transfer time), grows by at most
   * 1 + left / downloaded = bits / downloaded per ms that passes (it grows fastest when
   * nothing arrives), so it stays within 1.8 segments for (spare) x downloaded / bits ms.
   */
  noAbandonBeforeMs = -Infinity;

  constructor(
    private readonly movie: Movie,
    private readonly insufficientBufferRule: boolean,
  ) {}

  choose(view: PlayerView): number {
    const movie = this.movie;
    let rung = rungForThroughput(movie, view.throughputKbps * SAFETY, view.latencyMs);
    if (this.insufficientBufferRule) {
      const safeBits = this.lowBufferSafety * (view.bufferMs - view.latencyMs) * view.throughputKbps;
      this.lowBufferSafety = Math.max(this.lowBufferSafety * LOW_BUFFER_SAFETY_START, LOW_BUFFER_SAFETY_FLOOR);
      for (let r = 0; r < rung; r++) {
        if (movie.bitratesKbps[r + 1] * movie.segmentMs > safeBits) {
          rung = r;
          break;
        }
      }
    }
    this.noAbandonBeforeMs = -Infinity;
    return rung;
  }

  abandon(view: PlayerView, p: DownloadProgress): number {
    if (p.elapsedMs < this.noAbandonBeforeMs) return -1;
    if (p.elapsedMs < ABANDON_AFTER_MS) {
      this.noAbandonBeforeMs = ABANDON_AFTER_MS;
      return -1;
    }
    const transferMs = p.elapsedMs - p.firstByteMs;
    if (transferMs <= 0) return -1;
    const kbps = p.downloadedBits / transferMs;
    const leftBits = p.bits - p.downloadedBits;
    const endMs = p.elapsedMs + leftBits / kbps;
    const lateMs = ABANDON_LATE_SEGMENTS * this.movie.segmentMs;
    if (endMs <= lateMs) {
      const spareMs = lateMs - endMs - QUIET_MARGIN * (1 + lateMs);
      if (spareMs > 0) this.noAbandonBeforeMs = p.elapsedMs + spareMs * (p.downloadedBits / p.bits);
      return -1;
    }
    const rung = rungForThroughput(this.movie, kbps * SAFETY, view.latencyMs);
    const ladder = this.movie.bitratesKbps;
    if (rung >= p.rung || (p.bits * ladder[rung]) / ladder[p.rung] >= leftBits) return -1;
    return rung;
  }
}

export const throughput: AbrDefinition = {
  name: 'throughput',
  describe: 'highest rung the EWMA throughput (x0.9) sustains; insufficient-buffer rule; abandons late downloads',
  create: (movie: Movie, options: AbrOptions) => new ThroughputRule(movie, options.insufficientBufferRule),
};
