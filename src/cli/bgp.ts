import type { CommandModule } from 'yargs';
import { InputError } from '../errors.js';
import { integerFlags } from './flags.js';

interface Args {
  graph?: string;
  announce?: string[];
  lookup?: string[];
  json: boolean;
}

const conformanceCommand: CommandModule<object, { dir: string; json: boolean }> = {
  command: 'conformance <dir>',
  describe: "Check the solver against bgpsimulator ground-truth cases (*.json); exit 1 on any difference",
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'folder of bgpsimulator case files' })
      .option('json', { type: 'boolean', default: false }) as never,
  handler: async (args) => {
    const { runConformance } = await import('../net/bgp/conformance.js');
    const results = runConformance(args.dir);
    if (args.json) process.stdout.write(JSON.stringify({ cases: results }, null, 2) + '\n');
    else {
      for (const r of results) {
        const verdict = r.mismatches.length === 0 ? 'exact' : `${r.mismatches.length} difference${r.mismatches.length === 1 ? '' : 's'}`;
        process.stdout.write(`${r.name}: ${r.ases} ASes, ${r.links} links, ${r.routes} RIB entries: ${verdict}\n`);
        for (const m of r.mismatches.slice(0, 20)) process.stdout.write(`  ${m}\n`);
      }
    }
    if (results.some((r) => r.mismatches.length > 0)) process.exitCode = 1;
  },
};

const generateCommand: CommandModule<object, { ases: number; seed: number; prefixes?: string }> = {
  command: 'generate',
  describe: 'Print a synthetic Internet-like AS graph as CAIDA serial-1 as-rel text',
  builder: (y) =>
    y
      .option('ases', { type: 'number', default: 78_000, describe: 'number of ASes' })
      .option('seed', { type: 'number', default: 1 })
      .check((a) => {
        return integerFlags({ ases: 20, seed: 0 })(a);
      }) as never,
  handler: async (args) => {
    const { generateTopology, internetLike } = await import('../net/graph/generate.js');
    const { formatAsRel } = await import('../net/graph/caida.js');
    const t = generateTopology(internetLike(args.ases, args.seed));
    process.stdout.write(formatAsRel(t.edges, [`cdnsim synthetic topology: ${args.ases} ASes, seed ${args.seed}`]));
  },
};

/** `bgp`'s own flags are not global: they are not those of its subcommands. */
const OWN = { global: false } as const;

export const bgpCommand: CommandModule<object, Args> = {
  command: 'bgp',
  describe: 'Steady-state BGP routes (Gao-Rexford) over an AS graph; prints every AS\'s RIB',
  builder: (y) =>
    y
      .command(conformanceCommand as never)
      .command(generateCommand as never)
      .option('graph', { ...OWN, type: 'string', describe: 'CAIDA as-rel file (serial-1 or serial-2; .gz and .bz2 are read as such)' })
      .option('announce', { ...OWN, type: 'string', array: true, describe: 'ASN=PREFIX, an origin announcement (repeatable)' })
      .option('lookup', { ...OWN, type: 'string', array: true, describe: 'ASN=ADDRESS: print only the longest-prefix-match route at that AS (repeatable)' })
      .option('json', { ...OWN, type: 'boolean', default: false, describe: 'print {"ases": {asn: {prefix: {path, relationship}}}}' }) as never,
  handler: async (args) => {
    if (!args.graph) throw new InputError('name the AS graph with --graph FILE', { field: 'graph' });
    const { lookup, parseAnnouncementArg, ribsJson, routeAt, solveTable } = await import('../net/bgp/table.js');
    const { loadGraph } = await import('../net/graph/load.js');
    const anns = (args.announce ?? []).map(parseAnnouncementArg);
    if (anns.length === 0) throw new InputError('give at least one --announce ASN=PREFIX', { field: 'announce' });
    const graph = await loadGraph(args.graph);
    const table = solveTable(graph, anns, (i) => ({ field: `announce '${args.announce![i]}'` }));
    if (args.lookup) {
      const out: Record<string, unknown> = {};
      for (const q of args.lookup) {
        const m = /^\s*(?:AS)?(\d+)\s*=\s*(\S+)\s*$/i.exec(q);
        if (!m) throw new InputError(`--lookup '${q}': expected ASN=ADDRESS`, { field: 'lookup' });
        out[q] = lookup(table, Number(m[1]), m[2]) ?? null;
      }
      process.stdout.write((args.json ? JSON.stringify(out) : Object.entries(out).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n')) + '\n');
      return;
    }
    if (args.json) {
      process.stdout.write(JSON.stringify(ribsJson(table)) + '\n');
      return;
    }
    const lines: string[] = [];
    for (let x = 0; x < graph.size; x++) {
      for (let p = 0; p < table.prefixes.length; p++) {
        const r = routeAt(table, x, p);
        if (r) lines.push(`AS ${String(graph.asn[x]).padEnd(10)} ${r.prefix.padEnd(20)} ${r.relationship.padEnd(8)} ${r.path.join(' ')}`);
      }
    }
    process.stdout.write(lines.join('\n') + (lines.length ? '\n' : ''));
  },
};
