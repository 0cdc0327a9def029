import type { CommandModule } from 'yargs';
import { printJsonOrTable } from './native.js';

interface Args {
  draws: number;
  json: boolean;
}

/** Measures each generator's 53-bit uniform draws; the figures behind the default choice. */
export const rngCommand: CommandModule<object, Args> = {
  command: 'rng',
  describe: 'Uniform draws per second for each seedrandom generator',
  builder: (y) =>
    y
      .option('draws', { type: 'number', default: 10_000_000 })
      .option('json', { type: 'boolean', default: false }) as never,
  handler: async (args) => {
    const { GENERATORS, makeRng } = await import('../../engine/rng.js');
    const result: Record<string, unknown> = { draws: args.draws };
    for (const g of GENERATORS) {
      const rng = makeRng(g, 'bench');
      let sink = 0;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < args.draws; i++) sink += rng();
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      if (sink < 0) throw new Error('unreachable');
      result[g] = Math.round(args.draws / s);
    }
    printJsonOrTable(result, args.json);
  },
};
