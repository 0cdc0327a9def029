/**
 * One replication of the Open Connect model on the event engine.
 *
 * Events (kind: payload):
 *   SESSION_ARRIVAL (isp)      a playback starts; the ISP's next arrival is scheduled
 *   SEGMENT_REQUEST (session)  the player asks for its next segment (buffer has room)
 *   SEGMENT_DONE    (session)  a segment finished downloading
 *   DAY_START       (day)      popularity moves to the next day
 *   FILL_START      (site, w)  a site's fill window opens: new manifest, deletions, queue
 *   FILL_TICK       (site)     fill moves bytes for one tick
 *   FILL_END        (site)     the window closes
 *   METRICS_BIN     (bin)      time series close a bin
 *   CONTROL_UPDATE  (what, i)  the control plane learns of a failure, repair or BGP change
 *   FAULT           (k, on)    a scheduled fault starts (on = 1) or ends
 *   RANDOM_FAILURE  (oca, up)  an appliance fails or is repaired at random
 *   TRACE_PLAYBACK  ()         the next playback of a playback trace starts
 *   BGP_EVENTS ..              inter-AS BGP in event mode (src/net/bgp/events.ts)
 *
 * Flows: a download's rate is fixed when it starts, at the least of the client's access
 * rate, the serving appliance's spare capacity and every link's spare capacity on its
 * path; the loads are released when it ends. Spare capacity below the lowest rung's bit
 * rate makes a site unusable for that request (a health miss). This keeps every link at
 * or below capacity with O(path) work per segment; it does not speed up flows when
 * others end (max-min sharing would, at a cost per event that a national day cannot
 * pay).
 */
import type { Engine } from '../engine/engine.js';
import { InputError } from '../errors.js';
import { BGP_EVENT_KINDS, BgpSessions } from '../net/bgp/events.js';
import { addEdge, createEdgeList, P2C } from '../net/graph/edges.js';
import { buildGraph, indexOfAsn, type AsGraph } from '../net/graph/graph.js';
import type { Rng } from '../engine/rng.js';
import { aliasTable, exponential, lognormal, sampleAlias, uniform, uniformInt, poisson, type AliasTable } from '../engine/variates.js';
import type { CachePolicy } from '../cache/types.js';
import { HANDLER_SEGMENT_DONE, HANDLER_SEGMENT_REQUEST } from '../engine/wasm-abi.js';
import { jsHome, wasmHome } from './array-home.js';
import { createContent, isPresent, setPresent, type Content } from './content.js';
import { nextArrival } from './diurnal.js';
import { jumpHash } from './hash.js';
import * as abi from './kernel-abi.js';
import { CHUNK_EPSILON, END_EPSILON, ESTIMATE_WEIGHT, ORIGIN } from './kernel-abi.js';
import { kernelHost, moved, shareSteering, shareWorld } from './kernel.js';
import { assignManifests, rankFiles, type Ranking } from './manifest.js';
import { createMetrics, type Metrics } from './metrics.js';
import { getPlacement } from './placement/registry.js';
import type { ForecastContext, PlacementPolicy } from './placement/types.js';
import { regionalWeights, weightsOn } from './popularity.js';
import { buildSteering, prefixBase, RANK_ORIGIN, sortLists, type BgpState, type SteeringTable } from './steering.js';
import { getSteering, type SteeringView } from './steering-policies.js';
import type { Playback, PlaybackReader } from './playback-trace.js';
import type { OpenConnectScenario } from './schema.js';
import type { World } from './world.js';

const SESSION_ARRIVAL = 0;
const SEGMENT_REQUEST = 1;
const SEGMENT_DONE = 2;
const DAY_START = 3;
const FILL_START = 4;
const FILL_TICK = 5;
const FILL_END = 6;
const METRICS_BIN = 7;
const CONTROL_UPDATE = 8;
const FAULT = 9;
const RANDOM_FAILURE = 10;
const TRACE_PLAYBACK = 11;
/** First of the BGP_EVENT_KINDS kinds of the inter-AS sessions. */
const BGP_EVENTS = 12;

const CONTROL_OCA = 0;
const CONTROL_LINK = 1;
const CONTROL_PEERING = 3;
const CONTROL_BGP = 4;

/** Outcomes of trying one site. */
const SERVED = 0;
const SKIPPED = 1;
const FAILED_ATTEMPT = 2;

const INITIAL_ESTIMATE_BPS = 2e6;

export interface SimStreams {
  arrivals: Rng[];
  sessions: Rng;
  observed: (day: number, region: number) => Rng;
  steering: Rng;
  failures: Rng;
  /** MRAI jitter and update processing times of the inter-AS sessions. */
  bgp: Rng;
  /** Playbacks from a trace instead of the generated arrivals. */
  playbackTrace?: PlaybackReader;
}

/** The model's random streams, by component (arrivals also by ISP, demand by day and region). */
export function simStreams(world: World, rng: (component: string, entity?: number) => Rng): SimStreams {
  return {
    arrivals: world.isps.map((_, i) => rng('arrivals', i)),
    sessions: rng('sessions'),
    observed: (day, region) => rng(`observed/${region}`, day + 1_000_000),
    steering: rng('steering'),
    failures: rng('failures'),
    bgp: rng('bgp'),
  };
}

export type Scenario = OpenConnectScenario & { duration: number; warmup: number };

interface FillState {
  /** Per appliance: files still to fill, most demanded first, and the next index. */
  queue: (Int32Array | null)[];
  next: Int32Array;
  /** Bytes of the queue's head file already moved. */
  progress: Float64Array;
  /** Bytes moved in the current window. */
  moved: Float64Array;
  /** Rate and path the appliance's fill holds until the next tick. */
  rate: Float64Array;
  pathA: Int32Array;
  pathB: Int32Array;
  pathC: Int32Array;
  /** Per site: end of the open window, or -1. */
  windowEnd: Float64Array;
  deltaBytes: Float64Array;
}

/** Hooks for tests and debugging; absent hooks cost one check. */
export interface SimObserver {
  onSession?(time: number, isp: number, title: number): void;
  /** A reactive cache saw a request (hit or admitted on miss). */
  onCacheRequest?(oca: number, file: number, chunk: number, size: number, hit: boolean): void;
  /** A segment was served; `state` is live (read it inside the call). */
  onServe?(served: ServeRecord, state: LiveState): void;
  /** Scheduled fault `index` of the scenario started (on) or ended. */
  onFault?(time: number, index: number, on: boolean): void;
}

export interface ServeRecord {
  time: number;
  isp: number;
  prefix: number;
  file: number;
  /** -1 for the origin. */
  site: number;
  oca: number;
  rank: number;
  /** The steering list, in the order the client tried it. */
  candidates: { site: number; rank: number }[];
}

export interface LiveState {
  ocaUp: Uint8Array;
  /** Whether the file is in the appliance's manifest part. */
  present: (oca: number, file: number) => boolean;
  ocaLoad: Float64Array;
  threshold: number;
}

export function simulateOpenConnect(s: Scenario, world: World, engine: Engine, streams: SimStreams, observer: SimObserver = {}): Metrics {
  const { catalog, isps, sites, ocas, links } = world;
  const L = s.workload.segment;
  const maxBuffer = s.workload.maxBuffer ?? Math.max(60, 4 * L);
  const firstSegment = Math.min(L, s.workload.firstSegment);
  const end = s.duration;
  const threshold = s.healthThreshold;
  const placement: PlacementPolicy = getPlacement(s.placement.policy);
  const reactiveShare = placement.reactiveShare(s.placement);
  const steeringPolicy = getSteering(s.steering.policy);
  // On the WASM engine the segment handlers run in its module when they can (kernel.ts);
  // the arrays they touch then live in its linear memory, shared with the JS handlers.
  const native = kernelHost(engine, {
    staticSteering: steeringPolicy.static === true,
    reactive: reactiveShare > 0,
    watched: observer.onServe !== undefined || observer.onCacheRequest !== undefined,
  });
  const home = native ? wasmHome(native) : jsHome();
  if (native) {
    // The kernel reads and writes these arrays of the world (this replication's own).
    links.capacity = moved(home.f64(abi.P_L_CAPACITY, links.capacity.length), links.capacity);
    links.load = moved(home.f64(abi.P_L_LOAD, links.load.length), links.load);
    ocas.capacityBps = moved(home.f64(abi.P_O_CAPACITY, ocas.count), ocas.capacityBps);
    ocas.load = moved(home.f64(abi.P_O_LOAD, ocas.count), ocas.load);
  }
  const ladder = moved(home.f64(abi.P_LADDER, catalog.ladderBps.length), catalog.ladderBps);
  const minRate = ladder[0];
  const content: Content = createContent(ocas.count, catalog.titles * catalog.rungs, sites.map((x) => x.ocas), (o) => ocas.storageBytes[o] * reactiveShare, s.placement.eviction, home);
  const metrics = createMetrics(world, s.duration, s.metricsBin, s.warmup, home);
  const isFlash = (o: number) => world.classes[ocas.cls[o]].name === 'flash';

  // ---- link loads, integrated over time for utilisation ----
  const lastChange = home.f64(abi.P_L_LAST_CHANGE, links.capacity.length);
  const carried = metrics.linkBitsInBin;
  function addLoad(l: number, delta: number): void {
    const now = engine.now;
    carried[l] += links.load[l] * (now - lastChange[l]);
    lastChange[l] = now;
    links.load[l] += delta;
  }
  /** Spare capacity of a path of up to three links (-1 = none). */
  function spare(a: number, b: number, c: number): number {
    let x = Infinity;
    if (a >= 0) x = Math.min(x, links.capacity[a] - links.load[a]);
    if (b >= 0) x = Math.min(x, links.capacity[b] - links.load[b]);
    if (c >= 0) x = Math.min(x, links.capacity[c] - links.load[c]);
    return x;
  }
  function loadPath(a: number, b: number, c: number, delta: number): void {
    if (a >= 0) addLoad(a, delta);
    if (b >= 0) addLoad(b, delta);
    if (c >= 0) addLoad(c, delta);
  }

  // ---- popularity of the current day, per region (ISP), for choosing titles ----
  const mix = Float64Array.from(world.ispSessionsPerDay, (x) => x / world.sessionsPerDay);
  const titleTables: AliasTable[] = isps.map((_, i) => aliasTable(positiveOrUniform(regionalWeights(world.popularity, 0, i))));
  engine.on(DAY_START, (day) => {
    for (let i = 0; i < isps.length; i++) titleTables[i] = aliasTable(positiveOrUniform(regionalWeights(world.popularity, day, i)));
    if (day + 1 < world.days) engine.scheduleAt((day + 1) * 86400, DAY_START, day + 1);
  });
  if (world.days > 1) engine.scheduleAt(86400, DAY_START, 1);

  // ---- manifests: a forecast per (day, region); region -1 is an exchange point's mix ----
  const cacheKey = (day: number, region: number) => day * 4096 + region + 1;
  const observedCache = new Map<number, Float64Array>();
  const forecastCtx = (day: number, region: number): ForecastContext => ({
    catalog,
    day,
    truth: (d) => regionalWeights(world.popularity, d, region, mix),
    releaseDay: world.popularity.releaseDay,
    rungShare: world.rungShare,
    historyDays: s.placement.historyDays,
    smoothing: s.placement.smoothing,
    prepositionReleases: s.placement.prepositionReleases,
    observed(d: number) {
      const key = cacheKey(d, region);
      let obs = observedCache.get(key);
      if (!obs) {
        obs = sampleObserved(d, region);
        // Shrink a region's noisy counts toward the nation's (empirical-Bayes style pooling):
        // a small ISP's few thousand playbacks a day are a poor ranking on their own.
        if (region >= 0 && s.placement.pooling > 0) {
          const nation = observedNation(d);
          const k = s.placement.pooling / world.sessionsPerDay;
          for (let t = 0; t < obs.length; t++) obs[t] += k * nation[t];
        }
        observedCache.set(key, obs);
      }
      return obs;
    },
  });
  function observedNation(d: number): Float64Array {
    const key = cacheKey(d, -1);
    let obs = observedCache.get(key);
    if (!obs) {
      obs = sampleObserved(d, -1);
      observedCache.set(key, obs);
    }
    return obs;
  }
  /** Observed title counts of a day in a region: Poisson around its expected demand. */
  function sampleObserved(d: number, region: number): Float64Array {
    const w = regionalWeights(world.popularity, d, region, mix);
    const sessions = region >= 0 ? world.ispSessionsPerDay[region] : world.sessionsPerDay;
    const rng = streams.observed(d, region);
    const obs = new Float64Array(w.length);
    for (let t = 0; t < w.length; t++) obs[t] = poisson(rng, sessions * w[t]);
    return obs;
  }
  const rankings = new Map<number, Ranking | null>();
  function rankingFor(day: number, region: number): Ranking | null {
    const key = cacheKey(day, region);
    if (!rankings.has(key)) {
      const f = placement.forecastTitles(forecastCtx(day, region));
      rankings.set(key, f ? rankFiles(catalog, f, world.rungShare) : null);
    }
    return rankings.get(key) ?? null;
  }
  function manifestsFor(site: number, day: number): Int32Array[] | null {
    const ranking = rankingFor(day, sites[site].isp);
    if (!ranking) return null;
    const os = sites[site].ocas;
    return assignManifests(
      { ocas: os, capacity: os.map((o) => ocas.storageBytes[o] * (1 - reactiveShare)), flash: os.map(isFlash) },
      ranking,
      catalog.fileBytes,
    );
  }

  // When the run starts, each site holds what its last fill window before then placed:
  // today's local manifest if a window has already opened today, else yesterday's.
  const firstWindowStart = Math.min(...s.fill.windows.map((w) => w.start));
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

  // ---- nightly fill ----
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
  if (reactiveShare < 1) {
    for (let si = 0; si < sites.length; si++) {
      for (let d = -1; d <= world.days; d++) {
        windows.forEach((w, wi) => {
          const t = d * 86400 + w.start - sites[si].utcOffset;
          if (t >= 0 && t < end) engine.scheduleAt(t, FILL_START, si, wi);
        });
      }
    }
  }

  engine.on(FILL_START, (si, wi) => {
    const site = sites[si];
    const now = engine.now;
    const localDay = Math.floor((now + site.utcOffset) / 86400);
    const lists = manifestsFor(si, localDay);
    if (!lists) return;
    const windowEnd = Math.min(end, now + windows[wi].length);
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
  });

  /** Where an appliance fetches a file from: 0 peer, 1 tier, 2 origin; sets the path. */
  function fillSource(o: number, f: number): number {
    const si = ocas.site[o];
    const site = sites[si];
    fill.pathA[o] = fill.pathB[o] = fill.pathC[o] = -1;
    for (const p of site.ocas) if (p !== o && isPresent(content, p, f)) return 0;
    if (site.isp >= 0) {
      const isp = isps[site.isp];
      for (const x of world.ixps) {
        for (const xs of x.sites) {
          for (const p of sites[xs].ocas) {
            if (isPresent(content, p, f)) {
              fill.pathA[o] = sites[xs].outLink;
              fill.pathB[o] = isp.peeringLink;
              fill.pathC[o] = site.inLink;
              return 1;
            }
          }
        }
      }
      fill.pathA[o] = isp.transitLink;
      fill.pathB[o] = site.inLink;
      return 2;
    }
    const ixp = world.ixps[site.ixp];
    for (const x of world.ixps) {
      for (const xs of x.sites) {
        if (xs === si) continue;
        for (const p of sites[xs].ocas) {
          if (isPresent(content, p, f)) {
            fill.pathA[o] = sites[xs].outLink;
            fill.pathB[o] = site.inLink;
            return 1;
          }
        }
      }
    }
    fill.pathA[o] = ixp.transitLink;
    fill.pathB[o] = site.inLink;
    return 2;
  }

  function stopFill(o: number): void {
    if (fill.rate[o] > 0) loadPath(fill.pathA[o], fill.pathB[o], fill.pathC[o], -fill.rate[o]);
    fill.rate[o] = 0;
  }

  engine.on(FILL_TICK, (si) => {
    const now = engine.now;
    const windowEnd = fill.windowEnd[si];
    if (windowEnd < 0 || now >= windowEnd) return;
    const dt = Math.min(s.fill.tick, windowEnd - now);
    let busy = false;
    for (const o of sites[si].ocas) {
      stopFill(o);
      const q = fill.queue[o];
      if (!q) continue;
      let f = q[fill.next[o]];
      const source = fillSource(o, f);
      const budget = ocas.fillBytesPerWindow[o] - fill.moved[o];
      const rate = Math.min(ocas.fillRateBps[o], spare(fill.pathA[o], fill.pathB[o], fill.pathC[o]), (budget * 8) / dt);
      if (!(rate > 0)) {
        busy = busy || budget > 0;
        continue;
      }
      fill.rate[o] = rate;
      loadPath(fill.pathA[o], fill.pathB[o], fill.pathC[o], rate);
      let bytes = (rate * dt) / 8;
      fill.moved[o] += bytes;
      if (rate > metrics.fillMaxRate[o]) metrics.fillMaxRate[o] = rate;
      if (fill.moved[o] > metrics.fillMaxWindowBytes[o]) metrics.fillMaxWindowBytes[o] = fill.moved[o];
      metrics.fillBytes[source] += bytes;
      metrics.addFillBin(now, bytes);
      if (source === 2) metrics.tot[abi.T_TRANSIT] += bytes;
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
      if (fill.next[o] >= q.length) fill.queue[o] = null;
      else busy = true;
    }
    if (busy && now + dt < windowEnd) engine.scheduleAt(now + dt, FILL_TICK, si);
    else if (!busy) for (const o of sites[si].ocas) stopFill(o);
  });

  engine.on(FILL_END, (si) => {
    fill.windowEnd[si] = -1;
    for (const o of sites[si].ocas) {
      stopFill(o);
      metrics.fillWindows++;
      if (fill.queue[o] === null) metrics.fillWindowsCompleted++;
      metrics.fillDeltaBytes += fill.deltaBytes[o];
      metrics.fillDeltaFilledBytes += fill.deltaBytes[o] - remainingBytes(o);
      fill.queue[o] = null;
    }
  });

  function remainingBytes(o: number): number {
    const q = fill.queue[o];
    if (!q) return 0;
    let b = -fill.progress[o];
    for (let i = fill.next[o]; i < q.length; i++) b += catalog.fileBytes[q[i]];
    return b;
  }

  // ---- sessions: struct of arrays, slots recycled ----
  let cap = 1024;
  let sIsp = home.i32(abi.P_S_ISP, cap);
  let sPrefix = home.i32(abi.P_S_PREFIX, cap);
  let sTitle = home.i32(abi.P_S_TITLE, cap);
  /** Seconds of video the playback will watch, has fetched, and is fetching now. */
  let sWatch = home.f64(abi.P_S_WATCH, cap);
  let sFetched = home.f64(abi.P_S_FETCHED, cap);
  let sSegLen = home.f64(abi.P_S_SEG_LEN, cap);
  let sSegDone = home.i32(abi.P_S_SEG_DONE, cap);
  let sEstimate = home.f64(abi.P_S_ESTIMATE, cap);
  let sClientRate = home.f64(abi.P_S_CLIENT_RATE, cap);
  let sBuffer = home.f64(abi.P_S_BUFFER, cap);
  let sLastUpdate = home.f64(abi.P_S_LAST_UPDATE, cap);
  let sPlaying = home.u8(abi.P_S_PLAYING, cap);
  let sStart = home.f64(abi.P_S_START, cap);
  let sStall = home.f64(abi.P_S_STALL, cap);
  let sOca = home.i32(abi.P_S_OCA, cap);
  let sSite = home.i32(abi.P_S_SITE, cap);
  let sRate = home.f64(abi.P_S_RATE, cap);
  let sRung = home.i32(abi.P_S_RUNG, cap);
  let sMaxRung = home.i32(abi.P_S_MAX_RUNG, cap);
  let sPrevSite = home.i32(abi.P_S_PREV_SITE, cap);
  let sActive = home.u8(abi.P_S_ACTIVE, cap);
  let freeList = home.i32(abi.P_S_FREE, cap);
  /** Height of freeList (one cell: the kernel ends sessions too). */
  const freeTop = home.i32(abi.P_S_FREE_TOP, 1);
  let nextSlot = 0;

  function grow(): void {
    cap *= 2;
    sIsp = moved(home.i32(abi.P_S_ISP, cap), sIsp);
    sPrefix = moved(home.i32(abi.P_S_PREFIX, cap), sPrefix);
    sTitle = moved(home.i32(abi.P_S_TITLE, cap), sTitle);
    sWatch = moved(home.f64(abi.P_S_WATCH, cap), sWatch);
    sFetched = moved(home.f64(abi.P_S_FETCHED, cap), sFetched);
    sSegLen = moved(home.f64(abi.P_S_SEG_LEN, cap), sSegLen);
    sSegDone = moved(home.i32(abi.P_S_SEG_DONE, cap), sSegDone);
    sEstimate = moved(home.f64(abi.P_S_ESTIMATE, cap), sEstimate);
    sClientRate = moved(home.f64(abi.P_S_CLIENT_RATE, cap), sClientRate);
    sBuffer = moved(home.f64(abi.P_S_BUFFER, cap), sBuffer);
    sLastUpdate = moved(home.f64(abi.P_S_LAST_UPDATE, cap), sLastUpdate);
    sPlaying = moved(home.u8(abi.P_S_PLAYING, cap), sPlaying);
    sStart = moved(home.f64(abi.P_S_START, cap), sStart);
    sStall = moved(home.f64(abi.P_S_STALL, cap), sStall);
    sOca = moved(home.i32(abi.P_S_OCA, cap), sOca);
    sSite = moved(home.i32(abi.P_S_SITE, cap), sSite);
    sRate = moved(home.f64(abi.P_S_RATE, cap), sRate);
    sRung = moved(home.i32(abi.P_S_RUNG, cap), sRung);
    sMaxRung = moved(home.i32(abi.P_S_MAX_RUNG, cap), sMaxRung);
    sPrevSite = moved(home.i32(abi.P_S_PREV_SITE, cap), sPrevSite);
    sActive = moved(home.u8(abi.P_S_ACTIVE, cap), sActive);
    freeList = moved(home.i32(abi.P_S_FREE, cap), freeList);
    home.publish();
  }

  function endSession(x: number): void {
    metrics.recordSession(sStall[x], sFetched[x]);
    sActive[x] = 0;
    freeList[freeTop[0]++] = x;
  }

  const rng = streams.sessions;
  // The highest rung a playback without UHD may use.
  let hdTop = 0;
  while (hdTop + 1 < ladder.length && ladder[hdTop + 1] <= s.workload.hdCap) hdTop++;

  engine.on(SESSION_ARRIVAL, (i) => {
    const now = engine.now;
    const isp = isps[i];
    const next = nextArrival(isp.demand, isp.peakSessionRate, now, end, streams.arrivals[i]);
    if (next !== Infinity) engine.scheduleAt(next, SESSION_ARRIVAL, i);
    const title = flashCrowdTitle >= 0 && rng() < flashCrowdShare ? flashCrowdTitle : sampleAlias(rng, titleTables[i]);
    const watch = uniform(rng, s.workload.viewFraction.min, s.workload.viewFraction.max) * catalog.runtime[title];
    startPlayback(i, title, watch);
  });

  // A playback trace replaces the generated arrivals: one event per line, read as it fires.
  const trace = streams.playbackTrace ?? null;
  let nextPlayback: Playback | null = null;
  engine.on(TRACE_PLAYBACK, () => {
    const p = nextPlayback as Playback;
    startPlayback(p.isp, p.title, Math.min(p.watch, catalog.runtime[p.title]));
    scheduleTrace();
  });
  function scheduleTrace(): void {
    nextPlayback = trace ? trace.next() : null;
    if (nextPlayback && nextPlayback.time <= end) engine.scheduleAt(Math.max(engine.now, nextPlayback.time), TRACE_PLAYBACK);
  }

  function startPlayback(i: number, title: number, watch: number): void {
    const now = engine.now;
    const isp = isps[i];
    if (freeTop[0] === 0 && nextSlot === cap) grow();
    const x = freeTop[0] > 0 ? freeList[--freeTop[0]] : nextSlot++;
    sIsp[x] = i;
    sPrefix[x] = uniformInt(rng, isp.prefixes);
    sTitle[x] = title;
    sWatch[x] = watch;
    sFetched[x] = 0;
    sSegDone[x] = 0;
    sEstimate[x] = INITIAL_ESTIMATE_BPS;
    sClientRate[x] = lognormal(rng, Math.log(isp.clientMedianBps), isp.clientSigma);
    sBuffer[x] = 0;
    sLastUpdate[x] = now;
    sPlaying[x] = 0;
    sStart[x] = now;
    sStall[x] = 0;
    sActive[x] = 1;
    sMaxRung[x] = rng() < s.workload.uhdShare ? ladder.length - 1 : hdTop;
    metrics.sessions++;
    if (observer.onSession) observer.onSession(now, i, title);
    requestSegment(x);
  }

  /** Drain the buffer up to now; a buffer that ran dry is time stalled. */
  function drain(x: number, now: number): void {
    if (sPlaying[x] === 1) {
      const b = sBuffer[x] - (now - sLastUpdate[x]);
      if (b < 0) {
        sStall[x] -= b;
        sBuffer[x] = 0;
      } else sBuffer[x] = b;
    }
    sLastUpdate[x] = now;
  }

  function requestSegment(x: number): void {
    const now = engine.now;
    drain(x, now);
    const safeRate = s.workload.abrSafety * sEstimate[x];
    let rung = 0;
    const top = sMaxRung[x];
    while (rung < top && ladder[rung + 1] <= safeRate) rung++;
    const file = sTitle[x] * catalog.rungs + rung;
    // The first segment is short however long the others are, so startup delay keeps
    // its fidelity when a run uses long segments for speed.
    const length = sFetched[x] === 0 ? Math.min(firstSegment, sWatch[x]) : Math.min(L, sWatch[x] - sFetched[x]);
    sSegLen[x] = length;
    // Reactive caches store segment-sized chunks of a file, aligned the same way for every
    // playback (the first chunk is the short first segment).
    chunk = sFetched[x] === 0 ? 0 : 1 + Math.floor((sFetched[x] - firstSegment) / L + CHUNK_EPSILON);
    const bytes = (ladder[rung] * length) / 8;
    sRung[x] = rung;
    metrics.request(now, bytes);
    if (!serve(x, file, bytes)) {
      metrics.fail(now, bytes);
      endSession(x);
      return;
    }
    const rate = sRate[x];
    engine.schedule(penalty + (bytes * 8) / rate, SEGMENT_DONE, x);
  }

  // ---- steering: BGP proximity ranks, health and content filters, client failover ----
  const base = prefixBase(world);
  // Inter-AS routing runs in event mode from a converged start: what the exchange
  // members tell the CDN about each ISP's aggregate (prefix id = ISP index) changes only
  // when an AS link fails or returns, after MRAI timers and per-hop delays, and steering
  // is rebuilt from those routes once the control plane sees the updates.
  const cdnIndex = indexOfAsn(world.graph, world.cdnAsn);
  const cdnSlot = new Map<number, number>();
  for (let k = world.graph.offset[cdnIndex]; k < world.graph.offset[cdnIndex + 1]; k++) cdnSlot.set(world.graph.neighbour[k], k);
  /** The control plane rereads BGP `detection` after a change; changes until then join that rebuild. */
  let bgpRebuildPending = false;
  function bgpChanged(): void {
    if (bgpRebuildPending) return;
    bgpRebuildPending = true;
    engine.schedule(s.steering.detection, CONTROL_UPDATE, CONTROL_BGP, 0);
  }
  const interAs = new BgpSessions(engine, world.graph, {
    kind: BGP_EVENTS,
    prefixes: isps.length,
    rng: streams.bgp,
    mrai: s.bgp.mrai,
    onUpdate: (x) => x === cdnIndex && bgpChanged(),
  });
  interAs.startConverged(isps.map((isp) => [indexOfAsn(world.graph, isp.asn)]));

  // Each ISP's session to each of its embedded sites runs in event mode too, on a
  // private graph: per site, the ISP's speaker (which originates exactly what the ISP
  // announces to that site, one prefix id per announcement) above the site's speaker.
  // A lost session withdraws the routes when the hold timer expires; a re-established
  // one re-announces them with BGP's own delays; the control plane sees what the site
  // holds `steering.detection` after it changes.
  const announcing = sites.map((_, si) => world.announcements.some((a) => a.site === si));
  const privateEdges = createEdgeList();
  for (let si = 0; si < sites.length; si++) if (announcing[si]) addEdge(privateEdges, 2 * si + 1, 2 * si + 2, P2C);
  const privateGraph = buildGraph(privateEdges);
  /** Per site: the slot its speaker hears the ISP on (-1 without a session). */
  const siteSlot = Int32Array.from(sites, (_, si) => (announcing[si] ? privateGraph.offset[indexOfAsn(privateGraph, 2 * si + 2)] : -1));
  const embedded = new BgpSessions(engine, privateGraph, {
    kind: BGP_EVENTS + BGP_EVENT_KINDS,
    prefixes: world.announcements.length,
    rng: streams.bgp,
    mrai: s.bgp.mrai,
    // Every update on this graph is news about an embedded site's session.
    onUpdate: bgpChanged,
  });
  embedded.startConverged(world.announcements.map((a) => [indexOfAsn(privateGraph, 2 * a.site + 1)]));
  const bgpState: BgpState = {
    announcements: world.announcements,
    sessionUp: new Uint8Array(world.announcements.length).fill(1),
    graph: world.graph,
    cdnAsn: world.cdnAsn,
    ixpMembers: world.ixpMembers.map((m) => [...m]),
    received: (member, isp) => {
      const k = cdnSlot.get(member);
      return k === undefined ? 0 : interAs.receivedLength(k, isp);
    },
  };
  const ocaUp = home.u8(abi.P_O_UP, ocas.count).fill(1);
  const ocaKnownUp = home.u8(abi.P_O_KNOWN_UP, ocas.count).fill(1);
  const linkUp = home.u8(abi.P_L_UP, links.capacity.length).fill(1);
  const linkKnownUp = home.u8(abi.P_L_KNOWN_UP, links.capacity.length).fill(1);
  /** Per (exchange, ISP): whether the CDN's peering session there is up (data plane). */
  const peeringUp = home.u8(abi.P_PEERING_UP, world.ixps.length * isps.length).fill(1);
  const siteLatency = Float64Array.from(s.sites, (x) => x.latency ?? (x.isp !== undefined ? 0.002 : 0.01));
  const siteCapacity = Float64Array.from(sites, (x) => x.ocas.reduce((a, o) => a + ocas.capacityBps[o], 0));
  const siteLoad = home.f64(abi.P_SITE_LOAD, sites.length);
  const view: SteeringView = {
    utilisation: (si) => siteLoad[si] / siteCapacity[si],
    latency: (si) => siteLatency[si],
    rng: streams.steering,
  };
  let table: SteeringTable = steeringTable();
  // Scratch for ordering one request's candidates: no allocation per request.
  let orderSite = new Int32Array(64);
  let orderRank = new Uint8Array(64);
  let orderKey = new Float64Array(64);
  /** The ordered candidates of the current request: candSite/candRank[candFrom ..]. */
  let candSite: Int32Array = orderSite;
  let candRank: Uint8Array = orderRank;
  let candFrom = 0;
  let penalty = 0;
  /** Chunk index of the segment being served (the reactive caches' object is file + chunk). */
  let chunk = 0;

  /** The steering table; with a static policy each list is sorted here once, not per request. */
  function steeringTable(): SteeringTable {
    const t = buildSteering(world, bgpState, base);
    if (steeringPolicy.static) sortLists(t, (site, pathLength) => steeringPolicy.key(view, site, 0, pathLength));
    if (native) shareSteering(home, t);
    return t;
  }

  function rebuildSteering(): void {
    table = steeringTable();
    metrics.steeringRebuilds++;
  }

  /** Candidates of the client's prefix ordered by (rank, policy key); returns their count. */
  function orderCandidates(x: number, file: number): number {
    const g = base[sIsp[x]] + sPrefix[x];
    const from = table.offset[g];
    const n = table.offset[g + 1] - from;
    if (n > orderSite.length) {
      orderSite = new Int32Array(2 * n);
      orderRank = new Uint8Array(2 * n);
      orderKey = new Float64Array(2 * n);
    }
    if (steeringPolicy.static) {
      // Already in order in the table: read it where it is.
      candSite = table.site;
      candRank = table.rank;
      candFrom = from;
      return n;
    }
    candSite = orderSite;
    candRank = orderRank;
    candFrom = 0;
    for (let j = 0; j < n; j++) {
      const si = table.site[from + j];
      const rank = table.rank[from + j];
      const key = steeringPolicy.key(view, si, file, table.pathLength[from + j]);
      // Insertion sort by (rank, key): lists are a handful of sites.
      let k = j;
      while (k > 0 && (orderRank[k - 1] > rank || (orderRank[k - 1] === rank && orderKey[k - 1] > key))) {
        orderSite[k] = orderSite[k - 1];
        orderRank[k] = orderRank[k - 1];
        orderKey[k] = orderKey[k - 1];
        k--;
      }
      orderSite[k] = si;
      orderRank[k] = rank;
      orderKey[k] = key;
    }
    return n;
  }

  /**
   * Serve a segment. The control plane lists the client's sites in order and leaves out
   * those it knows cannot serve (no appliance up with the file: a content or health miss
   * against the most preferred site; no healthy appliance or path capacity: a health
   * miss). The client tries the listed URLs in order; a site that failed after the
   * control plane last heard from it costs a timeout, up to the retry budget. The origin,
   * over transit, comes last. Sets sOca, sSite, sRate and `penalty` (seconds lost).
   */
  function serve(x: number, file: number, bytes: number): boolean {
    const now = engine.now;
    const n = orderCandidates(x, file);
    penalty = 0;
    let attempts = 0;
    for (let j = 0; j < n; j++) {
      const si = candSite[candFrom + j];
      const verdict = tryServe(x, si, file, bytes, j === 0);
      if (verdict === SERVED) {
        metrics.served(now, candRank[candFrom + j], si, sOca[x], bytes, j === 0);
        if (observer.onServe) report(x, file, si, candRank[candFrom + j], n);
        return true;
      }
      if (verdict === FAILED_ATTEMPT) {
        attempts++;
        penalty += s.steering.timeout;
        metrics.tot[abi.T_FAILOVERS]++;
        if (attempts > s.steering.retries) return false;
      }
    }
    const t = isps[sIsp[x]].transitLink;
    if (n === 0) metrics.tot[abi.T_UNSTEERED] += bytes;
    if (linkUp[t] === 0) {
      metrics.tot[abi.T_FAILOVERS]++;
      penalty += s.steering.timeout;
      return false;
    }
    const spareT = links.capacity[t] - links.load[t];
    if (spareT < minRate) return false;
    const rate = Math.min(sClientRate[x], spareT);
    sOca[x] = ORIGIN;
    sSite[x] = ORIGIN;
    sRate[x] = rate;
    addLoad(t, rate);
    metrics.served(now, RANK_ORIGIN, -1, -1, bytes, false);
    metrics.tot[abi.T_TRANSIT] += bytes;
    if (observer.onServe) report(x, file, -1, RANK_ORIGIN, n);
    return true;
  }

  const live: LiveState = { ocaUp, present: (o, f) => isPresent(content, o, f), ocaLoad: ocas.load, threshold };
  function report(x: number, file: number, site: number, rank: number, n: number): void {
    const candidates = Array.from({ length: n }, (_, j) => ({ site: candSite[candFrom + j], rank: candRank[candFrom + j] }));
    (observer.onServe as NonNullable<SimObserver['onServe']>)(
      { time: engine.now, isp: sIsp[x], prefix: sPrefix[x], file, site, oca: sOca[x], rank, candidates },
      live,
    );
  }

  /** Path of site `si` to the client's ISP: its out port and, from an exchange, the ISP's peering. */
  function pathOk(si: number, peering: number, known: boolean): boolean {
    const up = known ? linkKnownUp : linkUp;
    return up[sites[si].outLink] === 1 && (peering < 0 || up[peering] === 1);
  }

  const { holders, holderStride, holderOffset, holderBytes } = content;
  function tryServe(x: number, si: number, file: number, bytes: number, first: boolean): number {
    const now = engine.now;
    const site = sites[si];
    const ispIdx = sIsp[x];
    const isp = isps[ispIdx];
    const peering = site.isp >= 0 ? -1 : isp.peeringLink;
    const pathSpare = Math.min(
      links.capacity[site.outLink] - links.load[site.outLink],
      peering >= 0 ? links.capacity[peering] - links.load[peering] : Infinity,
    );
    // A reactive cache is one appliance per file, by consistent hash.
    const reactiveAt = content.reactive[site.ocas[0]] !== null ? jumpHash(file, site.ocas.length) : -1;
    const reactiveOca = reactiveAt >= 0 ? site.ocas[reactiveAt] : -1;
    // What the control plane believes: the least loaded healthy appliance known up with
    // the file. Only the appliances holding it are visited, in site order, from the
    // site's bit mask (plus the reactive one when its cache has the chunk).
    let best = -1;
    let bestUse = Infinity;
    let anyHolds = false;
    const from = file * holderStride + holderOffset[si];
    const maskBytes = holderBytes[si];
    for (let k = 0; k < maskBytes; k++) {
      let m = holders[from + k];
      if (reactiveAt >> 3 === k && (content.reactive[reactiveOca] as CachePolicy).contains(file, chunk)) m |= 1 << (reactiveAt & 7);
      for (; m !== 0; m &= m - 1) {
        const o = site.ocas[(k << 3) + 31 - Math.clz32(m & -m)];
        anyHolds = true;
        if (ocaKnownUp[o] === 0) continue;
        const use = ocas.load[o] / ocas.capacityBps[o];
        if (use < threshold && ocas.capacityBps[o] - ocas.load[o] >= minRate && use < bestUse) {
          best = o;
          bestUse = use;
        }
      }
    }
    if (best < 0 || pathSpare < minRate || !pathOk(si, peering, true)) {
      // The preferred site's reactive cache, when healthy, sees the request and admits the
      // chunk on a miss, fetched from the origin (counted in fill and transit bytes; the
      // transfer is not simulated on links). Later sites in the list do not admit: the
      // client was only passing through.
      if (first && !anyHolds && reactiveOca >= 0 && ocaUp[reactiveOca] === 1 && pathSpare >= minRate && ocas.load[reactiveOca] / ocas.capacityBps[reactiveOca] < threshold) {
        const hit = (content.reactive[reactiveOca] as CachePolicy).request(file, chunk, bytes, now, Infinity);
        if (observer.onCacheRequest) observer.onCacheRequest(reactiveOca, file, chunk, bytes, hit);
        const upstream = site.isp >= 0 ? isp.transitLink : world.ixps[site.ixp].transitLink;
        metrics.reactiveFill(now, bytes, links.isTransit[upstream] === 1);
      }
      if (first) metrics.miss(now, si, bytes, anyHolds);
      return SKIPPED;
    }
    // The client's attempt: the data plane may be down where the control plane has not noticed.
    if (ocaUp[best] === 0 || !pathOk(si, peering, false) || (site.ixp >= 0 && peeringUp[site.ixp * isps.length + ispIdx] === 0)) {
      if (first) metrics.miss(now, si, bytes, true);
      return FAILED_ATTEMPT;
    }
    if (best === reactiveOca && !isPresent(content, best, file)) {
      const hit = (content.reactive[best] as CachePolicy).request(file, chunk, bytes, now, Infinity);
      if (observer.onCacheRequest) observer.onCacheRequest(best, file, chunk, bytes, hit);
    }
    const rate = Math.min(sClientRate[x], ocas.capacityBps[best] - ocas.load[best], pathSpare);
    sOca[x] = best;
    sSite[x] = si;
    sRate[x] = rate;
    ocas.load[best] += rate;
    siteLoad[si] += rate;
    addLoad(site.outLink, rate);
    if (peering >= 0) addLoad(peering, rate);
    return SERVED;
  }

  // ---- faults on the timeline ----
  const siteIndex = new Map(sites.map((x, i) => [x.name, i]));
  const linkIndex = new Map(links.names.map((name, i) => [name, i]));
  const ispIndex = new Map(isps.map((x, i) => [x.name, i]));
  const ixpIndex = new Map(world.ixps.map((x, i) => [x.name, i]));
  /** Per fault: a function that applies it (on) or undoes it (off). */
  const faultActions: ((on: boolean) => void)[] = [];

  function setOca(o: number, up: boolean): void {
    ocaUp[o] = up ? 1 : 0;
    engine.schedule(s.steering.detection, CONTROL_UPDATE, CONTROL_OCA, o);
  }
  function setLink(l: number, up: boolean): void {
    linkUp[l] = up ? 1 : 0;
    engine.schedule(s.steering.detection, CONTROL_UPDATE, CONTROL_LINK, l);
  }
  engine.on(CONTROL_UPDATE, (what, i) => {
    if (what === CONTROL_OCA) ocaKnownUp[i] = ocaUp[i];
    else if (what === CONTROL_LINK) linkKnownUp[i] = linkUp[i];
    else if (what === CONTROL_BGP) {
      bgpRebuildPending = false;
      // What each embedded site holds now: an announcement counts while its route is there.
      world.announcements.forEach((a, k) => (bgpState.sessionUp[k] = embedded.receivedLength(siteSlot[a.site], k) > 0 ? 1 : 0));
      rebuildSteering();
    } else if (what === CONTROL_PEERING) {
      const k = Math.floor(i / isps.length);
      const ispIdx = i % isps.length;
      const asn = isps[ispIdx].asn;
      const members = world.ixpMembers[k].filter((m) => m !== asn || peeringUp[i] === 1);
      bgpState.ixpMembers[k] = members;
      rebuildSteering();
    }
  });

  s.faults.forEach((f, fi) => {
    let act: ((on: boolean) => void) | null = null;
    switch (f.type) {
      case 'site-down': {
        const si = siteIndex.get(f.site) as number;
        act = (on) => sites[si].ocas.forEach((o) => setOca(o, !on));
        break;
      }
      case 'appliance-down': {
        const o = sites[siteIndex.get(f.site) as number].ocas[f.appliance];
        act = (on) => setOca(o, !on);
        break;
      }
      case 'link-down': {
        const l = linkIndex.get(f.link) as number;
        act = (on) => setLink(l, !on);
        break;
      }
      case 'bgp-session-down': {
        const si = siteIndex.get(f.site) as number;
        // The data plane is untouched; the session is declared down when the hold timer
        // expires, and the ISP re-announces once it is back. Back before the hold timer
        // expired, it never went down.
        const link = privateGraph.slotLink[siteSlot[si]];
        let expiry = -1;
        act = (on) => {
          if (on) expiry = embedded.linkDown(link, s.bgp.holdTime);
          else if (!engine.cancel(expiry)) embedded.linkUp(link);
        };
        break;
      }
      case 'peering-down': {
        const i = (ixpIndex.get(f.ixp) as number) * isps.length + (ispIndex.get(f.isp) as number);
        act = (on) => {
          peeringUp[i] = on ? 0 : 1;
          engine.schedule(on ? s.bgp.holdTime : s.bgp.convergence, CONTROL_UPDATE, CONTROL_PEERING, i);
        };
        break;
      }
      case 'as-link-down': {
        const link = asLink(world.graph, f.between[0], f.between[1]);
        if (link < 0) throw new InputError(`AS ${f.between[0]} and AS ${f.between[1]} share no link in the topology`, { field: `faults[${fi}].between` });
        // The session drops at once (BFD) and comes back with the link; BGP does the rest.
        act = (on) => (on ? interAs.linkDown(link) : interAs.linkUp(link));
        break;
      }
      case 'flash-crowd': {
        const title = f.title ?? flashTitle();
        act = (on) => {
          flashCrowdTitle = on ? title : -1;
          flashCrowdShare = f.share;
        };
        break;
      }
      case 'capacity': {
        const l = linkIndex.get(f.link) as number;
        act = () => {
          addLoad(l, 0);
          links.capacity[l] = f.capacity;
        };
        break;
      }
      case 'random-appliance-failures': {
        const rngF = streams.failures;
        for (let o = 0; o < ocas.count; o++) {
          const t = exponential(rngF, 1 / f.mtbf);
          if (t < end) engine.scheduleAt(t, RANDOM_FAILURE, o, 0);
        }
        engine.on(RANDOM_FAILURE, (o, phase) => {
          const down = phase === 0;
          setOca(o, !down);
          metrics.randomFailures += down ? 1 : 0;
          const next = engine.now + exponential(rngF, 1 / (down ? f.mttr : f.mtbf));
          if (next < end) engine.scheduleAt(next, RANDOM_FAILURE, o, down ? 1 : 0);
        });
        return;
      }
    }
    faultActions.push(act);
    const k = faultActions.length - 1;
    if (f.at <= end) engine.scheduleAt(f.at, FAULT, k, 1);
    if ('for' in f && f.for !== undefined && f.at + f.for <= end) engine.scheduleAt(f.at + f.for, FAULT, k, 0);
    metrics.faults.push({ index: fi, type: f.type, at: f.at, until: 'for' in f && f.for !== undefined ? f.at + f.for : null });
  });
  engine.on(FAULT, (k, on) => {
    faultActions[k](on === 1);
    if (observer.onFault) observer.onFault(engine.now, metrics.faults[k].index, on === 1);
  });

  let flashCrowdTitle = -1;
  let flashCrowdShare = 0;
  /** A flash crowd without a title takes the least popular released title: one nobody forecast. */
  function flashTitle(): number {
    const w = weightsOn(world.popularity, 0);
    let best = 0;
    for (let t = 1; t < w.length; t++) if (w[t] > 0 && (w[best] === 0 || w[t] < w[best])) best = t;
    return best;
  }

  engine.on(SEGMENT_REQUEST, (x) => {
    if (sActive[x] === 1) requestSegment(x);
  });

  engine.on(SEGMENT_DONE, (x) => {
    const now = engine.now;
    const rate = sRate[x];
    const o = sOca[x];
    if (o === ORIGIN) addLoad(isps[sIsp[x]].transitLink, -rate);
    else {
      ocas.load[o] -= rate;
      siteLoad[sSite[x]] -= rate;
      const site = sites[sSite[x]];
      addLoad(site.outLink, -rate);
      if (site.isp < 0) addLoad(isps[sIsp[x]].peeringLink, -rate);
    }
    sEstimate[x] = (1 - ESTIMATE_WEIGHT) * sEstimate[x] + ESTIMATE_WEIGHT * rate;
    const stalledBefore = sStall[x];
    drain(x, now);
    const length = sSegLen[x];
    metrics.stallInBin(now, sStall[x] - stalledBefore, length);
    sBuffer[x] += length;
    sFetched[x] += length;
    sSegDone[x]++;
    metrics.segmentPlayed(now, ladder[sRung[x]], length);
    if (sSegDone[x] > 1 && sPrevSite[x] !== sSite[x]) metrics.tot[abi.T_STEERING_CHANGES]++;
    sPrevSite[x] = sSite[x];
    if (sPlaying[x] === 0) {
      sPlaying[x] = 1;
      const startup = now - sStart[x] + s.workload.startupOverhead;
      metrics.startup(now, startup);
      // Krishnan & Sitaraman (IMC 2012): each second of startup beyond 2 s loses ~5.8% of viewers.
      if (rng() < s.workload.abandonPerSecond * Math.max(0, startup - 2)) {
        metrics.abandoned++;
        endSession(x);
        return;
      }
    }
    if (sFetched[x] >= sWatch[x] - END_EPSILON) {
      endSession(x);
      return;
    }
    const room = maxBuffer - L;
    if (sBuffer[x] <= room) requestSegment(x);
    else engine.schedule(sBuffer[x] - room, SEGMENT_REQUEST, x);
  });

  // ---- metrics bins ----
  engine.on(METRICS_BIN, (bin) => {
    for (let l = 0; l < links.capacity.length; l++) addLoad(l, 0);
    metrics.closeBin(bin);
    if ((bin + 2) * s.metricsBin <= end + 1e-9) engine.scheduleAt((bin + 2) * s.metricsBin, METRICS_BIN, bin + 1);
  });
  if (s.metricsBin <= end) engine.scheduleAt(s.metricsBin, METRICS_BIN, 0);

  if (native) {
    shareWorld(home, world, content, base, {
      segment: L,
      maxBuffer,
      firstSegment,
      abrSafety: s.workload.abrSafety,
      threshold,
      minRate,
      timeout: s.steering.timeout,
      retries: s.steering.retries,
      warmup: s.warmup,
      bin: s.metricsBin,
      bins: metrics.bins,
      kindRequest: SEGMENT_REQUEST,
      kindDone: SEGMENT_DONE,
    });
    home.publish();
    native.onNative(SEGMENT_REQUEST, HANDLER_SEGMENT_REQUEST);
    native.onNative(SEGMENT_DONE, HANDLER_SEGMENT_DONE);
  }

  if (trace) scheduleTrace();
  else {
    for (let i = 0; i < isps.length; i++) {
      const t = nextArrival(isps[i].demand, isps[i].peakSessionRate, 0, end, streams.arrivals[i]);
      if (t !== Infinity) engine.scheduleAt(t, SESSION_ARRIVAL, i);
    }
  }

  engine.run({ until: end });
  const a = interAs.stats();
  const b = embedded.stats();
  metrics.bgp = {
    updatesProcessed: a.messagesProcessed + b.messagesProcessed,
    announcements: a.announcements + b.announcements,
    withdrawals: a.withdrawals + b.withdrawals,
    lastConvergence: Math.max(a.convergenceTime, b.convergenceTime),
  };

  // Sessions still playing count for QoE with what they have played so far.
  for (let x = 0; x < nextSlot; x++) if (sActive[x] === 1) metrics.recordSession(sStall[x], sFetched[x]);
  metrics.finish();
  if (metrics.closedBins < metrics.bins) {
    for (let l = 0; l < links.capacity.length; l++) addLoad(l, 0);
    metrics.closeBin(metrics.bins - 1, end - (metrics.bins - 1) * s.metricsBin);
  }
  return metrics;
}

/** The AS link between two ASNs, or -1. */
function asLink(g: AsGraph, a: number, b: number): number {
  const x = indexOfAsn(g, a);
  const y = indexOfAsn(g, b);
  if (x < 0 || y < 0) return -1;
  for (let k = g.offset[x]; k < g.offset[x + 1]; k++) if (g.neighbour[k] === y) return g.slotLink[k];
  return -1;
}

/** An alias table needs some positive weight: before any title is out, draw uniformly. */
function positiveOrUniform(w: Float64Array): Float64Array {
  for (let i = 0; i < w.length; i++) if (w[i] > 0) return w;
  return new Float64Array(w.length).fill(1);
}
