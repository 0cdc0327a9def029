/**
 * The player of each playback: the src/player Player (buffer, throughput estimate,
 * the scenario's ABR rule — `workload.abr`, default `bba`), driven by the model's event
 * loop, its downloads moved by serving over the data plane. The cycle is the one
 * src/player/session.ts runs over a trace:
 *
 *   startPlayback   steer once, then the pre-roll (startup.ts) before the first request
 *   SEGMENT_REQUEST the buffer has room: the rule chooses a rung, serving fetches it
 *   PLAYER_CHECK    a download in flight: should the rule abandon it for a lower rung?
 *   arrived         the segment is in: the player plays and learns; room, or wait for it
 *   failed          nobody could serve: the playback ends
 *
 * A playback's movie is the catalog's ladder at constant bit rate, `segment` long
 * segments, as many as cover the `watch` seconds its viewer stays (rounded up), capped
 * at `hdCap` unless the playback is one of the `uhdShare` with a UHD plan and device.
 * Units: the Player works in ms, kbit/s and bits, the model in s, bit/s and bytes;
 * they are converted here and nowhere else.
 *
 * Owns: the playbacks (sessions.ts). Handles: SEGMENT_REQUEST, PLAYER_CHECK; serving
 * calls arrived and failed. Reports to metrics per request, per segment and, at its
 * end, per playback (metrics.qoe: filed under the site and rank of its first segment's
 * server; startup NaN for a playback that never started).
 */
import { lognormal, uniformInt } from '../../engine/variates.js';
import { createAbr, DEFAULT_ABR_OPTIONS } from '../../player/abr/registry.js';
import { constantBitrateMovie, type Movie } from '../../player/movie.js';
import { DEFAULT_PLAYER, Player, type PlayerOptions } from '../../player/player.js';
import type { SimContext } from '../context.js';
import { PLAYER_CHECK, SEGMENT_REQUEST } from '../events.js';
import { T_STEERING_CHANGES } from '../totals.js';
import { SITE_NONE } from '../qoe.js';
import { closeSlot, openSlot, type Playback, type Sessions } from './sessions.js';
import { preRollSeconds } from './startup.js';

/** What the player needs of serving (serve/serve.ts implements it). */
export interface PlayerServing {
  steer(x: number): number;
  fetch(x: number, file: number, chunk: number, bytes: number): void;
  delivered(x: number): number;
  cancel(x: number): void;
}

export type PlayerContext = Pick<SimContext, 's' | 'world' | 'engine' | 'observer'> & {
  streams: Pick<SimContext['streams'], 'sessions'>;
  metrics: Pick<SimContext['metrics'], 'request' | 'count' | 'sessionStarted' | 'abandon' | 'segmentPlayed' | 'startup' | 'stallInBin'> & {
    qoe: Pick<SimContext['metrics']['qoe'], 'sessionEnded'>;
  };
};

export interface CdnPlayer {
  /** A playback of `title` starts in ISP `isp`, its viewer to watch `watch` seconds. */
  startPlayback(isp: number, title: number, watch: number): void;
  /** Serving's hooks: session x's segment arrived whole, or could not be served. */
  arrived(x: number, seconds: number, firstByte: number): void;
  failed(x: number): void;
  /** SEGMENT_REQUEST (session) */
  segmentRequest(x: number): void;
  /** PLAYER_CHECK (session, download) */
  check(x: number, download: number): void;
  /** The run ends: playbacks still running report their QoE as if their viewers stopped now. */
  finish(): void;
}

/**
 * Maximum buffer when the scenario gives none, seconds: [D] the Netflix player of
 * Huang et al. (SIGCOMM 2014) holds 240 s; at least two segments.
 */
export function maxBufferSeconds(w: { segment: number; maxBuffer?: number }): number {
  return w.maxBuffer ?? Math.max(240, 2 * w.segment);
}

/** Segments a viewer who stays `watch` seconds fetches: whole segments, at least one. */
export function segmentsWatched(watch: number, segment: number): number {
  return Math.max(1, Math.ceil(watch / segment - 1e-9));
}

/** The highest rung a playback without UHD may use: the top one at or below hdCap (at least the lowest). */
export function hdTopRung(ladder: ArrayLike<number>, hdCap: number): number {
  let top = 0;
  while (top + 1 < ladder.length && ladder[top + 1] <= hdCap) top++;
  return top;
}

/** The movies of the model's playbacks (one segment; copy with the playback's count), UHD and HD-capped. */
export function playbackMovies(ladderBps: Float64Array, segmentS: number, hdCap: number): { uhd: Movie; hd: Movie } {
  const kbps = ladderBps.map((b) => b / 1000);
  const uhd = constantBitrateMovie(kbps, segmentS * 1000, 1);
  const hd = constantBitrateMovie(kbps.subarray(0, hdTopRung(ladderBps, hdCap) + 1), segmentS * 1000, 1);
  return { uhd, hd };
}

export function createPlayer(ctx: PlayerContext, ss: Sessions, serving: PlayerServing): CdnPlayer {
  const { s, world, engine, metrics, observer } = ctx;
  const { catalog, isps } = world;
  const w = s.workload;
  const rng = ctx.streams.sessions;
  const ladder = catalog.ladderBps;
  const segmentS = w.segment;
  const options: PlayerOptions = { ...DEFAULT_PLAYER, maxBufferMs: maxBufferSeconds(w) * 1000 };
  const movies = playbackMovies(ladder, segmentS, w.hdCap);
  // Abandonment is looked at every checkS from the request, except inside the quiet time
  // the rule proves (Player.noAbandonBeforeMs): Sabre looks every 50 ms; an event per
  // look costs more than the download, hence a coarser default (workload.abandonCheck).
  const checkS = w.abandonCheck;

  function fetchNext(x: number, p: Playback): void {
    const now = engine.now;
    const player = p.player;
    player.choose();
    const t = player.transfer;
    p.fetchAt = now;
    p.bufferAtFetchMs = player.bufferMs;
    const bytes = t.bits / 8;
    metrics.request(now, bytes);
    const download = ++ss.download[x];
    serving.fetch(x, ss.title[x] * catalog.rungs + t.rung, player.segment, bytes);
    if (player.canAbandon()) engine.scheduleAt(now + checkS, PLAYER_CHECK, x, download);
  }

  /** After a download ended: the next request now, or once the buffer has room, or the end. */
  function next(x: number, p: Playback): void {
    const player = p.player;
    if (player.done()) {
      end(x, p, false);
      return;
    }
    const waitMs = player.roomWaitMs();
    if (waitMs > 0) {
      // Nothing happens to the player until then: its clock moves now, the engine's later.
      player.wait(waitMs);
      engine.schedule(waitMs / 1000, SEGMENT_REQUEST, x);
    } else fetchNext(x, p);
  }

  function end(x: number, p: Playback, leftAtStartup: boolean): void {
    const player = p.player;
    const r = player.end();
    const arrivedSegments = player.segment;
    let bits = 0; // bit rate x seconds played
    let switches = 0;
    for (let k = 0; k < arrivedSegments; k++) {
      bits += ladder[r.rungs[k]] * segmentS;
      if (k > 0 && r.rungs[k] !== r.rungs[k - 1]) switches++;
    }
    // Filed under the first segment's server; a playback that never got a byte under none.
    const site = arrivedSegments > 0 ? p.firstSite : SITE_NONE;
    const rank = arrivedSegments > 0 ? p.firstRank : 0;
    if (leftAtStartup) metrics.qoe.sessionEnded(p.startedAt, ss.isp[x], site, rank, p.startupS, 0, 0, 0, 0, 0);
    else metrics.qoe.sessionEnded(p.startedAt, ss.isp[x], site, rank, p.startupS, r.rebufferMs / 1000, r.rebufferEvents, r.playedMs / 1000, bits, switches);
    closeSlot(ss, x);
  }

  return {
    startPlayback(i, title, watch) {
      const now = engine.now;
      const isp = isps[i];
      const x = openSlot(ss);
      ss.isp[x] = i;
      ss.prefix[x] = uniformInt(rng, isp.prefixes);
      ss.title[x] = title;
      ss.clientRate[x] = lognormal(rng, Math.log(isp.clientMedianBps), isp.clientSigma);
      const movie = { ...(rng() < w.uhdShare ? movies.uhd : movies.hd), segments: segmentsWatched(watch, segmentS) };
      const player = new Player(movie, createAbr(w.abr, movie, { ...DEFAULT_ABR_OPTIONS, maxBufferMs: options.maxBufferMs }), options);
      metrics.sessionStarted(now);
      if (observer.onSession) observer.onSession(now, i, title);
      const rtt = serving.steer(x);
      ss.playback[x] = {
        player,
        startedAt: now,
        fetchAt: now,
        bufferAtFetchMs: 0,
        lastFirstByteMs: rtt * 1000,
        stallMs: 0,
        startupS: NaN,
        firstSite: -1,
        firstRank: -1,
        prevSite: -1,
      };
      engine.schedule(preRollSeconds(w.startup, rtt), SEGMENT_REQUEST, x);
    },

    segmentRequest(x) {
      const p = ss.playback[x];
      if (p) fetchNext(x, p);
    },

    check(x, download) {
      if (ss.download[x] !== download) return; // that download ended
      const p = ss.playback[x] as Playback;
      const player = p.player;
      const t = player.transfer;
      const elapsedMs = (engine.now - p.fetchAt) * 1000;
      if (elapsedMs >= player.noAbandonBeforeMs()) {
        t.elapsedMs = elapsedMs;
        t.downloadedBits = Math.min(t.bits, serving.delivered(x) * 8);
        // Serving tells the first byte's time only on arrival: until then the last segment's stands in.
        t.firstByteMs = t.downloadedBits > 0 ? Math.min(p.lastFirstByteMs, elapsedMs) : elapsedMs;
        if (player.checkAbandon() >= 0) {
          serving.cancel(x);
          ss.download[x]++;
          p.stallMs += Math.max(0, elapsedMs - p.bufferAtFetchMs);
          player.abandoned();
          next(x, p);
          return;
        }
      }
      // The next look: the next multiple of checkS from the request not inside the quiet time.
      const looks = Math.round((engine.now - p.fetchAt) / checkS);
      const quietLooks = Math.ceil(player.noAbandonBeforeMs() / 1000 / checkS);
      if (quietLooks === Infinity) return; // the rule proved it never will
      engine.scheduleAt(p.fetchAt + Math.max(looks + 1, quietLooks) * checkS, PLAYER_CHECK, x, download);
    },

    arrived(x, seconds, firstByte) {
      const p = ss.playback[x];
      if (!p) return;
      ss.download[x]++;
      const now = engine.now;
      const player = p.player;
      const t = player.transfer;
      const started = player.segment > 0;
      t.downloadedBits = t.bits;
      t.elapsedMs = seconds * 1000;
      t.firstByteMs = firstByte * 1000;
      p.lastFirstByteMs = t.firstByteMs;
      // The buffer played while the segment came; what it lacked the viewer waited.
      if (started) p.stallMs += Math.max(0, t.elapsedMs - p.bufferAtFetchMs);
      player.completed();
      metrics.segmentPlayed(now, ladder[t.rung], segmentS);
      metrics.stallInBin(now, p.stallMs / 1000, segmentS);
      p.stallMs = 0;
      const site = ss.site[x];
      if (started && site !== p.prevSite) metrics.count(now, T_STEERING_CHANGES, 1);
      p.prevSite = site;
      if (!started) {
        p.firstSite = site;
        p.firstRank = ss.rank[x];
        p.startupS = now - p.startedAt;
        metrics.startup(now, p.startupS);
        // Krishnan & Sitaraman (IMC 2012): each second of startup beyond 2 s loses ~5.8% of viewers.
        if (rng() < w.abandonPerSecond * Math.max(0, p.startupS - 2)) {
          metrics.abandon(now);
          end(x, p, true);
          return;
        }
      }
      next(x, p);
    },

    finish() {
      for (let x = 0; x < ss.playback.length; x++) {
        const p = ss.playback[x];
        if (!p) continue;
        serving.cancel(x);
        end(x, p, false);
      }
    },

    failed(x) {
      const p = ss.playback[x];
      if (!p) return;
      ss.download[x]++;
      const now = engine.now;
      const player = p.player;
      // Serving books the bytes it could not deliver (metrics.fail).
      if (player.segment > 0) {
        // The viewer played what was buffered while the client tried, then waited.
        const waitedMs = (now - p.fetchAt) * 1000;
        p.stallMs += Math.max(0, waitedMs - p.bufferAtFetchMs);
        player.wait(waitedMs);
        metrics.stallInBin(now, p.stallMs / 1000, 0);
      }
      end(x, p, false);
    },
  };
}
