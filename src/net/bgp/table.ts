/**
 * Announcements in, every AS's RIB out: group announcements by prefix (several
 * origins of one prefix compete; a more specific prefix is solved on its own and wins
 * by longest-prefix match at lookup), solve, and answer per-AS lookups.
 *
 * Prefixes with the same origins have the same routes (an eyeball ISP's many client
 * prefixes), so each distinct origin set is solved once, and only when first asked
 * for: a table over the full graph with tens of thousands of client prefixes costs
 * what the lookups touch, not 7 bytes per AS per prefix up front.
 */
import { InputError, type Where } from '../../errors.js';
import { indexOfAsn, type AsGraph } from '../graph/graph.js';
import { parseAddress, parsePrefix, type Address, type Prefix } from '../prefix.js';
import { NONE, relationshipName, type RelationshipName } from '../relationship.js';
import { createTrie, findPrefix, insertPrefix, longestMatch, type PrefixTrie } from '../trie.js';
import { pathOf, solvePrefix, type PrefixRoutes } from './solve.js';

export interface Announcement {
  asn: number;
  prefix: string;
}

/** The prefixes announced, each with its origin ASes, indexed by prefix id. */
export interface PrefixSet {
  prefixes: Prefix[];
  /** Origin AS indices per prefix id. */
  origins: number[][];
  trie: PrefixTrie;
}

export interface RouteTable extends PrefixSet {
  graph: AsGraph;
  /** Per prefix id: its origin set's index; per origin set: its routes once solved. */
  group: Int32Array;
  solved: (PrefixRoutes | undefined)[];
}

export interface Route {
  prefix: string;
  /** ASNs, receiver first, origin last. */
  path: number[];
  relationship: RelationshipName;
}

/**
 * Check and group announcements. `where(i)` places the i-th announcement in its input
 * (a CLI flag, a scenario field) for the error message.
 */
export function resolveAnnouncements(g: AsGraph, anns: readonly Announcement[], where: (i: number) => Where = () => ({})): PrefixSet {
  const set: PrefixSet = { prefixes: [], origins: [], trie: createTrie() };
  anns.forEach((ann, i) => {
    const parsed = parsePrefix(ann.prefix);
    if (!parsed.ok) throw new InputError(parsed.message, where(i));
    const x = indexOfAsn(g, ann.asn);
    if (x < 0) throw new InputError(`AS ${ann.asn} is not in the AS graph`, where(i));
    let id = findPrefix(set.trie, parsed.value);
    if (id < 0) {
      id = set.prefixes.length;
      set.prefixes.push(parsed.value);
      set.origins.push([]);
      insertPrefix(set.trie, parsed.value, id);
    }
    if (!set.origins[id].includes(x)) set.origins[id].push(x);
  });
  return set;
}

export function solveTable(g: AsGraph, anns: readonly Announcement[], where?: (i: number) => Where): RouteTable {
  const set = resolveAnnouncements(g, anns, where);
  const groups = new Map<string, number>();
  const group = new Int32Array(set.prefixes.length);
  set.origins.forEach((o, p) => {
    const key = [...o].sort((a, b) => a - b).join(',');
    let i = groups.get(key);
    if (i === undefined) groups.set(key, (i = groups.size));
    group[p] = i;
  });
  return { ...set, graph: g, group, solved: new Array<PrefixRoutes | undefined>(groups.size) };
}

/** The routes of prefix id `p` at every AS (solved on first use, shared by prefixes with the same origins). */
export function routesOf(t: RouteTable, p: number): PrefixRoutes {
  const i = t.group[p];
  return (t.solved[i] ??= solvePrefix(t.graph, t.origins[p]));
}

/** The route AS index `x` holds for prefix id `p`, or undefined. */
export function routeAt(t: RouteTable, x: number, p: number): Route | undefined {
  const r = routesOf(t, p);
  if (r.rel[x] === NONE) return undefined;
  return { prefix: t.prefixes[p].text, path: pathOf(t.graph, r, x), relationship: relationshipName(r.rel[x]) };
}

/** Longest-prefix match at one AS: the most specific announced prefix covering `addr` that this AS has a route for. */
export function lookupPrefixId(t: RouteTable, x: number, addr: Address): number {
  return longestMatch(t.trie, addr, (p) => routesOf(t, p).rel[x] !== NONE);
}

/** The same, from text: `lookup(table, 7018, '12.1.2.3')`. */
export function lookup(t: RouteTable, asn: number, address: string): Route | undefined {
  const x = indexOfAsn(t.graph, asn);
  if (x < 0) throw new InputError(`AS ${asn} is not in the AS graph`);
  const addr = parseAddress(address);
  if (!addr.ok) throw new InputError(addr.message);
  const p = lookupPrefixId(t, x, addr.value);
  return p < 0 ? undefined : routeAt(t, x, p);
}

export type RibsJson = { ases: Record<string, Record<string, { path: number[]; relationship: RelationshipName }>> };

/** Every AS's RIB as `{ases: {asn: {prefix: {path, relationship}}}}`; ASes without routes get `{}`. */
export function ribsJson(t: RouteTable): RibsJson {
  const ases: RibsJson['ases'] = {};
  for (let x = 0; x < t.graph.size; x++) {
    const rib: RibsJson['ases'][string] = {};
    for (let p = 0; p < t.prefixes.length; p++) {
      const route = routeAt(t, x, p);
      if (route) rib[route.prefix] = { path: route.path, relationship: route.relationship };
    }
    ases[String(t.graph.asn[x])] = rib;
  }
  return { ases };
}

/** `ASN=PREFIX` as given on the command line. */
export function parseAnnouncementArg(text: string): Announcement {
  const m = /^\s*(?:AS)?(\d+)\s*=\s*(\S+)\s*$/i.exec(text);
  if (!m) throw new InputError(`--announce '${text}': expected ASN=PREFIX, e.g. 64500=10.0.0.0/8`, { field: 'announce' });
  return { asn: Number(m[1]), prefix: m[2] };
}
