/**
 * Nightly fill. When a site's fill window opens (local time), each appliance gets the
 * day's manifest: files no longer in it are deleted at once (making room), the missing
 * ones are queued, most demanded first, and moved tick by tick at the least of the
 * appliance's fill rate, the path's spare capacity and what its per-window byte budget
 * has left. Whatever is not filled when the window closes waits for the next window.
 * A run starts with each site holding what its last window before the start placed
 * (unless `placement.coldStart`).
 *
 * Owns: the per-appliance fill queue, progress and the rate and path it holds.
 * Handles: FILL_START, FILL_TICK, FILL_END. Reads: manifests (forecast.ts), sources
 * (sources.ts), presence (content.ts); loads the links of the fill paths.
 */
import { isPresent, setPresent } from '../content.js';
import type { SimContext } from '../context.js';
import { FILL_END, FILL_START, FILL_TICK } from '../events.js';
import type { LinkLoads } from '../link-load.js';
import type { ManifestsFor } from './forecast.js';
import { FROM_ORIGIN, fillSource, type FillPaths } from './sources.js';

interface FillState extends FillPaths {
  /** Per appliance: files still to fill, most demanded first, and the next index. */
  queue: (Int32Array | null)[];
  next: Int32Array;
  /** Bytes of the queue's head file already moved. */
  progress: Float64Array;
  /** Bytes moved in the current window. */
  moved: Float64Array;
  /** Rate the appliance's fill holds on its path until the next tick. */
  rate: Float64Array;
  /** Per site: end of the open window, or -1. */
  windowEnd: Float64Array;
  deltaBytes: Float64Array;
}

export interface Fill {
  /** FILL_START (site, window) */
  start(si: number, wi: number): void;
  /** FILL_TICK (site) */
  tick(si: number): void;
  /** FILL_END (site) */
  end(si: number): void;
}

/** Places each site's holdings at the start and schedules every fill window of the run. */
export function createFill(ctx: SimContext, manifestsFor: ManifestsFor, loads: LinkLoads): Fill {
  const { s, world, engine, content, metrics, end: runEnd } = ctx;
  const { catalog, sites, ocas } = world;
  if (!s.placement.coldStart) placeAtStart(ctx, manifestsFor);

  const fill: FillState = {
    queue: new Array(ocas.count).fill(null),
    next: new Int32Array(ocas.count),
    progress: new Float64Array(ocas.count),
    moved: new Float64Array(ocas.count),
    rate: new Float64Array(ocas.count),
    pathA: new Int32Array(ocas.count).fill(-1),
    pathB: new Int32Array(ocas.count).fill(-1),
    pathC: new Int32Array(ocas.count).fill(-1),
    windowEnd: new Float64Array(sites.length).fill(-1),
    deltaBytes: new Float64Array(ocas.count),
  };
  const windows = s.fill.windows.map((w) => ({ start: w.start, length: (w.end - w.start + 86400) % 86400 || 86400 }));
  if (ctx.reactiveShare < 1) {
    for (let si = 0; si < sites.length; si++) {
      for (let d = -1; d <= world.days; d++) {
        windows.forEach((w, wi) => {
          const t = d * 86400 + w.start - sites[si].utcOffset;
          if (t >= 0 && t < runEnd) engine.scheduleAt(t, FILL_START, si, wi);
        });
      }
    }
  }

  function stopFill(o: number): void {
    if (fill.rate[o] > 0) loads.addPath(fill.pathA[o], fill.pathB[o], fill.pathC[o], -fill.rate[o]);
    fill.rate[o] = 0;
  }

  function remainingBytes(o: number): number {
    const q = fill.queue[o];
    if (!q) return 0;
    let b = -fill.progress[o];
    for (let i = fill.next[o]; i < q.length; i++) b += catalog.fileBytes[q[i]];
    return b;
  }

  /** Move one tick's bytes into appliance `o`; whether it still has work this window. */
  function fillAppliance(o: number, now: number, dt: number): boolean {
    const q = fill.queue[o];
    if (!q) return false;
    let f = q[fill.next[o]];
    const source = fillSource(world, content, fill, o, f);
    const budget = ocas.fillBytesPerWindow[o] - fill.moved[o];
    const rate = Math.min(ocas.fillRateBps[o], loads.spare(fill.pathA[o], fill.pathB[o], fill.pathC[o]), (budget * 8) / dt);
    if (!(rate > 0)) return budget > 0;
    fill.rate[o] = rate;
    loads.addPath(fill.pathA[o], fill.pathB[o], fill.pathC[o], rate);
    let bytes = (rate * dt) / 8;
    fill.moved[o] += bytes;
    metrics.fillMoved(now, o, source, bytes, rate, fill.moved[o], source === FROM_ORIGIN);
    // Files complete in order; the bytes of a tick may finish several small ones.
    while (bytes > 0 && fill.next[o] < q.length) {
      f = q[fill.next[o]];
      const need = catalog.fileBytes[f] - fill.progress[o];
      if (bytes >= need) {
        bytes -= need;
        setPresent(content, o, f, true);
        content.manifestBytes[o] += catalog.fileBytes[f];
        fill.next[o]++;
        fill.progress[o] = 0;
      } else {
        fill.progress[o] += bytes;
        bytes = 0;
      }
    }
    if (fill.next[o] >= q.length) {
      fill.queue[o] = null;
      return false;
    }
    return true;
  }

  return {
    start(si, wi) {
      const site = sites[si];
      const now = engine.now;
      const localDay = Math.floor((now + site.utcOffset) / 86400);
      const lists = manifestsFor(si, localDay);
      if (!lists) return;
      const windowEnd = Math.min(runEnd, now + windows[wi].length);
      fill.windowEnd[si] = windowEnd;
      site.ocas.forEach((o, k) => {
        const wanted = new Uint8Array(content.files);
        for (const f of lists[k]) wanted[f] = 1;
        // Deletions first: they make the room the additions need.
        for (let f = 0; f < content.files; f++) {
          if (wanted[f] === 0 && isPresent(content, o, f)) {
            setPresent(content, o, f, false);
            content.manifestBytes[o] -= catalog.fileBytes[f];
          }
        }
        const delta = lists[k].filter((f) => !isPresent(content, o, f));
        fill.queue[o] = delta.length > 0 ? delta : null;
        fill.next[o] = 0;
        fill.progress[o] = 0;
        fill.moved[o] = 0;
        let bytes = 0;
        for (const f of delta) bytes += catalog.fileBytes[f];
        fill.deltaBytes[o] = bytes;
      });
      engine.scheduleAt(now, FILL_TICK, si);
      engine.scheduleAt(windowEnd, FILL_END, si);
    },
    tick(si) {
      const now = engine.now;
      const windowEnd = fill.windowEnd[si];
      if (windowEnd < 0 || now >= windowEnd) return;
      const dt = Math.min(s.fill.tick, windowEnd - now);
      let busy = false;
      for (const o of sites[si].ocas) {
        stopFill(o);
        busy = fillAppliance(o, now, dt) || busy;
      }
      if (busy && now + dt < windowEnd) engine.scheduleAt(now + dt, FILL_TICK, si);
      else if (!busy) for (const o of sites[si].ocas) stopFill(o);
    },
    end(si) {
      fill.windowEnd[si] = -1;
      for (const o of sites[si].ocas) {
        stopFill(o);
        metrics.fillWindowClosed(engine.now, fill.queue[o] === null, fill.deltaBytes[o], fill.deltaBytes[o] - remainingBytes(o));
        fill.queue[o] = null;
      }
    },
  };
}

/**
 * When the run starts, each site holds what its last fill window before then placed:
 * today's local manifest if a window has already opened today, else yesterday's.
 */
function placeAtStart(ctx: SimContext, manifestsFor: ManifestsFor): void {
  const { world, content } = ctx;
  const { sites, catalog } = world;
  const firstWindowStart = Math.min(...ctx.s.fill.windows.map((w) => w.start));
  for (let si = 0; si < sites.length; si++) {
    const offset = sites[si].utcOffset;
    const localDay = Math.floor(offset / 86400);
    const localTime = offset - localDay * 86400;
    const lists = manifestsFor(si, firstWindowStart <= localTime ? localDay : localDay - 1);
    if (!lists) continue;
    sites[si].ocas.forEach((o, k) => {
      for (const f of lists[k]) {
        setPresent(content, o, f, true);
        content.manifestBytes[o] += catalog.fileBytes[f];
      }
    });
  }
}
