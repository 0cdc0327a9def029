/**
 * Nightly fill. When a site's fill window opens (local time), each appliance gets the
 * day's manifest: files no longer in it are deleted at once (making room), the missing
 * ones are queued, most demanded first, and fetched one after another, each as a flow
 * (network.ts) from its source (sources.ts) capped at the appliance's fill rate, so
 * fill shares ports, interconnects and transit with serving. An appliance moves at
 * most its per-window byte budget. A fetch cut by a failure resumes from its source of
 * the moment one tick later; whatever is not filled when the window closes waits for
 * the next window. A run starts with each site holding what its last window before the
 * start placed (unless `placement.coldStart`).
 *
 * Owns: the per-appliance fill queue, progress and the fetch in flight.
 * Handles: FILL_START, FILL_TICK, FILL_END. Reads: manifests (forecast.ts), sources
 * (sources.ts), presence (content.ts), health (what the fill service knows is up).
 */
import { isPresent, setPresent } from '../content.js';
import type { SimContext } from '../context.js';
import type { Health } from '../control/health.js';
import { FILL_END, FILL_START, FILL_TICK } from '../events.js';
import { OWNER_FILL, type Network } from '../network.js';
import type { ManifestsFor } from './forecast.js';
import { fillSource, type FillRoute } from './sources.js';

interface FillState {
  /** Per appliance: files still to fill, most demanded first, and the next index. */
  queue: (Int32Array | null)[];
  next: Int32Array;
  /** Bytes of the queue's head file already moved. */
  progress: Float64Array;
  /** Bytes moved in the current window. */
  moved: Float64Array;
  /** The fetch in flight: its flow (-1: none), size, start and source. */
  flow: Int32Array;
  flowBytes: Float64Array;
  flowStart: Float64Array;
  source: Int8Array;
  /** Per site: end of the open window, or -1. */
  windowEnd: Float64Array;
  deltaBytes: Float64Array;
}

export interface Fill {
  /** FILL_START (site, window) */
  start(si: number, wi: number): void;
  /** FILL_TICK (site): appliances of the site whose fetch was cut try again. */
  tick(si: number): void;
  /** FILL_END (site) */
  end(si: number): void;
}

/** Places each site's holdings at the start and schedules every fill window of the run. */
export function createFill(ctx: SimContext, manifestsFor: ManifestsFor, net: Network, health: Health): Fill {
  const { s, world, engine, content, metrics, end: runEnd } = ctx;
  const { catalog, sites, ocas } = world;
  if (!s.placement.coldStart) placeAtStart(ctx, manifestsFor);

  const fill: FillState = {
    queue: new Array(ocas.count).fill(null),
    next: new Int32Array(ocas.count),
    progress: new Float64Array(ocas.count),
    moved: new Float64Array(ocas.count),
    flow: new Int32Array(ocas.count).fill(-1),
    flowBytes: new Float64Array(ocas.count),
    flowStart: new Float64Array(ocas.count),
    source: new Int8Array(ocas.count),
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
  const path: FillRoute = { route: new Int32Array(8), hops: 0 };
  const knownUp = (p: number) => health.ocaKnownUp[p] === 1;

  function remainingBytes(o: number): number {
    const q = fill.queue[o];
    if (!q) return 0;
    let b = -fill.progress[o];
    for (let i = fill.next[o]; i < q.length; i++) b += catalog.fileBytes[q[i]];
    return b;
  }

  /** Start appliance `o`'s next fetch, if its window, queue and budget allow. */
  function fetchNext(o: number): void {
    const q = fill.queue[o];
    if (!q || fill.flow[o] >= 0 || fill.windowEnd[ocas.site[o]] < 0) return;
    const budget = ocas.fillBytesPerWindow[o] - fill.moved[o];
    if (!(budget > 0)) return;
    const f = q[fill.next[o]];
    fill.source[o] = fillSource(world, content, net, knownUp, o, f, path);
    fill.flowBytes[o] = Math.min(catalog.fileBytes[f] - fill.progress[o], budget);
    fill.flowStart[o] = engine.now;
    fill.flow[o] = net.start(path.route, path.hops, fill.flowBytes[o], OWNER_FILL, o, ocas.fillRateBps[o], 0);
  }

  /** `bytes` of appliance `o`'s fetch arrived: files complete in order. */
  function arrived(o: number, bytes: number): void {
    const now = engine.now;
    fill.flow[o] = -1;
    if (!(bytes > 0)) return;
    fill.moved[o] += bytes;
    const seconds = now - fill.flowStart[o];
    metrics.fillMoved(now, o, fill.source[o], bytes, seconds > 0 ? (bytes * 8) / seconds : 0, fill.moved[o]);
    const q = fill.queue[o] as Int32Array;
    const f = q[fill.next[o]];
    fill.progress[o] += bytes;
    if (fill.progress[o] >= catalog.fileBytes[f] - 1e-6) {
      setPresent(content, o, f, true);
      content.manifestBytes[o] += catalog.fileBytes[f];
      fill.next[o]++;
      fill.progress[o] = 0;
      if (fill.next[o] >= q.length) fill.queue[o] = null;
    }
  }

  net.setOwner(OWNER_FILL, {
    complete(o) {
      arrived(o, fill.flowBytes[o]);
      fetchNext(o);
    },
    fail(o, _flow, delivered) {
      arrived(o, delivered);
      const si = ocas.site[o];
      if (engine.now + s.fill.tick < fill.windowEnd[si]) engine.schedule(s.fill.tick, FILL_TICK, si);
    },
  });

  return {
    start(si, wi) {
      const site = sites[si];
      const now = engine.now;
      const localDay = Math.floor((now + site.utcOffset) / 86400);
      const lists = manifestsFor(si, localDay);
      if (!lists) return;
      // A window still open (windows of one site may meet) closes first.
      if (fill.windowEnd[si] >= 0) closeWindow(si);
      fill.windowEnd[si] = Math.min(runEnd, now + windows[wi].length);
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
        fetchNext(o);
      });
      engine.scheduleAt(fill.windowEnd[si], FILL_END, si);
    },
    tick(si) {
      for (const o of sites[si].ocas) fetchNext(o);
    },
    end(si) {
      if (fill.windowEnd[si] >= 0 && engine.now >= fill.windowEnd[si] - 1e-9) closeWindow(si);
    },
  };

  function closeWindow(si: number): void {
    for (const o of sites[si].ocas) {
      if (fill.flow[o] >= 0) arrived(o, net.flows.abort(fill.flow[o]));
      metrics.fillWindowClosed(engine.now, fill.queue[o] === null, fill.deltaBytes[o], fill.deltaBytes[o] - remainingBytes(o));
      fill.queue[o] = null;
    }
    fill.windowEnd[si] = -1;
  }
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
