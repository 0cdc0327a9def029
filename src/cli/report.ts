import type { CommandModule } from 'yargs';

interface Args {
  dir: string;
  json: boolean;
}

export const reportCommand: CommandModule<object, Args> = {
  command: 'report <dir>',
  describe: 'Write report.html (self-contained, with inline SVG charts) and charts/*.svg for a run or sweep results directory',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'results directory of a run or a sweep' })
      .option('json', { type: 'boolean', default: false, describe: 'print the written paths as JSON' }) as never,
  handler: async (args) => {
    const { writeReport } = await import('../report/html/index.js');
    const written = writeReport(args.dir);
    if (args.json) {
      process.stdout.write(JSON.stringify(written) + '\n');
      return;
    }
    process.stdout.write(`report: ${written.html}\n${written.charts.map((c) => `  chart: ${c}\n`).join('')}`);
  },
};
