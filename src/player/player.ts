/**
 * One playback: a playout buffer, a throughput estimate and an ABR rule, driven from
 * outside by whatever moves the bits. The driver (a measured trace in session.ts, the
 * CDN model's event loop elsewhere) runs this cycle per request until done(), then
 * calls end():
 *
 *   wait(roomWaitMs())      the buffer is full: idle until a segment fits
 *   choose()                the rule picks the rung; player.transfer is the request
 *   checkAbandon()          between steps of the download (when canAbandon()): give up?
 *   completed() or abandoned()   how long it took; the buffer played meanwhile
 *
 * keeping player.transfer (transfer.ts) up to date as the bits move. The first segment
 * is fetched at the lowest rung and cannot be abandoned; playback starts when it
 * arrives, so startup is its first-byte latency plus its transfer time. After an
 * abandonment the rule chooses again for the same segment. The cycle creates no objects.
 */
import type { AbrRule, PlayerView } from './abr/types.js';
import { PlayoutBuffer } from './buffer.js';
import { ThroughputEstimate } from './estimate.js';
import { segmentBits, type Movie } from './movie.js';
import { Transfer } from './transfer.js';

export interface PlayerOptions {
  /** Maximum buffer, ms. */
  maxBufferMs: number;
  /** Half-lives of the throughput averages, ms. */
  halfLivesMs: readonly number[];
  /** Whether the rule may abandon downloads. */
  abandonment: boolean;
}

/** Sabre's defaults: 25 s buffer, EWMA half-lives 3 s and 8 s, abandonment on. */
export const DEFAULT_PLAYER: Readonly<PlayerOptions> = { maxBufferMs: 25_000, halfLivesMs: [3_000, 8_000], abandonment: true };

export interface PlaybackResult {
  abr: string;
  /** Time the viewer waited after playback started, ms. */
  rebufferMs: number;
  rebufferEvents: number;
  /** Bitrates of the segments played, summed, per segment duration of wall time (Sabre's time average). */
  averageBitrateKbps: number;
  /** Sum of |bitrate change| between consecutive segments played. */
  bitrateChangeKbps: number;
  /** Wall time of the whole session: startup, playing and rebuffering, ms. */
  playMs: number;
  /** From the first request until playback starts, ms. */
  startupMs: number;
  /** Time spent playing, ms (the movie's duration once it has played out). */
  playedMs: number;
  /** Rung choices made (one per request, so abandonments add one). */
  decisions: number;
  abandonments: number;
  /** Every bit that arrived, including the parts of abandoned downloads. */
  bitsDownloaded: number;
  bitsAbandoned: number;
  /** Highest buffer level right after a segment arrived, ms. */
  peakBufferMs: number;
  /** The rung each segment was played at. */
  rungs: Int32Array;
}

export class Player implements PlayerView {
  segment = 0;
  bufferMs = 0;
  throughputKbps = NaN;
  latencyMs = NaN;
  /** The request in hand, set by choose(); its progress is the driver's to fill in. */
  readonly transfer = new Transfer();

  private readonly buffer: PlayoutBuffer;
  private readonly estimate: ThroughputEstimate;
  private readonly rungs: Int32Array;
  private started = false;
  private requestBufferMs = 0;
  private startupMs = 0;
  private decisions = 0;
  private abandonments = 0;
  private bitsDownloaded = 0;
  private bitsAbandoned = 0;
  private peakBufferMs = 0;

  constructor(
    readonly movie: Movie,
    private readonly rule: AbrRule,
    private readonly options: PlayerOptions = DEFAULT_PLAYER,
  ) {
    if (!(options.maxBufferMs >= movie.segmentMs)) throw new RangeError(`the maximum buffer (${options.maxBufferMs} ms) must hold at least one segment (${movie.segmentMs} ms)`);
    this.buffer = new PlayoutBuffer(movie.segmentMs, movie.bitratesKbps, options.maxBufferMs);
    this.estimate = new ThroughputEstimate(options.halfLivesMs, movie.segmentMs);
    this.rungs = new Int32Array(movie.segments).fill(-1);
  }

  /** Every segment has arrived. */
  done(): boolean {
    return this.segment >= this.movie.segments;
  }

  /** How long to wait before the buffer has room for one more segment. */
  roomWaitMs(): number {
    return Math.max(0, this.bufferMs + this.movie.segmentMs - this.options.maxBufferMs);
  }

  /** `ms` pass with no download. */
  wait(ms: number): void {
    this.buffer.play(ms);
    this.bufferMs = this.buffer.levelMs();
  }

  /** Pick the rung of the next request and set up `transfer` for it. */
  choose(): number {
    const rung = this.started ? this.rule.choose(this) : 0;
    if (!(rung >= 0 && rung < this.movie.rungs && (rung | 0) === rung)) badRung(this.rule.name, 'chose', rung, this.movie.rungs - 1);
    const t = this.transfer;
    t.rung = rung;
    t.bits = segmentBits(this.movie, this.segment, rung);
    t.downloadedBits = 0;
    t.elapsedMs = 0;
    t.firstByteMs = 0;
    this.requestBufferMs = this.bufferMs;
    t.bufferMs = this.bufferMs;
    this.decisions++;
    return rung;
  }

  /** Whether this request may be abandoned (not the first segment, abandonment on, a rule that abandons). */
  canAbandon(): boolean {
    return this.started && this.options.abandonment && this.rule.abandon !== undefined;
  }

  /** Between steps of an unfinished download: the rung to abandon it for, or -1. */
  checkAbandon(): number {
    const t = this.transfer;
    t.bufferMs = Math.max(0, this.requestBufferMs - t.elapsedMs);
    const to = this.rule.abandon!(this, t);
    if (to !== -1 && !(to >= 0 && to < t.rung && (to | 0) === to)) badRung(this.rule.name, 'abandoned for', to, t.rung - 1);
    return to;
  }

  /** The request arrived whole. */
  completed(): void {
    const t = this.transfer;
    if (this.started) this.buffer.play(t.elapsedMs);
    else this.startupMs = t.elapsedMs;
    this.started = true;
    this.buffer.push(t.rung);
    this.rungs[this.segment] = t.rung;
    this.segment++;
    this.bufferMs = this.buffer.levelMs();
    this.peakBufferMs = Math.max(this.peakBufferMs, this.bufferMs);
    this.bitsDownloaded += t.downloadedBits;
    const transferMs = t.elapsedMs - t.firstByteMs;
    this.estimate.add(transferMs, t.downloadedBits / transferMs, t.firstByteMs);
    this.throughputKbps = this.estimate.throughputKbps;
    this.latencyMs = this.estimate.latencyMs;
  }

  /**
   * The elapsed time of the request before which checkAbandon() would surely answer -1
   * (the rule's proof, if it gives one): a driver may move the download on without
   * asking until then, saving the checks without changing any result.
   */
  noAbandonBeforeMs(): number {
    return this.rule.noAbandonBeforeMs ?? -Infinity;
  }

  /** The request was given up; the bits that came count, the estimate ignores them. */
  abandoned(): void {
    const t = this.transfer;
    this.buffer.play(t.elapsedMs);
    this.bufferMs = this.buffer.levelMs();
    this.bitsDownloaded += t.downloadedBits;
    this.bitsAbandoned += t.downloadedBits;
    this.abandonments++;
  }

  /** Play out the buffer and report. */
  end(): PlaybackResult {
    const b = this.buffer;
    b.drain();
    this.bufferMs = 0;
    const playMs = this.startupMs + b.elapsedMs;
    return {
      abr: this.rule.name,
      rebufferMs: b.rebufferMs,
      rebufferEvents: b.rebufferEvents,
      averageBitrateKbps: b.startedKbps / (playMs / this.movie.segmentMs),
      bitrateChangeKbps: b.bitrateChangeKbps,
      playMs,
      startupMs: this.startupMs,
      playedMs: b.elapsedMs - b.rebufferMs,
      decisions: this.decisions,
      abandonments: this.abandonments,
      bitsDownloaded: this.bitsDownloaded,
      bitsAbandoned: this.bitsAbandoned,
      peakBufferMs: this.peakBufferMs,
      rungs: this.rungs,
    };
  }
}

/** A rule answered outside the ladder: its author's bug, reported apart from the hot path. */
function badRung(rule: string, did: string, rung: number, highest: number): never {
  throw new RangeError(`ABR rule '${rule}' ${did} rung ${rung}; it must be a whole number from 0 to ${highest}`);
}
