/**
 * The Open Connect model's segment handlers in WASM, twins of the JS reference: src/cdn/
 * player/player.ts (request, SEGMENT_DONE), serve/{serve,candidates,try-site}.ts, link-load.ts.
 * Both read and write the same arrays (src/cdn/kernel/abi.ts), in the same order, with
 * the same IEEE-754 operations (+ - * / min floor: exact in both languages), and draw no
 * random numbers, so a run gives the same bytes whichever side handled an event.
 *
 * What the kernel leaves to JS: reactive caches and non-static steering (the model then
 * does not register it at all), and a first segment's completion, which may draw to
 * decide whether the viewer abandons (segmentDoneDefers).
 */
import {
  C_ABR_SAFETY, C_BIN, C_BINS, C_FIRST_SEGMENT, C_HOLDER_STRIDE, C_ISPS, C_KIND_DONE, C_KIND_REQUEST, C_MAX_BUFFER,
  C_MIN_RATE, C_RETRIES, C_RUNGS, C_SEGMENT, C_THRESHOLD, C_TIMEOUT, C_WARMUP, END_EPSILON, ESTIMATE_WEIGHT, ORIGIN,
  P_CONFIG, P_HOLDERS, P_ISP_PEERING, P_ISP_PREFIX_BASE, P_ISP_TRANSIT, P_L_CAPACITY, P_L_CARRIED, P_L_KNOWN_UP,
  P_L_LAST_CHANGE, P_L_LOAD, P_L_UP, P_LADDER, P_M_BIN_SITE_HITS, P_M_BIN_SITE_REQUESTS, P_M_BYTES_BY_RANK,
  P_M_OCA_SERVED, P_M_SERIES_BITRATE, P_M_SERIES_BY_RANK, P_M_SERIES_CONTENT_MISS, P_M_SERIES_HEALTH_MISS,
  P_M_SERIES_PLAYED, P_M_SERIES_SEGMENTS, P_M_SERIES_STALL, P_M_SITE_FIRST_BYTES, P_M_SITE_FIRST_HIT_BYTES,
  P_M_SITE_FIRST_HITS, P_M_SITE_FIRST_REQUESTS, P_M_SITE_SERVED, P_O_CAPACITY, P_O_KNOWN_UP, P_O_LOAD, P_O_UP,
  P_PEERING_UP, P_S_ACTIVE, P_S_BUFFER, P_S_CLIENT_RATE, P_S_ESTIMATE, P_S_FETCHED, P_S_FREE, P_S_FREE_TOP, P_S_ISP,
  P_S_LAST_UPDATE, P_S_MAX_RUNG, P_S_OCA, P_S_PLAYING, P_S_PREFIX, P_S_PREV_SITE, P_S_RATE, P_S_RUNG, P_S_SEG_DONE,
  P_S_SEG_LEN, P_S_SITE, P_S_STALL, P_S_TITLE, P_S_WATCH, P_SITE_HOLDER_BYTES, P_SITE_HOLDER_OFFSET, P_SITE_ISP,
  P_SITE_IXP, P_SITE_LOAD, P_SITE_OCA_FROM, P_SITE_OCAS, P_SITE_OUT_LINK, P_ST_OFFSET, P_ST_RANK, P_ST_SITE, P_TOTALS,
  RANK_ORIGIN, T_BITRATE_SUM, T_BYTES_FAILED, T_BYTES_REQUESTED, T_BYTES_SERVED, T_CONTENT_MISS, T_FAILOVERS,
  T_HEALTH_MISS, T_PLAYED_SECONDS, T_REQUESTS, T_SEGMENTS, T_STALL_SECONDS, T_STEERING_CHANGES, T_TRANSIT,
  T_UNSTEERED, T_VIDEO_SECONDS,
} from '../../src/cdn/kernel/abi';
import { scheduleNative } from '../engine/schedule';

const SERVED = 0;
const SKIPPED = 1;
const FAILED_ATTEMPT = 2;

// Array offsets, read from the pointer table by bind().
let sIsp: usize = 0;
let sPrefix: usize = 0;
let sTitle: usize = 0;
let sWatch: usize = 0;
let sFetched: usize = 0;
let sSegLen: usize = 0;
let sSegDone: usize = 0;
let sEstimate: usize = 0;
let sClientRate: usize = 0;
let sBuffer: usize = 0;
let sLastUpdate: usize = 0;
let sPlaying: usize = 0;
let sStall: usize = 0;
let sOca: usize = 0;
let sSite: usize = 0;
let sRate: usize = 0;
let sRung: usize = 0;
let sMaxRung: usize = 0;
let sPrevSite: usize = 0;
let sActive: usize = 0;
let sFree: usize = 0;
let sFreeTop: usize = 0;
let lCapacity: usize = 0;
let lLoad: usize = 0;
let lLastChange: usize = 0;
let lCarried: usize = 0;
let lUp: usize = 0;
let lKnownUp: usize = 0;
let oLoad: usize = 0;
let oCapacity: usize = 0;
let oUp: usize = 0;
let oKnownUp: usize = 0;
let siteOutLink: usize = 0;
let siteIsp: usize = 0;
let siteIxp: usize = 0;
let siteOcaFrom: usize = 0;
let siteOcas: usize = 0;
let siteHolderOffset: usize = 0;
let siteHolderBytes: usize = 0;
let siteLoad: usize = 0;
let ispPeering: usize = 0;
let ispTransit: usize = 0;
let ispPrefixBase: usize = 0;
let peeringUp: usize = 0;
let holders: usize = 0;
let ladder: usize = 0;
let stOffset: usize = 0;
let stSite: usize = 0;
let stRank: usize = 0;
let totals: usize = 0;
let mBytesByRank: usize = 0;
let mSeriesByRank: usize = 0;
let mSiteServed: usize = 0;
let mOcaServed: usize = 0;
let mSiteFirstRequests: usize = 0;
let mSiteFirstHits: usize = 0;
let mSiteFirstBytes: usize = 0;
let mSiteFirstHitBytes: usize = 0;
let mBinSiteRequests: usize = 0;
let mBinSiteHits: usize = 0;
let mSeriesHealthMiss: usize = 0;
let mSeriesContentMiss: usize = 0;
let mSeriesSegments: usize = 0;
let mSeriesBitrate: usize = 0;
let mSeriesStall: usize = 0;
let mSeriesPlayed: usize = 0;

// Scalars from the config block.
let segment: f64 = 0;
let maxBuffer: f64 = 0;
let firstSegment: f64 = 0;
let abrSafety: f64 = 0;
let threshold: f64 = 0;
let minRate: f64 = 0;
let timeout: f64 = 0;
let retries: f64 = 0;
let warmup: f64 = 0;
let bin: f64 = 0;
let bins: f64 = 0;
let rungs: i32 = 0;
let holderStride: i32 = 0;
let isps: i32 = 0;
let kindRequest: i32 = 0;
let kindDone: i32 = 0;

/** Seconds the current request lost to client timeouts (serve sets it). */
let penalty: f64 = 0;

@inline function f64At(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}
@inline function setF64(base: usize, i: i32, v: f64): void {
  store<f64>(base + (<usize>i << 3), v);
}
@inline function addF64(base: usize, i: i32, v: f64): void {
  const p = base + (<usize>i << 3);
  store<f64>(p, load<f64>(p) + v);
}
@inline function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}
@inline function setI32(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}
@inline function u8At(base: usize, i: i32): i32 {
  return <i32>load<u8>(base + <usize>i);
}

let table: usize = 0;

@inline function p(i: i32): usize {
  return <usize>load<i32>(table + (<usize>i << 2));
}

/** Read the pointer table at `at` and the config block (again after any array moved). */
export function bind(at: usize): void {
  table = at;
  sIsp = p(P_S_ISP);
  sPrefix = p(P_S_PREFIX);
  sTitle = p(P_S_TITLE);
  sWatch = p(P_S_WATCH);
  sFetched = p(P_S_FETCHED);
  sSegLen = p(P_S_SEG_LEN);
  sSegDone = p(P_S_SEG_DONE);
  sEstimate = p(P_S_ESTIMATE);
  sClientRate = p(P_S_CLIENT_RATE);
  sBuffer = p(P_S_BUFFER);
  sLastUpdate = p(P_S_LAST_UPDATE);
  sPlaying = p(P_S_PLAYING);
  sStall = p(P_S_STALL);
  sOca = p(P_S_OCA);
  sSite = p(P_S_SITE);
  sRate = p(P_S_RATE);
  sRung = p(P_S_RUNG);
  sMaxRung = p(P_S_MAX_RUNG);
  sPrevSite = p(P_S_PREV_SITE);
  sActive = p(P_S_ACTIVE);
  sFree = p(P_S_FREE);
  sFreeTop = p(P_S_FREE_TOP);
  lCapacity = p(P_L_CAPACITY);
  lLoad = p(P_L_LOAD);
  lLastChange = p(P_L_LAST_CHANGE);
  lCarried = p(P_L_CARRIED);
  lUp = p(P_L_UP);
  lKnownUp = p(P_L_KNOWN_UP);
  oLoad = p(P_O_LOAD);
  oCapacity = p(P_O_CAPACITY);
  oUp = p(P_O_UP);
  oKnownUp = p(P_O_KNOWN_UP);
  siteOutLink = p(P_SITE_OUT_LINK);
  siteIsp = p(P_SITE_ISP);
  siteIxp = p(P_SITE_IXP);
  siteOcaFrom = p(P_SITE_OCA_FROM);
  siteOcas = p(P_SITE_OCAS);
  siteHolderOffset = p(P_SITE_HOLDER_OFFSET);
  siteHolderBytes = p(P_SITE_HOLDER_BYTES);
  siteLoad = p(P_SITE_LOAD);
  ispPeering = p(P_ISP_PEERING);
  ispTransit = p(P_ISP_TRANSIT);
  ispPrefixBase = p(P_ISP_PREFIX_BASE);
  peeringUp = p(P_PEERING_UP);
  holders = p(P_HOLDERS);
  ladder = p(P_LADDER);
  stOffset = p(P_ST_OFFSET);
  stSite = p(P_ST_SITE);
  stRank = p(P_ST_RANK);
  totals = p(P_TOTALS);
  mBytesByRank = p(P_M_BYTES_BY_RANK);
  mSeriesByRank = p(P_M_SERIES_BY_RANK);
  mSiteServed = p(P_M_SITE_SERVED);
  mOcaServed = p(P_M_OCA_SERVED);
  mSiteFirstRequests = p(P_M_SITE_FIRST_REQUESTS);
  mSiteFirstHits = p(P_M_SITE_FIRST_HITS);
  mSiteFirstBytes = p(P_M_SITE_FIRST_BYTES);
  mSiteFirstHitBytes = p(P_M_SITE_FIRST_HIT_BYTES);
  mBinSiteRequests = p(P_M_BIN_SITE_REQUESTS);
  mBinSiteHits = p(P_M_BIN_SITE_HITS);
  mSeriesHealthMiss = p(P_M_SERIES_HEALTH_MISS);
  mSeriesContentMiss = p(P_M_SERIES_CONTENT_MISS);
  mSeriesSegments = p(P_M_SERIES_SEGMENTS);
  mSeriesBitrate = p(P_M_SERIES_BITRATE);
  mSeriesStall = p(P_M_SERIES_STALL);
  mSeriesPlayed = p(P_M_SERIES_PLAYED);
  const c = p(P_CONFIG);
  segment = f64At(c, C_SEGMENT);
  maxBuffer = f64At(c, C_MAX_BUFFER);
  firstSegment = f64At(c, C_FIRST_SEGMENT);
  abrSafety = f64At(c, C_ABR_SAFETY);
  threshold = f64At(c, C_THRESHOLD);
  minRate = f64At(c, C_MIN_RATE);
  timeout = f64At(c, C_TIMEOUT);
  retries = f64At(c, C_RETRIES);
  warmup = f64At(c, C_WARMUP);
  bin = f64At(c, C_BIN);
  bins = f64At(c, C_BINS);
  rungs = <i32>f64At(c, C_RUNGS);
  holderStride = <i32>f64At(c, C_HOLDER_STRIDE);
  isps = <i32>f64At(c, C_ISPS);
  kindRequest = <i32>f64At(c, C_KIND_REQUEST);
  kindDone = <i32>f64At(c, C_KIND_DONE);
}

// ---- metrics (metrics.ts) ----

@inline function binOf(t: f64): i32 {
  return <i32>min(bins - 1, floor(t / bin));
}

function request(now: f64, bytes: f64): void {
  if (now < warmup) return;
  addF64(totals, T_REQUESTS, 1);
  addF64(totals, T_BYTES_REQUESTED, bytes);
}

/** metrics.count: a total, after warm-up. */
function count(now: f64, t: i32, amount: f64): void {
  if (now >= warmup) addF64(totals, t, amount);
}

function fail(now: f64, bytes: f64): void {
  if (now < warmup) return;
  addF64(totals, T_BYTES_FAILED, bytes);
}

function served(now: f64, rank: i32, site: i32, oca: i32, bytes: f64, first: bool): void {
  if (now < warmup) return;
  addF64(totals, T_BYTES_SERVED, bytes);
  addF64(mBytesByRank, rank, bytes);
  addF64(mSeriesByRank, rank * <i32>bins + binOf(now), bytes);
  if (site >= 0) {
    addF64(mSiteServed, site, bytes);
    addF64(mOcaServed, oca, bytes);
    if (first) {
      addF64(mSiteFirstRequests, site, 1);
      addF64(mSiteFirstHits, site, 1);
      addF64(mSiteFirstBytes, site, bytes);
      addF64(mSiteFirstHitBytes, site, bytes);
      addF64(mBinSiteRequests, site, 1);
      addF64(mBinSiteHits, site, 1);
    }
  }
}

function miss(now: f64, site: i32, bytes: f64, contentPresent: bool): void {
  if (now < warmup) return;
  if (contentPresent) {
    addF64(totals, T_HEALTH_MISS, bytes);
    addF64(mSeriesHealthMiss, binOf(now), bytes);
  } else {
    addF64(totals, T_CONTENT_MISS, bytes);
    addF64(mSeriesContentMiss, binOf(now), bytes);
  }
  if (site >= 0) {
    addF64(mSiteFirstRequests, site, 1);
    addF64(mSiteFirstBytes, site, bytes);
    addF64(mBinSiteRequests, site, 1);
  }
}

// ---- flows on links ----

function addLoad(l: i32, delta: f64, now: f64): void {
  const load = f64At(lLoad, l);
  addF64(lCarried, l, load * (now - f64At(lLastChange, l)));
  setF64(lLastChange, l, now);
  setF64(lLoad, l, load + delta);
}

// ---- sessions ----

function endSession(x: i32): void {
  store<u8>(sActive + <usize>x, 0);
  const top = load<i32>(sFreeTop);
  setI32(sFree, top, x);
  store<i32>(sFreeTop, top + 1);
}

function drain(x: i32, now: f64): void {
  if (u8At(sPlaying, x) == 1) {
    const b = f64At(sBuffer, x) - (now - f64At(sLastUpdate, x));
    if (b < 0) {
      setF64(sStall, x, f64At(sStall, x) - b);
      setF64(sBuffer, x, 0);
    } else setF64(sBuffer, x, b);
  }
  setF64(sLastUpdate, x, now);
}

function requestSegment(x: i32, now: f64): void {
  drain(x, now);
  const safeRate = abrSafety * f64At(sEstimate, x);
  let rung = 0;
  const top = i32At(sMaxRung, x);
  while (rung < top && f64At(ladder, rung + 1) <= safeRate) rung++;
  const file = i32At(sTitle, x) * rungs + rung;
  const fetched = f64At(sFetched, x);
  const watch = f64At(sWatch, x);
  const length = fetched == 0 ? min(firstSegment, watch) : min(segment, watch - fetched);
  setF64(sSegLen, x, length);
  const bytes = (f64At(ladder, rung) * length) / 8;
  setI32(sRung, x, rung);
  request(now, bytes);
  if (!serve(x, file, bytes, now)) {
    fail(now, bytes);
    endSession(x);
    return;
  }
  scheduleNative(now + (penalty + (bytes * 8) / f64At(sRate, x)), kindDone, x, 0);
}

function serve(x: i32, file: i32, bytes: f64, now: f64): bool {
  const isp = i32At(sIsp, x);
  const g = i32At(ispPrefixBase, isp) + i32At(sPrefix, x);
  const from = i32At(stOffset, g);
  const n = i32At(stOffset, g + 1) - from;
  penalty = 0;
  let attempts: f64 = 0;
  for (let j = 0; j < n; j++) {
    const si = i32At(stSite, from + j);
    const verdict = tryServe(x, si, file, bytes, j == 0, now);
    if (verdict == SERVED) {
      served(now, u8At(stRank, from + j), si, i32At(sOca, x), bytes, j == 0);
      return true;
    }
    if (verdict == FAILED_ATTEMPT) {
      attempts++;
      penalty += timeout;
      count(now, T_FAILOVERS, 1);
      if (attempts > retries) return false;
    }
  }
  const t = i32At(ispTransit, isp);
  if (n == 0) count(now, T_UNSTEERED, bytes);
  if (u8At(lUp, t) == 0) {
    count(now, T_FAILOVERS, 1);
    penalty += timeout;
    return false;
  }
  const spareT = f64At(lCapacity, t) - f64At(lLoad, t);
  if (spareT < minRate) return false;
  const rate = min(f64At(sClientRate, x), spareT);
  setI32(sOca, x, ORIGIN);
  setI32(sSite, x, ORIGIN);
  setF64(sRate, x, rate);
  addLoad(t, rate, now);
  served(now, RANK_ORIGIN, -1, -1, bytes, false);
  count(now, T_TRANSIT, bytes);
  return true;
}

@inline function pathOk(si: i32, peering: i32, up: usize): bool {
  return u8At(up, i32At(siteOutLink, si)) == 1 && (peering < 0 || u8At(up, peering) == 1);
}

function tryServe(x: i32, si: i32, file: i32, bytes: f64, first: bool, now: f64): i32 {
  const ispIdx = i32At(sIsp, x);
  const out = i32At(siteOutLink, si);
  const peering = i32At(siteIsp, si) >= 0 ? -1 : i32At(ispPeering, ispIdx);
  const pathSpare = min(
    f64At(lCapacity, out) - f64At(lLoad, out),
    peering >= 0 ? f64At(lCapacity, peering) - f64At(lLoad, peering) : Infinity,
  );
  // The least loaded healthy appliance known up with the file, from the holder bits.
  let best = -1;
  let bestUse = Infinity;
  let anyHolds = false;
  const holderFrom = holders + <usize>(file * holderStride + i32At(siteHolderOffset, si));
  const maskBytes = i32At(siteHolderBytes, si);
  const ocasFrom = i32At(siteOcaFrom, si);
  for (let k = 0; k < maskBytes; k++) {
    let m = <i32>load<u8>(holderFrom + <usize>k);
    for (; m != 0; m &= m - 1) {
      const o = i32At(siteOcas, ocasFrom + (k << 3) + ctz(m));
      anyHolds = true;
      if (u8At(oKnownUp, o) == 0) continue;
      const load = f64At(oLoad, o);
      const capacity = f64At(oCapacity, o);
      const use = load / capacity;
      if (use < threshold && capacity - load >= minRate && use < bestUse) {
        best = o;
        bestUse = use;
      }
    }
  }
  if (best < 0 || pathSpare < minRate || !pathOk(si, peering, lKnownUp)) {
    if (first) miss(now, si, bytes, anyHolds);
    return SKIPPED;
  }
  const ixp = i32At(siteIxp, si);
  if (u8At(oUp, best) == 0 || !pathOk(si, peering, lUp) || (ixp >= 0 && u8At(peeringUp, ixp * isps + ispIdx) == 0)) {
    if (first) miss(now, si, bytes, true);
    return FAILED_ATTEMPT;
  }
  const rate = min(min(f64At(sClientRate, x), f64At(oCapacity, best) - f64At(oLoad, best)), pathSpare);
  setI32(sOca, x, best);
  setI32(sSite, x, si);
  setF64(sRate, x, rate);
  addF64(oLoad, best, rate);
  addF64(siteLoad, si, rate);
  addLoad(out, rate, now);
  if (peering >= 0) addLoad(peering, rate, now);
  return SERVED;
}

// ---- the handlers ----

/** SEGMENT_REQUEST (session): the buffer has room for the next segment. */
export function segmentRequest(x: i32, now: f64): void {
  if (u8At(sActive, x) == 1) requestSegment(x, now);
}

/** A first segment's completion goes to JS: its viewer may abandon, on a random draw. */
export function segmentDoneDefers(x: i32): bool {
  return u8At(sPlaying, x) == 0;
}

/** SEGMENT_DONE (session), for a playback already playing. */
export function segmentDone(x: i32, now: f64): void {
  const rate = f64At(sRate, x);
  const o = i32At(sOca, x);
  const isp = i32At(sIsp, x);
  const site = i32At(sSite, x);
  if (o == ORIGIN) addLoad(i32At(ispTransit, isp), -rate, now);
  else {
    addF64(oLoad, o, -rate);
    addF64(siteLoad, site, -rate);
    addLoad(i32At(siteOutLink, site), -rate, now);
    if (i32At(siteIsp, site) < 0) addLoad(i32At(ispPeering, isp), -rate, now);
  }
  setF64(sEstimate, x, (1 - ESTIMATE_WEIGHT) * f64At(sEstimate, x) + ESTIMATE_WEIGHT * rate);
  const stalledBefore = f64At(sStall, x);
  drain(x, now);
  const length = f64At(sSegLen, x);
  const b = binOf(now);
  const buffer = f64At(sBuffer, x) + length;
  setF64(sBuffer, x, buffer);
  const fetched = f64At(sFetched, x) + length;
  setF64(sFetched, x, fetched);
  const segDone = i32At(sSegDone, x) + 1;
  setI32(sSegDone, x, segDone);
  if (now >= warmup) {
    // metrics.stallInBin, then metrics.segmentPlayed (each accumulator in the JS order)
    addF64(mSeriesStall, b, f64At(sStall, x) - stalledBefore);
    addF64(mSeriesPlayed, b, length);
    addF64(totals, T_STALL_SECONDS, f64At(sStall, x) - stalledBefore);
    addF64(totals, T_PLAYED_SECONDS, length);
    const bitrate = f64At(ladder, i32At(sRung, x));
    addF64(totals, T_SEGMENTS, 1);
    addF64(totals, T_VIDEO_SECONDS, length);
    addF64(totals, T_BITRATE_SUM, bitrate * length);
    addF64(mSeriesSegments, b, length);
    addF64(mSeriesBitrate, b, bitrate * length);
    if (segDone > 1 && i32At(sPrevSite, x) != site) addF64(totals, T_STEERING_CHANGES, 1);
  }
  setI32(sPrevSite, x, site);
  if (fetched >= f64At(sWatch, x) - END_EPSILON) {
    endSession(x);
    return;
  }
  const room = maxBuffer - segment;
  if (buffer <= room) requestSegment(x, now);
  else scheduleNative(now + (buffer - room), kindRequest, x, 0);
}
