/**
 * The one small interface every ABR rule implements, and what the registry needs to
 * build one. Units are the player's: ms, kbit/s, bits.
 */
import type { Movie } from '../movie.js';
import type { Transfer } from '../transfer.js';

/** What a rule may read about the playback; the player updates it in place. */
export interface PlayerView {
  readonly movie: Movie;
  /** Index of the segment about to be requested. */
  readonly segment: number;
  /** Buffered playback, ms. */
  readonly bufferMs: number;
  /** The player's throughput estimate, kbit/s (set after the first segment). */
  readonly throughputKbps: number;
  /** The player's first-byte latency estimate, ms. */
  readonly latencyMs: number;
}

/** A download under way, as a rule sees it when deciding whether to abandon it (see transfer.ts). */
export type DownloadProgress = Readonly<Transfer>;

export interface AbrRule {
  readonly name: string;
  /** The rung of the next segment (view.segment >= 1: the first segment is always rung 0). */
  choose(view: PlayerView): number;
  /**
   * Called between steps of a download that has not finished: a rung to give up this
   * download for (the player then asks `choose` again, as Sabre does), or -1 to go on.
   * A rule without it never abandons, and its downloads are moved in one go.
   */
  abandon?(view: PlayerView, progress: DownloadProgress): number;
  /**
   * Optional, with `abandon`: the download in hand provably will not be abandoned
   * before this elapsed time (ms since its request), so a driver may skip the checks
   * until then. Set by `abandon`, reset by `choose`; skipping must change no result.
   */
  readonly noAbandonBeforeMs?: number;
}

export interface AbrOptions {
  /** Maximum buffer, ms (Sabre: 25 s). */
  maxBufferMs: number;
  /** BOLA's gamma times p, the weight of rebuffering against utility (Sabre: 5). */
  gammaP: number;
  /** The insufficient-buffer rule of the throughput rule (Sabre: on). */
  insufficientBufferRule: boolean;
  /** BBA's reservoir and cushion, ms (default: a share of the maximum buffer, see bba.ts). */
  reservoirMs?: number;
  cushionMs?: number;
}

export interface AbrDefinition {
  /** Lower-case name used on the command line. */
  name: string;
  describe: string;
  /** A fresh rule for one playback of `movie` (rules keep state between segments). */
  create(movie: Movie, options: AbrOptions): AbrRule;
}
