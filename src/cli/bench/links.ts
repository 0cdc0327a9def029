import type { CommandModule } from 'yargs';
import { printJsonOrTable } from './native.js';

interface Args {
  flows: number;
  events: number;
  seed: number;
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
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
      .check((a) => {
        if (!Number.isInteger(a.flows) || a.flows < 1) return '--flows must be a positive integer';
        if (!Number.isInteger(a.events) || a.events < 2) return '--events must be an integer >= 2';
        return true;
      }) as never;
  },
  handler: async (args) => {
    const { benchMaxMin } = await import('../../net/flows/bench.js');
    printJsonOrTable({ ...benchMaxMin({ flows: args.flows, events: args.events, seed: args.seed }) }, args.json);
  },
};
