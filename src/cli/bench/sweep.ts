import type { CommandModule } from 'yargs';
import { ENGINES, type EngineName } from '../../engine/engine.js';
import { loadWithModels } from '../lazy.js';
import { median } from '../../metrics/stats.js';
import { printJsonOrTable } from './native.js';

interface Args {
  file: string;
  workers: number[];
  samples: number;
  engine?: EngineName | 'auto';
  json: boolean;
}

export const sweepBenchCommand: CommandModule<object, Args> = {
  command: 'sweep',
  describe: 'A sweep in one thread and on worker pools of each size: speed-up and pool overhead per run',
  builder: (y) =>
    y
      .option('file', { type: 'string', default: 'scenarios/sweep-mm1.yaml', describe: 'sweep scenario (default: 8 CPU-bound runs of about a second)' })
      .option('workers', { type: 'array', number: true, default: [1, 2], describe: 'pool sizes to time' })
      .option('samples', { type: 'number', default: 1, describe: 'repetitions, alternating configurations; figures are medians' })
      .option('engine', { choices: ['auto', ...ENGINES] as const, describe: 'override the event engine' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
      .check((a) => ((a.workers as number[]).every((w) => Number.isInteger(w) && w >= 1) ? true : '--workers takes positive integers')) as never,
  handler: async (args) => {
    const { loadPlan } = await loadWithModels(() => import('../../run/plan.js'));
    const { benchSweep } = await import('../../run/bench.js');
    const plan = loadPlan(args.file);
    const workers = args.workers.map(Number);
    const b = await benchSweep(plan, { workers, samples: Math.max(1, args.samples), engine: args.engine });
    const seconds = Object.fromEntries(Object.entries(b.pooled).map(([w, xs]) => [w, median(xs)]));
    const one = seconds[String(Math.min(...workers))];
    const inThreadSeconds = median(b.inThread);
    printJsonOrTable(
      {
        file: args.file,
        runs: b.runs,
        samples: b.inThread.length,
        inThreadSeconds,
        seconds,
        // Over the smallest pool: with --workers 1 2, the figure the 2-core target is about.
        speedup: Object.fromEntries(Object.entries(seconds).map(([w, t]) => [w, one / t])),
        overheadSecondsPerRun: Object.fromEntries(Object.entries(b.overheadPerRun).map(([w, xs]) => [w, median(xs)])),
        versusInThreadSecondsPerRun: (one - inThreadSeconds) / b.runs,
        // The same ratio for threads that only spin: the most any pool could get from this machine now.
        cpuSpeedup: Object.fromEntries(Object.entries(b.cpuSpeedup).map(([w, xs]) => [w, median(xs)])),
        identical: b.identical,
      },
      args.json,
    );
  },
};
