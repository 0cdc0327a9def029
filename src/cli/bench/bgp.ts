import type { CommandModule } from 'yargs';
import { printJsonOrTable } from './native.js';

interface Args {
  graph?: string;
  ases: number;
  origins: number;
  seed: number;
  events: boolean;
  json: boolean;
}

export const bgpBenchCommand: CommandModule<object, Args> = {
  command: 'bgp',
  describe: 'Steady-state BGP: ms per origin prefix over a 78k-AS Internet-like graph (or --graph FILE)',
  builder: (y) =>
    y
      .option('graph', { type: 'string', describe: 'CAIDA as-rel file instead of the synthetic graph' })
      .option('ases', { type: 'number', default: 78_000, describe: 'size of the synthetic graph' })
      .option('origins', { type: 'number', default: 1000, describe: 'origin prefixes solved (one origin each)' })
      .option('seed', { type: 'number', default: 1 })
      .option('events', { type: 'boolean', default: true, describe: 'also time event mode: one announcement and its withdrawal (--no-events to skip)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
      .check((a) => {
        if (!Number.isInteger(a.ases) || a.ases < 20) return '--ases must be an integer >= 20';
        if (!Number.isInteger(a.origins) || a.origins < 1) return '--origins must be a positive integer';
        return true;
      }) as never,
  handler: async (args) => {
    const { benchEvents, benchSolve, degreeSummary } = await import('../../net/bgp/bench.js');
    const { generateTopology, internetLike } = await import('../../net/graph/generate.js');
    const { buildGraph } = await import('../../net/graph/graph.js');
    const { loadGraph } = await import('../../net/graph/load.js');
    const t0 = process.hrtime.bigint();
    const graph = args.graph ? await loadGraph(args.graph) : buildGraph(generateTopology(internetLike(args.ases, args.seed)).edges);
    const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const solve = benchSolve(graph, args.origins, args.seed);
    const peakMemoryBytes = process.resourceUsage().maxRSS * 1024;
    const result: Record<string, unknown> = {
      graph: args.graph ?? `synthetic (internetLike ${args.ases}, seed ${args.seed})`,
      ases: graph.size,
      links: graph.linkCount,
      ...solve,
      peakMemoryBytes,
      graphLoadMs: loadMs,
      degree: degreeSummary(graph),
      ...(args.events ? { eventMode: benchEvents(graph, args.seed) } : {}),
    };
    printJsonOrTable(result, args.json);
  },
};
