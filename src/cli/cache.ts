import type { CommandModule } from 'yargs';
import type { ConformanceRow } from '../cache/conformance.js';
import type { CacheResult, TraceSpec } from '../cache/grid.js';
import { formatBytes, needsWorkingSet, parseSizeList, resolveSizes } from '../cache/sizes.js';
import { InputError } from '../errors.js';
import { integerFlags } from './flags.js';
import { parseDuration } from '../scenario/units.js';
import { traceSpec, withTraceOptions, type TraceArgs } from './trace.js';

interface CacheArgs extends TraceArgs {
  policy?: string;
  size?: string[];
  admission?: string;
  ttl?: string;
  warmup: number;
  seed: number;
  threads?: number;
  'policy-module'?: string[];
  json: boolean;
  csv: boolean;
}

const conformanceCommand: CommandModule<object, { trace?: string; policy?: string; threads?: number; json: boolean }> = {
  command: 'conformance',
  describe: "Replay libCacheSim's cloudPhysicsIO trace and compare with the miss counts its test suite publishes",
  builder: async (y) => {
    const { PUBLISHED } = await import('../cache/conformance.js');
    return y
      .option('trace', { type: 'string', describe: 'cloudPhysicsIO.oracleGeneral.bin (from libCacheSim data/)' })
      .option('policy', { type: 'string', describe: `policies to check (default all: ${Object.keys(PUBLISHED).join(',')})` })
      .option('threads', { type: 'number', describe: 'worker threads (default: all cores)' })
      .option('json', { type: 'boolean', default: false })
      .check(integerFlags({ threads: 1 })) as never;
  },
  handler: async (args) => {
    if (!args.trace) throw new InputError('name the trace with --trace FILE', { field: 'trace' });
    const { runConformance } = await import('../cache/conformance.js');
    const policies = args.policy ? splitList(args.policy) : undefined;
    const rows = await runConformance(args.trace, policies, { threads: args.threads });
    if (args.json) process.stdout.write(JSON.stringify(rows) + '\n');
    else process.stdout.write(conformanceTable(rows));
    if (rows.some((r) => !r.exact)) process.exitCode = 1;
  },
};

/** `cache`'s own flags are not global: they are not those of `cache conformance`. */
const OWN = { global: false } as const;

export const cacheCommand: CommandModule<object, CacheArgs> = {
  command: 'cache',
  describe: 'Replay a trace through cache policies at cache sizes (every policy x size, in parallel)',
  builder: async (y) => {
    const { policyNames } = await import('../cache/registry.js');
    return withTraceOptions(
      y
        .command(conformanceCommand as never)
        .option('trace', { ...OWN, type: 'string', describe: 'trace file (.gz is decompressed on the fly)' })
        .option('policy', { ...OWN, type: 'string', describe: `comma-separated: ${policyNames().join(', ')} (default lru)` })
        .option('size', { ...OWN, type: 'string', array: true, describe: 'comma-separated: 128MiB, 1GB, 0.01 (of the working set), 5%, or auto' })
        .option('admission', { ...OWN, type: 'string', describe: 'always | bloom[:N] | size:BYTES | prob:P' })
        .option('ttl', { ...OWN, type: 'string', describe: 'expire objects this long after they enter (e.g. 1h)' })
        .option('warmup', { ...OWN, type: 'number', default: 0, describe: 'requests that warm the caches without being counted' })
        .option('seed', { ...OWN, type: 'number', default: 1, describe: 'seed for the probabilistic admission filter' })
        .option('threads', { ...OWN, type: 'number', describe: 'worker threads (default: all cores)' })
        .option('policy-module', { ...OWN, type: 'string', array: true, describe: 'a module exporting extra policies (PolicyDefinition)' })
        .option('json', { ...OWN, type: 'boolean', default: false, describe: 'print a JSON array, one object per (policy, size)' })
        .option('csv', { ...OWN, type: 'boolean', default: false, describe: 'print CSV (for plotting miss-ratio curves)' }),
      OWN,
    ).check(integerFlags({ warmup: 0, seed: 0, threads: 1 }), false) as never;
  },
  handler: async (args) => {
    const spec = await traceSpec(args.trace, args);
    const { registerPolicyModule } = await import('../cache/registry.js');
    const { runGrid } = await import('../cache/grid.js');
    for (const m of args['policy-module'] ?? []) await registerPolicyModule(m);
    const policies = splitList(args.policy ?? 'lru');
    if (policies.length === 0) throw new InputError('name at least one policy', { field: 'policy' });
    const sizeSpecs = parseSizeList(args.size ?? []);
    if (!Number.isInteger(args.warmup) || args.warmup < 0) throw new InputError(`--warmup must be a whole number of requests, got ${args.warmup}`, { field: 'warmup' });
    const ttl = args.ttl === undefined ? undefined : ttlSeconds(args.ttl);
    const wss = needsWorkingSet(sizeSpecs) ? await workingSetBytes(spec) : undefined;
    const sizes = [...new Set(resolveSizes(sizeSpecs, wss))].sort((a, b) => a - b);
    const results = await runGrid(
      spec,
      policies,
      sizes,
      { admission: args.admission, ttl, warmup: args.warmup, seed: args.seed, policyModules: args['policy-module'] },
      { threads: args.threads },
    );
    if (args.json) process.stdout.write(JSON.stringify(results) + '\n');
    else if (args.csv) process.stdout.write(resultsCsv(results));
    else process.stdout.write(resultsTable(results));
  },
};

async function workingSetBytes(spec: TraceSpec): Promise<number> {
  const { openTrace } = await import('../trace/open.js');
  const { traceStats } = await import('../trace/stats.js');
  return (await traceStats(openTrace(spec.file, spec))).workingSetBytes;
}

export function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

function ttlSeconds(text: string): number {
  const p = parseDuration(text);
  if (!p.ok || !(p.value > 0)) throw new InputError(p.ok ? `--ttl must be positive, got '${text}'` : p.message, { field: 'ttl' });
  return p.value;
}

function resultsTable(rows: CacheResult[]): string {
  const head = ['policy', 'size', 'requests', 'misses', 'miss ratio', 'byte miss ratio', 'seconds'];
  const body = rows.map((r) => [
    r.policy,
    formatBytes(r.cacheSize),
    String(r.requests),
    String(r.misses),
    r.missRatio.toFixed(4),
    r.byteMissRatio.toFixed(4),
    r.seconds.toFixed(3),
  ]);
  return table(head, body);
}

function resultsCsv(rows: CacheResult[]): string {
  const cols = ['policy', 'cacheSize', 'requests', 'misses', 'byteMisses', 'missRatio', 'byteMissRatio', 'seconds'] as const;
  return [cols.join(','), ...rows.map((r) => cols.map((c) => r[c]).join(','))].join('\n') + '\n';
}

function conformanceTable(rows: ConformanceRow[]): string {
  const head = ['policy', 'size', 'misses', 'libCacheSim', 'byte misses', 'libCacheSim', ''];
  const body = rows.map((r) => [
    r.policy,
    formatBytes(r.cacheSize),
    String(r.misses),
    String(r.expectedMisses),
    String(r.byteMisses),
    String(r.expectedByteMisses),
    r.exact ? 'exact' : 'DIFFERENT',
  ]);
  const exact = rows.filter((r) => r.exact).length;
  return table(head, body) + `${exact} of ${rows.length} (policy, size) pairs match libCacheSim exactly\n`;
}

function table(head: string[], body: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(head), ...body.map(line)].join('\n') + '\n';
}
