/**
 * One playback over a measured network trace, as Sabre runs it: the player's cycle
 * (player.ts) with every download moved by a TraceLink. A download that may be
 * abandoned moves in the link's steps (12 kbit and 50 ms, Sabre's granularity) and the
 * rule is asked after each one.
 */
import type { AbrRule } from './abr/types.js';
import { TraceLink, type NetworkTrace } from './network.js';
import type { Movie } from './movie.js';
import { DEFAULT_PLAYER, Player, type PlaybackResult, type PlayerOptions } from './player.js';

export interface TracePlayback extends PlaybackResult {
  /** The link's clock when the last segment arrived, ms. */
  networkMs: number;
}

export function playOverTrace(movie: Movie, trace: NetworkTrace, rule: AbrRule, options: PlayerOptions = DEFAULT_PLAYER): TracePlayback {
  const player = new Player(movie, rule, options);
  const link = new TraceLink(trace);
  while (!player.done()) {
    const wait = player.roomWaitMs();
    if (wait > 0) {
      player.wait(wait);
      link.idle(wait);
    }
    player.choose();
    fetchSegment(player, link);
  }
  return { ...player.end(), networkMs: link.nowMs };
}

function fetchSegment(player: Player, link: TraceLink): void {
  const t = player.transfer;
  link.request(t);
  if (!player.canAbandon()) {
    link.finish(t);
  } else {
    // Steps that end before the rule's proven quiet time need no check.
    let quietUntilMs = -Infinity;
    while (link.progressUntil(t, quietUntilMs)) {
      if (player.checkAbandon() >= 0) {
        player.abandoned();
        return;
      }
      quietUntilMs = player.noAbandonBeforeMs();
    }
  }
  player.completed();
}

/** The figures `cdnsim player --json` prints: Sabre's five, in its units (seconds, kbit/s), and startup. */
export interface PlaybackSummary {
  abr: string;
  rebufferSeconds: number;
  rebufferEvents: number;
  averageBitrateKbps: number;
  bitrateChangeKbps: number;
  playSeconds: number;
  startupSeconds: number;
}

export function playbackSummary(r: PlaybackResult): PlaybackSummary {
  return {
    abr: r.abr,
    rebufferSeconds: r.rebufferMs / 1000,
    rebufferEvents: r.rebufferEvents,
    averageBitrateKbps: r.averageBitrateKbps,
    bitrateChangeKbps: r.bitrateChangeKbps,
    playSeconds: r.playMs / 1000,
    startupSeconds: r.startupMs / 1000,
  };
}
