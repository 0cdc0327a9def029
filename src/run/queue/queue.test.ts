import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cdnsim, tempDir } from '../../test-helpers/cli.js';
import { freePort, startRedis, type RedisServer } from '../test-helpers/redis.js';
import { mm1Sweep, resultFiles, startCdnsim, waitFor, type Child } from '../test-helpers/sweeps.js';
import { redisOptions } from './connection.js';

const file = mm1Sweep({ name: 'queue-t', duration: '2000000s' });
const dir = tempDir();
let redis: RedisServer;
let reference: Record<string, string>;
const children: Child[] = [];
const servers: RedisServer[] = [];

function worker(queue: string, ...extra: string[]): Child {
  const c = startCdnsim(['queue', 'worker', '--redis', redis.url, '--queue', queue, ...extra]);
  children.push(c);
  return c;
}

async function stop(c: Child): Promise<number | null> {
  c.child.kill('SIGTERM');
  return c.exited;
}

beforeAll(async () => {
  redis = await startRedis();
  const r = cdnsim(['run', file, '--out', join(dir, 'pool'), '--workers', '2']);
  expect(r.code, r.stderr).toBe(0);
  reference = resultFiles(join(dir, 'pool'));
});

afterAll(async () => {
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exited));
  await redis?.stop();
  for (const s of servers) await s.stop();
});

describe('the Redis queue', () => {
  it('submit --out writes the same results as the pool; submitting again adds nothing', async () => {
    const w = worker('q1', '--workers', '2');
    const r = cdnsim(['queue', 'submit', file, '--redis', redis.url, '--queue', 'q1', '--out', join(dir, 'q1')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/6 queued now, 0 already in queue 'q1'/);
    expect(resultFiles(join(dir, 'q1'))).toEqual(reference);
    expect(JSON.parse(readFileSync(join(dir, 'q1', 'manifest.json'), 'utf8'))).toMatchObject({ mode: 'queue', status: 'complete', runsDone: 6 });

    const again = cdnsim(['queue', 'submit', file, '--redis', redis.url, '--queue', 'q1', '--detach']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/0 queued now, 6 already in queue 'q1'/);
    const status = JSON.parse(cdnsim(['queue', 'status', file, '--redis', redis.url, '--queue', 'q1', '--json']).stdout);
    expect(status).toMatchObject({ queue: 'q1', workers: 1, jobs: { completed: 6, failed: 0, waiting: 0 }, sweep: { runs: 6, byState: { completed: 6 } } });
    expect(await stop(w)).toBe(0);
    expect(w.output()).toMatch(/stopped after 6 completed and 0 failed jobs/);
  });

  it('a worker killed mid-job: the job runs elsewhere, every run is written exactly once', async () => {
    const submit = cdnsim(['queue', 'submit', file, '--redis', redis.url, '--queue', 'q2', '--detach']);
    expect(submit.code, submit.stderr).toBe(0);
    const queue = new Queue('q2', { connection: redisOptions(redis.url) });
    try {
      // Kill worker A while it holds a job (in the rare case it was between jobs, again).
      let killedMidJob: (string | undefined)[] = [];
      for (let attempt = 0; attempt < 3 && killedMidJob.length === 0; attempt++) {
        const a = worker('q2', '--workers', '1', '--stall-seconds', '1');
        await waitFor('a job in progress on worker A', async () => (await queue.getJobCounts('active')).active > 0);
        a.child.kill('SIGKILL');
        await a.exited;
        killedMidJob = (await queue.getJobs(['active'])).map((j) => j.id);
      }
      expect(killedMidJob).toHaveLength(1);

      const b = worker('q2', '--workers', '2', '--stall-seconds', '1');
      const r = cdnsim(['queue', 'collect', file, '--redis', redis.url, '--queue', 'q2', '--out', join(dir, 'q2')]);
      expect(r.code, r.stderr).toBe(0);
      expect(resultFiles(join(dir, 'q2'))).toEqual(reference);
      const rows = readFileSync(join(dir, 'q2', 'summary.csv'), 'utf8').trim().split('\n').slice(1);
      expect(new Set(rows.map((l) => l.split(',')[0])).size).toBe(6);
      const counts = await queue.getJobCounts('completed', 'failed', 'active', 'waiting');
      expect(counts).toEqual({ completed: 6, failed: 0, active: 0, waiting: 0 });
      const retried = await queue.getJob(killedMidJob[0]!);
      expect(retried!.stalledCounter).toBeGreaterThanOrEqual(1);
      expect(b.output()).toContain(`done ${killedMidJob[0]}`);
      expect(await stop(b)).toBe(0);
    } finally {
      await queue.close();
    }
  });

  it('unreachable Redis: one line, exit 2, nothing written', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    for (const args of [
      ['queue', 'submit', file, '--redis', url, '--out', join(dir, 'none')],
      ['queue', 'worker', '--redis', url],
      ['queue', 'status', '--redis', url],
    ]) {
      const r = cdnsim(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim()).toMatch(/^cdnsim: --redis: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+\/?: connect ECONNREFUSED/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(join(dir, 'none'))).toBe(false);
  });
  it('a database the server lacks: one line, exit 2, nothing queued anywhere', async () => {
    const r = cdnsim(['queue', 'submit', file, '--redis', `${redis.url}/99`, '--queue', 'q3', '--detach']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim()).toMatch(/^cdnsim: --redis: Redis at redis:\/\/127\.0\.0\.1:\d+\/99 has no database 99: ERR DB index is out of range$/);
    const queue = new Queue('q3', { connection: redisOptions(redis.url) });
    try {
      expect(await queue.getJobCounts('waiting', 'completed')).toEqual({ waiting: 0, completed: 0 });
    } finally {
      await queue.close();
    }
  });

  it('Redis going away: worker and collector retry, give up after --redis-timeout with one line, exit 1', async () => {
    const lost = await startRedis();
    servers.push(lost);
    const submit = cdnsim(['queue', 'submit', file, '--redis', lost.url, '--queue', 'q4', '--detach']);
    expect(submit.code, submit.stderr).toBe(0);
    // The collector starts first: it must be connected before Redis goes (else it could not
    // reach it at all, exit 2, which another test checks).
    const c = startCdnsim(['queue', 'collect', file, '--redis', lost.url, '--queue', 'q4', '--out', join(dir, 'q4'), '--redis-timeout', '2']);
    const w = startCdnsim(['queue', 'worker', '--redis', lost.url, '--queue', 'q4', '--workers', '1', '--redis-timeout', '2']);
    children.push(w, c);
    await waitFor('a run done', () => /done /.test(w.output()));
    await lost.stop();
    const t0 = Date.now();
    expect(await w.exited).toBe(1);
    expect(await c.exited).toBe(1);
    // Given up after about the timeout (reconnect delays are at most 5 s), not hung.
    expect(Date.now() - t0).toBeLessThan(20_000);
    for (const [who, text] of [['worker', w.output()], ['collect', c.output()]]) {
      expect(text, who).not.toMatch(/\n\s+at |ReplyError|\[ioredis\]/);
    }
    expect(w.output().trim().split('\n').at(-1)).toMatch(/^cdnsim: error: lost Redis at redis:\/\/127\.0\.0\.1:\d+\/?: no answer for 2 s: the worker stopped after \d+ completed jobs/);
    expect(c.output().trim().split('\n').at(-1)).toMatch(/^cdnsim: error: lost Redis at .*: collecting stopped; the runs written are kept and the rest wait in the queue/);
  }, 120_000);
});
