import type { CommandModule } from 'yargs';
import { createEngine } from '../../engine/index.js';
import { runHold, type HoldResult } from '../../engine/hold.js';
import { ENGINES, type EngineName } from '../../engine/engine.js';
import { compareNative, median, printJsonOrTable } from './native.js';

interface Args {
  pending: number;
  ops: number;
  engine: EngineName;
  seed: number;
  samples: number;
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
      .option('samples', { type: 'number', default: 1, describe: 'repetitions; figures are medians (interleaved with --native)' })
      .option('native', { type: 'string', describe: 'a compiled native hold binary (args: PENDING OPS) to time in the same run for a ratio' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }) as never,
  handler: async (args) => {
    const runs: HoldResult[] = [];
    const native: number[] = [];
    let nativeClock = 0;
    for (let i = 0; i < Math.max(1, args.samples); i++) {
      const engine = await createEngine(args.engine, { capacity: args.pending + 16 });
      runs.push(runHold(engine, args.pending, args.ops, args.seed));
      if (args.native) {
        const out = compareNative(args.native, [String(args.pending), String(args.ops)]);
        native.push(out[0]);
        nativeClock = out[1];
      }
    }
    const seconds = median(runs.map((r) => r.seconds));
    const result: Record<string, unknown> = { ...runs[0], seconds, opsPerSecond: args.ops / seconds };
    if (args.samples > 1) result.samples = args.samples;
    if (args.native) {
      const nativeOps = median(native);
      result.native = { opsPerSecond: nativeOps, finalClock: nativeClock };
      result.ratioToNative = (result.opsPerSecond as number) / nativeOps;
    }
    printJsonOrTable(result, args.json);
  },
};
