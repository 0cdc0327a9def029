/**
 * What every part of one Open Connect replication shares: the scenario, the world, the
 * engine, the random streams, the observer hooks, the content and the metrics. Parts
 * receive this and keep their own state as plain data beside it.
 */
import type { Engine } from '../engine/engine.js';
import type { Rng } from '../engine/rng.js';
import { createContent, type Content } from './content.js';
import { getSteering, type SteeringPolicy } from './control/steering-policies.js';
import type { PlaybackReader } from './demand/playback-trace.js';
import { getPlacement } from './fill/placement/registry.js';
import type { PlacementPolicy } from './fill/placement/types.js';
import { createMetrics, type Metrics } from './metrics.js';
import type { OpenConnectScenario } from './schema.js';
import type { World } from './world.js';

export type Scenario = OpenConnectScenario & { duration: number; warmup: number };

export interface SimStreams {
  arrivals: Rng[];
  sessions: Rng;
  observed: (day: number, region: number) => Rng;
  steering: Rng;
  failures: Rng;
  /** MRAI jitter and update processing times of the inter-AS sessions. */
  bgp: Rng;
  /** Playbacks from a trace instead of the generated arrivals. */
  playbackTrace?: PlaybackReader;
}

/** The model's random streams, by component (arrivals also by ISP, demand by day and region). */
export function simStreams(world: World, rng: (component: string, entity?: number) => Rng): SimStreams {
  return {
    arrivals: world.isps.map((_, i) => rng('arrivals', i)),
    sessions: rng('sessions'),
    observed: (day, region) => rng(`observed/${region}`, day + 1_000_000),
    steering: rng('steering'),
    failures: rng('failures'),
    bgp: rng('bgp'),
  };
}

/** Hooks for tests and debugging; absent hooks cost one check. */
export interface SimObserver {
  onSession?(time: number, isp: number, title: number): void;
  /** A reactive cache saw a request (hit or admitted on miss). */
  onCacheRequest?(oca: number, file: number, chunk: number, size: number, hit: boolean): void;
  /** A segment was served; `state` is live (read it inside the call). */
  onServe?(served: ServeRecord, state: LiveState): void;
  /** Scheduled fault `index` of the scenario started (on) or ended. */
  onFault?(time: number, index: number, on: boolean): void;
}

export interface ServeRecord {
  time: number;
  isp: number;
  prefix: number;
  file: number;
  /** -1 for the origin. */
  site: number;
  oca: number;
  rank: number;
  /** The steering list, in the order the client tried it. */
  candidates: { site: number; rank: number }[];
}

export interface LiveState {
  ocaUp: Uint8Array;
  /** Whether the file is in the appliance's manifest part. */
  present: (oca: number, file: number) => boolean;
  /** Appliance loads as last reported to the control plane, bits/s. */
  ocaLoad: Float64Array;
  threshold: number;
}

export interface SimContext {
  s: Scenario;
  world: World;
  engine: Engine;
  streams: SimStreams;
  observer: SimObserver;
  /** The simulated span, seconds: nothing is scheduled after it. */
  end: number;
  placement: PlacementPolicy;
  /** Share of each appliance's storage kept as a reactive cache (the rest holds its manifest). */
  reactiveShare: number;
  steeringPolicy: SteeringPolicy;
  /** Bit rates of the ladder's rungs, and the lowest: less spare capacity than it makes a path unusable. */
  ladder: Float64Array;
  minRate: number;
  content: Content;
  metrics: Metrics;
}

/** The shared context. */
export function createContext(s: Scenario, world: World, engine: Engine, streams: SimStreams, observer: SimObserver): SimContext {
  const { catalog, sites, ocas } = world;
  const placement = getPlacement(s.placement.policy);
  const reactiveShare = placement.reactiveShare(s.placement);
  const steeringPolicy = getSteering(s.steering.policy);
  const ladder = catalog.ladderBps;
  const reactiveBytes = (o: number) => ocas.storageBytes[o] * reactiveShare;
  const content = createContent(ocas.count, catalog.titles * catalog.rungs, sites.map((x) => x.ocas), reactiveBytes, s.placement.eviction);
  const metrics = createMetrics(world, s.duration, s.metricsBin, s.warmup);
  return {
    s,
    world,
    engine,
    streams,
    observer,
    end: s.duration,
    placement,
    reactiveShare,
    steeringPolicy,
    ladder,
    minRate: ladder[0],
    content,
    metrics,
  };
}
