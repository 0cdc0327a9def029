/**
 * Loads on links. Serving and fill add a transfer's rate to every link of its path
 * when it starts and take it off when it ends; utilisation is the load integrated over
 * time, so each change first books the bits carried since the last one into the open
 * metrics bin.
 *
 * Owns: when each link's load last changed (in the segment kernel's memory: the kernel
 * books loads the same way). Reads: the world's link capacities and loads, the
 * metrics' bits-in-bin.
 */
import * as abi from './kernel/abi.js';
import type { SimContext } from './context.js';

export interface LinkLoads {
  /** Change link `l`'s load by `delta` bits/s, now. */
  add(l: number, delta: number): void;
  /** Spare capacity of a path of up to three links (-1 = none). */
  spare(a: number, b: number, c: number): number;
  /** Change the load of a path of up to three links (-1 = none). */
  addPath(a: number, b: number, c: number, delta: number): void;
  /** Book every link's carried bits up to now (before a metrics bin closes). */
  bookAll(): void;
}

export function createLinkLoads(ctx: SimContext): LinkLoads {
  const { engine } = ctx;
  const links = ctx.world.links;
  const lastChange = ctx.home.f64(abi.P_L_LAST_CHANGE, links.capacity.length);
  const carried = ctx.metrics.linkBitsInBin;
  function add(l: number, delta: number): void {
    const now = engine.now;
    carried[l] += links.load[l] * (now - lastChange[l]);
    lastChange[l] = now;
    links.load[l] += delta;
  }
  return {
    add,
    spare(a, b, c) {
      let x = Infinity;
      if (a >= 0) x = Math.min(x, links.capacity[a] - links.load[a]);
      if (b >= 0) x = Math.min(x, links.capacity[b] - links.load[b]);
      if (c >= 0) x = Math.min(x, links.capacity[c] - links.load[c]);
      return x;
    },
    addPath(a, b, c, delta) {
      if (a >= 0) add(a, delta);
      if (b >= 0) add(b, delta);
      if (c >= 0) add(c, delta);
    },
    bookAll() {
      for (let l = 0; l < links.capacity.length; l++) add(l, 0);
    },
  };
}
