/** `cdnsim queue status`: job counts of the queue, live workers, and a sweep's runs by state. */
import type { Plan } from '../plan.js';
import { jobId } from './connection.js';
import { openQueue, outageError, type QueueTarget } from './submit.js';

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

export interface QueueStatus {
  queue: string;
  workers: number;
  jobs: Record<string, number>;
  sweep?: { id: string; runs: number; byState: Record<string, number> };
}

export async function queueStatus(target: QueueTarget, plan?: Plan): Promise<QueueStatus> {
  const { queue, link } = await openQueue(target);
  try {
    const jobs = await queue.getJobCounts(...STATES);
    const status: QueueStatus = { queue: target.queue, workers: await queue.getWorkersCount(), jobs };
    if (plan) {
      const states = await Promise.all(plan.runs.map((r) => queue.getJobState(jobId(plan.id, r.id))));
      const byState: Record<string, number> = {};
      for (const s of states) {
        const key = s === 'unknown' ? 'not submitted' : s;
        byState[key] = (byState[key] ?? 0) + 1;
      }
      status.sweep = { id: plan.id, runs: plan.runs.length, byState };
    }
    return status;
  } catch (e) {
    throw outageError(link, e, 'no status');
  } finally {
    await queue.close();
  }
}
