/**
 * Submitting a sweep to the queue, and collecting its results into the same results
 * directory `cdnsim run` writes. Jobs have ids made from the sweep and run ids, so
 * submitting twice adds nothing; collecting reads each run's result from its completed
 * job, so a run retried after a worker died is still written once.
 */
import { Queue } from 'bullmq';
import { InputError } from '../../errors.js';
import type { EngineName } from '../../engine/engine.js';
import { commitStaging, dropStaging, openStaging, type Staged } from '../folder.js';
import { adoptRuns, isRunComplete, writeRun, writeSweepRecord } from '../layout.js';
import type { SweepManifest } from '../manifest.js';
import { sweepRecord, type Plan, type RunSpec, type SweepRecord } from '../plan.js';
import type { Stop } from '../pool.js';
import { ProgressReporter, type ProgressMode } from '../progress.js';
import { finishSweep, runTasks, sweepOut, sweepRunManifest, type SweepOutcome } from '../sweep.js';
import { checkQueueName, checkRedis, decodeSummary, jobId, redact, redisLink, type JobData, type JobResult, type RedisLink } from './connection.js';

export interface QueueTarget {
  redis: string;
  queue: string;
  /** Seconds of Redis outage to ride out before giving up (default 60). */
  redisTimeout?: number;
}

export interface SubmitOptions extends QueueTarget {
  engine?: EngineName | 'auto';
  /** Tries per run before it counts as failed. */
  attempts?: number;
  /** First retry delay; it doubles each time. */
  backoffMs?: number;
}

const POLL_MS = 300;

export async function openQueue(target: QueueTarget): Promise<{ queue: Queue; link: RedisLink }> {
  checkQueueName(target.queue);
  await checkRedis(target.redis);
  const link = redisLink(target.redis, target.redisTimeout);
  const queue = new Queue(target.queue, { connection: link.settings });
  // An outage comes back as the commands' failures; unheard, ioredis would print each error with its stack.
  queue.on('error', () => {});
  return { queue, link };
}

/** A failure caused by giving up on Redis says so, and what it means for the queue. */
export function outageError(link: RedisLink, e: unknown, consequence: string): unknown {
  const lost = link.lost();
  return lost ? new Error(`${lost}: ${consequence}`) : e;
}

/** Adds the runs not yet in the queue and retries the ones that failed; returns how many were new. */
export async function submitSweep(plan: Plan, options: SubmitOptions): Promise<{ added: number; retried: number }> {
  const { queue, link } = await openQueue(options);
  try {
    // `auto` stays unresolved: each machine picks the engine it can load, and engines agree.
    const tasks = runTasks(plan, plan.runs, options.engine, false);
    const states = await Promise.all(tasks.map((t) => queue.getJobState(jobId(plan.id, t.id))));
    const fresh = tasks.filter((_, i) => states[i] === 'unknown');
    await queue.addBulk(
      fresh.map((task) => ({
        name: plan.name,
        data: { sweep: plan.id, task } satisfies JobData,
        opts: {
          jobId: jobId(plan.id, task.id),
          attempts: options.attempts ?? 3,
          backoff: { type: 'exponential', delay: options.backoffMs ?? 1000 },
          removeOnComplete: false,
          removeOnFail: false,
        },
      })),
    );
    const failed = tasks.filter((_, i) => states[i] === 'failed');
    for (const t of failed) await (await queue.getJob(jobId(plan.id, t.id)))?.retry('failed');
    return { added: fresh.length, retried: failed.length };
  } catch (e) {
    throw outageError(link, e, 'submitting stopped; submit again when Redis is back (runs already queued are not added twice)');
  } finally {
    await queue.close();
  }
}

export interface CollectOptions extends QueueTarget {
  out?: string;
  progress?: ProgressMode;
  stop?: Stop;
}

/** Wait for every run of the sweep and write its results directory. */
export async function collectSweep(plan: Plan, options: CollectOptions): Promise<SweepOutcome> {
  const outDir = sweepOut(plan, options.out);
  const record = sweepRecord(plan);
  const { queue, link } = await openQueue(options);
  // Collected into a new version of the folder, swapped in whole; runs it already holds are kept.
  let staged: Staged | undefined;
  try {
    staged = openStaging(outDir);
    adoptRuns(outDir, staged.dir, record);
    return await collectStaged(plan, record, queue, staged, options);
  } catch (e) {
    if (staged) dropStaging(staged);
    throw outageError(link, e, 'collecting stopped; the runs written are kept and the rest wait in the queue: run cdnsim queue collect again when Redis is back');
  } finally {
    await queue.close();
  }
}

async function collectStaged(plan: Plan, record: SweepRecord, queue: Queue, staged: Staged, options: CollectOptions): Promise<SweepOutcome> {
  const dir = staged.dir;
  const startedAt = new Date();
  const t0 = process.hrtime.bigint();
  let pending: RunSpec[] = plan.runs.filter((r) => !isRunComplete(dir, r, plan.seed));
  const skipped = plan.runs.length - pending.length;
  const unknown = await unsubmitted(queue, plan, pending);
  if (unknown.length > 0) {
    throw new InputError(`${unknown.length} of ${plan.runs.length} runs are not in queue '${options.queue}' (${unknown[0]}…): submit the sweep first (cdnsim queue submit)`);
  }
  let done = 0;
  let events = 0;
  let runSeconds = 0;
  let status: 'complete' | 'interrupted' | 'failed' = 'complete';
  let failure: Error | undefined;
  const reporter = new ProgressReporter(options.progress ?? 'none', pending.length, () => ({ done, events }));
  try {
    writeSweepRecord(dir, record);
    reporter.start({ sweep: plan.id, skipped });
    while (pending.length > 0) {
      if (options.stop?.graceful?.aborted) {
        status = 'interrupted';
        break;
      }
      const { left, finished } = await poll(queue, plan, pending, options.queue);
      for (const [run, result] of finished) {
        writeRun(dir, run.id, decodeSummary(result), sweepRunManifest(plan, run, result));
        done++;
        events += result.eventsProcessed;
        runSeconds += result.wallSeconds;
        reporter.run({ id: run.id, replication: run.replication, parameters: run.parameters, wallSeconds: result.wallSeconds, eventsProcessed: result.eventsProcessed, host: result.runner.host });
      }
      pending = left;
      if (pending.length > 0) await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } catch (e) {
    status = 'failed';
    failure = e as Error;
  }
  reporter.finish({ status });
  let manifest: SweepManifest | undefined;
  commitStaging(staged, () => {
    adoptRuns(staged.out, dir, record);
    manifest = finishSweep(dir, record, plan.file, {
      mode: 'queue',
      shard: null,
      workers: null,
      runsSelected: plan.runs.length,
      runsSkipped: skipped,
      runsDone: done,
      startedAt,
      t0,
      runSeconds,
      eventsProcessed: events,
      status,
      error: failure?.message,
      queue: { name: options.queue, redis: redact(options.redis) },
    });
  });
  if (failure) throw failure;
  return { outDir: staged.out, manifest: manifest! };
}

async function unsubmitted(queue: Queue, plan: Plan, runs: RunSpec[]): Promise<string[]> {
  const states = await Promise.all(runs.map((r) => queue.getJobState(jobId(plan.id, r.id))));
  return runs.filter((_, i) => states[i] === 'unknown').map((r) => r.id);
}

/** The runs whose jobs completed since the last look, and those still to wait for; a failed job ends the wait. */
async function poll(queue: Queue, plan: Plan, pending: RunSpec[], name: string): Promise<{ left: RunSpec[]; finished: [RunSpec, JobResult][] }> {
  const states = await Promise.all(pending.map((r) => queue.getJobState(jobId(plan.id, r.id))));
  const left: RunSpec[] = [];
  const finished: [RunSpec, JobResult][] = [];
  for (let i = 0; i < pending.length; i++) {
    const run = pending[i];
    if (states[i] === 'unknown') throw new Error(`run ${run.id} left queue '${name}' before it was collected`);
    if (states[i] === 'failed') {
      const job = await queue.getJob(jobId(plan.id, run.id));
      throw new Error(`run ${run.id} failed after ${job?.attemptsMade ?? '?'} attempts: ${job?.failedReason ?? 'unknown reason'}`);
    }
    if (states[i] === 'completed') finished.push([run, (await queue.getJob(jobId(plan.id, run.id)))!.returnvalue as JobResult]);
    else left.push(run);
  }
  return { left, finished };
}
