import type { CommandModule } from 'yargs';
import { join } from 'node:path';
import { ENGINES, type EngineName } from '../engine/engine.js';
import { EXIT_INTERRUPTED, stopOnSignals } from '../run/interrupt.js';
import { abandonedStagings } from '../run/folder.js';
import { isRunComplete } from '../run/layout.js';
import type { Plan } from '../run/plan.js';
import { progressMode } from '../run/progress.js';
import type { runScenario } from '../run/run.js';
import { resolveShard, type Shard } from '../run/shard.js';
import type { SweepManifest } from '../run/manifest.js';
import { InputError, isInputError } from '../errors.js';
import { integerFlags } from './flags.js';
import { loadWithModels } from './lazy.js';

interface Args {
  file: string;
  out?: string;
  seed?: number;
  engine?: EngineName | 'auto';
  json: boolean;
  workers?: number;
  resume: boolean;
  dryRun: boolean;
  events: boolean;
  shardIndex?: number;
  shardCount?: number;
  maxEvents: number;
}

export const runCommand: CommandModule<object, Args> = {
  command: 'run <file>',
  describe: 'Simulate a scenario and write results/<name>/ (summary.json, tables, manifest.json, report.html); a sweep writes one result per run, then the tables and report',
  builder: async (y) => {
    const { DEFAULT_MAX_EVENTS } = await import('../scenario/size.js');
    return y
      .positional('file', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
      .option('out', { type: 'string', describe: 'results directory (default results/<scenario name>)' })
      .option('seed', { type: 'number', describe: 'override the master seed' })
      .option('engine', { choices: ['auto', ...ENGINES] as const, describe: 'override the event engine' })
      .option('json', { type: 'boolean', default: false, describe: 'print summary.json to stdout instead of the human summary; for a sweep, NDJSON progress' })
      .option('workers', { type: 'number', describe: "worker threads for a sweep's runs (default: available cores), or for a single scenario's replications (default: one process)" })
      .option('resume', { type: 'boolean', default: false, describe: 'sweep: keep runs whose results are complete, run the rest' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'list the runs and exit' })
      .option('events', { type: 'boolean', default: false, describe: 'also write events.jsonl, the model\'s debugging log (single runs)' })
      .option('shard-index', { type: 'number', describe: 'sweep: run shard I of --shard-count (default from JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX or SLURM_ARRAY_TASK_ID)' })
      .option('shard-count', { type: 'number', describe: 'sweep: number of shards; merge their directories with cdnsim merge' })
      .option('max-events', { type: 'number', default: DEFAULT_MAX_EVENTS, describe: 'refuse a run or sweep expected to process more events than this (estimated before it starts)' })
      .check(integerFlags({ seed: 0, workers: 1, 'shard-count': 1, 'shard-index': 0, 'max-events': 1 })) as never;
  },
  handler: async (args) => {
    try {
      await run(args);
    } catch (e) {
      if (!isInputError(e)) throw e;
      // An engine given by the flag is the flag's fault, not the scenario's `engine:` line.
      if (args.engine !== undefined && e.where.field === 'engine' && e.where.file === undefined) throw new InputError(e.message, { field: '--engine' });
      const { placeInScenario } = await import('../scenario/load.js');
      throw placeInScenario(e, args.file);
    }
  },
};

async function run(args: Args): Promise<void> {
  const { loadScenarioOrSweep } = await loadWithModels(() => import('../scenario/sweep.js'));
  const { runSweep, sweepOnly } = await import('../run/sweep.js');
  const { makePlan } = await import('../run/plan.js');
  const { scenario, sweep } = loadScenarioOrSweep(args.file, { maxEvents: args.maxEvents });
  if (!sweep) {
    sweepOnly({ '--resume': args.resume, '--shard-index': args.shardIndex, '--shard-count': args.shardCount });
    if (args.dryRun) {
      const where = args.workers !== undefined && scenario.replications > 1 ? `on ${Math.min(args.workers, scenario.replications)} worker threads` : 'in one process';
      process.stdout.write(`${scenario.name}: 1 run (${scenario.replications} replication${scenario.replications === 1 ? '' : 's'} ${where})\n`);
      return;
    }
    return runSingle(scenario, args);
  }
  if (args.events) throw new InputError('--events applies to a single run; this scenario has a sweep: section');
  const plan = makePlan(scenario, sweep, { seed: args.seed, file: args.file });
  const shard = resolveShard({ shardIndex: args.shardIndex, shardCount: args.shardCount });
  if (args.dryRun) return await dryRun(plan, shard, args);
  const signals = stopOnSignals();
  try {
    const { outDir, manifest } = await runSweep(plan, {
      out: args.out,
      engine: args.engine,
      workers: args.workers,
      shard,
      resume: args.resume,
      progress: progressMode(args.json),
      stop: signals.stop,
    });
    if (!args.json) process.stdout.write(sweepReport(plan, manifest, outDir).join('\n') + '\n');
    if (manifest.status === 'interrupted') process.exitCode = EXIT_INTERRUPTED;
  } finally {
    signals.dispose();
  }
}

async function runSingle(scenario: Parameters<typeof runScenario>[0], args: Args): Promise<void> {
  const { runScenario } = await import('../run/run.js');
  const outcome = await runScenario(scenario, { out: args.out, seed: args.seed, engine: args.engine, file: args.file, events: args.events, workers: args.workers });
  if (args.json) {
    process.stdout.write(JSON.stringify(outcome.summary, null, 2) + '\n');
    return;
  }
  const m = outcome.manifest;
  const lines = [
    `${outcome.scenario.name} (${outcome.scenario.model}, ${outcome.scenario.replications} replication${outcome.scenario.replications === 1 ? '' : 's'}, seed ${m.seed}, ${m.engine} engine)`,
    ...outcome.report.map((l) => `  ${l}`),
    `  ${m.eventsProcessed.toLocaleString('en-US')} events in ${m.wallSeconds.toFixed(2)} s (${Math.round(m.eventsPerSecond).toLocaleString('en-US')} events/s)`,
    `  results: ${outcome.outDir} (report: ${join(outcome.outDir, 'report.html')})`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

export function planHeadline(plan: Plan, shard: Shard | undefined, selected: number): string {
  const points = plan.runs.length / plan.replications;
  const head = `${plan.name}: ${plan.runs.length} runs (${points} point${points === 1 ? '' : 's'} x ${plan.replications} replication${plan.replications === 1 ? '' : 's'}), seed ${plan.seed}, sweep ${plan.id}`;
  return shard ? `${head}; shard ${shard.index} of ${shard.count}: ${selected} runs` : head;
}

async function dryRun(plan: Plan, shard: Shard | undefined, args: Args): Promise<void> {
  const { selectRuns, sweepOut } = await import('../run/sweep.js');
  const outDir = sweepOut(plan, args.out);
  const { selected } = selectRuns(plan, outDir, shard, false);
  // --resume keeps the runs complete in the folder or in what a killed run left beside it.
  const sources = args.resume ? [outDir, ...abandonedStagings(outDir)] : [];
  const lines: string[] = [];
  if (!args.json) lines.push(planHeadline(plan, shard, selected.length));
  for (const run of selected) {
    const complete = sources.some((d) => isRunComplete(d, run, plan.seed));
    if (args.json) lines.push(JSON.stringify({ id: run.id, replication: run.replication, parameters: run.parameters, ...(args.resume ? { complete } : {}) }));
    else {
      const params = Object.entries(run.parameters).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
      lines.push([run.id, ...params, ...(complete ? ['(complete)'] : [])].join('  '));
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
}

export function sweepReport(plan: Plan, m: SweepManifest, outDir: string): string[] {
  const rate = m.eventsPerSecond >= 1e6 ? `${(m.eventsPerSecond / 1e6).toFixed(2)} M` : Math.round(m.eventsPerSecond).toLocaleString('en-US');
  const lines = [
    planHeadline(plan, m.shard ?? undefined, m.runsSelected),
    `  ${m.runsDone} run${m.runsDone === 1 ? '' : 's'} done, ${m.runsSkipped} already complete, ${m.mode === 'pool' ? `${m.workers} worker${m.workers === 1 ? '' : 's'}` : `by ${m.mode}`}, ${m.wallSeconds.toFixed(2)} s (${rate} events/s)`,
  ];
  if (m.status === 'interrupted') lines.push('  interrupted: finished runs are kept; continue with --resume');
  const csv = m.summaryCsv ? 'summary.csv, summary.parquet, report.html' : m.shard ? "this shard's runs; cdnsim merge the shards' directories for the tables and report" : 'tables and report once every run is complete';
  lines.push(`  results: ${outDir} (${csv})`);
  return lines;
}
