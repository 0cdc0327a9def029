/**
 * The worker pool: one long-lived piscina pool of threads running runs. Tasks are
 * batches of runs, sized from measured run times so each task takes well over 10 ms
 * (dispatch costs stay small against the work) while the tail still spreads over every
 * thread. Results come back as moved buffers; the caller writes them as they arrive.
 */
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Piscina } from 'piscina';
import { loadWasm } from '../engine/index.js';
import { InputError } from '../errors.js';
import { counters, requestStop, type Counters } from './counters.js';
import type { RunReply, RunTask } from './execute.js';
import type { BatchReply, WorkerInit } from './worker.js';

/** Seconds of work a task aims for. */
const TASK_SECONDS = 0.2;

export interface Stop {
  /** Finish the runs in progress, start no more. */
  graceful?: AbortSignal;
  /** Abandon the runs in progress. */
  now?: AbortSignal;
}

/** Threads load compiled JavaScript from dist/, also when the caller runs from the sources (tests). */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? join(dirname(here), '..', '..', 'dist', 'run', 'worker.js') : join(dirname(here), 'worker.js');
}

export function defaultWorkers(): number {
  return availableParallelism();
}

export class RunPool {
  private constructor(
    private readonly pool: Piscina,
    readonly workers: number,
    readonly shared: Counters,
  ) {}

  static async open(workers = defaultWorkers()): Promise<RunPool> {
    const { Piscina } = await import('piscina');
    const shared = counters();
    const wasm = loadWasm();
    const workerData: WorkerInit = { counters: shared.buffer, wasm: wasm.ok ? wasm.module : undefined };
    const pool = new Piscina({ filename: pathToFileURL(workerFile()).href, minThreads: workers, maxThreads: workers, idleTimeout: 60_000, workerData });
    return new RunPool(pool, workers, shared);
  }

  /**
   * Run every task, calling `onReply` for each finished run as its batch returns.
   * 'interrupted' when a stop was asked for before all were done. The first error stops
   * dispatching; it is thrown once the batches in flight have returned their runs.
   */
  async runAll(tasks: RunTask[], onReply: (r: RunReply) => void, stop: Stop = {}): Promise<'complete' | 'interrupted'> {
    stop.graceful?.addEventListener('abort', () => requestStop(this.shared), { once: true });
    const running = new Set<Promise<void>>();
    let next = 0;
    let done = 0;
    let runSeconds = 0;
    let failure: unknown;
    const stopped = () => stop.graceful?.aborted || stop.now?.aborted;
    const launch = (batch: RunTask[]) => {
      const p = (this.pool.run(batch, { signal: stop.now }) as Promise<BatchReply>)
        .then((reply) => {
          for (const r of reply.replies) {
            done++;
            runSeconds += r.wallSeconds;
            onReply(r);
          }
          failure ??= batchError(reply);
        })
        .catch((e: unknown) => {
          if (!stop.now?.aborted) failure ??= e;
        })
        .finally(() => running.delete(p));
      running.add(p);
    };
    for (;;) {
      while (!stopped() && failure === undefined && next < tasks.length && running.size < 2 * this.workers) {
        const size = batchSize(done > 0 ? runSeconds / done : 0, tasks.length - next, this.workers);
        launch(tasks.slice(next, next + size));
        next += size;
      }
      if (running.size === 0) break;
      await Promise.race(running);
    }
    if (failure !== undefined) throw failure;
    return done < tasks.length ? 'interrupted' : 'complete';
  }

  /** One run, for callers that schedule runs themselves (the queue worker). */
  async runOne(task: RunTask): Promise<RunReply> {
    const reply = (await this.pool.run([task])) as BatchReply;
    const e = batchError(reply);
    if (e) throw e;
    return reply.replies[0];
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** Enough runs to fill TASK_SECONDS, but never so many that the last batches leave threads idle. */
export function batchSize(meanRunSeconds: number, remaining: number, workers: number): number {
  const wanted = meanRunSeconds > 0 ? Math.ceil(TASK_SECONDS / meanRunSeconds) : 1;
  return Math.max(1, Math.min(wanted, Math.floor(remaining / (2 * workers))));
}

function batchError(reply: BatchReply): Error | undefined {
  if (reply.inputError) return new InputError(`run ${reply.inputError.id}: ${reply.inputError.message}`, reply.inputError.where);
  if (reply.error) {
    const e = new Error(`run ${reply.error.id}: ${reply.error.message}`);
    if (reply.error.stack) e.stack = reply.error.stack;
    return e;
  }
  return undefined;
}
