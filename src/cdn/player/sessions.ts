/**
 * Playbacks in progress: one slot per playback, recycled through a free list when it
 * ends. Serving reads a slot's `isp`, `prefix`, `clientRate` and `title` and writes the
 * `oca`, `site` and `rank` of the download in flight (site and oca -1 for the origin);
 * those arrays double, all together, when every slot is taken, so read them through
 * the Sessions object, never from a copy of the array.
 *
 * The rest of a playback's state is its Playback record: the src/player Player with
 * its ABR rule, and the few numbers the model keeps beside it. One record is made per
 * playback start; nothing is allocated per segment.
 */
import type { Player } from '../../player/player.js';
import { grow } from '../../util/grow.js';

/** What the model keeps for one playback beside its Player. Times in seconds of simulated time. */
export interface Playback {
  player: Player;
  /** When the viewer pressed play. */
  startedAt: number;
  /** When the download in flight was asked for. */
  fetchAt: number;
  /** The player's buffer (ms) when the download in flight was asked for. */
  bufferAtFetchMs: number;
  /** First-byte latency of the last segment that arrived, ms: the abandonment checks' stand-in until this one's arrives. */
  lastFirstByteMs: number;
  /** Stall (ms) since the last segment arrived, abandoned downloads included. */
  stallMs: number;
  /** From pressing play to the first segment's arrival; NaN until then. */
  startupS: number;
  /** Site and proximity rank of the first segment's server (the playback's QoE is filed under them). */
  firstSite: number;
  firstRank: number;
  /** Site of the previous segment, for the count of steering changes. */
  prevSite: number;
}

export interface Sessions {
  isp: Int32Array;
  prefix: Int32Array;
  title: Int32Array;
  /** The access line's rate, bit/s. */
  clientRate: Float64Array;
  /** The download in flight: appliance and site serving it (-1 for the origin) and the site's proximity rank. */
  oca: Int32Array;
  site: Int32Array;
  rank: Int32Array;
  /**
   * Downloads started by the slot, over all the playbacks it held: an abandonment check
   * carries the number of its download and is ignored once another has started.
   */
  download: Int32Array;
  /** The slot's playback, or null when the slot is free. */
  playback: (Playback | null)[];
  /** Free slots, a stack of height freeTop. */
  free: Int32Array;
  freeTop: number;
  /** Slots ever used: [0, used). */
  used: number;
  capacity: number;
}

export function createSessions(): Sessions {
  const capacity = 1024;
  return {
    isp: new Int32Array(capacity),
    prefix: new Int32Array(capacity),
    title: new Int32Array(capacity),
    clientRate: new Float64Array(capacity),
    oca: new Int32Array(capacity).fill(-1),
    site: new Int32Array(capacity).fill(-1),
    rank: new Int32Array(capacity),
    download: new Int32Array(capacity),
    playback: [],
    free: new Int32Array(capacity),
    freeTop: 0,
    used: 0,
    capacity,
  };
}

/** A slot for a new playback: a freed one, else the next unused one (growing the arrays). */
export function openSlot(ss: Sessions): number {
  if (ss.freeTop > 0) return ss.free[--ss.freeTop];
  if (ss.used === ss.capacity) growSessions(ss);
  ss.playback.push(null);
  return ss.used++;
}

export function closeSlot(ss: Sessions, x: number): void {
  ss.playback[x] = null;
  ss.free[ss.freeTop++] = x;
}

function growSessions(ss: Sessions): void {
  const cap = (ss.capacity *= 2);
  ss.isp = grow(ss.isp, cap);
  ss.prefix = grow(ss.prefix, cap);
  ss.title = grow(ss.title, cap);
  ss.clientRate = grow(ss.clientRate, cap);
  ss.oca = grow(ss.oca, cap, -1);
  ss.site = grow(ss.site, cap, -1);
  ss.rank = grow(ss.rank, cap);
  ss.download = grow(ss.download, cap);
  ss.free = grow(ss.free, cap);
}
