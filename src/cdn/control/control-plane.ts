/**
 * The control plane: the steering table (per client prefix, the sites that may serve
 * it, ranked by BGP proximity; steering.ts) and what it knows of health and BGP. It
 * rebuilds the table when BGP or an exchange peering changes, never per request.
 *
 * Owns: the steering table, per-site load (what steering policies see as utilisation),
 * health (health.ts) and BGP (bgp.ts). Handles: CONTROL_UPDATE. Read by serving
 * (serve/), which orders a request's candidates from the table.
 */
import * as abi from '../kernel/abi.js';
import { shareSteering } from '../kernel/host.js';
import type { SimContext } from '../context.js';
import { CONTROL_BGP, CONTROL_LINK, CONTROL_OCA, CONTROL_PEERING } from '../events.js';
import { createControlBgp, type ControlBgp } from './bgp.js';
import { createHealth, type Health } from './health.js';
import { buildSteering, prefixBase, sortLists, type SteeringTable } from './steering.js';
import type { SteeringView } from './steering-policies.js';

export interface ControlPlane {
  bgp: ControlBgp;
  health: Health;
  /** Global index of an ISP's first client prefix (steering.ts prefixBase). */
  base: Int32Array;
  /** The current table; replaced (not changed) by a rebuild. */
  table: SteeringTable;
  /** What a policy may look at when it orders sites. */
  view: SteeringView;
  /** Load being served per site, bits/s. */
  siteLoad: Float64Array;
  /** CONTROL_UPDATE (what, index) */
  update(what: number, i: number): void;
}

export function createControlPlane(ctx: SimContext): ControlPlane {
  const { s, world, native, home, metrics, steeringPolicy } = ctx;
  const { sites, ocas, isps } = world;
  const base = prefixBase(world);
  const bgp = createControlBgp(ctx);
  const health = createHealth(ctx);
  const siteLatency = Float64Array.from(s.sites, (x) => x.latency ?? (x.isp !== undefined ? 0.002 : 0.01));
  const siteCapacity = Float64Array.from(sites, (x) => x.ocas.reduce((a, o) => a + ocas.capacityBps[o], 0));
  const siteLoad = home.f64(abi.P_SITE_LOAD, sites.length);
  const view: SteeringView = {
    utilisation: (si) => siteLoad[si] / siteCapacity[si],
    latency: (si) => siteLatency[si],
    rng: ctx.streams.steering,
  };
  /** The steering table; with a static policy each list is sorted here once, not per request. */
  function steeringTable(): SteeringTable {
    const t = buildSteering(world, bgp.state, base);
    if (steeringPolicy.static) sortLists(t, (site, pathLength) => steeringPolicy.key(view, site, 0, pathLength));
    if (native) shareSteering(home, t);
    return t;
  }
  const plane: ControlPlane = {
    bgp,
    health,
    base,
    table: steeringTable(),
    view,
    siteLoad,
    update(what, i) {
      if (what === CONTROL_OCA) health.ocaKnownUp[i] = health.ocaUp[i];
      else if (what === CONTROL_LINK) health.linkKnownUp[i] = health.linkUp[i];
      else if (what === CONTROL_BGP) {
        bgp.refreshSessions();
        rebuild();
      } else if (what === CONTROL_PEERING) {
        // An exchange peering that is down (as the control plane sees it) takes the ISP out of the exchange's members.
        const k = Math.floor(i / isps.length);
        const asn = isps[i % isps.length].asn;
        bgp.state.ixpMembers[k] = world.ixpMembers[k].filter((m) => m !== asn || health.peeringUp[i] === 1);
        rebuild();
      }
    },
  };
  function rebuild(): void {
    plane.table = steeringTable();
    if (ctx.engine.now >= metrics.warmup) metrics.steeringRebuilds++;
  }
  return plane;
}
