/**
 * Every policy × every size over one trace: `runJobs` replays a set of (policy, size)
 * jobs in one pass of the trace; `runGrid` spreads the grid over worker threads, one
 * policy per thread.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.js';
import { computeNextAccess } from '../trace/next-access.js';
import { openTrace } from '../trace/open.js';
import type { TraceOptions } from '../trace/types.js';
import { parseAdmission } from './admission/registry.js';
import { compiled } from './compiled.js';
import { getPolicy, registerPolicyModule } from './registry.js';
import { replay, type ReplayTarget } from './replay.js';
import type { WorkerReply } from './worker.js';

export interface TraceSpec extends TraceOptions {
  file: string;
}

export interface CacheJob {
  policy: string;
  /** Bytes. */
  cacheSize: number;
}

export interface RunSettings {
  /** Admission filter spec (`bloom`, `size:16MiB`, `prob:0.5`); default: admit all. */
  admission?: string;
  /** Seconds; 0 or absent: no expiry. */
  ttl?: number;
  /** Requests that warm the caches without being counted. */
  warmup?: number;
  /** Seed for randomised parts (the probabilistic admission filter). */
  seed?: number;
  /** Modules adding policies, loaded in every thread. */
  policyModules?: string[];
}

export interface CacheResult {
  policy: string;
  cacheSize: number;
  requests: number;
  misses: number;
  byteMisses: number;
  missRatio: number;
  byteMissRatio: number;
  seconds: number;
}

/** Run jobs in this thread, over one pass of the trace. */
export async function runJobs(trace: TraceSpec, jobs: CacheJob[], settings: RunSettings = {}): Promise<CacheResult[]> {
  for (const m of settings.policyModules ?? []) await registerPolicyModule(m);
  const admission = settings.admission ? parseAdmission(settings.admission, settings.seed ?? 1) : undefined;
  const defs = jobs.map((j) => getPolicy(j.policy));
  const targets: ReplayTarget[] = jobs.map((j, i) => ({
    cache: defs[i].create({ capacity: j.cacheSize, ttl: settings.ttl, admission: admission?.() }),
    needsNextAccess: defs[i].needsNextAccess === true,
  }));
  const reader = openTrace(trace.file, trace);
  const nextAccess = targets.some((t) => t.needsNextAccess) && !reader.hasNextAccess ? await computeNextAccess(openTrace(trace.file, trace)) : undefined;
  const counts = await replay(reader, targets, { warmup: settings.warmup, nextAccess });
  return jobs.map((j, i) => {
    const c = counts[i];
    return {
      policy: defs[i].name,
      cacheSize: j.cacheSize,
      requests: c.requests,
      misses: c.misses,
      byteMisses: c.byteMisses,
      missRatio: c.requests > 0 ? c.misses / c.requests : 0,
      byteMissRatio: c.requestBytes > 0 ? c.byteMisses / c.requestBytes : 0,
      seconds: c.seconds,
    };
  });
}

export interface GridOptions {
  /** Worker threads; default: the machine's available parallelism. */
  threads?: number;
}

/**
 * Results in policy-major order: every size of the first policy, then the next.
 *
 * Each task replays one policy (all its sizes, or a share of them when there are fewer
 * policies than threads) in a fresh worker thread. Keeping one policy class per thread
 * is for speed: V8 keeps type feedback per function, and a replay loop or request path
 * that has seen several policy classes turns polymorphic and runs two to three times
 * slower (`cdnsim bench cache` times each policy alone for the same reason). The price
 * is one trace read per task. A single task runs in the calling thread.
 */
export async function runGrid(
  trace: TraceSpec,
  policies: string[],
  sizes: number[],
  settings: RunSettings = {},
  options: GridOptions = {},
): Promise<CacheResult[]> {
  settings = { ...settings, policyModules: settings.policyModules?.map((m) => resolve(m)) };
  for (const m of settings.policyModules ?? []) await registerPolicyModule(m);
  for (const p of policies) getPolicy(p); // unknown names fail here, before any thread starts
  const jobs = policies.flatMap((policy) => sizes.map((cacheSize) => ({ policy, cacheSize })));
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), jobs.length));
  const groups = taskGroups(policies.length, sizes.length, threads);
  if (groups.length === 1) return runJobs(trace, jobs, settings);

  // Loaded only when threads are used: single-task runs start faster without it.
  const { Piscina } = await import('piscina');
  const filename = pathToFileURL(compiled('worker.js')).href;
  const runTask = async (group: number[]): Promise<CacheResult[]> => {
    const pool = new Piscina({ filename, maxThreads: 1, minThreads: 1 });
    try {
      const reply = (await pool.run({ trace, jobs: group.map((i) => jobs[i]), settings })) as WorkerReply;
      if ('inputError' in reply) throw new InputError(reply.inputError.message, reply.inputError.where);
      return reply.results;
    } finally {
      await pool.destroy();
    }
  };
  const parts = new Array<CacheResult[]>(groups.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(threads, groups.length) }, async () => {
      while (next < groups.length) {
        const g = next++;
        parts[g] = await runTask(groups[g]);
      }
    }),
  );
  const results = new Array<CacheResult>(jobs.length);
  groups.forEach((g, t) => g.forEach((i, k) => (results[i] = parts[t][k])));
  return results;
}

/**
 * Job indices (policy-major) per task: one task per policy, each policy's sizes dealt
 * over several tasks when there are fewer policies than threads.
 */
export function taskGroups(policies: number, sizes: number, threads: number): number[][] {
  const split = Math.max(1, Math.min(sizes, Math.floor(threads / policies)));
  const groups: number[][] = [];
  for (let p = 0; p < policies; p++) {
    const share: number[][] = Array.from({ length: split }, () => []);
    for (let s = 0; s < sizes; s++) share[s % split].push(p * sizes + s);
    groups.push(...share);
  }
  return groups;
}
