import type { CommandModule } from 'yargs';

interface Args {
  dir: string[];
  out?: string;
  json: boolean;
}

export const mergeCommand: CommandModule<object, Args> = {
  command: 'merge <dir..>',
  describe: "Merge the results directories of one sweep's shards into one, as an unsharded run writes it",
  builder: (y) =>
    y
      .positional('dir', { type: 'string', array: true, demandOption: true, describe: 'sweep results directories' })
      .option('out', { type: 'string', describe: 'merged directory (default results/<scenario name>; may be one of the inputs)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the merged manifest as JSON' }) as never,
  handler: async (args) => {
    const { mergeSweepDirs } = await import('../run/merge.js');
    const { outDir, record, manifest, copied } = mergeSweepDirs(args.dir, args.out);
    if (args.json) {
      process.stdout.write(JSON.stringify(manifest) + '\n');
      return;
    }
    process.stdout.write(`${record.scenario}: ${record.runs.length} runs from ${args.dir.length} director${args.dir.length === 1 ? 'y' : 'ies'} (${copied} copied)\n  results: ${outDir} (summary.csv, summary.parquet, report.html)\n`);
  },
};
