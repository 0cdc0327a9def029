import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { writeZipfTrace } from '../trace/gen.js';
import { openTrace } from '../trace/open.js';
import { traceStats } from '../trace/stats.js';
import { runGrid, runJobs, taskGroups } from './grid.js';
import { AUTO_FRACTIONS, parseSizeList, resolveSizes } from './sizes.js';

const dir = mkdtempSync(join(tmpdir(), 'cdnsim-grid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const trace = join(dir, 'z.oracleGeneral.bin');
writeZipfTrace(trace, { requests: 30_000, objects: 2000, alpha: 0.8, sizeDist: { kind: 'lognormal', mu: 8, sigma: 1 }, seed: 4 });
const spec = { file: trace, format: 'oracleGeneral' as const };

describe('policy x size grid', () => {
  it('gives the same counts in worker threads as in one thread, in policy-major order', async () => {
    const policies = ['lru', 'fifo', 'belady', 's3fifo'];
    const sizes = [50_000, 400_000];
    const one = await runGrid(spec, policies, sizes, {}, { threads: 1 });
    const two = await runGrid(spec, policies, sizes, {}, { threads: 2 });
    const strip = (rs: typeof one) => rs.map(({ seconds: _s, ...r }) => r);
    expect(strip(two)).toEqual(strip(one));
    expect(one.map((r) => `${r.policy}@${r.cacheSize}`)).toEqual(policies.flatMap((p) => sizes.map((s) => `${p}@${s}`)));
  });

  it('with unit sizes, LRU misses never rise with the cache size (a stack algorithm), down to the compulsory ones', async () => {
    const unit = join(dir, 'unit.oracleGeneral.bin');
    writeZipfTrace(unit, { requests: 30_000, objects: 2000, alpha: 0.8, seed: 5 });
    const unitSpec = { file: unit, format: 'oracleGeneral' as const };
    const sizes = [1, 10, 50, 100, 500, 1000, 2000];
    const rs = await runGrid(unitSpec, ['lru'], sizes, {}, { threads: 1 });
    for (let i = 1; i < rs.length; i++) expect(rs[i].misses).toBeLessThanOrEqual(rs[i - 1].misses);
    const { objects } = await traceStats(openTrace(unit, unitSpec));
    expect(rs[rs.length - 1].misses).toBe(objects);
  });

  it('warm-up requests are not counted', async () => {
    const [cold] = await runJobs(spec, [{ policy: 'lru', cacheSize: 1e7 }]);
    const [warm] = await runJobs(spec, [{ policy: 'lru', cacheSize: 1e7 }], { warmup: 10_000 });
    expect(cold.requests).toBe(30_000);
    expect(warm.requests).toBe(20_000);
    expect(warm.misses).toBeLessThan(cold.misses);
  });

  it('with room for everything: second-hit admission and a TTL add exactly the misses they should', async () => {
    // Reference from the definitions: every object misses once; with second-hit admission
    // an object requested again misses once more; with a TTL, a request past the expiry
    // of the copy fetched earlier misses and fetches anew.
    const { OracleGeneralReader } = await import('../trace/oracle.js');
    const seen = new Map<number, number>();
    const fetched = new Map<number, number>();
    let again = 0;
    let ttlMisses = 0;
    for await (const b of new OracleGeneralReader(trace).batches()) {
      for (let i = 0; i < b.count; i++) {
        const id = b.words[i * 6 + 1];
        const t = b.words[i * 6];
        const n = (seen.get(id) ?? 0) + 1;
        seen.set(id, n);
        if (n === 2) again++;
        const at = fetched.get(id);
        if (at === undefined || t > at + 2) {
          ttlMisses++;
          fetched.set(id, t);
        }
      }
    }
    const job = [{ policy: 'lru', cacheSize: 1e12 }];
    const [base] = await runJobs(spec, job);
    const [bloom] = await runJobs(spec, job, { admission: 'bloom' });
    const [ttl] = await runJobs(spec, job, { ttl: 2 });
    expect(base.misses).toBe(seen.size);
    expect(bloom.misses).toBe(seen.size + again);
    expect(ttl.misses).toBe(ttlMisses);
  });

  it('Belady on a format without next access runs a pre-pass and agrees with oracleGeneral', async () => {
    const lines: string[] = [];
    const { OracleGeneralReader } = await import('../trace/oracle.js');
    for await (const b of new OracleGeneralReader(trace).batches()) {
      for (let i = 0; i < b.count; i++) lines.push(`${b.words[i * 6]} ${b.words[i * 6 + 1]} ${b.words[i * 6 + 3]}`);
    }
    const wcs = join(dir, 'z.wcs');
    writeFileSync(wcs, lines.join('\n'));
    const [a] = await runJobs(spec, [{ policy: 'belady', cacheSize: 300_000 }]);
    const [b] = await runJobs({ file: wcs, format: 'wcs' }, [{ policy: 'belady', cacheSize: 300_000 }]);
    expect({ ...b, seconds: 0 }).toEqual({ ...a, seconds: 0 });
  });

  it('skips requests of size 0, as libCacheSim does', async () => {
    const z = join(dir, 'zero.wcs');
    writeFileSync(z, '0 1 10\n1 2 0\n2 1 10\n3 2 0\n');
    const [r] = await runJobs({ file: z, format: 'wcs' }, [{ policy: 'lru', cacheSize: 100 }]);
    expect([r.requests, r.misses, r.byteMisses]).toEqual([2, 1, 10]);
    expect((await traceStats(openTrace(z, { format: 'wcs' }))).requests).toBe(2);
  });

  it('a bad trace found inside a worker is still an input error', async () => {
    const bad = join(dir, 'bad.wcs');
    writeFileSync(bad, '1 2 3\n4 5 x\n');
    await expect(runGrid({ file: bad, format: 'wcs' }, ['lru', 'fifo'], [100], {}, { threads: 2 })).rejects.toThrow(InputError);
  });
});

describe('tasks for worker threads', () => {
  it('one policy per task; sizes are shared out only when threads outnumber policies', () => {
    expect(taskGroups(3, 2, 2)).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(taskGroups(1, 5, 2)).toEqual([[0, 2, 4], [1, 3]]);
    expect(taskGroups(2, 3, 4)).toEqual([[0, 2], [1], [3, 5], [4]]);
    expect(taskGroups(1, 1, 8)).toEqual([[0]]);
  });
});

describe('cache sizes', () => {
  it('parses units, fractions, percentages and auto', () => {
    const specs = parseSizeList(['128MiB,1GB', '0.01', '5%', '4096']);
    expect(resolveSizes(specs, 1e6)).toEqual([128 * 2 ** 20, 1e9, 10_000, 50_000, 4096]);
    expect(resolveSizes(parseSizeList('auto'), 1000)).toEqual(AUTO_FRACTIONS.map((f) => Math.max(1, Math.floor(f * 1000))));
  });

  it('rejects sizes that are neither bytes nor fractions', () => {
    for (const bad of ['1.5', '0', '-1MiB', '12 parsecs', '150%', '']) expect(() => parseSizeList(bad)).toThrow(InputError);
  });
});
