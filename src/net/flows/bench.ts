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
 */
import { stream } from '../../engine/rng.js';
import { uniformInt } from '../../engine/variates.js';
import { JsEngine } from '../../engine/js-engine.js';
import { runFlowSet, type FlowInstance } from './instance.js';
import { MaxMinSharing } from './maxmin.js';
import type { FlowModel } from './models.js';

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
