/**
 * The steady-state solver's benchmark as a library call: time one-origin solves over
 * a graph, each into the same reused arrays (so the figure is the solve, not
 * allocation), and count the ASes each origin reaches so no solve can be skipped.
 */
import { JsEngine } from '../../engine/js-engine.js';
import { stream } from '../../engine/rng.js';
import { uniformInt } from '../../engine/variates.js';
import type { AsGraph } from '../graph/graph.js';
import { NONE } from '../relationship.js';
import { BgpSessions } from './events.js';
import { createRoutes, solvePrefix } from './solve.js';

export interface SolveBench {
  originsTimed: number;
  /** The first solve, JIT compilation included. */
  msFirstOrigin: number;
  msPerOrigin: number;
  msMedianOrigin: number;
  msMaxOrigin: number;
  secondsAllOrigins: number;
  /** Mean share of ASes that got a route. */
  meanReach: number;
}

export function benchSolve(g: AsGraph, origins: number, seed = 1): SolveBench {
  const rng = stream({ seed, replication: 0, component: 'bench-bgp', entity: 0 });
  const out = createRoutes(g.size);
  const one = new Int32Array(1);
  const times = new Float64Array(origins);
  let reached = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < origins; i++) {
    one[0] = uniformInt(rng, g.size);
    const t = process.hrtime.bigint();
    solvePrefix(g, one, out);
    times[i] = Number(process.hrtime.bigint() - t) / 1e6;
    for (let x = 0; x < g.size; x++) if (out.rel[x] !== NONE) reached++;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const first = times[0];
  times.sort();
  return {
    originsTimed: origins,
    msFirstOrigin: first,
    msPerOrigin: (seconds * 1000) / origins,
    msMedianOrigin: times[origins >> 1],
    msMaxOrigin: times[origins - 1],
    secondsAllOrigins: seconds,
    meanReach: reached / origins / g.size,
  };
}

/** Degree figures to compare a graph with CAIDA's (median, tail, maximum; peer share). */
export function degreeSummary(g: AsGraph): { median: number; p99: number; max: number; degreeOne: number; peerLinks: number } {
  const deg = new Int32Array(g.size);
  for (let x = 0; x < g.size; x++) deg[x] = g.offset[x + 1] - g.offset[x];
  deg.sort();
  let ones = 0;
  for (let x = 0; x < g.size; x++) if (deg[x] === 1) ones++;
  let peers = 0;
  for (let l = 0; l < g.linkCount; l++) peers += g.linkPeer[l];
  const q = (p: number) => deg[Math.min(g.size - 1, Math.floor(p * (g.size - 1)))];
  return { median: q(0.5), p99: q(0.99), max: deg[g.size - 1] ?? 0, degreeOne: ones / g.size, peerLinks: peers };
}

export interface EventPhase {
  /** Simulated seconds from the trigger to the last update processed. */
  convergenceSeconds: number;
  announcements: number;
  withdrawals: number;
  events: number;
  wallMs: number;
}

/**
 * Event mode over the same graph: one AS announces a prefix, the network settles,
 * then it withdraws it. Default timers (MRAI 30 s jittered, 5 ms links, 1-10 ms processing).
 */
export function benchEvents(g: AsGraph, seed = 1): { announce: EventPhase; withdraw: EventPhase } {
  const engine = new JsEngine({ capacity: 1 << 16 });
  const rng = stream({ seed, replication: 0, component: 'bench-bgp-events', entity: 0 });
  const bgp = new BgpSessions(engine, g, { kind: 0, prefixes: 1, rng });
  const origin = uniformInt(rng, g.size);
  const phase = (trigger: () => void): EventPhase => {
    const before = bgp.stats();
    const events = engine.eventsProcessed;
    const t0 = process.hrtime.bigint();
    trigger();
    engine.run();
    const after = bgp.stats();
    return {
      convergenceSeconds: after.convergenceTime,
      announcements: after.announcements - before.announcements,
      withdrawals: after.withdrawals - before.withdrawals,
      events: engine.eventsProcessed - events,
      wallMs: Number(process.hrtime.bigint() - t0) / 1e6,
    };
  };
  const announce = phase(() => bgp.originate(origin, 0));
  const withdraw = phase(() => bgp.stopOriginating(origin, 0));
  return { announce, withdraw };
}
