/** The command registry: one line per command file. Each file loads its library only when its command runs (lazy.ts). */
import type { CommandModule } from 'yargs';
import { benchCommand } from './bench/index.js';
import { cacheCommand } from './cache.js';
import { calibrateCommand } from './calibrate.js';
import { compareCommand } from './compare.js';
import { flowsCommand } from './flows.js';
import { bgpCommand } from './bgp.js';
import { mergeCommand } from './merge.js';
import { playerCommand } from './player.js';
import { queueCommand } from './queue.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { schemaCommand } from './schema.js';
import { traceCommand } from './trace.js';
import { validateCommand } from './validate.js';

export const commands: CommandModule<object, never>[] = [
  runCommand as never,
  validateCommand as never,
  schemaCommand as never,
  benchCommand as never,
  bgpCommand as never,
  flowsCommand as never,
  cacheCommand as never,
  playerCommand as never,
  traceCommand as never,
  mergeCommand as never,
  reportCommand as never,
  compareCommand as never,
  calibrateCommand as never,
  queueCommand as never,
];
