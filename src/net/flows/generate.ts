/**
 * A CDN-shaped flow set for benchmarks: clients' access lines → site ports →
 * interconnects, about `concurrent` flows active at once and 10 × `concurrent` in all.
 * The shape of the reference generator used to time SimGrid (one access line per
 * concurrent flow on average; lines of 10, 24.8, 50 or 100 Mbit/s with 5, 10 or 20 ms
 * latency; 20 site ports and 4 interconnects scaled with the load; 2 MB mean
 * transfers, so about 1 s each at the access rate; Poisson arrivals by Little's law),
 * drawn from the project's random streams. Sizes are whole bytes, as SimGrid takes them.
 */
import { stream } from '../../engine/rng.js';
import { exponential, uniform, uniformInt } from '../../engine/variates.js';
import type { FlowInstance } from './instance.js';

const SITES = 20;
const INTERCONNECTS = 4;
const MEAN_BYTES = 2e6;
/** Bytes/s at which a typical transfer runs, for the arrival rate. */
const MEAN_RATE = 2e6;
const ACCESS_BANDWIDTH = [1.25e6, 3.1e6, 6.25e6, 12.5e6];
const ACCESS_LATENCY = [0.005, 0.01, 0.02];
/** Share of flows that also cross an interconnect. */
const VIA_INTERCONNECT = 0.3;

export function cdnFlowSet(concurrent: number, seed: number): FlowInstance {
  if (!Number.isInteger(concurrent) || concurrent < 1) throw new RangeError(`concurrent flows must be a positive integer, got ${concurrent}`);
  const rng = stream({ seed, replication: 0, component: 'bench-flows', entity: 0 });
  const clients = Math.max(10, concurrent);
  const links = INTERCONNECTS + SITES + clients;
  const linkNames: string[] = [];
  const bandwidth = new Float64Array(links);
  const latency = new Float64Array(links);
  for (let i = 0; i < INTERCONNECTS; i++) {
    linkNames.push(`ic${i}`);
    bandwidth[i] = 1.25e9 * uniform(rng, 0.5, 2) * Math.max(1, concurrent / 2000);
    latency[i] = 0.002;
  }
  for (let i = 0; i < SITES; i++) {
    linkNames.push(`site${i}`);
    bandwidth[INTERCONNECTS + i] = 1.25e9 * uniform(rng, 0.5, 2) * Math.max(1, concurrent / 4000);
    latency[INTERCONNECTS + i] = 0.0005;
  }
  for (let i = 0; i < clients; i++) {
    linkNames.push(`acc${i}`);
    bandwidth[INTERCONNECTS + SITES + i] = ACCESS_BANDWIDTH[uniformInt(rng, ACCESS_BANDWIDTH.length)];
    latency[INTERCONNECTS + SITES + i] = ACCESS_LATENCY[uniformInt(rng, ACCESS_LATENCY.length)];
  }
  const n = 10 * concurrent;
  const arrivalRate = concurrent / (MEAN_BYTES / MEAN_RATE);
  const start = new Float64Array(n);
  const bytes = new Float64Array(n);
  const routeStart = new Int32Array(n + 1);
  const routes = new Int32Array(3 * n);
  let t = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    t += exponential(rng, arrivalRate);
    start[i] = t;
    routes[k++] = INTERCONNECTS + SITES + uniformInt(rng, clients);
    routes[k++] = INTERCONNECTS + uniformInt(rng, SITES);
    if (rng() < VIA_INTERCONNECT) routes[k++] = uniformInt(rng, INTERCONNECTS);
    bytes[i] = Math.floor(exponential(rng, 1 / MEAN_BYTES) + 1000);
    routeStart[i + 1] = k;
  }
  return { linkNames, bandwidth, latency, start, bytes, routeStart, routes: routes.slice(0, k) };
}

/** The flow set as instance JSON (the `cdnsim flows` input). */
export function instanceJson(inst: FlowInstance): string {
  const links = inst.linkNames.map((name, i) => ({ name, bandwidth: inst.bandwidth[i], latency: inst.latency[i] }));
  const flows = Array.from(inst.start, (start, i) => ({
    start,
    bytes: inst.bytes[i],
    route: Array.from(inst.routes.subarray(inst.routeStart[i], inst.routeStart[i + 1]), (l) => inst.linkNames[l]),
  }));
  return JSON.stringify({ links, flows });
}

/** The flow set as the text the SimGrid yardstick reads: `L name bandwidth latency` and `F start bytes link...` lines. */
export function instanceText(inst: FlowInstance): string {
  const lines = inst.linkNames.map((name, i) => `L ${name} ${inst.bandwidth[i]} ${inst.latency[i]}`);
  for (let i = 0; i < inst.start.length; i++) {
    const route = Array.from(inst.routes.subarray(inst.routeStart[i], inst.routeStart[i + 1]), (l) => inst.linkNames[l]);
    lines.push(`F ${inst.start[i]} ${inst.bytes[i]} ${route.join(' ')}`);
  }
  return lines.join('\n') + '\n';
}
