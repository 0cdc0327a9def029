/**
 * What is up, twice: the data plane's truth (an appliance, link or exchange peering
 * session that is down drops what it is asked) and the control plane's knowledge of it,
 * which catches up `steering.detection` seconds after a change (CONTROL_UPDATE). Steering
 * leaves out what the control plane knows is down; a client that is sent to something
 * down before then loses a timeout and fails over.
 *
 * Owns: the up / known-up flags (in the segment kernel's memory: it reads them too).
 * Changed by faults.ts; the control plane (control-plane.ts) copies truth to knowledge.
 */
import * as abi from '../kernel/abi.js';
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
}

export function createHealth(ctx: SimContext): Health {
  const { s, world, engine, home } = ctx;
  const links = world.links.capacity.length;
  const h: Health = {
    ocaUp: home.u8(abi.P_O_UP, world.ocas.count).fill(1),
    ocaKnownUp: home.u8(abi.P_O_KNOWN_UP, world.ocas.count).fill(1),
    linkUp: home.u8(abi.P_L_UP, links).fill(1),
    linkKnownUp: home.u8(abi.P_L_KNOWN_UP, links).fill(1),
    peeringUp: home.u8(abi.P_PEERING_UP, world.ixps.length * world.isps.length).fill(1),
    setOca(o, up) {
      h.ocaUp[o] = up ? 1 : 0;
      engine.schedule(s.steering.detection, CONTROL_UPDATE, CONTROL_OCA, o);
    },
    setLink(l, up) {
      h.linkUp[l] = up ? 1 : 0;
      engine.schedule(s.steering.detection, CONTROL_UPDATE, CONTROL_LINK, l);
    },
  };
  return h;
}
