/**
 * The playout buffer: downloaded segments waiting to play, the part of the head segment
 * already played, and the counts of what the viewer saw. Playback starts a segment,
 * plays it for its whole duration, then the next; when the buffer runs dry the viewer
 * waits (rebuffers) until a segment arrives.
 *
 * Counting follows Sabre, so the figures compare with it: a segment's bitrate counts
 * once, when it starts to play, and a change of bitrate between consecutive segments
 * adds the difference; a rebuffer event is counted when the buffer runs dry while
 * playing, not for time that passes while it is already empty.
 */
export class PlayoutBuffer {
  /** ms of wall time that has passed through `play` (played plus rebuffering). */
  elapsedMs = 0;
  rebufferMs = 0;
  rebufferEvents = 0;
  /** Sum of the bitrates of the segments started, kbit/s. */
  startedKbps = 0;
  /** Sum of |bitrate change| between consecutive segments, kbit/s. */
  bitrateChangeKbps = 0;
  /** Segments started. */
  started = 0;

  private readonly rungs: Int32Array; // ring of buffered rungs
  private head = 0;
  private count = 0;
  /** ms of the head segment already played. */
  private headPlayedMs = 0;
  private lastRung = -1;

  constructor(
    private readonly segmentMs: number,
    private readonly bitratesKbps: Float64Array,
    maxBufferMs: number,
  ) {
    this.rungs = new Int32Array(Math.ceil(maxBufferMs / segmentMs) + 2);
  }

  levelMs(): number {
    return this.segmentMs * this.count - this.headPlayedMs;
  }

  segmentsHeld(): number {
    return this.count;
  }

  push(rung: number): void {
    if (this.count === this.rungs.length) throw new Error('playout buffer overflow: a segment was added without room for it');
    this.rungs[(this.head + this.count) % this.rungs.length] = rung;
    this.count++;
  }

  /** Let `ms` of wall time pass: play what is buffered, rebuffer for the rest. */
  play(ms: number): void {
    const seg = this.segmentMs;
    if (this.count === 0) {
      this.rebufferMs += ms;
      this.elapsedMs += ms;
      return;
    }
    if (this.headPlayedMs > 0) {
      if (ms + this.headPlayedMs < seg) {
        this.headPlayedMs += ms;
        this.elapsedMs += ms;
        return;
      }
      ms -= seg - this.headPlayedMs;
      this.elapsedMs += seg - this.headPlayedMs;
      this.pop();
    }
    while (ms > 0 && this.count > 0) {
      this.start(this.rungs[this.head]);
      if (ms >= seg) {
        this.pop();
        this.elapsedMs += seg;
        ms -= seg;
      } else {
        this.headPlayedMs = ms;
        this.elapsedMs += ms;
        ms = 0;
      }
    }
    if (ms > 0) {
      this.rebufferMs += ms;
      this.elapsedMs += ms;
      this.rebufferEvents++;
    }
  }

  /** Play out everything buffered (the end of the movie). */
  drain(): void {
    this.play(this.levelMs());
    this.count = 0;
    this.headPlayedMs = 0;
  }

  private start(rung: number): void {
    const kbps = this.bitratesKbps[rung];
    this.startedKbps += kbps;
    if (this.lastRung >= 0 && rung !== this.lastRung) this.bitrateChangeKbps += Math.abs(kbps - this.bitratesKbps[this.lastRung]);
    this.lastRung = rung;
    this.started++;
  }

  private pop(): void {
    this.head = this.head + 1 === this.rungs.length ? 0 : this.head + 1;
    this.count--;
    this.headPlayedMs = 0;
  }
}
