import type { CommandModule } from 'yargs';
import { bgpBenchCommand } from './bgp.js';
import { ciBenchCommand } from './ci.js';
import { cacheBenchCommand } from './cache.js';
import { flowsBenchCommand } from './flows.js';
import { holdCommand } from './hold.js';
import { linksBenchCommand } from './links.js';
import { playerBenchCommand } from './player.js';
import { rngCommand } from './rng.js';
import { sweepBenchCommand } from './sweep.js';
import { runBenchCommand } from './run.js';

/** One line per benchmark. */
const benches: CommandModule<object, never>[] = [holdCommand as never, rngCommand as never, bgpBenchCommand as never, linksBenchCommand as never, flowsBenchCommand as never, cacheBenchCommand as never, playerBenchCommand as never, runBenchCommand as never, sweepBenchCommand as never, ciBenchCommand as never];

export const benchCommand: CommandModule = {
  command: 'bench <benchmark>',
  describe: 'Benchmarks; each prints its figures (one JSON object with --json)',
  builder: (y) => y.command(benches).demandCommand(1),
  handler: () => {},
};
