import type { CommandModule } from 'yargs';
import { printJsonOrTable } from './native.js';

interface Args {
  flows: number;
  events: number;
  seed: number;
  port: boolean;
  json: boolean;
}

export const linksBenchCommand: CommandModule<object, Args> = {
  command: 'links',
  describe: 'Max-min bandwidth sharing: refill cost per flow start/end at a given number of concurrent flows',
  builder: async (y) => {
    const { MAXMIN_BENCH_DEFAULTS } = await import('../../net/flows/bench.js');
    return y
      .option('flows', { type: 'number', default: MAXMIN_BENCH_DEFAULTS.flows, describe: 'concurrent flows' })
      .option('events', { type: 'number', default: MAXMIN_BENCH_DEFAULTS.events, describe: 'flow events timed (half ends, half starts)' })
      .option('seed', { type: 'number', default: 1 })
      .option('port', { type: 'boolean', default: false, describe: 'flow engine, one full port: per-event cost with groups (virtual clocks) and without' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
      .check((a) => {
        if (!Number.isInteger(a.flows) || a.flows < 1) return '--flows must be a positive integer';
        if (!Number.isInteger(a.events) || a.events < 2) return '--events must be an integer >= 2';
        return true;
      }) as never;
  },
  handler: async (args) => {
    const { benchMaxMin, benchSaturatedPort } = await import('../../net/flows/bench.js');
    if (args.port) printJsonOrTable({ ...benchSaturatedPort(args.flows, args.events, args.seed) }, args.json);
    else printJsonOrTable({ ...benchMaxMin({ flows: args.flows, events: args.events, seed: args.seed }) }, args.json);
  },
};
