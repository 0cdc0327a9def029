/** The command registry: one line per command file. */
import type { CommandModule } from 'yargs';
import { benchCommand } from './bench/index.js';
import { runCommand } from './run.js';
import { schemaCommand } from './schema.js';
import { validateCommand } from './validate.js';

export const commands: CommandModule<object, never>[] = [
  runCommand as never,
  validateCommand as never,
  schemaCommand as never,
  benchCommand as never,
];
