import type { CommandModule } from 'yargs';
import { integerFlags } from '../flags.js';
import type { WasmEngine } from '../../engine/index.js';
import type { HoldResult } from '../../engine/hold.js';
import { ENGINES, type EngineName } from '../../engine/engine.js';
import { median } from '../../metrics/stats.js';
import { compareNative, printJsonOrTable } from './native.js';

type HandlerPlace = 'wasm' | 'js';

interface Args {
  pending: number;
  ops: number;
  engine: (EngineName | 'auto')[];
  handler: HandlerPlace;
  seed: number;
  samples: number;
  native?: string;
  json: boolean;
}

/** Ops for the untimed first run of each engine, so no timed sample runs unoptimised code. */
const WARMUP_OPS = 200_000;

async function holdOnce(name: EngineName, handler: HandlerPlace, pending: number, ops: number, seed: number): Promise<HoldResult> {
  const { createEngine } = await import('../../engine/index.js');
  const { runHold } = await import('../../engine/hold.js');
  const { runHoldInWasm } = await import('../../engine/wasm-hold.js');
  const engine = await createEngine(name, { capacity: pending + 16 });
  if (name === 'wasm' && handler === 'wasm') return runHoldInWasm(engine as WasmEngine, pending, ops, seed);
  return runHold(engine, pending, ops, seed);
}

export const holdCommand: CommandModule<object, Args> = {
  command: 'hold',
  describe: 'Event-list throughput: the hold model (pop the earliest event, push one at now + Exp(1))',
  builder: (y) =>
    y
      .option('pending', { type: 'number', default: 100_000, describe: 'events kept in the list' })
      .option('ops', { type: 'number', default: 10_000_000, describe: 'pop+push operations timed' })
      .option('engine', {
        type: 'array',
        choices: ['auto', ...ENGINES],
        default: ['auto'],
        describe: 'event engine; name several (--engine wasm js) to time them in the same run, alternating',
      })
      .option('handler', {
        choices: ['wasm', 'js'] as const,
        default: 'wasm' as HandlerPlace,
        describe: 'on the wasm engine, run the hold handler inside WASM or as a JS handler',
      })
      .option('seed', { type: 'number', default: 1 })
      .option('samples', { type: 'number', default: 1, describe: 'repetitions; figures are medians (interleaved with --native)' })
      .option('native', { type: 'string', describe: 'a compiled native hold binary (args: PENDING OPS) to time in the same run for a ratio' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
      .check(integerFlags({ pending: 1, ops: 1, seed: 0, samples: 1 })) as never,
  handler: async (args) => {
    const { resolveEngine } = await import('../../run/simulate.js');
    const names = [...new Set(args.engine.map((e) => resolveEngine(e)))];
    const runs = new Map<EngineName, HoldResult[]>(names.map((n) => [n, []]));
    const native: number[] = [];
    let nativeClock = 0;
    for (const name of names) await holdOnce(name, args.handler, args.pending, Math.min(args.ops, WARMUP_OPS), args.seed);
    for (let i = 0; i < Math.max(1, args.samples); i++) {
      for (const name of names) runs.get(name)!.push(await holdOnce(name, args.handler, args.pending, args.ops, args.seed));
      if (args.native) {
        const out = compareNative(args.native, [String(args.pending), String(args.ops)]);
        native.push(out[0]);
        nativeClock = out[1];
      }
    }
    const summary = (name: EngineName) => {
      const rs = runs.get(name)!;
      const seconds = median(rs.map((r) => r.seconds));
      return { ...rs[0], seconds, opsPerSecond: args.ops / seconds };
    };
    const nativeOps = native.length > 0 ? median(native) : undefined;
    let result: Record<string, unknown>;
    if (names.length === 1) {
      result = summary(names[0]);
      if (names[0] === 'wasm') result.handler = args.handler;
      if (args.samples > 1) result.samples = args.samples;
      if (nativeOps !== undefined) {
        result.native = { opsPerSecond: nativeOps, finalClock: nativeClock };
        result.ratioToNative = (result.opsPerSecond as number) / nativeOps;
      }
    } else {
      result = { pending: args.pending, ops: args.ops, samples: Math.max(1, args.samples), handler: args.handler };
      const rate = new Map<string, number>(names.map((n) => [n, summary(n).opsPerSecond]));
      if (nativeOps !== undefined) rate.set('native', nativeOps);
      for (const [n, r] of rate) result[`${n} ops/s`] = r;
      for (const a of names) for (const [b, r] of rate) if (a !== b) result[`${a}/${b}`] = rate.get(a)! / r;
      const clocks = names.map((n) => summary(n).finalClock);
      result.finalClock = clocks[0];
      result.sameFinalClock = clocks.every((c) => c === clocks[0]);
      if (nativeOps !== undefined) result.nativeFinalClock = nativeClock;
    }
    printJsonOrTable(result, args.json);
  },
};
