/**
 * What the pool buys: one sweep timed in this thread without a pool, then on pools of
 * different sizes, alternating sample by sample (the machines are shared; interleaving
 * spreads other load over every configuration). Pool overhead per run is what the pool
 * adds around the runs (thread start, dispatch, moving results, writing files), from its
 * manifest; the 1-thread pool against the in-thread time also counts the JIT warm-up of
 * fresh threads, which a long sweep pays once per thread.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EngineName } from '../engine/engine.js';
import { executeRun } from './execute.js';
import type { Plan } from './plan.js';
import { runSweep, runTasks } from './sweep.js';

export interface SweepBenchSamples {
  runs: number;
  /** Seconds of the runs one after another in this thread: no pool, no files. */
  inThread: number[];
  /** Wall seconds of `cdnsim run` per pool size, pool start and writing included. */
  pooled: Record<string, number[]>;
  /** Per pool size, from its manifest: (wall × threads − run seconds) / runs. */
  overheadPerRun: Record<string, number[]>;
  /** summary.csv was byte-identical across pool sizes and samples. */
  identical: boolean;
  /** Per pool size: how much faster that many busy threads get through a fixed loop than one (the machine's free cores). */
  cpuSpeedup: Record<string, number[]>;
}

export async function benchSweep(plan: Plan, options: { workers: number[]; samples: number; engine?: EngineName | 'auto' }): Promise<SweepBenchSamples> {
  const tasks = runTasks(plan, plan.runs, options.engine);
  const inThread: number[] = [];
  const pooled: Record<string, number[]> = Object.fromEntries(options.workers.map((w) => [String(w), []]));
  const overheadPerRun: Record<string, number[]> = Object.fromEntries(options.workers.map((w) => [String(w), []]));
  const csvs = new Set<string>();
  const cpuSpeedup: Record<string, number[]> = Object.fromEntries(options.workers.map((w) => [String(w), []]));
  const scratch = mkdtempSync(join(tmpdir(), 'cdnsim-bench-'));
  try {
    for (let s = 0; s < options.samples; s++) {
      const alone = await busyThreads(1);
      for (const w of options.workers) cpuSpeedup[String(w)].push((w * alone) / (await busyThreads(w)));
      let t0 = process.hrtime.bigint();
      for (const t of tasks) await executeRun(t);
      inThread.push(seconds(t0));
      for (const w of options.workers) {
        const out = join(scratch, `w${w}-s${s}`);
        t0 = process.hrtime.bigint();
        const { manifest } = await runSweep(plan, { out, workers: w, engine: options.engine, progress: 'none' });
        pooled[String(w)].push(seconds(t0));
        overheadPerRun[String(w)].push(manifest.overheadSecondsPerRun ?? 0);
        csvs.add(readFileSync(join(out, 'summary.csv'), 'utf8'));
        rmSync(out, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { runs: tasks.length, inThread, pooled, overheadPerRun, identical: csvs.size === 1, cpuSpeedup };
}

/**
 * Seconds for `n` threads to each spin through the same loop: on shared machines other
 * people's load decides how many cores a pool really gets, and this says so in the same run.
 */
async function busyThreads(n: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  const code = 'let x = 0; for (let i = 0; i < 3e8; i++) x = (x + i) % 1000003; require("node:worker_threads").parentPort.postMessage(x);';
  await Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => new Worker(code, { eval: true }).once('message', resolve).once('error', reject))));
  return seconds(t0);
}

function seconds(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
