import type { CommandModule } from 'yargs';

interface Args {
  dir: string;
  json: boolean;
}

export const calibrateCommand: CommandModule<object, Args> = {
  command: 'calibrate <dir>',
  describe: "Print an Open Connect run's headline figures beside published reference ranges; exit 1 when any is out of range",
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'results directory of one run (a sweep: one of its runs/<id>)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the checks as one JSON object' }) as never,
  handler: async (args) => {
    const { calibrate, formatCalibration } = await import('../report/calibrate.js');
    const result = calibrate(args.dir);
    process.stdout.write((args.json ? JSON.stringify(result) : formatCalibration(result).join('\n')) + '\n');
    if (!result.ok) process.exitCode = 1;
  },
};
