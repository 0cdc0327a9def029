/**
 * Serving a playback's segments over the data plane.
 *
 * Steering (Open Connect's way, `steering.per: playback`): when a playback starts the
 * control plane hands the client a ranked list of sites (candidates.ts orders the
 * client prefix's sites from the steering table by proximity rank, then the policy's
 * key on the last health reports), leaving out those it believes down or unhealthy.
 * The client uses the first; a site that does not answer costs it a timeout
 * (`steering.timeout`) and it moves down the list for good. The origin, over the ISP's
 * transit, ends every list; a client that fails there too, or that was sent there and
 * starts its next segment, asks the control plane for a new list. With `steering.per: segment` the list is made anew for every segment. A
 * segment that fails more than `steering.retries` times ends the playback.
 *
 * Each download is a flow (network.ts): it pays its path's latency, then shares every
 * resource of its path with the other flows there. A resource failing mid-download
 * ends the flow with the bytes delivered so far; the client notices after its timeout
 * and fetches the rest from the next site of its list.
 *
 * Misses follow Netflix's definition: bytes not served from the playback's most
 * preferred site (the table's first), content misses when that site lacked the file.
 *
 * Owns: the playbacks' lists and downloads in flight. Handles: FETCH_RETRY.
 */
import { grow } from '../../util/grow.js';
import { isPresent } from '../content.js';
import type { LiveState, SimContext, SimObserver } from '../context.js';
import type { ControlPlane } from '../control/control-plane.js';
import { RANK_ORIGIN } from '../control/steering.js';
import { FETCH_RETRY } from '../events.js';
import * as totals from '../totals.js';
import { OWNER_SERVE, type Network } from '../network.js';
import type { Sessions } from '../player/sessions.js';
import { createCandidateOrder } from './candidates.js';
import { createPlaybackLists } from './playback-lists.js';
import { createTrySite, FAILED_ATTEMPT, SERVED, type SiteRoute } from './try-site.js';

export interface ServingHooks {
  /**
   * Session x's segment arrived whole: `seconds` since fetch() (client timeouts,
   * first-byte latency and transfer included) and `firstByte`, the seconds until its
   * first byte arrived.
   */
  arrived(x: number, seconds: number, firstByte: number): void;
  /** Nobody could serve session x's segment: the playback ends. */
  failed(x: number): void;
}

export interface Serving {
  /** Steer a new playback once; returns the round-trip time (s) to the first site it will use, access line included. */
  steer(x: number): number;
  /** Download session x's segment (`file` = title × rungs + rung, `chunk`, `bytes`); one hook follows, later. */
  fetch(x: number, file: number, chunk: number, bytes: number): void;
  /** Bytes of x's segment in flight delivered so far. */
  delivered(x: number): number;
  /** Stop x's download in flight; no hook follows. */
  cancel(x: number): void;
  /** FETCH_RETRY (session) */
  retry(x: number): void;
}

/** One-way delay of the access line and metro to the origin's transit, seconds (the transit link adds its own). */
const ORIGIN_ACCESS_LATENCY = 0.002;

export function createServing(ctx: SimContext, ss: Sessions, control: ControlPlane, net: Network, hooks: ServingHooks): Serving {
  const { s, world, engine, metrics, observer, content } = ctx;
  const { isps } = world;
  const { linkUp } = control.health;
  const perSegment = s.steering.per === 'segment';
  const wait = net.flows.model.latencyFactor;
  const lists = createPlaybackLists(ctx, ss, control, createCandidateOrder(ctx, ss, control));
  const answer: SiteRoute = { oca: -1, route: new Int32Array(8), hops: 0, access: 0, anyHolds: false };
  const trySite = createTrySite(ctx, control, net, answer);
  const originRoute = new Int32Array(1);

  // Per session: the download in flight.
  let flow = new Int32Array(0);
  let retryEvent = new Float64Array(0);
  let file = new Int32Array(0);
  let chunk = new Int32Array(0);
  let bytes = new Float64Array(0);
  let bytesLeft = new Float64Array(0);
  let fetchStart = new Float64Array(0);
  let firstByte = new Float64Array(0);
  let failures = new Int32Array(0);
  function ensure(x: number): void {
    if (x < flow.length) return;
    const n = Math.max(x + 1, 2 * flow.length, 1024);
    flow = grow(flow, n);
    retryEvent = grow(retryEvent, n);
    file = grow(file, n);
    chunk = grow(chunk, n);
    bytes = grow(bytes, n);
    bytesLeft = grow(bytesLeft, n);
    fetchStart = grow(fetchStart, n);
    firstByte = grow(firstByte, n);
    failures = grow(failures, n);
  }

  const live: LiveState = { ocaUp: control.health.ocaUp, present: (o, f) => isPresent(content, o, f), ocaLoad: control.reportedOcaLoad, threshold: s.healthThreshold };
  function report(x: number, f: number, site: number, oca: number, rank: number): void {
    const tried = lists.tried(x);
    (observer.onServe as NonNullable<SimObserver['onServe']>)({ time: engine.now, isp: ss.isp[x], prefix: ss.prefix[x], file: f, site, oca, rank, candidates: tried }, live);
  }

  /** A site did not answer (or failed mid-download): time out, then try on down the list, or give up. */
  function timedOut(x: number): void {
    metrics.count(engine.now, totals.T_FAILOVERS, 1);
    failures[x]++;
    retryEvent[x] = engine.schedule(s.steering.timeout, FETCH_RETRY, x);
  }

  /** Start the download over `route`; `access`: the access line's one-way delay, on top of the route's. */
  function startFlow(x: number, route: Int32Array, hops: number, access: number): void {
    let latency = access;
    for (let h = 0; h < hops; h++) latency += net.latency(route[h]);
    if (firstByte[x] < 0) firstByte[x] = engine.now - fetchStart[x] + latency * wait;
    flow[x] = net.start(route, hops, bytesLeft[x], OWNER_SERVE, x, ss.clientRate[x], access);
  }

  /**
   * Try the playback's list from where the client stands, then the origin, which ends
   * every list; a client that failed there too asks the control plane for a new list.
   */
  function attempt(x: number): void {
    const now = engine.now;
    const f = file[x];
    const isp = ss.isp[x];
    if (lists.cursor(x) > lists.length(x)) lists.resteer(x);
    for (let j = lists.cursor(x); j < lists.length(x); j++) {
      const si = lists.site(x, j);
      const verdict = trySite(isp, si, f, chunk[x], bytes[x], si === lists.preferred(x), perSegment);
      if (verdict === SERVED) {
        const rank = lists.rank(x, j);
        ss.oca[x] = answer.oca;
        ss.site[x] = si;
        ss.rank[x] = rank;
        served(x, si, answer.oca, rank, isPresentAt(x));
        if (observer.onServe) report(x, f, si, answer.oca, rank);
        startFlow(x, answer.route, answer.hops, answer.access);
        return;
      }
      if (verdict === FAILED_ATTEMPT) {
        lists.moveTo(x, j + 1);
        timedOut(x);
        return;
      }
    }
    const t = isps[isp].transitLink;
    if (lists.length(x) === 0) metrics.count(now, totals.T_UNSTEERED, bytes[x]);
    if (linkUp[t] === 0) {
      lists.moveTo(x, lists.length(x) + 1);
      timedOut(x);
      return;
    }
    ss.oca[x] = -1;
    ss.site[x] = -1;
    ss.rank[x] = RANK_ORIGIN;
    served(x, -1, -1, RANK_ORIGIN, isPresentAt(x));
    if (observer.onServe) report(x, f, -1, -1, RANK_ORIGIN);
    originRoute[0] = net.link(t);
    startFlow(x, originRoute, 1, ORIGIN_ACCESS_LATENCY);
  }

  /** Whether the playback's preferred site holds the file (a miss there is then a health miss). */
  function isPresentAt(x: number): boolean {
    const p = lists.preferred(x);
    if (p < 0) return false;
    for (const o of world.sites[p].ocas) if (isPresent(content, o, file[x])) return true;
    return false;
  }

  /** Book the segment's bytes once, where it is first served (a resumed download is not re-counted). */
  function served(x: number, si: number, oca: number, rank: number, atPreferred: boolean): void {
    if (bytesLeft[x] < bytes[x]) return;
    const now = engine.now;
    const first = si >= 0 && si === lists.preferred(x);
    metrics.served(now, rank, si, oca, bytes[x], first);
    if (!first) metrics.miss(now, lists.preferred(x), bytes[x], atPreferred);
  }

  net.setOwner(OWNER_SERVE, {
    complete(x) {
      flow[x] = -1;
      hooks.arrived(x, engine.now - fetchStart[x], firstByte[x]);
    },
    fail(x, _f, delivered) {
      flow[x] = -1;
      bytesLeft[x] -= delivered;
      lists.moveTo(x, lists.cursor(x) + 1);
      timedOut(x);
    },
  });

  return {
    steer(x) {
      ensure(x);
      flow[x] = -1;
      retryEvent[x] = -1;
      lists.steer(x);
      const si = lists.length(x) > 0 ? lists.site(x, 0) : -1;
      if (si < 0) return 2 * (ORIGIN_ACCESS_LATENCY + net.latency(net.link(isps[ss.isp[x]].transitLink)));
      return 2 * lists.oneWayLatency(x, si);
    },
    fetch(x, f, c, b) {
      file[x] = f;
      chunk[x] = c;
      bytes[x] = b;
      bytesLeft[x] = b;
      fetchStart[x] = engine.now;
      firstByte[x] = -1;
      failures[x] = 0;
      retryEvent[x] = -1;
      // A client the origin serves asks again at its next segment, so it comes back to
      // an appliance once the control plane lists one.
      if (perSegment) lists.steer(x);
      else if (lists.cursor(x) >= lists.length(x) && lists.length(x) + lists.cursor(x) > 0) lists.resteer(x);
      attempt(x);
    },
    delivered(x) {
      const before = bytes[x] - bytesLeft[x];
      return flow[x] >= 0 ? before + net.flows.delivered(flow[x]) : before;
    },
    cancel(x) {
      if (flow[x] >= 0) net.flows.abort(flow[x]);
      flow[x] = -1;
      if (retryEvent[x] >= 0) engine.cancel(retryEvent[x]);
      retryEvent[x] = -1;
    },
    retry(x) {
      retryEvent[x] = -1;
      if (failures[x] > s.steering.retries) {
        metrics.fail(engine.now, bytesLeft[x]);
        hooks.failed(x);
        return;
      }
      attempt(x);
    },
  };
}
