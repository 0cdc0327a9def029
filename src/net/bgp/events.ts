/**
 * BGP in event mode, on the simulation clock: one session per AS link, path-vector
 * updates with propagation and processing delays, per-neighbour MRAI timers, and the
 * same Gao-Rexford decision and export rules as the steady-state solver
 * (./solve.ts). Once no update is in flight, every RIB equals the solver's on the
 * final topology; the property test checks exactly that.
 *
 * Timing model:
 * - An update reaches the neighbour after the link's propagation delay (FIFO per
 *   session, as over TCP) and waits in that router's single processing queue for a
 *   uniform processing time.
 * - MRAI (RFC 4271 9.2.1.1) is per neighbour: after an announcement to a neighbour,
 *   further changes for it are held until the timer expires, then the latest state
 *   of each held prefix is sent. The interval is jittered by a factor uniform in
 *   [0.75, 1] (RFC 4271 10). Withdrawals are not held (the RFC's default; set
 *   `mraiWithdrawals` to hold them too).
 * - A session that goes down drops its routes at both ends at once (as with BFD) and
 *   loses what was in flight; when it comes back up each end sends its full table.
 * - A router does not send a path to a neighbour already on it (it would be dropped
 *   there by loop detection); it withdraws instead.
 *
 * Events are (kind, a, b) integers: this component uses BGP_EVENT_KINDS kinds from
 * `options.kind`. Update messages live in typed-array pools.
 */
import type { Engine } from '../../engine/engine.js';
import type { EventHandle } from '../../engine/queue.js';
import type { Rng } from '../../engine/rng.js';
import type { AsGraph } from '../graph/graph.js';
import { grow } from '../../util/grow.js';
import { exportable, NONE, ORIGIN, relationshipName } from '../relationship.js';
import { EMPTY_PATH, PathStore } from './paths.js';
import { createRoutes, solvePrefix } from './solve.js';
import type { RibsJson } from './table.js';

export const BGP_EVENT_KINDS = 7;
const ARRIVE = 0;
const PROCESS = 1;
const MRAI = 2;
const ORIGINATE = 3;
const STOP_ORIGINATING = 4;
const LINK_DOWN = 5;
const LINK_UP = 6;

export interface BgpEventOptions {
  /** First of BGP_EVENT_KINDS event kinds. */
  kind: number;
  /** Number of prefixes (ids 0 .. prefixes-1). */
  prefixes: number;
  /** Uniform source for MRAI jitter and processing times. */
  rng: Rng;
  /**
   * Called after AS x processed an update received over slot k for prefix p (its
   * Adj-RIB-In changed or was confirmed), and for every prefix when the session on
   * slot k went down (what it had received is gone): how a consumer such as a CDN's
   * control plane, which reads what its neighbours tell it, learns of a change.
   */
  onUpdate?: (x: number, k: number, p: number) => void;
  /** MRAI interval, seconds (default 30, the eBGP value of RFC 4271; 0 turns it off). */
  mrai?: number;
  /** MRAI jitter factor range (default [0.75, 1]). */
  mraiJitter?: [number, number];
  /** Hold withdrawals under MRAI too (default false). */
  mraiWithdrawals?: boolean;
  /** One-way propagation delay per AS link, seconds: one value or one per link (default 0.005). */
  linkDelay?: number | ArrayLike<number>;
  /** Processing time per update, uniform in [min, max] seconds (default [0.001, 0.01]). */
  processing?: [number, number];
}

export interface BgpEventStats {
  announcements: number;
  withdrawals: number;
  messagesProcessed: number;
  ribChanges: number;
  /** Time of the latest origination, withdrawal or session change. */
  lastTrigger: number;
  /** Time of the latest update processed. */
  lastUpdate: number;
  /** lastUpdate - lastTrigger, or 0 if nothing was processed since. */
  convergenceTime: number;
  /** Updates in flight or held by MRAI. */
  pending: number;
}

export class BgpSessions {
  readonly graph: AsGraph;
  readonly paths = new PathStore();
  private readonly engine: Engine;
  private readonly kind: number;
  private readonly P: number;
  private readonly N: number;
  private readonly D: number;
  private readonly rng: Rng;
  private readonly mrai: number;
  private readonly jitterLo: number;
  private readonly jitterHi: number;
  private readonly mraiWithdrawals: boolean;
  private readonly delay: Float64Array;
  private readonly procLo: number;
  private readonly procHi: number;
  private readonly onUpdate: ((x: number, k: number, p: number) => void) | undefined;

  /** Per (prefix, AS): origin flag, best path and its relationship. */
  private readonly origin: Uint8Array;
  private readonly locPath: Int32Array;
  private readonly locRel: Uint8Array;
  /** Per (prefix, slot): path received over the slot, and path last sent over it. */
  private readonly adjIn: Int32Array;
  private readonly adjOut: Int32Array;
  /** Per slot: MRAI timer, and the prefixes held for it (an intrusive list). */
  private readonly timer: Float64Array;
  private readonly dirtyHead: Int32Array;
  private readonly dirtyNext: Int32Array;
  private readonly dirty: Uint8Array;
  /** Per link: session up, and an epoch that invalidates updates sent before it went down. */
  private readonly up: Uint8Array;
  private readonly epoch: Int32Array;
  /** Per AS: when its processing queue is next free. */
  private readonly busyUntil: Float64Array;

  private msgSlot = new Int32Array(256);
  private msgPrefix = new Int32Array(256);
  private msgPath = new Int32Array(256);
  private msgEpoch = new Int32Array(256);
  private msgFree = new Int32Array(256);
  private msgFreeTop = 0;
  private msgNext = 0;

  private announcements = 0;
  private withdrawals = 0;
  private processed = 0;
  private ribChanges = 0;
  private lastTrigger = 0;
  private lastUpdate = 0;
  private inFlight = 0;
  private held = 0;

  constructor(engine: Engine, graph: AsGraph, options: BgpEventOptions) {
    this.engine = engine;
    this.graph = graph;
    this.kind = options.kind;
    this.P = options.prefixes;
    this.N = graph.size;
    this.D = graph.neighbour.length;
    this.rng = options.rng;
    this.mrai = options.mrai ?? 30;
    [this.jitterLo, this.jitterHi] = options.mraiJitter ?? [0.75, 1];
    this.mraiWithdrawals = options.mraiWithdrawals ?? false;
    const d = options.linkDelay ?? 0.005;
    this.delay = typeof d === 'number' ? new Float64Array(graph.linkCount).fill(d) : Float64Array.from(d);
    if (this.delay.length !== graph.linkCount) throw new RangeError(`linkDelay has ${this.delay.length} entries for ${graph.linkCount} links`);
    [this.procLo, this.procHi] = options.processing ?? [0.001, 0.01];
    this.onUpdate = options.onUpdate;

    const PN = this.P * this.N;
    const PD = this.P * this.D;
    this.origin = new Uint8Array(PN);
    this.locPath = new Int32Array(PN).fill(EMPTY_PATH);
    this.locRel = new Uint8Array(PN);
    this.adjIn = new Int32Array(PD).fill(EMPTY_PATH);
    this.adjOut = new Int32Array(PD).fill(EMPTY_PATH);
    this.timer = new Float64Array(this.D).fill(-1);
    this.dirtyHead = new Int32Array(this.D).fill(-1);
    this.dirtyNext = new Int32Array(PD);
    this.dirty = new Uint8Array(PD);
    this.up = new Uint8Array(graph.linkCount).fill(1);
    this.epoch = new Int32Array(graph.linkCount);
    this.busyUntil = new Float64Array(this.N);

    const k = this.kind;
    engine.on(k + ARRIVE, (m) => this.arrive(m));
    engine.on(k + PROCESS, (m) => this.process(m));
    engine.on(k + MRAI, (slot) => this.mraiExpired(slot));
    engine.on(k + ORIGINATE, (x, p) => this.setOrigin(x, p, 1));
    engine.on(k + STOP_ORIGINATING, (x, p) => this.setOrigin(x, p, 0));
    engine.on(k + LINK_DOWN, (l) => this.sessionDown(l));
    engine.on(k + LINK_UP, (l) => this.sessionUp(l));
  }

  /**
   * Start from the converged state instead of converging on the clock: `origins[p]`
   * (AS indices) originate prefix p, every RIB holds the steady-state solver's route,
   * and every session has already carried its routes, so nothing is in flight. A
   * simulation whose network is up and stable at time 0 begins here; only changes
   * after that cost updates. Call before any other event of this component.
   */
  startConverged(origins: readonly (readonly number[])[]): void {
    const g = this.graph;
    const N = this.N;
    const routes = createRoutes(N);
    const order = new Int32Array(N);
    for (let p = 0; p < Math.min(this.P, origins.length); p++) {
      for (const x of origins[p]) this.origin[p * N + x] = 1;
      solvePrefix(g, origins[p], routes);
      // A path is its head AS on the next hop's path: intern shorter paths first.
      let n = 0;
      for (let x = 0; x < N; x++) if (routes.rel[x] !== NONE) order[n++] = x;
      const sorted = Array.from(order.subarray(0, n)).sort((a, b) => routes.length[a] - routes.length[b] || a - b);
      for (const x of sorted) {
        const i = p * N + x;
        const hop = routes.nextHop[x];
        this.locPath[i] = this.paths.intern(x, hop === x ? EMPTY_PATH : this.locPath[p * N + hop]);
        this.locRel[i] = routes.rel[x];
      }
      for (let x = 0; x < N; x++) {
        for (let k = g.offset[x]; k < g.offset[x + 1]; k++) {
          const sent = this.wanted(x, p, k);
          this.adjOut[p * this.D + k] = sent;
          this.adjIn[p * this.D + g.reverse[k]] = sent;
        }
      }
    }
  }

  /** The path AS x last received over slot k for prefix p, as a length (0: none). */
  receivedLength(k: number, p: number): number {
    const path = this.adjIn[p * this.D + k];
    return path === EMPTY_PATH ? 0 : this.paths.length[path];
  }

  /** AS index `x` starts announcing prefix `p` after `delay` seconds. */
  originate(x: number, p: number, delay = 0): void {
    this.engine.schedule(delay, this.kind + ORIGINATE, x, p);
  }

  stopOriginating(x: number, p: number, delay = 0): void {
    this.engine.schedule(delay, this.kind + STOP_ORIGINATING, x, p);
  }

  /** The session over AS link `link` goes down (link failure) after `delay` seconds; the handle cancels it. */
  linkDown(link: number, delay = 0): EventHandle {
    return this.engine.schedule(delay, this.kind + LINK_DOWN, link, 0);
  }

  /** ... and comes back (repair). */
  linkUp(link: number, delay = 0): EventHandle {
    return this.engine.schedule(delay, this.kind + LINK_UP, link, 0);
  }

  isUp(link: number): boolean {
    return this.up[link] === 1;
  }

  /** The best route of AS index x for prefix p, or undefined. */
  route(x: number, p: number): { path: number[]; relationship: string } | undefined {
    const path = this.locPath[p * this.N + x];
    if (path === EMPTY_PATH) return undefined;
    return { path: this.paths.toArray(path, this.graph.asn), relationship: relationshipName(this.locRel[p * this.N + x]) };
  }

  /** Every AS's RIB in the steady-state solver's JSON shape; `prefixText[p]` names prefix p. */
  ribsJson(prefixText: readonly string[]): RibsJson {
    const ases: RibsJson['ases'] = {};
    for (let x = 0; x < this.N; x++) {
      const rib: RibsJson['ases'][string] = {};
      for (let p = 0; p < this.P; p++) {
        const r = this.route(x, p);
        if (r) rib[prefixText[p]] = r as { path: number[]; relationship: 'origin' };
      }
      ases[String(this.graph.asn[x])] = rib;
    }
    return { ases };
  }

  stats(): BgpEventStats {
    return {
      announcements: this.announcements,
      withdrawals: this.withdrawals,
      messagesProcessed: this.processed,
      ribChanges: this.ribChanges,
      lastTrigger: this.lastTrigger,
      lastUpdate: this.lastUpdate,
      convergenceTime: Math.max(0, this.lastUpdate - this.lastTrigger),
      pending: this.inFlight + this.held,
    };
  }

  private setOrigin(x: number, p: number, on: number): void {
    this.lastTrigger = this.engine.now;
    this.origin[p * this.N + x] = on;
    this.decide(x, p);
  }

  /** Re-run the decision process of AS x for prefix p and, if its best route changed, offer it to every neighbour. */
  private decide(x: number, p: number): void {
    const g = this.graph;
    const i = p * this.N + x;
    let best = EMPTY_PATH;
    let bestRel = NONE;
    if (this.origin[i]) {
      best = this.paths.intern(x, EMPTY_PATH);
      bestRel = ORIGIN;
    } else {
      const base = p * this.D;
      let bestLen = 0;
      let bestHop = 0;
      let via = EMPTY_PATH;
      for (let k = g.offset[x]; k < g.offset[x + 1]; k++) {
        const path = this.adjIn[base + k];
        if (path === EMPTY_PATH) continue;
        const rel = g.slotRel[k];
        const len = this.paths.length[path];
        const hop = g.neighbour[k];
        if (rel > bestRel || (rel === bestRel && (len < bestLen || (len === bestLen && hop < bestHop)))) {
          bestRel = rel;
          bestLen = len;
          bestHop = hop;
          via = path;
        }
      }
      if (via !== EMPTY_PATH) best = this.paths.intern(x, via);
    }
    if (best === this.locPath[i] && bestRel === this.locRel[i]) return;
    this.locPath[i] = best;
    this.locRel[i] = bestRel;
    this.ribChanges++;
    for (let k = g.offset[x]; k < g.offset[x + 1]; k++) this.offer(x, p, k);
  }

  /** What x should have told the neighbour on slot k about p: its best path if exportable and loop-free there. */
  private wanted(x: number, p: number, k: number): number {
    const i = p * this.N + x;
    const path = this.locPath[i];
    if (path === EMPTY_PATH) return EMPTY_PATH;
    if (!exportable(this.locRel[i], this.graph.slotRel[k])) return EMPTY_PATH;
    return this.paths.contains(path, this.graph.neighbour[k]) ? EMPTY_PATH : path;
  }

  private offer(x: number, p: number, k: number): void {
    if (!this.up[this.graph.slotLink[k]]) return;
    const want = this.wanted(x, p, k);
    const o = p * this.D + k;
    if (want === this.adjOut[o]) return;
    if (want === EMPTY_PATH && !this.mraiWithdrawals) {
      this.send(k, p, want);
    } else if (this.timer[k] >= 0) {
      if (!this.dirty[o]) {
        this.dirty[o] = 1;
        this.dirtyNext[o] = this.dirtyHead[k];
        this.dirtyHead[k] = p;
        this.held++;
      }
    } else {
      this.send(k, p, want);
      this.startTimer(k);
    }
  }

  private startTimer(k: number): void {
    if (this.mrai <= 0) return;
    const factor = this.jitterLo + (this.jitterHi - this.jitterLo) * this.rng();
    this.timer[k] = this.engine.schedule(this.mrai * factor, this.kind + MRAI, k, 0);
  }

  private mraiExpired(k: number): void {
    this.timer[k] = -1;
    const x = this.graph.slotOwner[k];
    let sent = false;
    for (let p = this.dirtyHead[k]; p >= 0; ) {
      const o = p * this.D + k;
      const next = this.dirtyNext[o];
      this.dirty[o] = 0;
      this.held--;
      const want = this.wanted(x, p, k);
      if (want !== this.adjOut[o]) {
        this.send(k, p, want);
        sent = true;
      }
      p = next;
    }
    this.dirtyHead[k] = -1;
    if (sent) this.startTimer(k);
  }

  private send(k: number, p: number, path: number): void {
    const g = this.graph;
    const link = g.slotLink[k];
    this.adjOut[p * this.D + k] = path;
    if (path === EMPTY_PATH) this.withdrawals++;
    else this.announcements++;
    const m = this.allocMessage();
    this.msgSlot[m] = g.reverse[k];
    this.msgPrefix[m] = p;
    this.msgPath[m] = path;
    this.msgEpoch[m] = this.epoch[link];
    this.inFlight++;
    this.engine.schedule(this.delay[link], this.kind + ARRIVE, m, 0);
  }

  private stale(m: number): boolean {
    const link = this.graph.slotLink[this.msgSlot[m]];
    return !this.up[link] || this.epoch[link] !== this.msgEpoch[m];
  }

  private arrive(m: number): void {
    if (this.stale(m)) return this.freeMessage(m);
    const x = this.graph.slotOwner[this.msgSlot[m]];
    const t = Math.max(this.engine.now, this.busyUntil[x]) + this.procLo + (this.procHi - this.procLo) * this.rng();
    this.busyUntil[x] = t;
    this.engine.scheduleAt(t, this.kind + PROCESS, m, 0);
  }

  private process(m: number): void {
    if (this.stale(m)) return this.freeMessage(m);
    const k = this.msgSlot[m];
    const p = this.msgPrefix[m];
    let path = this.msgPath[m];
    this.freeMessage(m);
    const x = this.graph.slotOwner[k];
    if (path !== EMPTY_PATH && this.paths.contains(path, x)) path = EMPTY_PATH;
    this.adjIn[p * this.D + k] = path;
    this.processed++;
    this.lastUpdate = this.engine.now;
    this.decide(x, p);
    this.onUpdate?.(x, k, p);
  }

  private sessionDown(link: number): void {
    if (!this.up[link]) return;
    this.lastTrigger = this.engine.now;
    this.up[link] = 0;
    this.epoch[link]++;
    const g = this.graph;
    const a = g.linkA[link];
    const b = g.linkB[link];
    const ka = this.slotOf(a, link);
    const kb = g.reverse[ka];
    this.clearSlot(ka);
    this.clearSlot(kb);
    for (let p = 0; p < this.P; p++) {
      this.decide(a, p);
      this.decide(b, p);
      this.onUpdate?.(a, ka, p);
      this.onUpdate?.(b, kb, p);
    }
  }

  private sessionUp(link: number): void {
    if (this.up[link]) return;
    this.lastTrigger = this.engine.now;
    this.up[link] = 1;
    this.epoch[link]++;
    const g = this.graph;
    const ka = this.slotOf(g.linkA[link], link);
    const kb = g.reverse[ka];
    for (let p = 0; p < this.P; p++) {
      this.offer(g.linkA[link], p, ka);
      this.offer(g.linkB[link], p, kb);
    }
  }

  private clearSlot(k: number): void {
    if (this.timer[k] >= 0) this.engine.cancel(this.timer[k]);
    this.timer[k] = -1;
    for (let p = this.dirtyHead[k]; p >= 0; ) {
      const o = p * this.D + k;
      const next = this.dirtyNext[o];
      this.dirty[o] = 0;
      this.held--;
      p = next;
    }
    this.dirtyHead[k] = -1;
    for (let p = 0; p < this.P; p++) {
      this.adjIn[p * this.D + k] = EMPTY_PATH;
      this.adjOut[p * this.D + k] = EMPTY_PATH;
    }
  }

  private slotOf(x: number, link: number): number {
    const g = this.graph;
    for (let k = g.offset[x]; k < g.offset[x + 1]; k++) if (g.slotLink[k] === link) return k;
    throw new RangeError(`link ${link} does not touch AS index ${x}`);
  }

  private allocMessage(): number {
    if (this.msgFreeTop > 0) return this.msgFree[--this.msgFreeTop];
    if (this.msgNext === this.msgSlot.length) {
      this.msgSlot = grow(this.msgSlot);
      this.msgPrefix = grow(this.msgPrefix);
      this.msgPath = grow(this.msgPath);
      this.msgEpoch = grow(this.msgEpoch);
      this.msgFree = grow(this.msgFree);
    }
    return this.msgNext++;
  }

  private freeMessage(m: number): void {
    this.msgFree[this.msgFreeTop++] = m;
    this.inFlight--;
  }
}
