import type { CommandModule } from 'yargs';
import { isInputError } from '../errors.js';
import { loadScenarioOrSweep } from '../scenario/sweep.js';

export const validateCommand: CommandModule<object, { file: string[] }> = {
  command: 'validate <file..>',
  describe: 'Check scenario files; list every problem with file:line:column',
  builder: (y) => y.positional('file', { type: 'string', array: true, demandOption: true }) as never,
  handler: (args) => {
    let bad = 0;
    for (const file of args.file) {
      try {
        // A sweep's every point is expanded and validated, as `run` would.
        const { scenario: s, sweep } = loadScenarioOrSweep(file);
        const points = sweep ? `, sweep of ${sweep.points.length} points` : '';
        process.stdout.write(`${file}: ok (${s.name}, model ${s.model}${points})\n`);
      } catch (e) {
        if (!isInputError(e)) throw e;
        bad++;
        for (const err of [e, ...e.more]) process.stderr.write(`${err.format()}\n`);
      }
    }
    if (bad > 0) process.exitCode = 2;
  },
};
