/**
 * kill -9 of a run writing into a folder that holds an earlier result, at random moments:
 * the folder is always the whole old result or the whole new one (or, killed in the
 * instant between the swap's two renames, absent with the old one whole beside it, which
 * the next run puts back).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cdnsim, tempDir } from '../test-helpers/cli.js';
import { listFiles } from './folder.js';
import { mm1Sweep, resultFiles, startCdnsim } from './test-helpers/sweeps.js';

type Snapshot = Record<string, string>;

/** What makes a single run's result: its files, the bytes of the deterministic ones, the manifest's seed and status. */
function runSnapshot(dir: string): Snapshot {
  const snap: Snapshot = { files: listFiles(dir).join(',') };
  for (const f of ['summary.json', 'summary.csv', 'summary.parquet']) snap[f] = readFileSync(join(dir, f)).toString('base64');
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  snap.manifest = `${m.seed} ${m.status}`;
  return snap;
}

function sweepSnapshot(dir: string): Snapshot {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  return { ...resultFiles(dir), files: listFiles(dir).filter((f) => !f.startsWith('charts/')).join(','), manifest: `${m.status} ${m.runsInSweep}` };
}

/** Which whole result the folder holds; 'old beside' in the rename window. */
function holds(out: string, results: Record<string, Snapshot>, snapshot: (d: string) => Snapshot): string {
  const parent = join(out, '..');
  if (!existsSync(out)) {
    const old = readdirSync(parent).find((n) => n.startsWith('.out.cdnsim-old-'));
    return old ? `${holds(join(parent, old), results, snapshot)} beside` : 'missing';
  }
  let snap: Snapshot;
  try {
    snap = snapshot(out);
  } catch {
    return 'torn';
  }
  return Object.keys(results).find((k) => JSON.stringify(results[k]) === JSON.stringify(snap)) ?? 'mixed';
}

/** Re-run into `out` with the other seed, kill -9 after each delay, and check the folder each time. */
async function killReruns(file: string, seeds: [number, number], delaysMs: number[], snapshot: (d: string) => Snapshot): Promise<string[]> {
  const dir = tempDir();
  const out = join(dir, 'out');
  const results: Record<string, Snapshot> = {};
  for (const seed of seeds) {
    const r = cdnsim(['run', file, '--seed', String(seed), '--out', join(dir, `ref-${seed}`), '--workers', '2']);
    expect(r.code, r.stderr).toBe(0);
    results[`seed ${seed}`] = snapshot(join(dir, `ref-${seed}`));
  }
  expect(cdnsim(['run', file, '--seed', String(seeds[0]), '--out', out, '--workers', '2']).code).toBe(0);
  writeFileSync(join(out, 'notes.md'), 'mine');
  const seen: string[] = [];
  let current = seeds[0];
  for (const delay of delaysMs) {
    const next = current === seeds[0] ? seeds[1] : seeds[0];
    const run = startCdnsim(['run', file, '--seed', String(next), '--out', out, '--workers', '2']);
    await new Promise((r) => setTimeout(r, delay));
    run.child.kill('SIGKILL');
    await run.exited;
    const state = holds(out, results, (d) => {
      // The user's file is there in either version; take it out of the comparison.
      const s = snapshot(d);
      return { ...s, files: s.files.replace(/(^|,)notes\.md(?=,|$)/, '') };
    });
    seen.push(state);
    expect([`seed ${seeds[0]}`, `seed ${seeds[1]}`, `seed ${seeds[0]} beside`, `seed ${seeds[1]} beside`], `killed after ${delay} ms`).toContain(state);
    if (state.startsWith(`seed ${next}`) && !state.endsWith('beside')) current = next;
  }
  // The next run puts anything left right, and the user's file survived every version.
  expect(cdnsim(['run', file, '--seed', String(seeds[1]), '--out', out, '--workers', '2']).code).toBe(0);
  expect(readFileSync(join(out, 'notes.md'), 'utf8')).toBe('mine');
  expect(readdirSync(dir).sort()).toEqual(['out', ...seeds.map((s) => `ref-${s}`)].sort());
  return seen;
}

/** Delays spread over a run's whole life, start-up to exit. */
const delays = (n: number, maxMs: number, seed: number) => fc.sample(fc.integer({ min: 0, max: maxMs }), { numRuns: n, seed });

describe('a killed re-run leaves the whole old result or the whole new one', () => {
  it('a single run (M/M/1, replications on two workers)', async () => {
    const dir = tempDir();
    const file = join(dir, 'mm1.yaml');
    writeFileSync(file, 'name: crash-t\nmodel: mm1\nseed: 1\nreplications: 4\nduration: 200000s\nengine: js\nmm1:\n  arrivalRate: 0.5/s\n  serviceRate: 1/s\n');
    const seen = await killReruns(file, [1, 2], delays(6, 4000, 1), runSnapshot);
    expect(seen.length).toBe(6);
  }, 300_000);

  it('a sweep re-run with another seed', async () => {
    const file = mm1Sweep({ name: 'crash-sweep-t', duration: '200000s' });
    const seen = await killReruns(file, [11, 12], delays(5, 5000, 2), sweepSnapshot);
    expect(seen.length).toBe(5);
  }, 300_000);
});
