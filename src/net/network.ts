/**
 * From scenario sections to a network: the AS graph (file, generator or inline, plus
 * IXP route-server peerings), every announcement solved to RIBs, and the link table.
 * Problems that span sections are reported with the field path of the culprit
 * (`prefixes[2].asn`, `links[0].b`), so the scenario loader can point at the line.
 */
import { isAbsolute, join } from 'node:path';
import { InputError } from '../errors.js';
import { formatPath } from '../scenario/path.js';
import { solveTable, type Announcement, type RouteTable } from './bgp/table.js';
import { buildLinkTable, type LinkTable } from './flows/links.js';
import { loadAsRelFileSync, parseAsRel } from './graph/caida.js';
import { addEdge, P2P, type EdgeList } from './graph/edges.js';
import { generateTopology, internetLike, type Ixp, type Topology } from './graph/generate.js';
import { buildGraph, indexOfAsn, type AsGraph } from './graph/graph.js';
import { inlineRows, type NetworkInput, type TopologyInput } from './schema.js';

export interface Network {
  graph: AsGraph;
  ixps: Ixp[];
  /** Roles and client prefixes when the topology was generated. */
  generated?: Topology;
  announcements: Announcement[];
  routes: RouteTable;
  links: LinkTable;
}

export interface BuildOptions {
  /** Folder a relative topology.file is resolved against (the scenario's folder). */
  baseDir?: string;
  /** Further valid link endpoints (sites and the like, declared by other sections). */
  nodes?: Iterable<string>;
}

export interface Issue {
  path: (string | number)[];
  message: string;
}

/** The topology section as an edge list (IXP route-server peerings not yet added). */
export function topologyEdges(t: TopologyInput, options: BuildOptions = {}): { edges: EdgeList; generated?: Topology } {
  if (t.file !== undefined) {
    const file = isAbsolute(t.file) || !options.baseDir ? t.file : join(options.baseDir, t.file);
    return { edges: loadAsRelFileSync(file) };
  }
  if (t.generate !== undefined) {
    const { preset, ases, ...overrides } = t.generate;
    const base = preset === 'internet' ? internetLike(ases ?? 78_000, overrides.seed ?? 1) : {};
    const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
    const generated = generateTopology({ ...base, ...defined });
    return { edges: generated.edges, generated };
  }
  const edges = parseAsRel(inlineRows(t.links ?? []).join('\n'));
  edges.lone.push(...t.ases);
  return { edges, generated: undefined };
}

/** Peer links between route-server members of each IXP, skipping pairs that already have a link. */
function addRouteServerPeerings(edges: EdgeList, ixps: readonly Ixp[]): void {
  const rs = new Set(ixps.flatMap((x) => x.routeServer));
  if (rs.size === 0) return;
  const linked = new Set<string>();
  const key = (a: number, b: number) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  for (let i = 0; i < edges.count; i++) if (rs.has(edges.a[i]) && rs.has(edges.b[i])) linked.add(key(edges.a[i], edges.b[i]));
  for (const ixp of ixps) {
    const m = [...new Set(ixp.routeServer)];
    for (let i = 0; i < m.length; i++) {
      for (let j = i + 1; j < m.length; j++) {
        if (linked.has(key(m[i], m[j]))) continue;
        linked.add(key(m[i], m[j]));
        addEdge(edges, m[i], m[j], P2P);
      }
    }
  }
}

/** Cross-section problems, given the built graph. */
export function networkIssues(input: NetworkInput, graph: AsGraph, ixps: readonly Ixp[] = input.topology.ixps, extraNodes: Iterable<string> = []): Issue[] {
  const issues: Issue[] = [];
  const known = (asn: number) => indexOfAsn(graph, asn) >= 0;
  input.topology.ixps.forEach((ixp, i) => {
    for (const field of ['members', 'routeServer'] as const) {
      ixp[field].forEach((asn, j) => {
        if (!known(asn)) issues.push({ path: ['topology', 'ixps', i, field, j], message: `AS ${asn} is not in the AS graph` });
      });
    }
  });
  (input.prefixes ?? []).forEach((p, i) => {
    if (!known(p.asn)) issues.push({ path: ['prefixes', i, 'asn'], message: `AS ${p.asn} is not in the AS graph` });
  });
  const isNode = nodeNames(graph, ixps, [...(input.nodes ?? []), ...extraNodes]);
  (input.links ?? []).forEach((l, i) => {
    for (const end of ['a', 'b'] as const) {
      if (!isNode(l[end])) issues.push({ path: ['links', i, end], message: `link to an unknown node '${l[end]}'` });
    }
  });
  return issues;
}

/** Link endpoints: 'AS<asn>' for any AS in the graph, IXP names, and declared node names. */
function nodeNames(graph: AsGraph, ixps: readonly Ixp[], declared: Iterable<string>): (name: string) => boolean {
  const names = new Set<string>([...ixps.map((x) => x.name), ...declared]);
  return (name) => {
    if (names.has(name)) return true;
    const m = /^AS(\d+)$/.exec(name);
    return m !== null && indexOfAsn(graph, Number(m[1])) >= 0;
  };
}

function issuesError(issues: Issue[]): InputError {
  const errs = issues.map((i) => new InputError(i.message, { field: formatPath(i.path) }));
  return new InputError(errs[0].message, errs[0].where, errs.slice(1));
}

/** Build the whole network; bad input is an InputError naming the field. */
export function buildNetwork(input: NetworkInput, options: BuildOptions = {}): Network {
  const { edges, generated } = topologyEdges(input.topology, options);
  const ixps: Ixp[] = [...(generated?.ixps ?? []), ...input.topology.ixps.map((x) => ({ ...x, members: [...new Set([...x.members, ...x.routeServer])] }))];
  // Generated IXPs come with their peerings; add those of IXPs given in the scenario.
  addRouteServerPeerings(edges, input.topology.ixps);
  const graph = buildGraph(edges);
  const issues = networkIssues(input, graph, ixps, options.nodes ?? []);
  if (issues.length > 0) throw issuesError(issues);
  const announcements: Announcement[] = [...(generated?.prefixes ?? [])];
  const fieldOf: string[] = announcements.map(() => 'topology.generate');
  (input.prefixes ?? []).forEach((p, i) =>
    p.prefixes.forEach((prefix, j) => {
      announcements.push({ asn: p.asn, prefix });
      fieldOf.push(formatPath(['prefixes', i, 'prefixes', j]));
    }),
  );
  const routes = solveTable(graph, announcements, (i) => ({ field: fieldOf[i] }));
  const isNode = nodeNames(graph, ixps, [...(input.nodes ?? []), ...(options.nodes ?? [])]);
  const links = buildLinkTable(input.links ?? [], isNode, (i, field) => ({ field: formatPath(['links', i, field]) }));
  return { graph, ixps, generated, announcements, routes, links };
}
