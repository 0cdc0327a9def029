/** The network module's public API: AS graph, BGP (steady state and event mode), links and flows, scenario sections. */
export * from './relationship.js';
export { parsePrefix, parseAddress, formatPrefix, formatAddress, covers, type Prefix, type Address } from './prefix.js';
export { createTrie, insertPrefix, longestMatch, findPrefix, type PrefixTrie } from './trie.js';
export { createEdgeList, addEdge, parseAsn, isAsn, P2C, P2P, type EdgeList } from './graph/edges.js';
export { parseAsRel, parseAsRelLine, loadAsRelFile, loadAsRelFileSync, formatAsRel } from './graph/caida.js';
export { buildGraph, indexOfAsn, neighbours, withoutLinks, type AsGraph } from './graph/graph.js';
export { loadGraph, loadGraphSync } from './graph/load.js';
export { generateTopology, internetLike, DEFAULT_TOPOLOGY, type TopologyParams, type Topology, type Ixp } from './graph/generate.js';
export { solvePrefix, createRoutes, pathOf, type PrefixRoutes } from './bgp/solve.js';
export {
  solveTable,
  routesOf,
  resolveAnnouncements,
  routeAt,
  lookup,
  lookupPrefixId,
  ribsJson,
  parseAnnouncementArg,
  type Announcement,
  type RouteTable,
  type Route,
  type RibsJson,
} from './bgp/table.js';
export { BgpSessions, BGP_EVENT_KINDS, type BgpEventOptions, type BgpEventStats } from './bgp/events.js';
export { runConformance, parseCase, checkCase, type ConformanceResult } from './bgp/conformance.js';
export { MaxMinSharing } from './flows/maxmin.js';
export { FlowEngine, FLOW_ENGINE_EVENT_KINDS, type FlowEngineOptions, type FlowResources, type FlowEngineStats } from './flows/flow-engine.js';
export { FLOW_MODELS, FLOW_MODEL_NAMES, routeTerms, type FlowModel, type FlowModelName } from './flows/models.js';
export { loadFlowInstance, checkInstance, simulateFlows, runFlowSet, type FlowInstance, type FlowTime } from './flows/instance.js';
export { cdnFlowSet } from './flows/generate.js';
export { FlowNetwork, FLOW_EVENT_KINDS, type FlowNetworkOptions, type LinkDirectionReport } from './flows/network.js';
export {
  buildLinkTable,
  routeOf,
  resourceOf,
  routeDelay,
  routeLoss,
  lossLimitedRate,
  LINK_KINDS,
  type LinkSpec,
  type LinkTable,
  type LinkKind,
} from './flows/links.js';
export { UtilisationSeries, nearestRank } from './flows/utilisation.js';
export { topologySection, prefixesSection, linksSection, nodesSection, networkSections, type NetworkInput } from './schema.js';
export { buildNetwork, networkIssues, topologyEdges, type Network, type BuildOptions } from './network.js';
