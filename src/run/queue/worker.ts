/**
 * `cdnsim queue worker`: take runs from the queue and run them on this machine's pool.
 * The pool's threads do the simulating, so this thread stays free to renew job locks; a
 * worker that dies (kill -9, a lost machine) stops renewing, its jobs' locks expire and
 * another worker's stall check puts them back in the queue. Bad input found by a run
 * fails its job without retries: trying again would fail again.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { isInputError } from '../../errors.js';
import { RunPool, type Stop } from '../pool.js';
import { checkQueueName, checkRedis, DEFAULT_REDIS_TIMEOUT, encodeReply, redisLink, type JobData, type JobResult } from './connection.js';
import type { QueueTarget } from './submit.js';

export interface WorkerOptions extends QueueTarget {
  /** Jobs taken at once; default: one per pool thread. */
  concurrency?: number;
  /** Pool threads; default: available cores. */
  workers?: number;
  /** A silent worker's jobs go back to the queue after about this long (and at most twice that). */
  stallSeconds?: number;
  log?: (line: string) => void;
}

export async function serveQueue(options: WorkerOptions, stop: Stop): Promise<{ completed: number; failed: number }> {
  checkQueueName(options.queue);
  await checkRedis(options.redis);
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const pool = await RunPool.open(options.workers);
  const stallMs = Math.round((options.stallSeconds ?? 30) * 1000);
  let completed = 0;
  let failed = 0;
  const process_ = async (job: Job): Promise<JobResult> => {
    try {
      return encodeReply(await pool.runOne((job.data as JobData).task));
    } catch (e) {
      if (isInputError(e)) throw new UnrecoverableError(e.format());
      throw e;
    }
  };
  const link = redisLink(options.redis, options.redisTimeout);
  const worker = new Worker(options.queue, process_, {
    connection: link.settings,
    concurrency: options.concurrency ?? pool.workers,
    lockDuration: stallMs,
    stalledInterval: stallMs,
    maxStalledCount: 2,
  });
  worker.on('completed', (job) => {
    completed++;
    log(`done ${job.id} (${(job.returnvalue as JobResult).wallSeconds.toFixed(2)} s)`);
  });
  worker.on('failed', (job, err) => {
    failed++;
    log(`failed ${job?.id ?? '?'} (attempt ${job?.attemptsMade ?? '?'}): ${err.message}`);
  });
  // An outage repeats its error at every reconnect: each message once a minute is enough.
  const said = new Map<string, number>();
  worker.on('error', (err) => {
    if (Date.now() - (said.get(err.message) ?? -Infinity) < 60_000) return;
    said.set(err.message, Date.now());
    log(`queue error: ${err.message}; retrying for up to ${options.redisTimeout ?? DEFAULT_REDIS_TIMEOUT} s`);
  });
  log(`cdnsim queue worker: queue '${options.queue}', ${pool.workers} thread${pool.workers === 1 ? '' : 's'}, up to ${options.concurrency ?? pool.workers} jobs at once`);
  let lost: string | undefined;
  try {
    await Promise.race([
      new Promise<void>((resolve) => {
        if (stop.graceful?.aborted) return resolve();
        stop.graceful?.addEventListener('abort', () => resolve(), { once: true });
      }),
      link.gaveUp.then((message) => void (lost = message)),
    ]);
    if (lost) {
      // Nothing to finish the jobs with: close at once (bounded, the connections are gone).
      await Promise.race([worker.close(true), new Promise((r) => setTimeout(r, 5000).unref())]);
    } else {
      // Graceful: finish the jobs in hand. A second signal closes at once; their locks expire and they run elsewhere.
      const forced = new Promise<void>((resolve) => stop.now?.addEventListener('abort', () => resolve(), { once: true }));
      await Promise.race([worker.close(), forced.then(() => worker.close(true))]);
    }
  } finally {
    await pool.close();
  }
  if (lost) throw new Error(`${lost}: the worker stopped after ${completed} completed jobs; jobs it held go back to the queue when their locks expire`);
  return { completed, failed };
}
