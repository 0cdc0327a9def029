/**
 * Playbacks in progress, struct of arrays: one slot per playback, recycled through a
 * free list when it ends. The arrays live where the segment kernel can read them
 * (kernel/array-home.ts) and double, all together, when every slot is taken.
 *
 * Owns: the session arrays. Written by the player (buffer, rate choice, progress) and
 * by serving (the site, appliance and rate of the segment in flight).
 */
import * as abi from '../kernel/abi.js';
import type { ArrayHome } from '../kernel/array-home.js';
import { moved } from '../kernel/host.js';

export interface Sessions {
  isp: Int32Array;
  prefix: Int32Array;
  title: Int32Array;
  /** Seconds of video the playback will watch, has fetched, and is fetching now. */
  watch: Float64Array;
  fetched: Float64Array;
  segLen: Float64Array;
  segDone: Int32Array;
  /** The throughput estimate (bits/s) rates are chosen from, and the client's access rate. */
  estimate: Float64Array;
  clientRate: Float64Array;
  /** Seconds of video buffered as of lastUpdate; playing once the first segment is in. */
  buffer: Float64Array;
  lastUpdate: Float64Array;
  playing: Uint8Array;
  start: Float64Array;
  stall: Float64Array;
  /** The segment in flight: appliance and site serving it (ORIGIN for the origin), its rate and rung. */
  oca: Int32Array;
  site: Int32Array;
  rate: Float64Array;
  rung: Int32Array;
  /** The highest rung the playback may use (HD or UHD). */
  maxRung: Int32Array;
  prevSite: Int32Array;
  active: Uint8Array;
  /** Free slots, a stack; its height is freeTop[0] (one cell: the kernel ends sessions too). */
  free: Int32Array;
  freeTop: Int32Array;
  /** Slots ever used: [0, used). */
  used: number;
  capacity: number;
}

export function createSessions(home: ArrayHome): Sessions {
  const cap = 1024;
  return {
    isp: home.i32(abi.P_S_ISP, cap),
    prefix: home.i32(abi.P_S_PREFIX, cap),
    title: home.i32(abi.P_S_TITLE, cap),
    watch: home.f64(abi.P_S_WATCH, cap),
    fetched: home.f64(abi.P_S_FETCHED, cap),
    segLen: home.f64(abi.P_S_SEG_LEN, cap),
    segDone: home.i32(abi.P_S_SEG_DONE, cap),
    estimate: home.f64(abi.P_S_ESTIMATE, cap),
    clientRate: home.f64(abi.P_S_CLIENT_RATE, cap),
    buffer: home.f64(abi.P_S_BUFFER, cap),
    lastUpdate: home.f64(abi.P_S_LAST_UPDATE, cap),
    playing: home.u8(abi.P_S_PLAYING, cap),
    start: home.f64(abi.P_S_START, cap),
    stall: home.f64(abi.P_S_STALL, cap),
    oca: home.i32(abi.P_S_OCA, cap),
    site: home.i32(abi.P_S_SITE, cap),
    rate: home.f64(abi.P_S_RATE, cap),
    rung: home.i32(abi.P_S_RUNG, cap),
    maxRung: home.i32(abi.P_S_MAX_RUNG, cap),
    prevSite: home.i32(abi.P_S_PREV_SITE, cap),
    active: home.u8(abi.P_S_ACTIVE, cap),
    free: home.i32(abi.P_S_FREE, cap),
    freeTop: home.i32(abi.P_S_FREE_TOP, 1),
    used: 0,
    capacity: cap,
  };
}

/** A slot for a new playback: a freed one, else the next unused one (growing the arrays). */
export function openSlot(ss: Sessions, home: ArrayHome): number {
  if (ss.freeTop[0] === 0 && ss.used === ss.capacity) grow(ss, home);
  return ss.freeTop[0] > 0 ? ss.free[--ss.freeTop[0]] : ss.used++;
}

export function closeSlot(ss: Sessions, x: number): void {
  ss.active[x] = 0;
  ss.free[ss.freeTop[0]++] = x;
}

function grow(ss: Sessions, home: ArrayHome): void {
  const cap = (ss.capacity *= 2);
  ss.isp = moved(home.i32(abi.P_S_ISP, cap), ss.isp);
  ss.prefix = moved(home.i32(abi.P_S_PREFIX, cap), ss.prefix);
  ss.title = moved(home.i32(abi.P_S_TITLE, cap), ss.title);
  ss.watch = moved(home.f64(abi.P_S_WATCH, cap), ss.watch);
  ss.fetched = moved(home.f64(abi.P_S_FETCHED, cap), ss.fetched);
  ss.segLen = moved(home.f64(abi.P_S_SEG_LEN, cap), ss.segLen);
  ss.segDone = moved(home.i32(abi.P_S_SEG_DONE, cap), ss.segDone);
  ss.estimate = moved(home.f64(abi.P_S_ESTIMATE, cap), ss.estimate);
  ss.clientRate = moved(home.f64(abi.P_S_CLIENT_RATE, cap), ss.clientRate);
  ss.buffer = moved(home.f64(abi.P_S_BUFFER, cap), ss.buffer);
  ss.lastUpdate = moved(home.f64(abi.P_S_LAST_UPDATE, cap), ss.lastUpdate);
  ss.playing = moved(home.u8(abi.P_S_PLAYING, cap), ss.playing);
  ss.start = moved(home.f64(abi.P_S_START, cap), ss.start);
  ss.stall = moved(home.f64(abi.P_S_STALL, cap), ss.stall);
  ss.oca = moved(home.i32(abi.P_S_OCA, cap), ss.oca);
  ss.site = moved(home.i32(abi.P_S_SITE, cap), ss.site);
  ss.rate = moved(home.f64(abi.P_S_RATE, cap), ss.rate);
  ss.rung = moved(home.i32(abi.P_S_RUNG, cap), ss.rung);
  ss.maxRung = moved(home.i32(abi.P_S_MAX_RUNG, cap), ss.maxRung);
  ss.prevSite = moved(home.i32(abi.P_S_PREV_SITE, cap), ss.prevSite);
  ss.active = moved(home.u8(abi.P_S_ACTIVE, cap), ss.active);
  ss.free = moved(home.i32(abi.P_S_FREE, cap), ss.free);
  home.publish();
}
