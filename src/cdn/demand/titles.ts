/**
 * Which title a new playback watches: the day's popularity in the viewer's region
 * (an alias table per ISP, rebuilt when the day changes), unless a flash crowd is on,
 * when a share of playbacks go to its one title.
 *
 * Owns: the alias tables and the flash crowd's title and share (faults.ts turns the
 * crowd on and off). Handles: DAY_START. Reads: the world's popularity.
 */
import { aliasTable, sampleAlias, type AliasTable } from '../../engine/variates.js';
import type { Rng } from '../../engine/rng.js';
import type { SimContext } from '../context.js';
import { DAY_START } from '../events.js';
import { regionalWeights, weightsOn } from './popularity.js';

export interface TitleChoice {
  /** A title for a playback in ISP `isp`, drawn from `rng`. */
  pick(isp: number, rng: Rng): number;
  /** Send `share` of playbacks to `title` (-1: the crowd is over). */
  setFlashCrowd(title: number, share: number): void;
  /** A flash crowd without a title takes the least popular released title: one nobody forecast. */
  leastPopularTitle(): number;
  /** DAY_START (day) */
  dayStart(day: number): void;
}

/** Builds today's tables and schedules the first DAY_START. */
export function createTitleChoice(ctx: SimContext): TitleChoice {
  const { world, engine } = ctx;
  const tableOf = (day: number, i: number) => aliasTable(positiveOrUniform(regionalWeights(world.popularity, day, i)));
  const tables: AliasTable[] = world.isps.map((_, i) => tableOf(0, i));
  let crowdTitle = -1;
  let crowdShare = 0;
  if (world.days > 1) engine.scheduleAt(86400, DAY_START, 1);
  return {
    pick: (isp, rng) => (crowdTitle >= 0 && rng() < crowdShare ? crowdTitle : sampleAlias(rng, tables[isp])),
    setFlashCrowd(title, share) {
      crowdTitle = title;
      crowdShare = share;
    },
    leastPopularTitle() {
      const w = weightsOn(world.popularity, 0);
      let best = 0;
      for (let t = 1; t < w.length; t++) if (w[t] > 0 && (w[best] === 0 || w[t] < w[best])) best = t;
      return best;
    },
    dayStart(day) {
      for (let i = 0; i < tables.length; i++) tables[i] = tableOf(day, i);
      if (day + 1 < world.days) engine.scheduleAt((day + 1) * 86400, DAY_START, day + 1);
    },
  };
}

/** An alias table needs some positive weight: before any title is out, draw uniformly. */
function positiveOrUniform(w: Float64Array): Float64Array {
  for (let i = 0; i < w.length; i++) if (w[i] > 0) return w;
  return new Float64Array(w.length).fill(1);
}
