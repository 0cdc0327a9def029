/**
 * Faults on the timeline: the scenario's scheduled faults (each applied when it starts
 * and undone when it ends) and random appliance failures (exponential times to failure
 * and to repair). A fault changes the data plane at once; the control plane hears of
 * it later (control/health.ts, control/bgp.ts).
 *
 * Owns: the faults' actions. Handles: FAULT, RANDOM_FAILURE. Changes: health and BGP
 * (control/; health tells the data plane), the flash crowd (demand/titles.ts), link
 * capacities (network.ts).
 */
import type { Handler } from '../engine/engine.js';
import { exponential } from '../engine/variates.js';
import { InputError } from '../errors.js';
import type { Scenario, SimContext } from './context.js';
import type { ControlPlane } from './control/control-plane.js';
import type { TitleChoice } from './demand/titles.js';
import { CONTROL_PEERING, CONTROL_UPDATE, FAULT, RANDOM_FAILURE } from './events.js';
import type { LinkLoads } from './link-load.js';
import type { Network } from './network.js';
import { faultLinks } from './interconnects.js';

/** Index of a site, link, ISP or exchange point by the name the scenario gives it. */
interface Names {
  site: Map<string, number>;
  /** A link's name, or `<isp>/peering` for all of the ISP's interconnects. */
  link: Map<string, number[]>;
  isp: Map<string, number>;
  ixp: Map<string, number>;
}

type ScheduledFault = Exclude<Scenario['faults'][number], { type: 'random-appliance-failures' }>;

export interface Faults {
  /** FAULT (k, on) */
  fault(k: number, on: number): void;
  /** RANDOM_FAILURE (oca, phase); null when the scenario has no random failures. */
  randomFailure: Handler | null;
}

/** Builds every fault's action and schedules its start and end. */
export function createFaults(ctx: SimContext, control: ControlPlane, titles: TitleChoice, loads: LinkLoads, net: Network): Faults {
  const { s, engine, metrics, observer, end } = ctx;
  /** Per scheduled fault: a function that applies it (on) or undoes it (off). */
  const actions: ((on: boolean) => void)[] = [];
  const names: Names = {
    site: new Map(ctx.world.sites.map((x, i) => [x.name, i])),
    link: faultLinks(s, ctx.world.links.names),
    isp: new Map(ctx.world.isps.map((x, i) => [x.name, i])),
    ixp: new Map(ctx.world.ixps.map((x, i) => [x.name, i])),
  };
  let randomFailure: Handler | null = null;
  s.faults.forEach((f, fi) => {
    if (f.type === 'random-appliance-failures') {
      randomFailure = randomFailures(ctx, control, f.mtbf, f.mttr);
      return;
    }
    actions.push(faultAction(ctx, control, titles, loads, net, names, f, fi));
    const k = actions.length - 1;
    if (f.at <= end) engine.scheduleAt(f.at, FAULT, k, 1);
    if ('for' in f && f.for !== undefined && f.at + f.for <= end) engine.scheduleAt(f.at + f.for, FAULT, k, 0);
    metrics.faults.push({ index: fi, type: f.type, at: f.at, until: 'for' in f && f.for !== undefined ? f.at + f.for : null });
  });
  return {
    fault(k, on) {
      actions[k](on === 1);
      if (observer.onFault) observer.onFault(engine.now, metrics.faults[k].index, on === 1);
    },
    randomFailure,
  };
}

/** What a scheduled fault does when it starts (on) and ends. */
function faultAction(ctx: SimContext, control: ControlPlane, titles: TitleChoice, loads: LinkLoads, net: Network, names: Names, f: ScheduledFault, fi: number): (on: boolean) => void {
  const { s, world, engine } = ctx;
  const { sites, isps } = world;
  const { health, bgp } = control;
  const siteIndex = (name: string) => names.site.get(name) as number;
  const linkIndices = (name: string) => names.link.get(name) as number[];
  switch (f.type) {
    case 'site-down': {
      const si = siteIndex(f.site);
      return (on) => sites[si].ocas.forEach((o) => health.setOca(o, !on));
    }
    case 'appliance-down': {
      const o = sites[siteIndex(f.site)].ocas[f.appliance];
      return (on) => health.setOca(o, !on);
    }
    case 'link-down': {
      const ls = linkIndices(f.link);
      return (on) => ls.forEach((l) => health.setLink(l, !on));
    }
    case 'bgp-session-down': {
      const si = siteIndex(f.site);
      // The data plane is untouched; the session is declared down when the hold timer
      // expires, and the ISP re-announces once it is back. Back before the hold timer
      // expired, it never went down.
      let expiry = -1;
      return (on) => {
        if (on) expiry = bgp.siteSessionDown(si, s.bgp.holdTime);
        else if (!engine.cancel(expiry)) bgp.siteSessionUp(si);
      };
    }
    case 'peering-down': {
      const i = (names.ixp.get(f.ixp) as number) * isps.length + (names.isp.get(f.isp) as number);
      return (on) => {
        health.peeringUp[i] = on ? 0 : 1;
        engine.schedule(on ? s.bgp.holdTime : s.bgp.convergence, CONTROL_UPDATE, CONTROL_PEERING, i);
      };
    }
    case 'as-link-down': {
      const link = bgp.asLinkBetween(f.between[0], f.between[1]);
      if (link < 0) throw new InputError(`AS ${f.between[0]} and AS ${f.between[1]} share no link in the topology`, { field: `faults[${fi}].between` });
      // The session drops at once (BFD) and comes back with the link; BGP does the rest.
      return (on) => (on ? bgp.asLinkDown(link) : bgp.asLinkUp(link));
    }
    case 'flash-crowd': {
      const title = f.title ?? titles.leastPopularTitle();
      return (on) => titles.setFlashCrowd(on ? title : -1, f.share);
    }
    case 'capacity': {
      const ls = linkIndices(f.link);
      return () =>
        ls.forEach((l) => {
          loads.add(l, 0);
          net.setLinkCapacity(l, f.capacity);
        });
    }
  }
}

/** Schedules each appliance's first failure; returns the RANDOM_FAILURE handler. */
function randomFailures(ctx: SimContext, control: ControlPlane, mtbf: number, mttr: number): Handler {
  const { world, engine, metrics, end } = ctx;
  const rng = ctx.streams.failures;
  for (let o = 0; o < world.ocas.count; o++) {
    const t = exponential(rng, 1 / mtbf);
    if (t < end) engine.scheduleAt(t, RANDOM_FAILURE, o, 0);
  }
  return (o, phase) => {
    const down = phase === 0;
    control.health.setOca(o, !down);
    if (down && engine.now >= metrics.warmup) metrics.randomFailures++;
    const next = engine.now + exponential(rng, 1 / (down ? mttr : mtbf));
    if (next < end) engine.scheduleAt(next, RANDOM_FAILURE, o, down ? 1 : 0);
  };
}
