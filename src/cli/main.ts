#!/usr/bin/env node
/**
 * The `cdnsim` command. Every subcommand lives in its own file under src/cli and is a
 * thin layer: parse flags, call the library, print. Exit codes: 0 ok, 1 runtime
 * failure, 2 bad input (with one clear line, no stack trace).
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { isInputError } from '../errors.js';
import { commands } from './commands.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

async function main(argv: string[]): Promise<number> {
  let usageError: string | undefined;
  const cli = yargs(argv)
    .scriptName('cdnsim')
    .usage('$0 <command> [options]\n\nA discrete-event simulator of an Open Connect-like CDN.')
    .command(commands)
    .demandCommand(1, 'Name a command; see cdnsim --help.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      // yargs reports its own usage and validation failures as YError; anything else
      // came from a command and keeps its own meaning (InputError = 2, others = 1).
      if (err instanceof Error && err.name !== 'YError') throw err;
      usageError = msg ?? String(err);
    });
  try {
    await cli.parseAsync();
  } catch (e) {
    if (isInputError(e)) {
      process.stderr.write(`cdnsim: ${e.format()}\n`);
      return EXIT_BAD_INPUT;
    }
    const err = e as Error;
    process.stderr.write(`cdnsim: error: ${err?.message ?? String(e)}\n`);
    if (process.env.CDNSIM_DEBUG) process.stderr.write(`${err?.stack}\n`);
    return EXIT_FAILURE;
  }
  if (usageError !== undefined) {
    process.stderr.write(`cdnsim: ${usageError}\nRun 'cdnsim --help' for usage.\n`);
    return EXIT_BAD_INPUT;
  }
  return process.exitCode === undefined ? EXIT_OK : Number(process.exitCode);
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`cdnsim: error: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
