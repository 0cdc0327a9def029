import type { CommandModule } from 'yargs';
import { holdCommand } from './hold.js';
import { rngCommand } from './rng.js';

/** One line per benchmark. */
const benches: CommandModule<object, never>[] = [holdCommand as never, rngCommand as never];

export const benchCommand: CommandModule = {
  command: 'bench <benchmark>',
  describe: 'Benchmarks; each prints its figures (one JSON object with --json)',
  builder: (y) => y.command(benches).demandCommand(1),
  handler: () => {},
};
