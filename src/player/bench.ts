/**
 * How fast the player runs: whole playbacks of a long synthetic movie over a long
 * synthetic trace, per ABR rule, timed after a warm-up. A segment decision is one rung
 * choice plus its download (with every abandonment check on the way) and its buffer
 * update; playbacks/s is for the whole movie. Figures are from the median playback.
 */
import { createAbr } from './abr/registry.js';
import type { Movie } from './movie.js';
import type { NetworkTrace } from './network.js';
import { DEFAULT_PLAYER } from './player.js';
import { playOverTrace } from './session.js';
import { syntheticMovie, syntheticTrace } from './synthetic.js';
import { median } from '../metrics/stats.js';

export interface PlayerBenchOptions {
  abr: readonly string[];
  /** Movie length in segments (4 s each). */
  segments: number;
  /** Trace length in 1 s periods. */
  periods: number;
  /** Timed playbacks per rule, after one warm-up playback; the median is reported. */
  playbacks: number;
  seed: number;
}

export interface PlayerBenchRow {
  abr: string;
  playbacksPerSecond: number;
  decisionsPerSecond: number;
  /**
   * The same per second of the process's CPU time: what the player costs when the
   * machine is shared and wall time includes waiting for a core (JIT and GC threads
   * count too, so it errs low).
   */
  decisionsPerCpuSecond: number;
  /** Per playback, to show what the timing covered. */
  decisions: number;
  abandonments: number;
  rebufferSeconds: number;
  averageBitrateKbps: number;
}

export function benchPlayer(o: PlayerBenchOptions): { movie: Movie; trace: NetworkTrace; rows: PlayerBenchRow[] } {
  const movie = syntheticMovie({ segments: o.segments, seed: o.seed });
  const trace = syntheticTrace({ periods: o.periods, seed: o.seed });
  const rows = o.abr.map((abr) => {
    const play = () => playOverTrace(movie, trace, createAbr(abr, movie, { maxBufferMs: DEFAULT_PLAYER.maxBufferMs }));
    const first = play(); // every playback is identical; the first two warm the JIT up
    play();
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < o.playbacks; i++) {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      play();
      wall.push(Number(process.hrtime.bigint() - t0) / 1e9);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1e6);
    }
    // The median playback: a shared machine's pauses land on a few playbacks, not on it.
    const typical = median(wall);
    return {
      abr,
      playbacksPerSecond: 1 / typical,
      decisionsPerSecond: first.decisions / typical,
      decisionsPerCpuSecond: first.decisions / median(cpu),
      decisions: first.decisions,
      abandonments: first.abandonments,
      rebufferSeconds: first.rebufferMs / 1000,
      averageBitrateKbps: first.averageBitrateKbps,
    };
  });
  return { movie, trace, rows };
}
