import type { CommandModule } from 'yargs';
import { ENGINES, type EngineName } from '../engine/engine.js';
import { runScenarioFile } from '../run/run.js';

interface Args {
  file: string;
  out?: string;
  seed?: number;
  engine?: EngineName | 'auto';
  json: boolean;
}

export const runCommand: CommandModule<object, Args> = {
  command: 'run <file>',
  describe: 'Simulate a scenario and write results/<name>/ (manifest.json, summary.json)',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
      .option('out', { type: 'string', describe: 'results directory (default results/<scenario name>)' })
      .option('seed', { type: 'number', describe: 'override the master seed' })
      .option('engine', { choices: ['auto', ...ENGINES] as const, describe: 'override the event engine' })
      .option('json', { type: 'boolean', default: false, describe: 'print summary.json to stdout instead of the human summary' })
      .check((a) => {
        // A returned string is a usage error (exit 2); a thrown one would be a runtime failure.
        if (a.seed !== undefined && (!Number.isInteger(a.seed) || a.seed < 0)) return '--seed must be a non-negative integer';
        return true;
      }) as never,
  handler: async (args) => {
    const outcome = await runScenarioFile(args.file, { out: args.out, seed: args.seed, engine: args.engine });
    if (args.json) {
      process.stdout.write(JSON.stringify(outcome.summary, null, 2) + '\n');
      return;
    }
    const m = outcome.manifest;
    const lines = [
      `${outcome.scenario.name} (${outcome.scenario.model}, ${outcome.scenario.replications} replication${outcome.scenario.replications === 1 ? '' : 's'}, seed ${m.seed}, ${m.engine} engine)`,
      ...outcome.report.map((l) => `  ${l}`),
      `  ${m.eventsProcessed.toLocaleString('en-US')} events in ${m.wallSeconds.toFixed(2)} s (${Math.round(m.eventsPerSecond).toLocaleString('en-US')} events/s)`,
      `  results: ${outcome.outDir}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  },
};
