/**
 * When playbacks start, and what they watch: per ISP, a non-homogeneous Poisson process
 * following its diurnal curve (diurnal.ts), a title from the day's regional popularity
 * (titles.ts) and a watched fraction of its runtime. A playback trace, when the scenario
 * names one, replaces the generated arrivals: one event per line, read as it fires.
 *
 * Handles: SESSION_ARRIVAL, TRACE_PLAYBACK. Hands each playback to the player.
 */
import { uniform } from '../../engine/variates.js';
import type { SimContext } from '../context.js';
import { SESSION_ARRIVAL, TRACE_PLAYBACK } from '../events.js';
import { nextArrival } from './diurnal.js';
import type { Playback } from './playback-trace.js';
import type { TitleChoice } from './titles.js';

export interface Arrivals {
  /** SESSION_ARRIVAL (isp) */
  sessionArrival(i: number): void;
  /** TRACE_PLAYBACK () */
  tracePlayback(): void;
  /** Schedule the first arrivals (or the trace's first playback). */
  start(): void;
}

export function createArrivals(ctx: SimContext, titles: TitleChoice, startPlayback: (isp: number, title: number, watch: number) => void): Arrivals {
  const { s, world, engine, streams, end } = ctx;
  const { catalog, isps } = world;
  const rng = streams.sessions;
  const trace = streams.playbackTrace ?? null;
  let nextPlayback: Playback | null = null;
  function scheduleTrace(): void {
    nextPlayback = trace ? trace.next() : null;
    if (nextPlayback && nextPlayback.time <= end) engine.scheduleAt(Math.max(engine.now, nextPlayback.time), TRACE_PLAYBACK);
  }
  return {
    sessionArrival(i) {
      const now = engine.now;
      const isp = isps[i];
      const next = nextArrival(isp.demand, isp.peakSessionRate, now, end, streams.arrivals[i]);
      if (next !== Infinity) engine.scheduleAt(next, SESSION_ARRIVAL, i);
      const title = titles.pick(i, rng);
      const watch = uniform(rng, s.workload.viewFraction.min, s.workload.viewFraction.max) * catalog.runtime[title];
      startPlayback(i, title, watch);
    },
    tracePlayback() {
      const p = nextPlayback as Playback;
      startPlayback(p.isp, p.title, Math.min(p.watch, catalog.runtime[p.title]));
      scheduleTrace();
    },
    start() {
      if (trace) scheduleTrace();
      else {
        for (let i = 0; i < isps.length; i++) {
          const t = nextArrival(isps[i].demand, isps[i].peakSessionRate, 0, end, streams.arrivals[i]);
          if (t !== Infinity) engine.scheduleAt(t, SESSION_ARRIVAL, i);
        }
      }
    },
  };
}
