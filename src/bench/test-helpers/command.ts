/**
 * One built command in a child process under a yargs instance of its own, with the exit
 * codes of cdnsim's main (0 ok, 1 failure, 2 bad input): the tests run the commands as
 * a user would, before they are listed in the command registry.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { repoRoot, type CliResult } from '../../test-helpers/cli.js';

const script = `
import yargs from 'yargs';
const [modulePath, exportName, parent, ...argv] = process.argv.slice(1);
const command = (await import(modulePath))[exportName];
const wrapped = parent ? { command: parent + ' <sub>', builder: (y) => y.command(command), handler: () => {} } : command;
let usage;
try {
  await yargs(argv).scriptName('cdnsim').command(wrapped).strict().fail((msg, err) => { if (err && err.name !== 'YError') throw err; usage = msg ?? String(err); }).parseAsync();
} catch (e) {
  process.stderr.write('cdnsim: ' + (e.name === 'InputError' ? e.format() : 'error: ' + e.message) + '\\n');
  process.exit(e.name === 'InputError' ? 2 : 1);
}
if (usage !== undefined) { process.stderr.write('cdnsim: ' + usage + '\\n'); process.exit(2); }
`;

/** `file` is relative to dist/ (e.g. `cli/compare.js`); `parent` nests it (`bench`). */
export function runBuiltCommand(file: string, exportName: string, args: string[], options: { parent?: string; cwd?: string } = {}): CliResult {
  const modulePath = pathToFileURL(join(repoRoot, 'dist', file)).href;
  // cwd stays the repository, where 'yargs' resolves; paths in args are absolute or relative to it.
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, modulePath, exportName, options.parent ?? '', ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
