/**
 * The control plane: the steering table (per client prefix, the sites that may serve
 * it, ranked by BGP proximity; steering.ts) and what it knows of health and BGP. It
 * rebuilds the table when BGP or an exchange peering changes, never per request.
 *
 * Load is known by report: every `steering.healthInterval` seconds each appliance
 * reports its load (Open Connect's appliances report health periodically; "Driving
 * Content Delivery Efficiency Through Classifying Cache Misses", Netflix Technology
 * Blog), and steering acts on the last report, not on the instant truth.
 *
 * Owns: the steering table, per-site load (the truth, kept by the data plane) and its
 * last report, health (health.ts) and BGP (bgp.ts). Handles: CONTROL_UPDATE,
 * HEALTH_REPORT. Read by serving (serve/), which orders a playback's candidates.
 */
import type { SimContext } from '../context.js';
import { CONTROL_BGP, CONTROL_LINK, CONTROL_OCA, CONTROL_PEERING, HEALTH_REPORT } from '../events.js';
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
  /** Load being served per site, bits/s (the truth; network.ts keeps it). */
  siteLoad: Float64Array;
  /** What the appliances last reported: load per appliance and per site, bits/s. */
  reportedOcaLoad: Float64Array;
  reportedSiteLoad: Float64Array;
  /** Link loads as last reported (a site's ports are its appliances' uplinks), bits/s. */
  reportedLinkLoad: Float64Array;
  /** One-way delay from each site to its clients, seconds (the access line's part of a path). */
  siteLatency: Float64Array;
  /** CONTROL_UPDATE (what, index) */
  update(what: number, i: number): void;
  /** HEALTH_REPORT () */
  healthReport(): void;
}

export function createControlPlane(ctx: SimContext): ControlPlane {
  const { s, world, metrics, steeringPolicy, engine } = ctx;
  const { sites, ocas, isps } = world;
  const base = prefixBase(world);
  const bgp = createControlBgp(ctx);
  const health = createHealth(ctx);
  const siteLatency = Float64Array.from(s.sites, (x) => x.latency ?? (x.isp !== undefined ? 0.002 : 0.01));
  const siteCapacity = Float64Array.from(sites, (x) => x.ocas.reduce((a, o) => a + ocas.capacityBps[o], 0));
  const siteLoad = new Float64Array(sites.length);
  const reportedSiteLoad = new Float64Array(sites.length);
  const reportedOcaLoad = new Float64Array(ocas.count);
  const reportedLinkLoad = new Float64Array(world.links.load.length);
  const { links } = world;
  // A site is as busy as its appliances or its port, whichever is fuller.
  const view: SteeringView = {
    utilisation: (si) => Math.max(reportedSiteLoad[si] / siteCapacity[si], reportedLinkLoad[sites[si].outLink] / links.capacity[sites[si].outLink]),
    latency: (si) => siteLatency[si],
    rng: ctx.streams.steering,
  };
  /** The steering table; with a static policy each list is sorted here once, not per request. */
  function steeringTable(): SteeringTable {
    const t = buildSteering(world, bgp.state, base);
    if (steeringPolicy.static) sortLists(t, (site, pathLength) => steeringPolicy.key(view, site, 0, pathLength));
    return t;
  }
  const plane: ControlPlane = {
    bgp,
    health,
    base,
    table: steeringTable(),
    view,
    siteLoad,
    reportedOcaLoad,
    reportedSiteLoad,
    reportedLinkLoad,
    siteLatency,
    healthReport() {
      reportedOcaLoad.set(ocas.load);
      reportedSiteLoad.set(siteLoad);
      reportedLinkLoad.set(links.load);
      if (engine.now + s.steering.healthInterval <= ctx.end) engine.schedule(s.steering.healthInterval, HEALTH_REPORT);
    },
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
  engine.scheduleAt(0, HEALTH_REPORT);
  function rebuild(): void {
    plane.table = steeringTable();
    if (ctx.engine.now >= metrics.warmup) metrics.steeringRebuilds++;
  }
  return plane;
}
