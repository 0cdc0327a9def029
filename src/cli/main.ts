#!/usr/bin/env node
/**
 * The `cdnsim` command. Every subcommand lives in its own file under src/cli and is a
 * thin layer: parse flags, call the library, print. Exit codes: 0 ok, 1 runtime
 * failure, 2 bad input (with one clear line, no stack trace).
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { isInputError } from '../errors.js';
// Each command loads its library only when it runs (see lazy.ts): registering them all is cheap.
import { commands } from './commands.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/** A usage error found by yargs (unknown flag, bad value, missing argument): exit 2 before any work. */
class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * yargs turns `--seed abc` into NaN rather than refusing it; every numeric flag of every
 * command goes through here, so none of them reaches a command as NaN or Infinity.
 */
function finiteNumbers(argv: Record<string, unknown>): true | string {
  for (const [key, value] of Object.entries(argv)) {
    // yargs adds a camelCase copy of every dashed flag; report the dashed one.
    if (key === '_' || key === '$0' || /[A-Z]/.test(key)) continue;
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'number' && !Number.isFinite(v))) return `--${key} must be a number`;
  }
  return true;
}

async function main(argv: string[]): Promise<number> {
  const cli = yargs(argv)
    .scriptName('cdnsim')
    .usage('$0 <command> [options]\n\nA discrete-event simulator of an Open Connect-like CDN.')
    .command(commands)
    .demandCommand(1, 'Name a command')
    .strict()
    .check(finiteNumbers, true)
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      // yargs reports its own usage and validation failures as YError; anything else
      // came from a command and keeps its own meaning (InputError = 2, others = 1).
      // Throwing is what stops yargs: a handler that returns lets the command run anyway.
      if (err instanceof Error && err.name !== 'YError') throw err;
      throw new UsageError(msg ?? String(err));
    });
  try {
    await cli.parseAsync();
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`cdnsim: ${oneLine(e.message)} (see cdnsim --help)\n`);
      return EXIT_BAD_INPUT;
    }
    if (isInputError(e)) {
      process.stderr.write(`cdnsim: ${e.format()}\n`);
      return EXIT_BAD_INPUT;
    }
    const err = e as Error;
    process.stderr.write(`cdnsim: error: ${err?.message ?? String(e)}\n`);
    if (process.env.CDNSIM_DEBUG) process.stderr.write(`${err?.stack}\n`);
    return EXIT_FAILURE;
  }
  return process.exitCode === undefined ? EXIT_OK : Number(process.exitCode);
}

/** yargs puts several problems on several lines ("Unknown arguments: a, b" and a suggestion). */
function oneLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '').join('; ');
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
