/** The command registry: one line per command file. */
import type { CommandModule } from 'yargs';
import { benchCommand } from './bench/index.js';
import { cacheCommand } from './cache.js';
import { compareCommand } from './compare.js';
import { bgpCommand } from './bgp.js';
import { mergeCommand } from './merge.js';
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
  cacheCommand as never,
  traceCommand as never,
  mergeCommand as never,
  reportCommand as never,
  compareCommand as never,
  queueCommand as never,
];
