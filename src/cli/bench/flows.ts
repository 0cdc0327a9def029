import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandModule } from 'yargs';
import { InputError } from '../../errors.js';
import type { FlowBench } from '../../net/flows/bench.js';
import { FLOW_MODEL_NAMES, FLOW_MODELS, type FlowModelName } from '../../net/flows/models.js';
import { printJsonOrTable } from './native.js';

interface Args {
  concurrent: string;
  model: FlowModelName;
  seed: number;
  simgrid?: string;
  json: boolean;
}

/** Concurrency of the untimed warm-up set. */
const WARMUP_CONCURRENT = 200;

interface ProcessRun {
  /** Whole process, wall seconds. */
  seconds: number;
  /** Its CPU seconds (user + system), where the system tells (Linux). */
  cpuSeconds?: number;
  ends: Float64Array;
}

interface Row extends FlowBench {
  cdnsimProcessSeconds?: number;
  cdnsimProcessCpuSeconds?: number;
  simgridProcessSeconds?: number;
  simgridProcessCpuSeconds?: number;
  /** SimGrid's own timing of its run (the model alone, as it prints it). */
  simgridRunSeconds?: number;
  /** SimGrid's whole process over ours, wall time. */
  speedup?: number;
  /** The same in CPU time: steadier on a shared machine. */
  cpuSpeedup?: number;
  /** Largest |ours - SimGrid's| / SimGrid's over every flow's completion time. */
  maxRelativeDifference?: number;
}

export const flowsBenchCommand: CommandModule<object, Args> = {
  command: 'flows',
  describe: 'Flow engine: flow starts+ends per second on a CDN-shaped tree at given concurrencies; optionally against SimGrid, whole processes',
  builder: (y) =>
    y
      .option('concurrent', { type: 'string', default: '1000,10000,100000', describe: 'flows active at once, comma-separated (10x as many flows in all)' })
      .option('model', { choices: FLOW_MODEL_NAMES, default: 'maxmin' as FlowModelName })
      .option('seed', { type: 'number', default: 1 })
      .option('simgrid', { type: 'string', describe: 'compiled simgrid_flows yardstick (args: INPUT.txt MODEL all); each set also runs through it and `cdnsim flows`' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }) as never,
  handler: async (args) => {
    const levels = args.concurrent.split(',').map((s) => Number(s.trim()));
    if (levels.some((n) => !Number.isInteger(n) || n < 1)) throw new InputError(`--concurrent '${args.concurrent}': expected positive integers, e.g. 1000,10000`, { field: 'concurrent' });
    const model = FLOW_MODELS[args.model];
    const { benchFlows } = await import('../../net/flows/bench.js');
    const { cdnFlowSet, instanceJson, instanceText } = await import('../../net/flows/generate.js');
    // An untimed small run first, so the timed ones do not pay for compiling the hot path.
    benchFlows(cdnFlowSet(WARMUP_CONCURRENT, args.seed + 1), WARMUP_CONCURRENT, model);
    const rows: Row[] = [];
    for (const n of levels) {
      const inst = cdnFlowSet(n, args.seed);
      const { bench, ends } = benchFlows(inst, n, model);
      const row: Row = { ...bench };
      if (args.simgrid) {
        const dir = mkdtempSync(join(tmpdir(), 'cdnsim-bench-flows-'));
        try {
          writeFileSync(join(dir, 'flows.txt'), instanceText(inst));
          writeFileSync(join(dir, 'flows.json'), instanceJson(inst));
          const theirs = runSimgrid(args.simgrid, join(dir, 'flows.txt'), args.model, ends.length);
          const ours = runCdnsim(join(dir, 'flows.json'), args.model, ends.length);
          row.cdnsimProcessSeconds = ours.seconds;
          row.cdnsimProcessCpuSeconds = ours.cpuSeconds;
          row.simgridProcessSeconds = theirs.seconds;
          row.simgridProcessCpuSeconds = theirs.cpuSeconds;
          row.simgridRunSeconds = theirs.runSeconds;
          row.speedup = theirs.seconds / ours.seconds;
          if (ours.cpuSeconds && theirs.cpuSeconds) row.cpuSpeedup = theirs.cpuSeconds / ours.cpuSeconds;
          row.maxRelativeDifference = maxRelativeDifference(ours.ends, theirs.ends);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
      rows.push(row);
    }
    if (args.json) process.stdout.write(JSON.stringify({ model: args.model, seed: args.seed, runs: rows }) + '\n');
    else {
      for (const row of rows) {
        printJsonOrTable({ ...row }, false);
        process.stdout.write('\n');
      }
    }
  },
};

/** CPU seconds of this process's waited-for children (Linux /proc; undefined elsewhere). */
function childrenCpuSeconds(): number | undefined {
  try {
    // Fields after the command name: cutime and cstime are the 14th and 15th, in clock ticks (100 per second).
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

function timed(command: string, argv: string[]): { seconds: number; cpuSeconds?: number; stdout: string } {
  const c0 = childrenCpuSeconds();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c1 = childrenCpuSeconds();
  const cpuSeconds = c0 === undefined || c1 === undefined ? undefined : c1 - c0;
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `exit ${r.status}: ${(r.stderr ?? '').trim().split('\n')[0]}`;
    throw new InputError(`could not run ${command}: ${why}`, { file: command });
  }
  return { seconds, cpuSeconds, stdout: r.stdout };
}

/** The yardstick prints `flows N simulated_end S wall_s W`, then `index end` per flow. */
function runSimgrid(binary: string, input: string, model: string, flows: number): ProcessRun & { runSeconds: number } {
  const { seconds, cpuSeconds, stdout } = timed(binary, [input, model, 'all']);
  const lines = stdout.trim().split('\n');
  const head = /wall_s\s+(\S+)/.exec(lines[0]);
  const ends = new Float64Array(flows).fill(NaN);
  for (const line of lines.slice(1)) {
    const [i, end] = line.trim().split(/\s+/).map(Number);
    if (i >= 0 && i < flows) ends[i] = end;
  }
  if (!head || ends.some(Number.isNaN)) throw new InputError(`unexpected output from the SimGrid yardstick: '${lines[0]}'`, { file: binary });
  return { seconds, cpuSeconds, runSeconds: Number(head[1]), ends };
}

function runCdnsim(input: string, model: string, flows: number): ProcessRun {
  const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'main.js');
  const { seconds, cpuSeconds, stdout } = timed(process.execPath, [main, 'flows', input, '--model', model, '--json']);
  const out = JSON.parse(stdout) as { end: number | null }[];
  if (out.length !== flows) throw new Error(`cdnsim flows printed ${out.length} flows, expected ${flows}`);
  return { seconds, cpuSeconds, ends: Float64Array.from(out, (o) => o.end ?? NaN) };
}

function maxRelativeDifference(ours: Float64Array, theirs: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]) / Math.max(Math.abs(theirs[i]), 1e-12));
  return worst;
}
