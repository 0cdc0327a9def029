/**
 * Loads on links. The data plane (network.ts) reports each link's load whenever its
 * flows' rates change; utilisation is the load integrated over time, so each change
 * first books the bits carried since the last one into the open metrics bin, and into
 * the link's byte total and 5-minute samples (link-stats.ts).
 *
 * Owns: when each link's load last changed. Reads: the world's link loads, the
 * metrics' bits-in-bin.
 */
import type { SimContext } from './context.js';
import { bookLoad } from './link-stats.js';

export interface LinkLoads {
  /** Change link `l`'s load by `delta` bits/s, now. */
  add(l: number, delta: number): void;
  /** Book every link's carried bits up to now (before a metrics bin closes). */
  bookAll(): void;
}

export function createLinkLoads(ctx: SimContext): LinkLoads {
  const { engine } = ctx;
  const links = ctx.world.links;
  const lastChange = new Float64Array(links.capacity.length);
  const carried = ctx.metrics.linkBitsInBin;
  const stats = ctx.metrics.linkStats;
  function add(l: number, delta: number): void {
    const now = engine.now;
    carried[l] += links.load[l] * (now - lastChange[l]);
    bookLoad(stats, l, links.load[l], links.capacity[l], lastChange[l], now);
    lastChange[l] = now;
    links.load[l] += delta;
  }
  return {
    add,
    bookAll() {
      for (let l = 0; l < links.capacity.length; l++) add(l, 0);
    },
  };
}
