import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError, isInputError } from '../errors.js';
import type { ModelDef } from '../models/model.js';
import { folderNameProblem } from '../run/folder.js';
import type { Scenario } from '../scenario/schema.js';
import { loadWithModels } from './lazy.js';

export const validateCommand: CommandModule<object, { file: string[]; maxEvents: number }> = {
  command: 'validate <file..>',
  describe: 'Check scenario files, the files they name and the modules they load; list every problem with file:line:column',
  builder: async (y) => {
    const { DEFAULT_MAX_EVENTS } = await import('../scenario/size.js');
    return y
      .positional('file', { type: 'string', array: true, demandOption: true })
      .option('max-events', { type: 'number', default: DEFAULT_MAX_EVENTS, describe: 'flag a run or sweep expected to process more events than this' }) as never;
  },
  handler: async (args) => {
    const { loadScenarioOrSweep } = await loadWithModels(() => import('../scenario/sweep.js'));
    const { placeInScenario } = await import('../scenario/load.js');
    let bad = 0;
    for (const file of args.file) {
      try {
        // A sweep's every point is expanded and validated, as `run` would.
        const { scenario: s, sweep } = loadScenarioOrSweep(file, { maxEvents: args.maxEvents });
        for (const point of sweep ? sweep.points.map((p) => p.scenario) : [s]) await checkReferences(point, file);
        const points = sweep ? `, sweep of ${sweep.points.length} points` : '';
        process.stdout.write(`${file}: ok (${s.name}, model ${s.model}${points})\n`);
      } catch (e) {
        if (!isInputError(e)) throw e;
        bad++;
        for (const err of [e, ...e.more]) process.stderr.write(`${placeInScenario(err, file).format()}\n`);
      }
    }
    if (bad > 0) process.exitCode = 2;
  },
};

/** Fields that name a file, relative to the scenario file: a trace to replay, a user's module. */
const FILE_FIELDS = new Set(['trace', 'module']);

/**
 * What `run` would find only later: a name that cannot be a results folder, a file the
 * scenario names that is not there, a user module that does not load (its own syntax
 * error is reported at its line).
 */
async function checkReferences(scenario: Scenario, file: string): Promise<void> {
  const nameProblem = folderNameProblem(scenario.name);
  if (nameProblem) throw new InputError(`the results folder is named after it: ${nameProblem}`, { field: 'name' });
  const baseDir = dirname(file);
  for (const [field, path] of filePaths(scenario)) {
    if (!existsSync(resolve(baseDir, path))) throw new InputError(`no such file: ${path} (relative to the scenario file)`, { field });
  }
  const { findModel } = await import('../models/index.js');
  const model = findModel(scenario.model) as ModelDef | undefined;
  await model?.prepare?.(scenario as never, { baseDir });
}

function filePaths(value: unknown, path = ''): [string, string][] {
  if (typeof value !== 'object' || value === null) return [];
  const found: [string, string][] = [];
  for (const [key, v] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (typeof v === 'string' && FILE_FIELDS.has(key)) found.push([at, v]);
    else found.push(...filePaths(v, at));
  }
  return found;
}
