import type { CommandModule } from 'yargs';
import { createEngine } from '../../engine/index.js';
import { runHold } from '../../engine/hold.js';
import { ENGINES, type EngineName } from '../../engine/engine.js';
import { compareNative, printJsonOrTable } from './native.js';

interface Args {
  pending: number;
  ops: number;
  engine: EngineName;
  seed: number;
  native?: string;
  json: boolean;
}

export const holdCommand: CommandModule<object, Args> = {
  command: 'hold',
  describe: 'Event-list throughput: the hold model (pop the earliest event, push one at now + Exp(1))',
  builder: (y) =>
    y
      .option('pending', { type: 'number', default: 100_000, describe: 'events kept in the list' })
      .option('ops', { type: 'number', default: 10_000_000, describe: 'pop+push operations timed' })
      .option('engine', { choices: ENGINES, default: 'js' as EngineName, describe: 'event engine' })
      .option('seed', { type: 'number', default: 1 })
      .option('native', { type: 'string', describe: 'a compiled native hold binary (args: PENDING OPS) to run in the same process for a ratio' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }) as never,
  handler: async (args) => {
    const engine = await createEngine(args.engine, { capacity: args.pending + 16 });
    const result: Record<string, unknown> = { ...runHold(engine, args.pending, args.ops, args.seed) };
    if (args.native) {
      const native = compareNative(args.native, [String(args.pending), String(args.ops)]);
      result.native = { opsPerSecond: native[0], finalClock: native[1] };
      result.ratioToNative = (result.opsPerSecond as number) / native[0];
    }
    printJsonOrTable(result, args.json);
  },
};
