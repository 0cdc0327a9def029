import type { Argv, CommandModule } from 'yargs';
import { InputError } from '../errors.js';
import { allOf, integerFlags } from './flags.js';
import { parseBytes } from '../scenario/units.js';
import type { TraceSpec } from '../cache/grid.js';
import { formatBytes } from '../cache/sizes.js';

/** The options naming a trace and how to read it, shared by the commands that read one. */
export interface TraceArgs {
  trace?: string;
  format?: string;
  columns?: string;
  header: boolean;
  delimiter?: string;
}

export function withTraceOptions<T>(y: Argv<T>, own: { global?: boolean } = {}): Argv<T> {
  return y
    .option('format', { ...own, type: 'string', describe: 'oracleGeneral | csv | txt (one id per line) | wcs (time id size); default from the file name' })
    .option('columns', { ...own, type: 'string', describe: 'csv: 1-based columns, e.g. time=1,id=2,size=3 (the default)' })
    .option('header', { ...own, type: 'boolean', default: false, describe: 'csv: the first line is a header' })
    .option('delimiter', { ...own, type: 'string', describe: "csv: field delimiter (default ',', 'tab' for tabs)" }) as unknown as Argv<T>;
}

export async function traceSpec(file: string | undefined, args: TraceArgs): Promise<TraceSpec> {
  if (file === undefined || file === '') throw new InputError('name a trace file with --trace FILE', { field: 'trace' });
  const { inferFormat, parseFormat } = await import('../trace/open.js');
  const format = args.format ? parseFormat(args.format) : inferFormat(file);
  return { file, format, columns: args.columns, header: args.header, delimiter: args.delimiter };
}

interface GenArgs {
  requests: number;
  objects: number;
  alpha: number;
  'size-dist'?: string;
  'size-min'?: string;
  'size-max'?: string;
  rate: number;
  seed: number;
  out: string;
}

const genCommand: CommandModule<object, GenArgs> = {
  command: 'gen',
  describe: 'Write a synthetic IRM Zipf trace in oracleGeneral format (next access filled in)',
  builder: (y) =>
    y
      .option('requests', { type: 'number', demandOption: true, describe: 'requests to generate' })
      .option('objects', { type: 'number', demandOption: true, describe: 'distinct objects (ids 1..M, 1 most popular)' })
      .option('alpha', { type: 'number', demandOption: true, describe: 'Zipf exponent (0: uniform)' })
      .option('size-dist', { type: 'string', describe: 'object sizes: fixed:BYTES (default fixed:1), lognormal:MU,SIGMA, pareto:XM,ALPHA' })
      .option('size-min', { type: 'string', describe: 'clamp sizes from below (units allowed)' })
      .option('size-max', { type: 'string', describe: 'clamp sizes from above (units allowed)' })
      .option('rate', { type: 'number', default: 1000, describe: 'requests per second (sets the time field)' })
      .option('seed', { type: 'number', default: 1 })
      .option('out', { type: 'string', demandOption: true, describe: 'output file' })
      .check(allOf(integerFlags({ requests: 1, objects: 1, seed: 0 }), (a) => ((a.alpha as number) >= 0 && (a.rate as number) > 0 ? true : '--alpha must be at least 0 and --rate positive'))) as never,
  handler: async (args) => {
    const { parseSizeDist, writeZipfTrace } = await import('../trace/gen.js');
    const t0 = process.hrtime.bigint();
    writeZipfTrace(args.out, {
      requests: args.requests,
      objects: args.objects,
      alpha: args.alpha,
      sizeDist: args['size-dist'] ? parseSizeDist(args['size-dist']) : undefined,
      sizeMin: bytesOption(args['size-min'], 'size-min'),
      sizeMax: bytesOption(args['size-max'], 'size-max'),
      rate: args.rate,
      seed: args.seed,
    });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    process.stderr.write(`wrote ${args.requests.toLocaleString('en-US')} requests to ${args.out} in ${s.toFixed(2)} s\n`);
  },
};

function bytesOption(text: string | undefined, field: string): number | undefined {
  if (text === undefined) return undefined;
  const p = parseBytes(text);
  if (!p.ok || !(p.value >= 1)) throw new InputError(p.ok ? `must be at least 1 byte, got '${text}'` : p.message, { field });
  return p.value;
}

interface StatsArgs extends TraceArgs {
  file: string;
  json: boolean;
}

const statsCommand: CommandModule<object, StatsArgs> = {
  command: 'stats <file>',
  describe: 'Requests, objects, bytes and working-set size of a trace',
  builder: (y) =>
    withTraceOptions(y.positional('file', { type: 'string', demandOption: true }).option('json', { type: 'boolean', default: false })) as never,
  handler: async (args) => {
    const spec = await traceSpec(args.file, args);
    const { openTrace } = await import('../trace/open.js');
    const { traceStats } = await import('../trace/stats.js');
    const s = await traceStats(openTrace(spec.file, spec));
    if (args.json) {
      process.stdout.write(JSON.stringify({ file: spec.file, format: spec.format, ...s }) + '\n');
      return;
    }
    const rows: [string, string][] = [
      ['requests', s.requests.toLocaleString('en-US')],
      ['objects', s.objects.toLocaleString('en-US')],
      ['bytes', `${s.requestBytes.toLocaleString('en-US')} (${formatBytes(s.requestBytes)})`],
      ['working set', `${s.workingSetBytes.toLocaleString('en-US')} (${formatBytes(s.workingSetBytes)})`],
      ['one-hit objects', `${s.oneHitObjects.toLocaleString('en-US')} (${s.objects ? ((100 * s.oneHitObjects) / s.objects).toFixed(1) : '0'}%)`],
      ['time span', s.requests ? `${s.firstTime} .. ${s.lastTime} s` : '-'],
    ];
    process.stdout.write(rows.map(([k, v]) => `${k.padEnd(16)} ${v}`).join('\n') + '\n');
  },
};

export const traceCommand: CommandModule = {
  command: 'trace <action>',
  describe: 'Synthetic traces and trace statistics',
  builder: (y) => y.command([genCommand as never, statsCommand as never]).demandCommand(1),
  handler: () => {},
};
