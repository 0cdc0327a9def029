/**
 * Piscina worker for `runGrid`: one task is a group of (policy, size) jobs over one
 * trace pass. Bad input found here (a truncated record, a bad line) travels back as data,
 * because an error's class does not survive the thread boundary and the CLI needs to
 * know it is the user's to fix (exit 2).
 */
import { isInputError, type Where } from '../errors.js';
import { runJobs, type CacheJob, type CacheResult, type RunSettings, type TraceSpec } from './grid.js';

export type WorkerReply = { results: CacheResult[] } | { inputError: { message: string; where: Where } };

export default async function run(task: { trace: TraceSpec; jobs: CacheJob[]; settings: RunSettings }): Promise<WorkerReply> {
  try {
    return { results: await runJobs(task.trace, task.jobs, task.settings) };
  } catch (e) {
    if (isInputError(e)) return { inputError: { message: e.message, where: e.where } };
    throw e;
  }
}
