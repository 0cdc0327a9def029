/**
 * Benchmarks of the sharing and of the flow engine.
 *
 * Cost of a max-min refill per flow event at a given concurrency, on a CDN-shaped
 * set of resources: every flow crosses one site NIC, one interconnect and one access
 * aggregate. The site NICs saturate, and everything is connected through them, so
 * each refill covers all flows: the worst case for the incremental update (many
 * flows held by one link).
 *
 * The flow engine's bench runs a generated flow set (./generate.ts) end to end.
 *
 * The saturated-port bench is the case groups are for: every flow crosses one site
 * port that is full, behind its client's access line (a cap, as the CDN model has
 * it), and one of the site's appliance NICs; each completion starts a new flow, so
 * the concurrency stays put. It runs the same flows with groups and without.
 */
import { stream } from '../../engine/rng.js';
import { exponential, uniformInt } from '../../engine/variates.js';
import { JsEngine } from '../../engine/js-engine.js';
import { FlowEngine } from './flow-engine.js';
import { runFlowSet, type FlowInstance } from './instance.js';
import { MaxMinSharing } from './maxmin.js';
import { FLOW_MODELS, type FlowModel } from './models.js';

export interface MaxMinBenchOptions {
  flows: number;
  events: number;
  sites: number;
  interconnects: number;
  accessLinks: number;
  seed: number;
}

export const MAXMIN_BENCH_DEFAULTS: MaxMinBenchOptions = { flows: 10_000, events: 20_000, sites: 50, interconnects: 500, accessLinks: 5_000, seed: 1 };

export interface MaxMinBench {
  concurrentFlows: number;
  resources: number;
  events: number;
  usPerEvent: number;
  meanComponentFlows: number;
  usPerFullRefill: number;
}

export function benchMaxMin(options: Partial<MaxMinBenchOptions> = {}): MaxMinBench {
  const o = { ...MAXMIN_BENCH_DEFAULTS, ...options };
  const rng = stream({ seed: o.seed, replication: 0, component: 'bench-maxmin', entity: 0 });
  const caps: number[] = [];
  for (let i = 0; i < o.sites; i++) caps.push(100e9);
  for (let i = 0; i < o.interconnects; i++) caps.push(10e9 * (1 + uniformInt(rng, 10)));
  for (let i = 0; i < o.accessLinks; i++) caps.push(1e9 * (1 + uniformInt(rng, 10)));
  const m = new MaxMinSharing(caps, { maxHops: 3, flows: o.flows + 16 });
  const route = new Int32Array(3);
  const randomRoute = () => {
    route[0] = uniformInt(rng, o.sites);
    route[1] = o.sites + uniformInt(rng, o.interconnects);
    route[2] = o.sites + o.interconnects + uniformInt(rng, o.accessLinks);
    return route;
  };
  const live = new Int32Array(o.flows);
  for (let i = 0; i < o.flows; i++) live[i] = m.insert(randomRoute());
  m.recomputeAll();

  let component = 0;
  const t0 = process.hrtime.bigint();
  for (let e = 0; e < o.events; e += 2) {
    const i = uniformInt(rng, o.flows);
    m.remove(live[i]);
    component += m.compFlowCount;
    live[i] = m.add(randomRoute());
    component += m.compFlowCount;
  }
  const events = o.events - (o.events % 2);
  const us = Number(process.hrtime.bigint() - t0) / 1e3;

  const full = 20;
  const t1 = process.hrtime.bigint();
  for (let i = 0; i < full; i++) m.recomputeAll();
  const usFull = Number(process.hrtime.bigint() - t1) / 1e3 / full;
  return {
    concurrentFlows: o.flows,
    resources: caps.length,
    events,
    usPerEvent: us / events,
    meanComponentFlows: component / events,
    usPerFullRefill: usFull,
  };
}

export interface FlowBench {
  concurrent: number;
  flows: number;
  /** Flow starts plus ends. */
  flowEvents: number;
  /** Wall and CPU seconds of the simulation, in process. */
  seconds: number;
  cpuSeconds: number;
  flowEventsPerSecond: number;
  flowEventsPerCpuSecond: number;
  /** Flows re-solved per change, on average: the incremental update's reach. */
  meanFlowsSolved: number;
  simulatedEnd: number;
}

/**
 * Time a CDN-shaped flow set (./generate.ts) through the flow engine, in process.
 * Returns the figures and every flow's completion time, in input order.
 */
export function benchFlows(inst: FlowInstance, concurrent: number, model: FlowModel): { bench: FlowBench; ends: Float64Array } {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const { end: ends, stats } = runFlowSet(inst, model, new JsEngine());
  const cpu = process.cpuUsage(c0);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const flows = ends.length;
  return {
    bench: {
      concurrent,
      flows,
      flowEvents: 2 * flows,
      seconds,
      cpuSeconds,
      flowEventsPerSecond: (2 * flows) / seconds,
      flowEventsPerCpuSecond: (2 * flows) / cpuSeconds,
      meanFlowsSolved: stats.flowsSolved / Math.max(1, stats.solves),
      simulatedEnd: ends.reduce((m, x) => Math.max(m, x), 0),
    },
    ends,
  };
}

export interface PortBench {
  concurrentFlows: number;
  /** Flow starts plus ends timed. */
  flowEvents: number;
  /** CPU µs per flow start or end, with groups and with every change re-solved by the fill (null: not run). */
  cpuUsPerEvent: number;
  cpuUsPerEventWithoutGroups: number | null;
  /** Share of the re-solves that only moved the port's level. */
  levelMoveShare: number;
  meanFlowsSolved: number;
  meanFlowsSolvedWithoutGroups: number | null;
  /** The flows' completion times agree between the two runs, to this relative difference. */
  largestRelativeDifference: number | null;
}

/** Above this many flows the run without groups is skipped: starting them alone costs O(flows²). */
export const PORT_COMPARE_MAX = 20_000;

const PORT_ACCESS = [1.25e6, 3.1e6, 6.25e6, 12.5e6];
const PORT_ACCESS_LATENCY = [0.005, 0.01, 0.02];
const PORT_NICS = 8;

/**
 * `flows` flows at once through one port sized at 0.4 × their access rates' sum (so
 * it holds about three flows in four, the slowest lines hold the rest), over 8 NICs
 * with room to spare; 2 MB mean transfers; `events` starts plus ends timed after as
 * many untimed.
 */
export function benchSaturatedPort(flows: number, events: number, seed = 1): PortBench {
  const on = portRun(flows, events, seed, 32);
  const off = flows <= PORT_COMPARE_MAX ? portRun(flows, events, seed, Infinity) : undefined;
  let diff = 0;
  if (off) for (let i = 0; i < Math.min(on.ends.length, off.ends.length); i++) diff = Math.max(diff, Math.abs(on.ends[i] - off.ends[i]) / off.ends[i]);
  return {
    concurrentFlows: flows,
    flowEvents: on.events,
    cpuUsPerEvent: on.cpuUs / on.events,
    cpuUsPerEventWithoutGroups: off ? off.cpuUs / off.events : null,
    levelMoveShare: on.levelMoves / on.solves,
    meanFlowsSolved: on.flowsSolved / on.solves,
    meanFlowsSolvedWithoutGroups: off ? off.flowsSolved / off.solves : null,
    largestRelativeDifference: off ? diff : null,
  };
}

function portRun(flows: number, events: number, seed: number, groupMin: number) {
  const rng = stream({ seed, replication: 0, component: 'bench-port', entity: 0 });
  const meanAccess = PORT_ACCESS.reduce((a, b) => a + b, 0) / PORT_ACCESS.length;
  const port = 0.4 * flows * meanAccess;
  const capacity = [port, ...Array.from({ length: PORT_NICS }, () => (2 * port) / PORT_NICS)];
  const latency = [0.0005, ...Array.from({ length: PORT_NICS }, () => 0)];
  const engine = new JsEngine();
  const route = new Int32Array(2);
  const ends: number[] = [];
  let stopAt = Infinity;
  const start = () => {
    route[0] = 1 + uniformInt(rng, PORT_NICS);
    route[1] = 0;
    const cap = PORT_ACCESS[uniformInt(rng, PORT_ACCESS.length)];
    const bytes = Math.floor(exponential(rng, 1 / 2e6) + 1000);
    net.start(route, bytes, 0, cap, PORT_ACCESS_LATENCY[uniformInt(rng, PORT_ACCESS_LATENCY.length)]);
  };
  const net: FlowEngine = new FlowEngine(engine, { capacity, latency }, {
    kind: 0,
    model: FLOW_MODELS.maxmin,
    maxHops: 2,
    flows: flows + 16,
    groupMin,
    onComplete: () => {
      ends.push(engine.now);
      start();
      if (net.stats.started + net.stats.completed >= stopAt) engine.stop();
    },
  });
  for (let i = 0; i < flows; i++) start();
  // As many flow events untimed first (the code compiled, the group formed), then the timed ones.
  stopAt = flows + events;
  engine.run();
  const s0 = { ...net.stats };
  const c0 = process.cpuUsage();
  stopAt = s0.started + s0.completed + events;
  engine.run();
  const cpu = process.cpuUsage(c0);
  const st = net.stats;
  return {
    events: st.started - s0.started + st.completed - s0.completed,
    cpuUs: cpu.user + cpu.system,
    solves: st.solves - s0.solves,
    flowsSolved: st.flowsSolved - s0.flowsSolved,
    levelMoves: st.levelMoves - s0.levelMoves,
    ends,
  };
}
