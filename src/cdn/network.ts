/**
 * The data plane: every byte the model moves is a flow on one flow engine
 * (src/net/flows), sharing the resources of its path over time by the scenario's
 * `network.model` (SimGrid's CM02 max-min or LV08). Resources, in bytes/s:
 *
 *   [0, L)        the world's links (one direction each: a site's out and in ports,
 *                 interconnects, transit), with their latency
 *   [L, L+O)      each appliance's NIC (what it serves)
 *   [L+O, L+2O)   each appliance's disks (read to serve, written by fill)
 *
 * A client's access line is not a shared resource: it bounds its own flow (the cap)
 * and adds its delay to the path's (the site's one-way latency to clients).
 *
 * Owners: serving (a segment download), fill (an appliance's fill transfer) and
 * upstream fetches that nobody waits for (a reactive cache's fill from the origin).
 * A flow's tag is (owner id × 4 + owner); the flow engine's completions and failures
 * reach the owner's handlers. Loads reach the link loads (utilisation) and the
 * appliance loads (health) as they change.
 *
 * Owns: the flow engine. Handles: FLOW_EVENTS (the flow engine's two kinds).
 */
import { FlowEngine } from '../net/flows/flow-engine.js';
import { FLOW_MODELS } from '../net/flows/models.js';
import type { SimContext } from './context.js';
import { FLOW_EVENTS } from './events.js';
import type { LinkLoads } from './link-load.js';

export const OWNER_SERVE = 0;
export const OWNER_FILL = 1;
export const OWNER_UPSTREAM = 2;

/** What an owner hears about its flows. */
export interface FlowOwner {
  complete(id: number, flow: number): void;
  /** A resource on its path failed; `delivered` bytes had arrived. */
  fail(id: number, flow: number, delivered: number): void;
}

export interface Network {
  flows: FlowEngine;
  /** Resource ids of link `l`, appliance `o`'s NIC and its disks. */
  link(l: number): number;
  nic(o: number): number;
  disk(o: number): number;
  /** One-way latency of a resource, seconds. */
  latency(r: number): number;
  /**
   * Start a flow of `bytes` over the first `hops` resources of `route` for `owner`'s
   * `id`, bounded by `capBps` (bits/s) and paying `extraLatency` seconds one way on top
   * of the route's latency. Returns the flow.
   */
  start(route: Int32Array, hops: number, bytes: number, owner: number, id: number, capBps: number, extraLatency: number): number;
  setOwner(owner: number, handlers: FlowOwner): void;
  /** A link or appliance fails (its flows end now) or comes back. */
  setLinkUp(l: number, up: boolean): void;
  setApplianceUp(o: number, up: boolean): void;
  /** A link's capacity changes, bits/s. */
  setLinkCapacity(l: number, bps: number): void;
}

export function createNetwork(ctx: SimContext, loads: LinkLoads, siteLoad: Float64Array): Network {
  const { world, engine, s } = ctx;
  const { links, ocas } = world;
  const L = links.capacity.length;
  const O = ocas.count;
  const capacity = new Float64Array(L + 2 * O);
  const latency = new Float64Array(L + 2 * O);
  for (let l = 0; l < L; l++) {
    capacity[l] = links.capacity[l] / 8;
    latency[l] = links.latency[l];
  }
  for (let o = 0; o < O; o++) {
    const c = world.classes[ocas.cls[o]];
    capacity[L + o] = c.nicBps / 8;
    capacity[L + O + o] = c.diskReadBps / 8;
  }
  const owners: FlowOwner[] = [];
  const flows = new FlowEngine(engine, { capacity, latency }, {
    kind: FLOW_EVENTS,
    model: FLOW_MODELS[s.network.model],
    maxHops: 8,
    onComplete: (tag, f) => owners[tag & 3].complete(tag >>> 2, f),
    onFail: (tag, f, delivered) => owners[tag & 3].fail(tag >>> 2, f, delivered),
    onLoad(r, load) {
      const bps = load * 8;
      if (r < L) loads.add(r, bps - links.load[r]);
      else if (r < L + O) {
        const o = r - L;
        siteLoad[ocas.site[o]] += bps - ocas.load[o];
        ocas.load[o] = bps;
      }
    },
  });
  // Nobody waits for an upstream fetch: its bytes only load the links it crosses.
  owners[OWNER_UPSTREAM] = { complete() {}, fail() {} };
  // Scratch routes of each length: FlowEngine.start reads a route's length.
  const routes = Array.from({ length: 9 }, (_, n) => new Int32Array(n));
  return {
    flows,
    link: (l) => l,
    nic: (o) => L + o,
    disk: (o) => L + O + o,
    latency: (r) => latency[r],
    start(route, hops, bytes, owner, id, capBps, extraLatency) {
      const r = routes[hops];
      for (let h = 0; h < hops; h++) r[h] = route[h];
      return flows.start(r, bytes, id * 4 + owner, capBps / 8, extraLatency);
    },
    setOwner(owner, handlers) {
      owners[owner] = handlers;
    },
    setLinkUp(l, up) {
      if (up) flows.repair(l);
      else flows.fail(l);
    },
    setApplianceUp(o, up) {
      for (const r of [L + o, L + O + o]) {
        if (up) flows.repair(r);
        else flows.fail(r);
      }
    },
    setLinkCapacity(l, bps) {
      links.capacity[l] = bps;
      flows.setCapacity(l, bps / 8);
    },
  };
}
