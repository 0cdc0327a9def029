import type { CommandModule } from 'yargs';
import { InputError } from '../../errors.js';
import { parseBytes } from '../../scenario/units.js';
import { splitList } from '../cache.js';
import { printJsonOrTable } from './native.js';

interface Args {
  policy: string;
  requests: number;
  objects: number;
  alpha: number;
  size: string;
  seed: number;
  trace?: string;
  native?: string;
  runs: number;
  memory?: number;
  structures: boolean;
  json: boolean;
}

const ALL = 'fifo,lru,clock,lfu,sieve,s3fifo,arc,gdsf,belady';

export const cacheBenchCommand: CommandModule<object, Args> = {
  command: 'cache',
  describe: 'Requests/s per cache policy on a synthetic Zipf trace in memory; optionally whole-process LRU vs a native binary, and memory per object',
  builder: (y) =>
    y
      .option('policy', { type: 'string', default: ALL, describe: 'policies to time' })
      .option('requests', { type: 'number', default: 2_000_000, describe: 'synthetic trace: requests' })
      .option('objects', { type: 'number', default: 200_000, describe: 'synthetic trace: objects' })
      .option('alpha', { type: 'number', default: 0.8, describe: 'synthetic trace: Zipf exponent' })
      .option('size', { type: 'string', default: '1GiB', describe: 'cache size (objects are lognormal, median ~160 KB, 4 KiB to 64 MiB)' })
      .option('seed', { type: 'number', default: 1 })
      .option('trace', { type: 'string', describe: 'an oracleGeneral file for the whole-process comparison (needs --native)' })
      .option('native', { type: 'string', describe: 'a compiled native LRU (args: TRACE SIZE_BYTES) timed against `cdnsim cache` on --trace' })
      .option('runs', { type: 'number', default: 5, describe: 'whole-process runs of each (medians reported)' })
      .option('memory', { type: 'number', describe: 'also fill an LRU with this many objects and report bytes per cached object' })
      .option('structures', { type: 'boolean', default: false, describe: 'also compare the hot-path structures with mnemonist and Map' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }) as never,
  handler: async (args) => {
    const bench = await import('../../cache/bench.js');
    const { generateZipfTrace } = await import('../../trace/gen.js');
    const size = parseBytes(args.size);
    if (!size.ok || !(size.value >= 1)) throw new InputError(size.ok ? 'must be at least 1 byte' : size.message, { field: 'size' });
    const capacity = Math.floor(size.value);
    const result: Record<string, unknown> = {};
    if (args.native || args.trace) {
      if (!args.native || !args.trace) throw new InputError('the whole-process comparison needs both --trace and --native', { field: 'native' });
      result.wholeProcess = bench.compareWithNative(args.trace, capacity, args.native, args.runs);
    } else {
      const words = generateZipfTrace({
        requests: args.requests,
        objects: args.objects,
        alpha: args.alpha,
        sizeDist: { kind: 'lognormal', mu: 12, sigma: 2 },
        sizeMin: 4096,
        sizeMax: 64 * 2 ** 20,
        seed: args.seed,
      });
      const rows = await bench.isolatedThroughput(words, splitList(args.policy), capacity);
      result.trace = { requests: args.requests, objects: args.objects, alpha: args.alpha, cacheSize: capacity };
      result.requestsPerSecond = Object.fromEntries(rows.map((r) => [r.policy, Math.round(r.requestsPerSecond)]));
      result.missRatio = Object.fromEntries(rows.map((r) => [r.policy, Number(r.missRatio.toFixed(4))]));
      if (args.structures) {
        const rowsS = await bench.compareStructures(words, Math.max(1, Math.round(args.objects / 10)));
        result.structures = Object.fromEntries(rowsS.map((r) => [r.structure, Math.round(r.requestsPerSecond)]));
      }
    }
    if (args.memory !== undefined) {
      if (!Number.isInteger(args.memory) || args.memory < 1) throw new InputError('--memory takes a number of objects', { field: 'memory' });
      result.memory = bench.lruMemory(args.memory);
    }
    printJsonOrTable(result, args.json);
  },
};
