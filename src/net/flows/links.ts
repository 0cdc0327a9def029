/**
 * Links between named nodes: ISP access and backbone links, private interconnects
 * (PNIs), IXP ports and transit. Each link is full duplex: direction a→b is resource
 * 2·link, b→a is 2·link + 1, each with its own capacity, so flows in opposite
 * directions do not compete (an access link's download and upload are separate).
 */
import { InputError, type Where } from '../../errors.js';

export const LINK_KINDS = ['access', 'backbone', 'pni', 'ixp-port', 'transit'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export interface LinkSpec {
  name: string;
  kind: LinkKind;
  a: string;
  b: string;
  /** bit/s from a to b. */
  capacity: number;
  /** bit/s from b to a; defaults to `capacity`. */
  reverseCapacity?: number;
  /** One-way propagation delay, seconds. */
  delay: number;
  /** Packet loss probability, 0 when lossless. */
  loss: number;
}

export interface LinkTable {
  nodes: string[];
  nodeIndex: Map<string, number>;
  names: string[];
  kind: LinkKind[];
  a: Int32Array;
  b: Int32Array;
  /** Per resource (2 per link): capacity in bit/s. */
  capacity: Float64Array;
  /** Per link. */
  delay: Float64Array;
  loss: Float64Array;
  /** "a|b" node-index pair (either order) to link. */
  byPair: Map<string, number>;
}

/**
 * Build the table. `isNode(name)` says whether a name is a known node (an AS, an
 * IXP, a site); `where(i, field)` places the i-th link in its input for messages.
 */
export function buildLinkTable(
  specs: readonly LinkSpec[],
  isNode: (name: string) => boolean = () => true,
  where: (i: number, field: string) => Where = () => ({}),
): LinkTable {
  const t: LinkTable = {
    nodes: [],
    nodeIndex: new Map(),
    names: [],
    kind: [],
    a: new Int32Array(specs.length),
    b: new Int32Array(specs.length),
    capacity: new Float64Array(2 * specs.length),
    delay: new Float64Array(specs.length),
    loss: new Float64Array(specs.length),
    byPair: new Map(),
  };
  const names = new Map<string, number>();
  const node = (name: string, i: number, field: string) => {
    let id = t.nodeIndex.get(name);
    if (id !== undefined) return id;
    if (!isNode(name)) throw new InputError(`link to an unknown node '${name}'`, where(i, field));
    id = t.nodes.length;
    t.nodes.push(name);
    t.nodeIndex.set(name, id);
    return id;
  };
  specs.forEach((s, i) => {
    if (names.has(s.name)) throw new InputError(`link name '${s.name}' is used twice (first by link ${names.get(s.name)})`, where(i, 'name'));
    names.set(s.name, i);
    const a = node(s.a, i, 'a');
    const b = node(s.b, i, 'b');
    if (a === b) throw new InputError(`link '${s.name}' connects '${s.a}' to itself`, where(i, 'b'));
    t.names.push(s.name);
    t.kind.push(s.kind);
    t.a[i] = a;
    t.b[i] = b;
    t.capacity[2 * i] = s.capacity;
    t.capacity[2 * i + 1] = s.reverseCapacity ?? s.capacity;
    t.delay[i] = s.delay;
    t.loss[i] = s.loss;
    const key = pairKey(a, b);
    if (!t.byPair.has(key)) t.byPair.set(key, i);
  });
  return t;
}

function pairKey(a: number, b: number): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** The resource carrying traffic over `link` away from node `from`. */
export function resourceOf(t: LinkTable, link: number, from: number): number {
  return from === t.a[link] ? 2 * link : 2 * link + 1;
}

/** Resources along a path of node names; consecutive nodes must share a link (the first listed between them). */
export function routeOf(t: LinkTable, path: readonly string[]): Int32Array {
  const out = new Int32Array(Math.max(0, path.length - 1));
  for (let i = 0; i + 1 < path.length; i++) {
    const a = t.nodeIndex.get(path[i]);
    const b = t.nodeIndex.get(path[i + 1]);
    const link = a === undefined || b === undefined ? undefined : t.byPair.get(pairKey(a, b));
    if (link === undefined) throw new InputError(`no link between '${path[i]}' and '${path[i + 1]}'`);
    out[i] = resourceOf(t, link, a!);
  }
  return out;
}

/** One-way propagation delay of a route, seconds. */
export function routeDelay(t: LinkTable, route: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < route.length; i++) d += t.delay[route[i] >> 1];
  return d;
}

/** Probability a packet is lost somewhere on the route. */
export function routeLoss(t: LinkTable, route: ArrayLike<number>): number {
  let delivered = 1;
  for (let i = 0; i < route.length; i++) delivered *= 1 - t.loss[route[i] >> 1];
  return 1 - delivered;
}

/**
 * Throughput ceiling of one TCP flow under random loss (Mathis, Semke, Mahdavi &
 * Ott, "The macroscopic behavior of the TCP congestion avoidance algorithm", CCR
 * 1997): MSS/RTT · sqrt(3/2) / sqrt(p), in bit/s. Infinity without loss or delay.
 */
export function lossLimitedRate(mssBytes: number, rtt: number, loss: number): number {
  if (!(loss > 0) || !(rtt > 0)) return Infinity;
  return ((mssBytes * 8) / rtt) * Math.sqrt(1.5 / loss);
}
