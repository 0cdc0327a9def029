import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import type { CommandModule } from 'yargs';
import { ENGINES, type EngineName } from '../../engine/engine.js';
import { loadWithModels } from '../lazy.js';
import { median } from '../../metrics/stats.js';
import { printJsonOrTable } from './native.js';

interface Args {
  file: string;
  engine: (EngineName | 'auto')[];
  samples: number;
  single: boolean;
  json: boolean;
}

interface Sample {
  scenario: string;
  engine: EngineName;
  sessions: number | null;
  requests: number | null;
  eventsProcessed: number;
  seconds: number;
  eventsPerSecond: number;
  peakMemoryBytes: number;
  summarySha256: string;
}

/** One whole scenario on one engine, in this process: the figures of one sample. */
async function sampleHere(file: string, engine: EngineName): Promise<Sample> {
  const { simulate } = await import('../../run/simulate.js');
  const { loadScenarioFile } = await loadWithModels(() => import('../../scenario/load.js'));
  const scenario = loadScenarioFile(file);
  const t0 = process.hrtime.bigint();
  const r = await simulate(scenario, { engine, baseDir: dirname(file) });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const s = r.summary as Record<string, unknown>;
  return {
    scenario: scenario.name,
    engine: r.engine,
    sessions: typeof s.sessions === 'number' ? s.sessions : null,
    requests: typeof s.requests === 'number' ? s.requests : null,
    eventsProcessed: r.eventsProcessed,
    seconds,
    eventsPerSecond: r.eventsProcessed / seconds,
    // maxRSS is in KiB: the peak resident memory of the whole process.
    peakMemoryBytes: process.resourceUsage().maxRSS * 1024,
    summarySha256: createHash('sha256').update(JSON.stringify(r.summary)).digest('hex'),
  };
}

/**
 * End to end: a whole scenario on each engine, alternating, each sample in its own
 * process as a user runs it (in one process the model's call sites would see both
 * engine classes and slow down for both). With one engine it prints
 * {scenario, engine, sessions, requests, eventsProcessed, seconds, eventsPerSecond,
 * peakMemoryBytes} (medians over samples); with several, one such record per engine,
 * their ratios, and whether their summaries are identical.
 */
export const runBenchCommand: CommandModule<object, Args> = {
  command: 'run <file>',
  describe: 'A whole scenario per engine: events per second, peak memory, and whether the engines agree',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
      .option('engine', { type: 'array', choices: ['auto', ...ENGINES], default: ['js'], describe: 'engines to time, alternating' })
      .option('samples', { type: 'number', default: 1, describe: 'runs per engine; figures are medians' })
      .option('single', { type: 'boolean', default: false, hidden: true, describe: 'run one sample in this process' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }) as never,
  handler: async (args) => {
    const { resolveEngine } = await import('../../run/simulate.js');
    const names = [...new Set(args.engine.map((e) => resolveEngine(e)))];
    if (args.single) {
      process.stdout.write(JSON.stringify(await sampleHere(args.file, names[0])) + '\n');
      return;
    }
    const samples = new Map<EngineName, Sample[]>(names.map((n) => [n, []]));
    for (let i = 0; i < Math.max(1, args.samples); i++) {
      for (const engine of names) {
        const r = spawnSync(process.execPath, [process.argv[1], 'bench', 'run', args.file, '--engine', engine, '--single'], { encoding: 'utf8', maxBuffer: 1 << 20 });
        if (r.status !== 0) throw new Error(`the ${engine} engine failed on ${args.file}: ${r.stderr.trim()}`);
        samples.get(engine)!.push(JSON.parse(r.stdout.trim().split('\n').pop() as string) as Sample);
      }
    }
    const records = names.map((engine) => {
      const runs = samples.get(engine)!;
      const seconds = median(runs.map((r) => r.seconds));
      const { summarySha256: _hash, ...first } = runs[0];
      return { ...first, seconds, eventsPerSecond: first.eventsProcessed / seconds, peakMemoryBytes: Math.max(...runs.map((r) => r.peakMemoryBytes)) };
    });
    if (records.length === 1) {
      printJsonOrTable({ ...records[0], samples: Math.max(1, args.samples) }, args.json);
      return;
    }
    const result: Record<string, unknown> = { scenario: records[0].scenario, samples: Math.max(1, args.samples), engines: records };
    for (const a of records) for (const b of records) if (a !== b) result[`${a.engine}/${b.engine}`] = a.eventsPerSecond / b.eventsPerSecond;
    result.sameSummary = new Set([...samples.values()].flat().map((r) => r.summarySha256)).size === 1;
    printJsonOrTable(result, args.json);
  },
};
