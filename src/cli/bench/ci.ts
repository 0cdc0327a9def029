import type { CommandModule } from 'yargs';
import { ENGINES, type EngineName } from '../../engine/engine.js';
import { InputError } from '../../errors.js';
import { DEFAULT_BASE_REFS } from '../../bench/base-build.js';
import type { ExactReport } from '../../bench/ci.js';
import type { BaseTimingReport } from '../../bench/timing.js';
import { loadWithModels } from '../lazy.js';

interface Args {
  files?: string[];
  baseline?: string;
  updateBaseline: boolean;
  exact: boolean;
  timing: boolean;
  baseRef?: string;
  baseBuild?: string;
  newBuild?: string;
  samples: number;
  maxSlowdown: string;
  confidence: number;
  engine: EngineName;
  json: boolean;
}

/** `5%` or a fraction (`0.05`). */
export function parseSlowdown(text: string): number {
  const t = String(text).trim();
  const x = t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t);
  if (t === '' || !Number.isFinite(x) || x < 0 || x >= 10) throw new InputError(`--max-slowdown ${text}: expected a percentage (5%) or a fraction (0.05)`);
  return x;
}

export const ciBenchCommand: CommandModule<object, Args> = {
  command: 'ci [files..]',
  describe: 'Regression checks for CI: golden metrics and work counters exactly against results/baseline/; with --timing, NEW against BASE in events/s',
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, describe: 'benchmark scenarios (default scenarios/bench/*.yaml)' })
      .option('baseline', { type: 'string', describe: 'baseline directory (default results/baseline of the package)' })
      .option('update-baseline', { type: 'boolean', default: false, describe: 'rewrite the baselines from what the scenarios do now (the engines must agree)' })
      .option('exact', { type: 'boolean', default: true, describe: 'run the exact check (--no-exact: timing only)' })
      .option('timing', { type: 'boolean', default: false, describe: 'also time NEW against BASE; fails only on a confident slowdown' })
      .option('base-ref', { type: 'string', describe: `BASE is the merge-base of HEAD and this ref, built in a temp dir (default ${DEFAULT_BASE_REFS.join(', falling back to ')})` })
      .option('base-build', { type: 'string', describe: 'BASE is this already-built cdnsim package root instead' })
      .option('new-build', { type: 'string', describe: 'NEW is this built package root (default this cdnsim)' })
      .option('samples', { type: 'number', default: 5, describe: 'timing: pairs of runs per scenario, in ABBA order' })
      .option('max-slowdown', { type: 'string', default: '5%', describe: 'timing: fail when NEW is confidently slower than this' })
      .option('confidence', { type: 'number', default: 0.95, describe: 'timing: confidence of the bound that decides' })
      .option('engine', { choices: ENGINES, default: 'js' as EngineName, describe: 'timing: the engine both builds run' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
      .check((a) => {
        if (!Number.isInteger(a.samples) || (a.samples as number) < 1) return '--samples must be a positive integer';
        if (!((a.confidence as number) > 0 && (a.confidence as number) < 1)) return '--confidence must be between 0 and 1';
        if (a['update-baseline'] && a.timing) return '--update-baseline only writes baselines; time in a separate run';
        if (a['base-ref'] !== undefined && a['base-build'] !== undefined) return 'give --base-ref or --base-build, not both';
        return true;
      }) as never,
  handler: async (args) => {
    const { checkExact, defaultScenarioFiles, packageRoot, updateBaselines } = await loadWithModels(() => import('../../bench/ci.js'));
    const { formatExact, formatTiming } = await import('../../bench/format.js');
    const { timeAgainstBase } = await import('../../bench/timing.js');
    const files = args.files && args.files.length > 0 ? args.files.map(String) : defaultScenarioFiles();
    if (args.updateBaseline) {
      const r = await updateBaselines({ files, baselineDir: args.baseline });
      print(args.json ? [JSON.stringify(r)] : [...r.written.map((f) => `wrote ${f}`), ...r.skipped.map((s) => `the ${s.engine} engine was not checked: ${s.reason}`)]);
      return;
    }
    const maxSlowdown = parseSlowdown(args.maxSlowdown);
    const exact: ExactReport | null = args.exact ? await checkExact({ files, baselineDir: args.baseline }) : null;
    const timing: BaseTimingReport | null = args.timing
      ? timeAgainstBase({
          files,
          repo: packageRoot,
          baseBuild: args.baseBuild,
          baseRefs: args.baseRef ? [args.baseRef] : undefined,
          newRoot: args.newBuild ?? packageRoot,
          samples: args.samples,
          maxSlowdown,
          confidence: args.confidence,
          engine: args.engine,
          // A timing run takes a minute or so; CI logs show it is alive.
          onSample: args.json ? undefined : (file, side, s) => process.stderr.write(`timing ${file}: ${side.padEnd(4)} ${Math.round(s.eventsPerSecond).toLocaleString('en-US')} events/s\n`),
        })
      : null;
    const ok = (exact?.ok ?? true) && (timing?.ok ?? true);
    print(args.json ? [JSON.stringify({ exact, timing, ok })] : [...(exact ? formatExact(exact) : []), ...(timing ? formatTiming(timing) : [])]);
    if (!ok) process.exitCode = 1;
  },
};

function print(lines: string[]): void {
  process.stdout.write(lines.join('\n') + '\n');
}
