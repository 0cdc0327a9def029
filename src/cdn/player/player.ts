/**
 * The player of each playback: it asks for segments while its buffer has room, at the
 * highest rung its throughput estimate affords (an EWMA of the rates it got, with a
 * safety factor), plays from its buffer once the first segment is in, stalls when the
 * buffer runs dry, and may abandon after a slow start.
 *
 * Owns: the playbacks (sessions.ts). Handles: SEGMENT_REQUEST, SEGMENT_DONE (the WASM
 * segment kernel, wasm/cdn/segment.ts, is their twin). Asks serving (serve/) for each
 * segment.
 */
import { lognormal, uniformInt } from '../../engine/variates.js';
import type { SimContext } from '../context.js';
import { SEGMENT_DONE, SEGMENT_REQUEST } from '../events.js';
import { CHUNK_EPSILON, END_EPSILON, ESTIMATE_WEIGHT } from '../kernel/abi.js';
import * as abi from '../kernel/abi.js';
import type { Serving } from '../serve/serve.js';
import { closeSlot, openSlot, type Sessions } from './sessions.js';

/** A new playback's throughput estimate, before its first segment. */
export const INITIAL_ESTIMATE_BPS = 2e6;

export interface Player {
  /** A playback of `title` starts in ISP `isp`, to watch `watch` seconds. */
  startPlayback(isp: number, title: number, watch: number): void;
  /** SEGMENT_REQUEST (session) */
  segmentRequest(x: number): void;
  /** SEGMENT_DONE (session) */
  segmentDone(x: number): void;
}

export function createPlayer(ctx: SimContext, ss: Sessions, serving: Serving): Player {
  const { s, world, engine, metrics, observer, ladder, home } = ctx;
  const { catalog, isps } = world;
  const rng = ctx.streams.sessions;
  const L = s.workload.segment;
  const { maxBuffer, firstSegment } = segmentConfig(s);
  const hdTop = hdTopRung(ladder, s.workload.hdCap);

  /** Drain the buffer up to now; a buffer that ran dry is time stalled. */
  function drain(x: number, now: number): void {
    if (ss.playing[x] === 1) {
      const b = ss.buffer[x] - (now - ss.lastUpdate[x]);
      if (b < 0) {
        ss.stall[x] -= b;
        ss.buffer[x] = 0;
      } else ss.buffer[x] = b;
    }
    ss.lastUpdate[x] = now;
  }

  function requestSegment(x: number): void {
    const now = engine.now;
    drain(x, now);
    const safeRate = s.workload.abrSafety * ss.estimate[x];
    let rung = 0;
    const top = ss.maxRung[x];
    while (rung < top && ladder[rung + 1] <= safeRate) rung++;
    const file = ss.title[x] * catalog.rungs + rung;
    // The first segment is short however long the others are, so startup delay keeps
    // its fidelity when a run uses long segments for speed.
    const fetched = ss.fetched[x];
    const length = fetched === 0 ? Math.min(firstSegment, ss.watch[x]) : Math.min(L, ss.watch[x] - fetched);
    ss.segLen[x] = length;
    // Reactive caches store segment-sized chunks of a file, aligned the same way for every
    // playback (the first chunk is the short first segment).
    const chunk = fetched === 0 ? 0 : 1 + Math.floor((fetched - firstSegment) / L + CHUNK_EPSILON);
    const bytes = (ladder[rung] * length) / 8;
    ss.rung[x] = rung;
    metrics.request(now, bytes);
    const penalty = serving.serve(x, file, chunk, bytes);
    if (penalty < 0) {
      metrics.fail(now, bytes);
      closeSlot(ss, x);
      return;
    }
    engine.schedule(penalty + (bytes * 8) / ss.rate[x], SEGMENT_DONE, x);
  }

  return {
    startPlayback(i, title, watch) {
      const now = engine.now;
      const isp = isps[i];
      const x = openSlot(ss, home);
      ss.isp[x] = i;
      ss.prefix[x] = uniformInt(rng, isp.prefixes);
      ss.title[x] = title;
      ss.watch[x] = watch;
      ss.fetched[x] = 0;
      ss.segDone[x] = 0;
      ss.estimate[x] = INITIAL_ESTIMATE_BPS;
      ss.clientRate[x] = lognormal(rng, Math.log(isp.clientMedianBps), isp.clientSigma);
      ss.buffer[x] = 0;
      ss.lastUpdate[x] = now;
      ss.playing[x] = 0;
      ss.start[x] = now;
      ss.stall[x] = 0;
      ss.active[x] = 1;
      ss.maxRung[x] = rng() < s.workload.uhdShare ? ladder.length - 1 : hdTop;
      metrics.sessionStarted(now);
      if (observer.onSession) observer.onSession(now, i, title);
      requestSegment(x);
    },
    segmentRequest(x) {
      if (ss.active[x] === 1) requestSegment(x);
    },
    segmentDone(x) {
      const now = engine.now;
      const rate = ss.rate[x];
      serving.release(x);
      ss.estimate[x] = (1 - ESTIMATE_WEIGHT) * ss.estimate[x] + ESTIMATE_WEIGHT * rate;
      const stalledBefore = ss.stall[x];
      drain(x, now);
      const length = ss.segLen[x];
      metrics.stallInBin(now, ss.stall[x] - stalledBefore, length);
      ss.buffer[x] += length;
      ss.fetched[x] += length;
      ss.segDone[x]++;
      metrics.segmentPlayed(now, ladder[ss.rung[x]], length);
      if (ss.segDone[x] > 1 && ss.prevSite[x] !== ss.site[x]) metrics.count(now, abi.T_STEERING_CHANGES, 1);
      ss.prevSite[x] = ss.site[x];
      if (ss.playing[x] === 0) {
        ss.playing[x] = 1;
        const startup = now - ss.start[x] + s.workload.startupOverhead;
        metrics.startup(now, startup);
        // Krishnan & Sitaraman (IMC 2012): each second of startup beyond 2 s loses ~5.8% of viewers.
        if (rng() < s.workload.abandonPerSecond * Math.max(0, startup - 2)) {
          metrics.abandon(now);
          closeSlot(ss, x);
          return;
        }
      }
      if (ss.fetched[x] >= ss.watch[x] - END_EPSILON) {
        closeSlot(ss, x);
        return;
      }
      const room = maxBuffer - L;
      if (ss.buffer[x] <= room) requestSegment(x);
      else engine.schedule(ss.buffer[x] - room, SEGMENT_REQUEST, x);
    },
  };
}

/** The highest rung a playback without UHD may use: the top one at or below hdCap (at least the lowest). */
export function hdTopRung(ladder: ArrayLike<number>, hdCap: number): number {
  let top = 0;
  while (top + 1 < ladder.length && ladder[top + 1] <= hdCap) top++;
  return top;
}

/** The buffer's size and the first segment's length (seconds): the kernel reads them too. */
export function segmentConfig(s: Pick<SimContext['s'], 'workload'>): { maxBuffer: number; firstSegment: number } {
  return {
    maxBuffer: s.workload.maxBuffer ?? Math.max(60, 4 * s.workload.segment),
    firstSegment: Math.min(s.workload.segment, s.workload.firstSegment),
  };
}
