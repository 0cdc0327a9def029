/**
 * Groups: processor sharing at a saturated resource, inside the max-min sharing
 * (./maxmin.ts).
 *
 * When a fill leaves at least `groupMin` flows held at one resource r and none of
 * them crosses another tight resource, they become r's group: each runs at w·level[r],
 * and the level is the one number kept (the flow engine gives the group a virtual
 * clock). The other flows on r run below that level: held by their own cap (kept in a
 * heap by cap / w, so the level can move past them one at a time) or by another
 * bottleneck (their highest level is `floor`). Members with a cap sit in a heap by
 * cap / w too. Both heaps share one HeapSet: 2r for members, 2r + 1 for the capped.
 *
 * A start at r, an end there, or a new capacity of r then moves only the level:
 * level = (capacity − what the others take) / Σw of the members, and where it passes
 * a cap, that flow changes sides (water filling, O(log n) a move). The step stands only
 * if nothing else changes: the level stays above `floor`, no resource the members
 * cross (the group's footprint, whose loads follow the level) fills up, and every flow
 * that joins the group crosses no other tight resource. Otherwise it is undone and the
 * change goes through the fill, which first turns the group back into per-flow rates.
 * `floor` is exact when the group forms and kept until it dissolves (a flow leaving
 * may lower the true one; keeping the old can only send a change to the fill), so
 * every step taken is one the full recomputation agrees with. The sums kept across
 * steps carry rounding of the order of their largest values; a step where what is
 * left is small beside those goes to the fill too, which sums afresh.
 */
import { grow } from '../../util/grow.js';
import { HeapSet } from './heap.js';

/** A step stands only where the group's sums keep this share of their largest values (rounding stays ~1e-12 relative). */
const PRECISION = 1e-4;

/** What the groups read and write of the sharing. */
export interface SharingCore {
  readonly maxHops: number;
  readonly capacity: Float64Array;
  readonly load: Float64Array;
  readonly tight: Uint8Array;
  rate: Float64Array;
  prevRate: Float64Array;
  cap: Float64Array;
  weight: Float64Array;
  hops: Uint8Array;
  route: Int32Array;
  compFlows: Int32Array;
  compFlowCount: number;
  /** Flows held at each resource in the last fill that solved them (-1: their cap), and the level there. */
  heldBy: Int32Array;
  readonly frozenLevel: Float64Array;
  flowsOn(r: number): Int32Array;
  /** List r among the resources whose load changed. */
  noteChanged(r: number): void;
}

export class Groups {
  /** Per flow: the resource whose group it is in, else -1; the resource it is capped below, else -1. */
  group: Int32Array;
  outsideOf: Int32Array;
  /** Per resource with a group: its level, its members' Σw and count, what the others take. */
  readonly level: Float64Array;
  readonly weight: Float64Array;
  readonly size: Int32Array;
  readonly heldOutside: Float64Array;
  /** What the last fill did: groups dissolved and formed; a level moved in place (else -1) and the flows that joined it. */
  dissolved: Int32Array;
  dissolvedCount = 0;
  formed: Int32Array;
  formedCount = 0;
  moved = -1;
  joined: Int32Array;
  joinedCount = 0;

  /** Fewest flows held at one resource that form a group. */
  readonly min: number;
  private readonly grouped: Uint8Array;
  private readonly floor: Float64Array;
  /** The largest Σw and outside sum since the group formed: the scale of their rounding errors. */
  private readonly peakWeight: Float64Array;
  private readonly peakOutside: Float64Array;
  private readonly byCap = new HeapSet();
  /** Per resource: the group whose members cross it (-1 for none) and their Σw. */
  private readonly fpOwner: Int32Array;
  private readonly fpWeight: Float64Array;
  private readonly footprint: Int32Array[];
  private readonly footprintCount: Int32Array;
  /** Scratch of a step: flows that changed sides (f joined, -1 - f left), and load changes per resource. */
  private changed: Int32Array;
  private changedCount = 0;
  private readonly pend: Float64Array;
  private touched: Int32Array;
  private touchedCount = 0;
  private readonly touchMark: Int32Array;
  private stepId = 0;

  constructor(resources: number, flows: number, min: number) {
    this.min = min;
    this.group = new Int32Array(flows).fill(-1);
    this.outsideOf = new Int32Array(flows).fill(-1);
    this.level = new Float64Array(resources);
    this.weight = new Float64Array(resources);
    this.size = new Int32Array(resources);
    this.heldOutside = new Float64Array(resources);
    this.grouped = new Uint8Array(resources);
    this.floor = new Float64Array(resources);
    this.peakWeight = new Float64Array(resources);
    this.peakOutside = new Float64Array(resources);
    this.fpOwner = new Int32Array(resources).fill(-1);
    this.fpWeight = new Float64Array(resources);
    this.footprint = Array.from({ length: resources }, () => new Int32Array(0));
    this.footprintCount = new Int32Array(resources);
    this.pend = new Float64Array(resources);
    this.touchMark = new Int32Array(resources);
    this.touched = new Int32Array(16);
    this.changed = new Int32Array(16);
    this.dissolved = new Int32Array(16);
    this.formed = new Int32Array(16);
    this.joined = new Int32Array(16);
  }

  isGrouped(r: number): boolean {
    return this.grouped[r] === 1;
  }

  growFlows(n: number): void {
    this.group = grow(this.group, n, -1);
    this.outsideOf = grow(this.outsideOf, n, -1);
  }

  resetReport(): void {
    this.dissolvedCount = 0;
    this.formedCount = 0;
    this.moved = -1;
    this.joinedCount = 0;
  }

  /** Flow f (rate x) leaves resource r of its route: keep r's sums (r's level moves in the next fill). */
  leave(f: number, r: number, x: number, w: number): void {
    const g = this.group[f];
    if (r === g) {
      this.size[r]--;
      // Subtracting leaves rounding behind; an empty group weighs exactly nothing.
      this.weight[r] = this.size[r] === 0 ? 0 : this.weight[r] - w;
      this.byCap.remove(2 * r, f);
    } else if (g >= 0) this.fpWeight[r] -= w;
    else if (this.grouped[r]) {
      this.heldOutside[r] -= x;
      if (this.outsideOf[f] === r) {
        this.byCap.remove(2 * r + 1, f);
        this.outsideOf[f] = -1;
      }
    }
  }

  /**
   * Move r's level in place after its flows or capacity changed; `f` >= 0 is a flow
   * starting whose only tight resource is r. Returns false, having changed nothing,
   * when the change needs the fill.
   */
  step(m: SharingCore, r: number, f: number): boolean {
    if (!this.grouped[r] || this.size[r] === 0) return false;
    const { byCap } = this;
    let w = this.weight[r];
    let outside = this.heldOutside[r];
    let members = this.size[r];
    let fJoins = false;
    if (f >= 0) {
      const fw = m.weight[f];
      if (m.cap[f] === Infinity) {
        w += fw;
        members++;
        fJoins = true;
      } else {
        outside += m.cap[f];
        byCap.set(2 * r + 1, f, -m.cap[f] / fw);
      }
    }
    // Water filling: members whose cap the level passes leave, capped flows it falls below join.
    let peakW = Math.max(this.peakWeight[r], w);
    let peakOut = Math.max(this.peakOutside[r], outside, m.capacity[r]);
    // One direction per step: a rising level only sends members out, a falling one only
    // brings capped flows in. Rounding could otherwise send a flow back and forth at its
    // cap; a step that would turn back goes to the fill instead.
    this.changedCount = 0;
    let level = 0;
    let dir = 0;
    for (;;) {
      level = (m.capacity[r] - outside) / w;
      const out = byCap.size(2 * r) > 0 && byCap.topKey(2 * r) < level;
      const into = !out && byCap.size(2 * r + 1) > 0 && -byCap.topKey(2 * r + 1) > level;
      if ((out && dir > 0) || (into && dir < 0)) {
        level = NaN;
        break;
      }
      if (out) {
        dir = -1;
        const g = byCap.top(2 * r);
        byCap.remove(2 * r, g);
        byCap.set(2 * r + 1, g, -m.cap[g] / m.weight[g]);
        members--;
        w = members === 0 ? 0 : w - m.weight[g];
        outside += m.cap[g];
        peakOut = Math.max(peakOut, outside);
        this.noteSide(-1 - g);
      } else if (into) {
        dir = 1;
        const g = byCap.top(2 * r + 1);
        byCap.remove(2 * r + 1, g);
        byCap.set(2 * r, g, m.cap[g] / m.weight[g]);
        members++;
        w += m.weight[g];
        peakW = Math.max(peakW, w);
        outside -= m.cap[g];
        if (g === f) fJoins = true;
        else this.noteSide(g);
      } else break;
    }
    // The sums carry rounding of the order of their largest values: where what is left is
    // small beside those, the level would be inexact, and the fill sums afresh instead.
    const exact = w > PRECISION * peakW && m.capacity[r] - outside > PRECISION * peakOut;
    if (!(exact && level > this.floor[r] && Number.isFinite(level)) || !this.fits(m, r, f, fJoins, level)) {
      this.undo(m, r, f, fJoins);
      return false;
    }
    this.peakWeight[r] = peakW;
    this.peakOutside[r] = peakOut;
    this.commit(m, r, f, fJoins, level, w, outside);
    return true;
  }

  /** Whether the step's loads stay below capacity and its joining flows cross no other bottleneck nor group. Fills `pend`. */
  private fits(m: SharingCore, r: number, f: number, fJoins: boolean, level: number): boolean {
    this.stepId++;
    this.touchedCount = 0;
    const rise = level - this.level[r];
    const fp = this.footprint[r];
    for (let i = 0; i < this.footprintCount[r]; i++) this.addLoad(fp[i], this.fpWeight[fp[i]] * rise);
    for (let i = 0; i < this.changedCount; i++) {
      const c = this.changed[i];
      const g = c >= 0 ? c : -1 - c;
      // A joining flow goes from its cap to w·level; a leaving one from w·level (moved with the rest above) to its cap.
      const dx = c >= 0 ? m.weight[g] * level - m.cap[g] : m.cap[g] - m.weight[g] * level;
      if (!this.onRoute(m, g, r, dx, c >= 0)) return false;
    }
    if (f >= 0 && !this.onRoute(m, f, r, fJoins ? m.weight[f] * level : m.cap[f], fJoins)) return false;
    for (let i = 0; i < this.touchedCount; i++) {
      const q = this.touched[i];
      if (this.pend[q] > 0 && !(m.load[q] + this.pend[q] < m.capacity[q])) return false;
    }
    return true;
  }

  private onRoute(m: SharingCore, g: number, r: number, dx: number, joins: boolean): boolean {
    const base = g * m.maxHops;
    for (let h = 0; h < m.hops[g]; h++) {
      const q = m.route[base + h];
      if (q === r) continue;
      if (joins && (m.tight[q] || (this.fpOwner[q] >= 0 && this.fpOwner[q] !== r))) return false;
      this.addLoad(q, dx);
    }
    return true;
  }

  private addLoad(q: number, dx: number): void {
    if (this.touchMark[q] !== this.stepId) {
      this.touchMark[q] = this.stepId;
      this.pend[q] = 0;
      if (this.touchedCount === this.touched.length) this.touched = grow(this.touched);
      this.touched[this.touchedCount++] = q;
    }
    this.pend[q] += dx;
  }

  private noteSide(c: number): void {
    if (this.changedCount === this.changed.length) this.changed = grow(this.changed);
    this.changed[this.changedCount++] = c;
  }

  /** Put the heaps back as they were before the step. */
  private undo(m: SharingCore, r: number, f: number, fJoins: boolean): void {
    for (let i = this.changedCount - 1; i >= 0; i--) {
      const c = this.changed[i];
      const g = c >= 0 ? c : -1 - c;
      if (c >= 0) {
        this.byCap.remove(2 * r, g);
        this.byCap.set(2 * r + 1, g, -m.cap[g] / m.weight[g]);
      } else {
        this.byCap.remove(2 * r + 1, g);
        this.byCap.set(2 * r, g, m.cap[g] / m.weight[g]);
      }
    }
    if (f >= 0 && m.cap[f] !== Infinity) this.byCap.remove(fJoins ? 2 * r : 2 * r + 1, f);
  }

  private commit(m: SharingCore, r: number, f: number, fJoins: boolean, level: number, w: number, outside: number): void {
    const old = this.level[r];
    this.level[r] = level;
    for (let i = 0; i < this.touchedCount; i++) {
      const q = this.touched[i];
      m.load[q] += this.pend[q];
      m.noteChanged(q);
    }
    if (m.load[r] !== m.capacity[r]) {
      // The group's resource stays full; only a new capacity moves its load.
      m.load[r] = m.capacity[r];
      m.noteChanged(r);
    }
    for (let i = 0; i < this.changedCount; i++) {
      const c = this.changed[i];
      const g = c >= 0 ? c : -1 - c;
      m.compFlows[m.compFlowCount++] = g;
      if (c >= 0) {
        m.prevRate[g] = m.cap[g];
        this.join(m, r, g);
      } else {
        m.prevRate[g] = m.weight[g] * old;
        m.rate[g] = m.cap[g];
        this.group[g] = -1;
        this.outsideOf[g] = r;
        this.size[r]--;
        this.forRoute(m, g, r, -m.weight[g]);
      }
    }
    if (f >= 0) {
      m.compFlows[m.compFlowCount++] = f;
      m.prevRate[f] = 0;
      if (fJoins) this.join(m, r, f);
      else {
        m.rate[f] = m.cap[f];
        this.outsideOf[f] = r;
      }
    }
    this.weight[r] = w;
    this.heldOutside[r] = outside;
    this.moved = r;
  }

  private join(m: SharingCore, r: number, g: number): void {
    m.rate[g] = m.weight[g] * this.level[r];
    this.group[g] = r;
    this.outsideOf[g] = -1;
    this.size[r]++;
    this.forRoute(m, g, r, m.weight[g]);
    if (this.joinedCount === this.joined.length) this.joined = grow(this.joined);
    this.joined[this.joinedCount++] = g;
  }

  /** Add w to the footprint weight of every resource of g's route but r. */
  private forRoute(m: SharingCore, g: number, r: number, w: number): void {
    const base = g * m.maxHops;
    for (let h = 0; h < m.hops[g]; h++) {
      const q = m.route[base + h];
      if (q === r) continue;
      if (this.fpOwner[q] !== r) {
        this.fpOwner[q] = r;
        this.fpWeight[q] = 0;
        if (this.footprintCount[r] === this.footprint[r].length) this.footprint[r] = grow(this.footprint[r], Math.max(8, 2 * this.footprintCount[r]));
        this.footprint[r][this.footprintCount[r]++] = q;
      }
      this.fpWeight[q] += w;
    }
  }

  /** After a fill that froze flows at r: make them r's group if there are enough and they qualify. */
  form(m: SharingCore, r: number): void {
    const on = m.flowsOn(r);
    if (on.length < this.min) return;
    const level = m.frozenLevel[r];
    if (!(level > 0)) return;
    let members = 0;
    let weight = 0;
    for (let i = 0; i < on.length; i++) {
      const f = (on[i] / m.maxHops) | 0;
      if (m.heldBy[f] !== r) continue;
      members++;
      weight += m.weight[f];
      const base = f * m.maxHops;
      for (let h = 0; h < m.hops[f]; h++) {
        const q = m.route[base + h];
        if (q !== r && (m.tight[q] || this.fpOwner[q] >= 0)) return;
      }
    }
    if (members < this.min) return;
    let outside = 0;
    let floor = 0;
    this.grouped[r] = 1;
    this.level[r] = level;
    this.size[r] = 0;
    this.footprintCount[r] = 0;
    for (let i = 0; i < on.length; i++) {
      const f = (on[i] / m.maxHops) | 0;
      const w = m.weight[f];
      if (m.heldBy[f] === r) {
        this.group[f] = r;
        this.size[r]++;
        this.forRoute(m, f, r, w);
        if (m.cap[f] !== Infinity) this.byCap.set(2 * r, f, m.cap[f] / w);
        continue;
      }
      outside += m.rate[f];
      if (m.heldBy[f] === -1 && this.outsideOf[f] < 0) {
        this.outsideOf[f] = r;
        this.byCap.set(2 * r + 1, f, -m.cap[f] / w);
      } else floor = Math.max(floor, m.rate[f] / w);
    }
    this.weight[r] = weight;
    this.heldOutside[r] = outside;
    this.floor[r] = floor;
    this.peakWeight[r] = weight;
    this.peakOutside[r] = Math.max(outside, m.capacity[r]);
    if (this.formedCount === this.formed.length) this.formed = grow(this.formed);
    this.formed[this.formedCount++] = r;
  }

  /** Back to per-flow rates: every member gets its rate at the group's level. */
  dissolve(m: SharingCore, r: number): void {
    const on = m.flowsOn(r);
    const level = this.level[r];
    for (let i = 0; i < on.length; i++) {
      const f = (on[i] / m.maxHops) | 0;
      if (this.group[f] === r) {
        m.rate[f] = m.weight[f] * level;
        this.group[f] = -1;
      } else if (this.outsideOf[f] === r) this.outsideOf[f] = -1;
    }
    this.byCap.clear(2 * r);
    this.byCap.clear(2 * r + 1);
    const fp = this.footprint[r];
    for (let i = 0; i < this.footprintCount[r]; i++) {
      this.fpOwner[fp[i]] = -1;
      this.fpWeight[fp[i]] = 0;
    }
    this.footprintCount[r] = 0;
    this.size[r] = 0;
    this.weight[r] = 0;
    this.grouped[r] = 0;
    if (this.dissolvedCount === this.dissolved.length) this.dissolved = grow(this.dissolved);
    this.dissolved[this.dissolvedCount++] = r;
  }
}
