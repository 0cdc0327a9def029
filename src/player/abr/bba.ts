/**
 * BBA-0, the buffer-based approach Netflix tested on its own service (Huang, Johari,
 * McKeown, Trunnell & Watson, "A Buffer-Based Approach to Rate Adaptation: Evidence
 * from a Large Video Streaming Service", SIGCOMM 2014, section 4).
 *
 * The rate map: below the reservoir the lowest bitrate; above reservoir + cushion the
 * highest; in between a straight line from the lowest to the highest bitrate. The rule
 * (the paper's Algorithm 1) keeps the current rung until the map crosses the next rung
 * up (then it takes the highest rung below the map) or the next rung down (then the
 * lowest rung above the map): the gap between rungs is its hysteresis. It never
 * abandons a download.
 *
 * The paper's player holds 240 s, with a 90 s reservoir and a 126 s cushion (the rest,
 * 10%, is an upper reservoir). Players here hold less (25 s by default), so the defaults
 * keep those shares of the maximum buffer: reservoir 37.5%, cushion 52.5%.
 */
import type { Movie } from '../movie.js';
import type { AbrDefinition, AbrOptions, AbrRule, PlayerView } from './types.js';

export const RESERVOIR_SHARE = 90 / 240;
export const CUSHION_SHARE = 126 / 240;

export interface BbaZones {
  reservoirMs: number;
  cushionMs: number;
}

export function bbaZones(options: AbrOptions): BbaZones {
  return {
    reservoirMs: options.reservoirMs ?? RESERVOIR_SHARE * options.maxBufferMs,
    cushionMs: options.cushionMs ?? CUSHION_SHARE * options.maxBufferMs,
  };
}

/** The rate map f(buffer), kbit/s. */
export function bbaRateKbps(ladder: Float64Array, zones: BbaZones, bufferMs: number): number {
  const low = ladder[0];
  const high = ladder[ladder.length - 1];
  if (bufferMs <= zones.reservoirMs) return low;
  if (bufferMs >= zones.reservoirMs + zones.cushionMs) return high;
  return low + ((high - low) * (bufferMs - zones.reservoirMs)) / zones.cushionMs;
}

/** The rung the map alone gives: the highest whose bitrate is at most f(buffer). */
export function bbaMapRung(ladder: Float64Array, zones: BbaZones, bufferMs: number): number {
  const f = bbaRateKbps(ladder, zones, bufferMs);
  let rung = 0;
  while (rung + 1 < ladder.length && ladder[rung + 1] <= f) rung++;
  return rung;
}

export class BbaRule implements AbrRule {
  readonly name = 'bba';
  private rung = 0;

  constructor(
    private readonly ladder: Float64Array,
    private readonly zones: BbaZones,
  ) {}

  choose(view: PlayerView): number {
    this.rung = bbaNextRung(this.ladder, this.zones, this.rung, view.bufferMs);
    return this.rung;
  }
}

/** Algorithm 1 of the paper: the next rung from the previous one and the buffer. */
export function bbaNextRung(ladder: Float64Array, zones: BbaZones, previous: number, bufferMs: number): number {
  const top = ladder.length - 1;
  if (bufferMs <= zones.reservoirMs) return 0;
  if (bufferMs >= zones.reservoirMs + zones.cushionMs) return top;
  const f = bbaRateKbps(ladder, zones, bufferMs);
  // At the ends of the ladder there is no next rung to cross (the paper's Rate+ = R_max,
  // Rate- = R_min); the guards keep rounding at the zone edges from stepping the wrong way.
  if (previous < top && f >= ladder[previous + 1]) {
    let r = 0; // the highest rung strictly below the map
    while (r + 1 <= top && ladder[r + 1] < f) r++;
    return r;
  }
  if (previous > 0 && f <= ladder[previous - 1]) {
    let r = top; // the lowest rung strictly above the map
    while (r - 1 >= 0 && ladder[r - 1] > f) r--;
    return r;
  }
  return previous;
}

export const bba: AbrDefinition = {
  name: 'bba',
  describe: "BBA-0: Netflix's buffer-based rate map, reservoir and cushion (Huang et al., SIGCOMM 2014)",
  create: (movie: Movie, options: AbrOptions) => new BbaRule(movie.bitratesKbps, bbaZones(options)),
};
