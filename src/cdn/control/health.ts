/**
 * What is up, twice: the data plane's truth (an appliance, link or exchange peering
 * session that is down drops what it is asked) and the control plane's knowledge of it,
 * which catches up `steering.detection` seconds after a change (CONTROL_UPDATE). Steering
 * leaves out what the control plane knows is down; a client that is sent to something
 * down before then loses a timeout and fails over. The data plane hears at once: the
 * flows on what failed end there (network.ts).
 *
 * Owns: the up / known-up flags.
 * Changed by faults.ts; the control plane (control-plane.ts) copies truth to knowledge.
 */
import type { SimContext } from '../context.js';
import { CONTROL_LINK, CONTROL_OCA, CONTROL_UPDATE } from '../events.js';

export interface Health {
  ocaUp: Uint8Array;
  ocaKnownUp: Uint8Array;
  linkUp: Uint8Array;
  linkKnownUp: Uint8Array;
  /** Per (exchange, ISP): whether the CDN's peering session there is up (data plane). */
  peeringUp: Uint8Array;
  /** An appliance fails or returns; the control plane hears of it after the detection delay. */
  setOca(o: number, up: boolean): void;
  setLink(l: number, up: boolean): void;
  /** The data plane, told of every change at once (network.ts ends the flows on what failed). */
  dataPlane: { setApplianceUp(o: number, up: boolean): void; setLinkUp(l: number, up: boolean): void } | null;
}

export function createHealth(ctx: SimContext): Health {
  const { s, world, engine } = ctx;
  const links = world.links.capacity.length;
  const h: Health = {
    ocaUp: new Uint8Array(world.ocas.count).fill(1),
    ocaKnownUp: new Uint8Array(world.ocas.count).fill(1),
    linkUp: new Uint8Array(links).fill(1),
    linkKnownUp: new Uint8Array(links).fill(1),
    peeringUp: new Uint8Array(world.ixps.length * world.isps.length).fill(1),
    dataPlane: null,
    setOca(o, up) {
      if ((h.ocaUp[o] === 1) === up) return;
      h.ocaUp[o] = up ? 1 : 0;
      h.dataPlane?.setApplianceUp(o, up);
      engine.schedule(s.steering.detection, CONTROL_UPDATE, CONTROL_OCA, o);
    },
    setLink(l, up) {
      if ((h.linkUp[l] === 1) === up) return;
      h.linkUp[l] = up ? 1 : 0;
      h.dataPlane?.setLinkUp(l, up);
      engine.schedule(s.steering.detection, CONTROL_UPDATE, CONTROL_LINK, l);
    },
  };
  return h;
}
