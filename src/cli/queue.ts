import type { Argv, CommandModule } from 'yargs';
import { ENGINES, type EngineName } from '../engine/engine.js';
import { EXIT_INTERRUPTED, stopOnSignals } from '../run/interrupt.js';
import { progressMode } from '../run/progress.js';
import { DEFAULT_QUEUE, DEFAULT_REDIS_TIMEOUT } from '../run/queue/connection.js';
import { allOf, integerFlags } from './flags.js';
import { loadWithModels } from './lazy.js';
import { sweepReport } from './run.js';

// BullMQ and ioredis take ~0.4 s to import: load them only when a queue command runs,
// not at every start of the CLI.
const submitModule = () => import('../run/queue/submit.js');
// Sweep files are scenarios: read them once the models have added their sections.
const planModule = () => loadWithModels(() => import('../run/plan.js'));

interface Common {
  redis: string;
  queue: string;
  redisTimeout: number;
  json: boolean;
  seed?: number;
}

const common = <T>(y: Argv<T>) =>
  y
    .option('redis', { type: 'string', demandOption: true, describe: 'Redis URL, e.g. redis://host:6379/0' })
    .option('queue', { type: 'string', default: DEFAULT_QUEUE, describe: 'queue name (workers and submitters must agree)' })
    .option('redis-timeout', { type: 'number', default: DEFAULT_REDIS_TIMEOUT, describe: 'seconds to keep reconnecting to a Redis that went away before giving up (exit 1)' })
    .check((a) => (a['redis-timeout'] > 0 ? true : '--redis-timeout must be positive'));

const withJson = <T>(y: Argv<T>) => common(y).option('json', { type: 'boolean', default: false, describe: 'machine-readable output (NDJSON progress, JSON status)' });


async function collect(args: Common & { file: string; out?: string }): Promise<void> {
  const { loadPlan } = await planModule();
  const plan = loadPlan(args.file, args.seed);
  const signals = stopOnSignals();
  try {
    const { collectSweep } = await submitModule();
    const { outDir, manifest } = await collectSweep(plan, { redis: args.redis, queue: args.queue, redisTimeout: args.redisTimeout, out: args.out, progress: progressMode(args.json), stop: signals.stop });
    if (!args.json) process.stdout.write(sweepReport(plan, manifest, outDir).join('\n') + '\n');
    if (manifest.status === 'interrupted') process.exitCode = EXIT_INTERRUPTED;
  } finally {
    signals.dispose();
  }
}

type SubmitArgs = Common & { file: string; out?: string; detach: boolean; engine?: EngineName | 'auto'; attempts: number; maxEvents: number };

const submit: CommandModule<object, SubmitArgs> = {
  command: 'submit <file>',
  describe: 'Queue every run of a sweep, then wait and write its results directory (or --detach)',
  builder: async (y) => {
    const { DEFAULT_MAX_EVENTS } = await import('../scenario/size.js');
    return withJson(y)
      .positional('file', { type: 'string', demandOption: true, describe: 'sweep scenario file' })
      .option('out', { type: 'string', describe: 'results directory (default results/<scenario name>)' })
      .option('detach', { type: 'boolean', default: false, describe: 'return once queued; gather later with cdnsim queue collect' })
      .option('seed', { type: 'number', describe: 'override the master seed' })
      .option('engine', { choices: ['auto', ...ENGINES] as const, describe: 'override the event engine' })
      .option('attempts', { type: 'number', default: 3, describe: 'tries per run (retries back off exponentially from 1 s)' })
      .option('max-events', { type: 'number', default: DEFAULT_MAX_EVENTS, describe: 'refuse a sweep expected to process more events than this' })
      .check(integerFlags({ seed: 0, attempts: 1, 'max-events': 1 })) as never;
  },
  handler: async (args) => {
    const { loadPlan } = await planModule();
    const plan = loadPlan(args.file, args.seed, args.maxEvents);
    const { submitSweep } = await submitModule();
    const { added, retried } = await submitSweep(plan, { redis: args.redis, queue: args.queue, redisTimeout: args.redisTimeout, engine: args.engine, attempts: args.attempts });
    const line = `${plan.name}: sweep ${plan.id}, ${plan.runs.length} runs; ${added} queued now, ${plan.runs.length - added} already in queue '${args.queue}'${retried ? `, ${retried} failed ones retried` : ''}`;
    if (args.json) process.stdout.write(JSON.stringify({ type: 'submitted', sweep: plan.id, runs: plan.runs.length, added, retried }) + '\n');
    else process.stderr.write(line + '\n');
    if (args.detach) {
      if (!args.json) process.stdout.write(`collect with: cdnsim queue collect ${args.file} --redis ${args.redis} --queue ${args.queue}${args.out ? ` --out ${args.out}` : ''}\n`);
      return;
    }
    await collect(args);
  },
};

const collectCommand: CommandModule<object, Common & { file: string; out?: string }> = {
  command: 'collect <file>',
  describe: 'Wait for every run of a submitted sweep and write its results directory',
  builder: (y) =>
    withJson(y)
      .positional('file', { type: 'string', demandOption: true, describe: 'the sweep scenario file that was submitted' })
      .option('out', { type: 'string', describe: 'results directory (default results/<scenario name>)' })
      .option('seed', { type: 'number', describe: 'the master seed it was submitted with, if overridden' })
      .check(integerFlags({ seed: 0 })) as never,
  handler: (args) => collect(args),
};

type WorkerArgs = Omit<Common, 'json' | 'seed'> & { concurrency?: number; workers?: number; stallSeconds: number };

const worker: CommandModule<object, WorkerArgs> = {
  command: 'worker',
  describe: "Run queued runs on this machine's worker pool until stopped (Ctrl-C or SIGTERM)",
  builder: (y) =>
    common(y)
      .option('concurrency', { type: 'number', describe: 'jobs taken at once (default: one per thread)' })
      .option('workers', { type: 'number', describe: 'pool threads (default: available cores)' })
      .option('stall-seconds', { type: 'number', default: 30, describe: "a dead worker's jobs are retried elsewhere after about this long" })
      .check(allOf(integerFlags({ concurrency: 1, workers: 1 }), (a) => ((a['stall-seconds'] as number) > 0 ? true : '--stall-seconds must be positive'))) as never,
  handler: async (args) => {
    const signals = stopOnSignals((t) => process.stderr.write(t.replace('the runs in progress', 'the jobs in hand')));
    try {
      const { serveQueue } = await import('../run/queue/worker.js');
      const r = await serveQueue({ redis: args.redis, queue: args.queue, redisTimeout: args.redisTimeout, concurrency: args.concurrency, workers: args.workers, stallSeconds: args.stallSeconds }, signals.stop);
      process.stderr.write(`cdnsim queue worker: stopped after ${r.completed} completed and ${r.failed} failed jobs\n`);
    } finally {
      signals.dispose();
    }
  },
};

const status: CommandModule<object, Common & { file?: string }> = {
  command: 'status [file]',
  describe: 'Job counts and live workers; with a sweep file, its runs by state',
  builder: (y) =>
    withJson(y)
      .positional('file', { type: 'string', describe: 'a submitted sweep scenario file' })
      .option('seed', { type: 'number', describe: 'the master seed it was submitted with, if overridden' })
      .check(integerFlags({ seed: 0 })) as never,
  handler: async (args) => {
    const plan = args.file ? (await planModule()).loadPlan(args.file, args.seed) : undefined;
    const { queueStatus } = await import('../run/queue/status.js');
    const s = await queueStatus({ redis: args.redis, queue: args.queue, redisTimeout: args.redisTimeout }, plan);
    if (args.json) {
      process.stdout.write(JSON.stringify(s) + '\n');
      return;
    }
    const counts = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k} ${v}`).join(', ');
    const lines = [`queue '${s.queue}': ${s.workers} worker${s.workers === 1 ? '' : 's'}; jobs: ${counts(s.jobs)}`];
    if (s.sweep) lines.push(`sweep ${s.sweep.id} (${s.sweep.runs} runs): ${counts(s.sweep.byState)}`);
    process.stdout.write(lines.join('\n') + '\n');
  },
};

export const queueCommand: CommandModule = {
  command: 'queue <command>',
  describe: 'Run sweeps across machines through a Redis-backed queue (BullMQ)',
  builder: (y) => y.command([submit, worker, status, collectCommand] as CommandModule<object, never>[]).demandCommand(1),
  handler: () => {},
};
