/**
 * The model's player on a real event engine with a serving of our own: every download
 * of playback x takes `latency` seconds to its first byte, then moves at a rate the test
 * chooses per download; the k-th download of a playback may be made to fail. What the
 * player reports to metrics and what serving saw are recorded for the tests to check.
 */
import { JsEngine } from '../../../engine/js-engine.js';
import type { EventHandle } from '../../../engine/queue.js';
import { stream } from '../../../engine/rng.js';
import { openConnectSections } from '../../schema.js';
import { PLAYER_CHECK, SEGMENT_REQUEST } from '../../events.js';
import { createPlayer, maxBufferSeconds, type PlayerContext } from '../player.js';
import { createSessions, type Sessions } from '../sessions.js';

const DOWNLOAD_DONE = 90;
const DOWNLOAD_FAILED = 91;

export interface HarnessOptions {
  /** Workload fields over the schema's defaults (abandonPerSecond defaults to 0 here). */
  workload?: Record<string, unknown>;
  ladderBps?: number[];
  clientMedianBps?: number;
  clientSigma?: number;
  /** Round trip serving reports when it steers, seconds. */
  rtt?: number;
  /** First-byte latency of every download, seconds. */
  latency?: number;
  /** Rate of the k-th download of playback x, bit/s (default: the client's access rate). */
  rate?: (x: number, k: number, clientRate: number) => number;
  /** Downloads (k-th of playback x) that fail, and after how long. */
  failAfter?: (x: number, k: number) => number | undefined;
  seed?: number;
}

export interface Fetch {
  x: number;
  at: number;
  file: number;
  chunk: number;
  bytes: number;
  /** The player's buffer and maximum when it asked, ms. */
  bufferMs: number;
  maxBufferMs: number;
}

export interface QoeRecord {
  startedAt: number;
  isp: number;
  site: number;
  rank: number;
  startupS: number;
  rebufferS: number;
  rebufferEvents: number;
  playS: number;
  bits: number;
  switches: number;
}

export function harness(o: HarnessOptions = {}) {
  const engine = new JsEngine();
  const ladderBps = Float64Array.from(o.ladderBps ?? [235e3, 750e3, 1750e3, 3000e3, 5800e3, 16e6]);
  const workload = openConnectSections.workload.parse({ abandonPerSecond: 0, ...o.workload });
  const latency = o.latency ?? 0.02;
  const rtt = o.rtt ?? 0.04;
  const rec = {
    requestBytes: 0,
    stallS: 0,
    stallPlayedS: 0,
    playedBits: 0,
    segments: 0,
    /** Segments that arrived, by bit rate. */
    segmentsAt: new Map<number, number>(),
    steeringChanges: 0,
    sessions: 0,
    abandoned: 0,
    startups: [] as number[],
    qoe: [] as QoeRecord[],
    fetches: [] as Fetch[],
    /** Per playback: when each segment arrived. */
    arrivals: new Map<number, number[]>(),
    /** Bytes delivered by downloads that were cancelled. */
    cancelledBytes: 0,
    cancels: 0,
    completedBytes: 0,
  };
  const ctx = {
    s: { workload },
    world: { isps: [{ prefixes: 4, clientMedianBps: o.clientMedianBps ?? 20e6, clientSigma: o.clientSigma ?? 0 }], catalog: { rungs: ladderBps.length, ladderBps } },
    engine,
    observer: {},
    streams: { sessions: stream({ seed: o.seed ?? 1, replication: 0, component: 'sessions', entity: 0 }) },
    metrics: {
      request: (_now: number, bytes: number) => void (rec.requestBytes += bytes),
      count: () => void rec.steeringChanges++,
      sessionStarted: () => void rec.sessions++,
      abandon: () => void rec.abandoned++,
      segmentPlayed: (_now: number, bitrate: number, seconds: number) => {
        rec.playedBits += bitrate * seconds;
        rec.segments++;
        rec.segmentsAt.set(bitrate, (rec.segmentsAt.get(bitrate) ?? 0) + 1);
      },
      startup: (_now: number, s: number) => void rec.startups.push(s),
      stallInBin: (_now: number, stall: number, played: number) => {
        rec.stallS += stall;
        rec.stallPlayedS += played;
      },
      qoe: {
        sessionEnded: (startedAt: number, isp: number, site: number, rank: number, startupS: number, rebufferS: number, rebufferEvents: number, playS: number, bits: number, switches: number) =>
          void rec.qoe.push({ startedAt, isp, site, rank, startupS, rebufferS, rebufferEvents, playS, bits, switches }),
      },
    },
  } as unknown as PlayerContext;

  const ss: Sessions = createSessions();
  // The download in flight per session: start, first byte, rate, size, its completion event.
  const flight = new Map<number, { start: number; firstByte: number; rate: number; bytes: number; handle: EventHandle }>();
  const downloads = new Map<number, number>();
  const serving = {
    steer: (x: number) => {
      ss.site[x] = 0;
      ss.rank[x] = 0;
      ss.oca[x] = 0;
      return rtt;
    },
    fetch: (x: number, file: number, chunk: number, bytes: number) => {
      const p = ss.playback[x];
      if (!p) throw new Error('fetch for a playback that ended');
      const now = engine.now;
      rec.fetches.push({ x, at: now, file, chunk, bytes, bufferMs: p.player.bufferMs, maxBufferMs: maxBufferSeconds(workload) * 1000 });
      const k = downloads.get(x) ?? 0;
      downloads.set(x, k + 1);
      const failAfter = o.failAfter?.(x, k);
      const rate = o.rate ? o.rate(x, k, ss.clientRate[x]) : ss.clientRate[x];
      const handle = failAfter !== undefined ? engine.schedule(failAfter, DOWNLOAD_FAILED, x) : engine.schedule(latency + (bytes * 8) / rate, DOWNLOAD_DONE, x);
      flight.set(x, { start: now, firstByte: latency, rate, bytes, handle });
    },
    delivered: (x: number) => {
      const f = flight.get(x);
      if (!f) return 0;
      return Math.min(f.bytes, Math.max(0, ((engine.now - f.start - f.firstByte) * f.rate) / 8));
    },
    cancel: (x: number) => {
      const f = flight.get(x);
      if (!f) throw new Error('cancel without a download');
      rec.cancelledBytes += serving.delivered(x);
      rec.cancels++;
      engine.cancel(f.handle);
      flight.delete(x);
    },
  };
  const player = createPlayer(ctx, ss, serving);
  engine.on(SEGMENT_REQUEST, player.segmentRequest);
  engine.on(PLAYER_CHECK, player.check);
  engine.on(DOWNLOAD_DONE, (x) => {
    const f = flight.get(x)!;
    flight.delete(x);
    rec.completedBytes += f.bytes;
    const times = rec.arrivals.get(x) ?? [];
    times.push(engine.now);
    rec.arrivals.set(x, times);
    player.arrived(x, engine.now - f.start, f.firstByte);
  });
  engine.on(DOWNLOAD_FAILED, (x) => {
    flight.delete(x);
    player.failed(x);
  });
  return { engine, ctx, ss, player, rec, workload, ladderBps, rtt, latency, inFlight: () => flight.size };
}
