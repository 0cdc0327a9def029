/**
 * Conformance against bgpsimulator's ground truth: each case file holds an AS graph
 * (`as_graph.ases[asn]` with customer, peer and provider lists) and every AS's local
 * RIB after propagation (`policy.local_rib[prefix]` with `as_path`, receiver first, and
 * `recv_relationship`: 1 provider, 2 peer, 3 customer, 4 origin). The origins are the
 * entries with relationship 4. We rebuild the graph, announce the same prefixes, solve,
 * and compare every AS's RIB entry by entry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileError, InputError } from '../../errors.js';
import { addEdge, createEdgeList, isAsn, P2C, P2P, type EdgeList } from '../graph/edges.js';
import { buildGraph } from '../graph/graph.js';
import { relationshipName, type RelationshipName } from '../relationship.js';
import { ribsJson, solveTable, type Announcement, type RibsJson } from './table.js';

export interface ConformanceCase {
  name: string;
  edges: EdgeList;
  announcements: Announcement[];
  expected: RibsJson;
}

export interface ConformanceResult {
  name: string;
  ases: number;
  links: number;
  routes: number;
  /** Differences, one line each; empty when every RIB matches exactly. */
  mismatches: string[];
}

interface RawAs {
  customer_asns?: unknown;
  peer_asns?: unknown;
  provider_asns?: unknown;
  policy?: { local_rib?: Record<string, { as_path?: unknown; recv_relationship?: unknown }> };
}

function asnList(v: unknown, file: string, field: string): number[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every(isAsn)) throw new InputError('expected a list of AS numbers', { file, field });
  return v as number[];
}

export function parseCase(text: string, file: string): ConformanceCase {
  let doc: { as_graph?: { ases?: Record<string, RawAs> } };
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not JSON: ${(e as Error).message}`, { file });
  }
  const ases = doc?.as_graph?.ases;
  if (!ases || typeof ases !== 'object') throw new InputError('expected as_graph.ases', { file, field: 'as_graph.ases' });
  const edges = createEdgeList({ file });
  const announcements: Announcement[] = [];
  const expected: RibsJson = { ases: {} };
  for (const [key, as] of Object.entries(ases)) {
    const field = `as_graph.ases.${key}`;
    const asn = Number(key);
    if (!isAsn(asn)) throw new InputError(`'${key}' is not an AS number`, { file, field });
    edges.lone.push(asn);
    for (const c of asnList(as.customer_asns, file, `${field}.customer_asns`)) addEdge(edges, asn, c, P2C);
    for (const p of asnList(as.provider_asns, file, `${field}.provider_asns`)) addEdge(edges, p, asn, P2C);
    for (const p of asnList(as.peer_asns, file, `${field}.peer_asns`)) addEdge(edges, asn, p, P2P);
    const rib: RibsJson['ases'][string] = {};
    for (const [prefix, entry] of Object.entries(as.policy?.local_rib ?? {})) {
      const path = asnList(entry.as_path, file, `${field}.policy.local_rib.${prefix}.as_path`);
      const rel = entry.recv_relationship;
      if (typeof rel !== 'number' || rel < 1 || rel > 4) {
        throw new InputError('recv_relationship must be 1, 2, 3 or 4', { file, field: `${field}.policy.local_rib.${prefix}` });
      }
      rib[prefix] = { path, relationship: relationshipName(rel) };
      if (rel === 4) announcements.push({ asn, prefix });
    }
    expected.ases[key] = rib;
  }
  const name = file.replace(/^.*\//, '').replace(/\.json$/, '');
  return { name, edges, announcements, expected };
}

/** Run one case and list every difference. */
export function checkCase(c: ConformanceCase): ConformanceResult {
  const graph = buildGraph(c.edges);
  const got = ribsJson(solveTable(graph, c.announcements)).ases;
  const expected = c.expected.ases;
  const mismatches: string[] = [];
  let routes = 0;
  for (const asn of Object.keys(expected)) {
    const want = expected[asn];
    const have = got[asn] ?? {};
    for (const prefix of new Set([...Object.keys(want), ...Object.keys(have)])) {
      routes++;
      const w = want[prefix];
      const h = have[prefix];
      if (!w || !h || w.relationship !== h.relationship || w.path.join(' ') !== h.path.join(' ')) {
        mismatches.push(`AS ${asn} ${prefix}: expected ${show(w)}, got ${show(h)}`);
      }
    }
  }
  return { name: c.name, ases: graph.size, links: graph.linkCount, routes, mismatches };
}

function show(r: { path: number[]; relationship: RelationshipName } | undefined): string {
  return r ? `[${r.path.join(' ')}] (${r.relationship})` : 'no route';
}

/** Every `*.json` case in a directory, in name order. */
export function runConformance(dir: string): ConformanceResult[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (e) {
    throw fileError(dir, e);
  }
  if (names.length === 0) throw new InputError('no *.json conformance cases here', { file: dir });
  return names.map((n) => {
    const file = join(dir, n);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw fileError(file, e);
    }
    return checkCase(parseCase(text, file));
  });
}
