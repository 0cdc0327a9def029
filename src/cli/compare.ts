import type { CommandModule } from 'yargs';

interface Args {
  base: string;
  new: string;
  threshold: string[];
  strict: boolean;
  all: boolean;
  runs: boolean;
  json: boolean;
}

export const compareCommand: CommandModule<object, Args> = {
  command: 'compare <base> <new>',
  describe: 'Compare two results directories metric by metric; exit 1 when a metric moved past its threshold in its bad direction',
  builder: (y) =>
    y
      .positional('base', { type: 'string', demandOption: true, describe: 'results directory of the reference (a run or a sweep)' })
      .positional('new', { type: 'string', demandOption: true, describe: 'results directory to judge, of the same kind' })
      .option('threshold', {
        type: 'string',
        array: true,
        default: [],
        describe: 'allowed bad move: 2% (every metric, relative to |BASE|; default 2%), NAME=0.5% (one metric or dotted prefix), NAME=0.001 (absolute, for ratios near 0); repeatable',
      })
      .option('strict', { type: 'boolean', default: false, describe: 'workload counters and other neutral metrics that move past their threshold fail too' })
      .option('all', { type: 'boolean', default: false, describe: 'list unchanged metrics too' })
      .option('runs', { type: 'boolean', default: false, describe: 'sweep: list every run after the points (the verdict is over the points)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the report as one JSON object' }) as never,
  handler: async (args) => {
    const { compareDirs, parseThresholds } = await import('../report/compare.js');
    const { formatCompare } = await import('../report/compare-format.js');
    const report = await compareDirs(args.base, args.new, { thresholds: parseThresholds(args.threshold.map(String)), strict: args.strict });
    const text = args.json ? JSON.stringify(report) : formatCompare(report, { all: args.all, runs: args.runs }).join('\n');
    process.stdout.write(text + '\n');
    if (!report.ok) process.exitCode = 1;
  },
};
