/**
 * Piscina worker: runs a batch of runs one after another and moves their summaries back.
 * A batch stops early when the main thread asks (Ctrl-C), returning what it finished.
 * Errors travel back as data next to the finished runs: an error's class does not
 * survive the thread boundary, and the caller needs to know bad input (exit 2) from a
 * failure (exit 1) and keep what was done.
 */
import { workerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { useWasmModule, type WasmModule } from '../engine/index.js';
import { isInputError, type Where } from '../errors.js';
import { addRun, counters, stopRequested } from './counters.js';
import { executeRun, type RunReply, type RunTask } from './execute.js';

export interface WorkerInit {
  counters: SharedArrayBuffer;
  /** The parent's compiled engine module, so threads do not compile it again. */
  wasm?: WasmModule;
}

export interface BatchReply {
  replies: RunReply[];
  inputError?: { id: string; message: string; where: Where };
  error?: { id: string; message: string; stack?: string };
}

const init = workerData as WorkerInit;
if (init.wasm) useWasmModule(init.wasm);
const shared = counters(init.counters);

export default async function runBatch(tasks: RunTask[]): Promise<unknown> {
  const reply: BatchReply = { replies: [] };
  for (const task of tasks) {
    if (stopRequested(shared)) break;
    try {
      const r = await executeRun(task);
      reply.replies.push(r);
      addRun(shared, r.eventsProcessed);
    } catch (e) {
      if (isInputError(e)) reply.inputError = { id: task.id, message: e.message, where: e.where };
      else reply.error = { id: task.id, message: (e as Error)?.message ?? String(e), stack: (e as Error)?.stack };
      break;
    }
  }
  return move({ [transferableSymbol]: reply.replies.map((r) => r.summary.buffer), [valueSymbol]: reply } as never);
}
