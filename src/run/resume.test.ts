import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cdnsim, tempDir } from '../test-helpers/cli.js';
import { completeRuns, mm1Sweep, resultFiles, stagingDirs, startCdnsim, waitFor } from './test-helpers/sweeps.js';

// Runs long enough (a few hundred ms each) to be caught in the middle.
const file = mm1Sweep({ name: 'resume-t', duration: '3000000s' });
const dir = tempDir();
let reference: Record<string, string>;

beforeAll(() => {
  const r = cdnsim(['run', file, '--out', join(dir, 'ref'), '--workers', '2']);
  expect(r.code, r.stderr).toBe(0);
  reference = resultFiles(join(dir, 'ref'));
});

describe('resume', () => {
  it('after kill -9 of the whole run: no partial result looks complete, and --resume completes it identically', async () => {
    const out = join(dir, 'killed');
    const run = startCdnsim(['run', file, '--out', out, '--workers', '2']);
    await waitFor('two finished runs', () => completeRuns(out).length >= 2);
    run.child.kill('SIGKILL');
    await run.exited;
    const done = completeRuns(out);
    expect(done.length).toBeLessThan(6);
    // Nothing was swapped in: the folder does not exist; the finished runs wait beside it.
    expect(existsSync(out)).toBe(false);
    const [left] = stagingDirs(out);
    // A torn summary without a manifest beside it, as a kill in mid-write could leave.
    const ids: string[] = JSON.parse(readFileSync(join(left, 'sweep.json'), 'utf8')).runs.map((r: { id: string }) => r.id);
    const torn = ids.find((id) => !done.includes(id))!;
    mkdirSync(join(left, 'runs', torn), { recursive: true });
    writeFileSync(join(left, 'runs', torn, 'summary.json'), '{"half": ');
    const dry = cdnsim(['run', file, '--out', out, '--resume', '--dry-run']);
    expect(dry.stdout.split('\n').filter((l) => l.endsWith('(complete)'))).toHaveLength(done.length);

    const r = cdnsim(['run', file, '--out', out, '--resume']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`${6 - done.length} runs? done, ${done.length} already complete`));
    expect(resultFiles(out)).toEqual(reference);
    expect(stagingDirs(out)).toEqual([]);
  });

  it('Ctrl-C stops cleanly: finished runs kept, manifest interrupted, exit 130; --resume finishes', async () => {
    const out = join(dir, 'interrupted');
    const run = startCdnsim(['run', file, '--out', out, '--workers', '1']);
    await waitFor('a finished run', () => completeRuns(out).length >= 1);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.output()).toMatch(/stopping after the runs in progress/);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(m.status).toBe('interrupted');
    expect(m.runsDone).toBe(completeRuns(out).length);
    expect(m.runsDone).toBeLessThan(6);
    expect(m.summaryCsv).toBe(false);

    const r = cdnsim(['run', file, '--out', out, '--resume', '--workers', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(resultFiles(out)).toEqual(reference);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toMatchObject({ status: 'complete', runsSkipped: m.runsDone, runsDone: 6 - m.runsDone });
  });
});
