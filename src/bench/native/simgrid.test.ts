/**
 * The SimGrid yardstick of `bench flows --simgrid` must simulate what cdnsim simulates:
 * checked on a two-flow case worked by hand and on generated CDN-shaped sets against
 * `cdnsim flows`. Skipped (and says so) where g++ or SimGrid's headers are missing.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { cdnFlowSet, instanceJson, instanceText } from '../../net/flows/generate.js';
import { FLOW_MODEL_NAMES } from '../../net/flows/models.js';
import { cdnsim, repoRoot, tempDir } from '../../test-helpers/cli.js';

const SOURCE = join(repoRoot, 'src', 'bench', 'native', 'simgrid_flows.cpp');
// Preprocessing the one include is a quick test for both the compiler and the headers.
const haveSimgrid = spawnSync('g++', ['-x', 'c++', '-E', '-o', '/dev/null', '-'], { input: '#include <simgrid/s4u.hpp>\n' }).status === 0;

const dir = tempDir('cdnsim-simgrid-');
const binary = join(dir, 'simgrid_flows');

/** Runs the yardstick on a flow-set text; returns the completion time of each flow, input order. */
function simgridEnds(text: string, model: string): number[] {
  const input = join(dir, 'flows.txt');
  writeFileSync(input, text);
  const r = spawnSync(binary, [input, model, 'all'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const [head, ...rows] = r.stdout.trim().split('\n');
  expect(head).toMatch(/^flows \d+ simulated_end \S+ wall_s \S+$/);
  return rows.map((row, i) => {
    const [index, end] = row.split(' ').map(Number);
    expect(index).toBe(i);
    return end;
  });
}

function worstRelativeDifference(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]) / Math.abs(b[i])));
}

describe.skipIf(!haveSimgrid)(`SimGrid yardstick (${haveSimgrid ? 'g++ with SimGrid' : 'no g++ or no SimGrid headers: skipped'})`, () => {
  beforeAll(() => {
    const r = spawnSync('g++', ['-O2', '-o', binary, SOURCE, '-lsimgrid'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  }, 120_000);

  // One link of 100 B/s and 1 s latency; flows of 300 and 100 bytes start together.
  const twoFlows = 'L shared 100 1\nF 0 300 shared\nF 0 100 shared\n';

  it('maxmin: two flows share a link equally, then the survivor takes it all', () => {
    // Latency 1 s; 50 B/s each until the small one ends at 1 + 100/50 = 3;
    // the big one has 200 bytes left at 100 B/s: 3 + 2 = 5.
    expect(worstRelativeDifference(simgridEnds(twoFlows, 'maxmin'), [5, 3])).toBeLessThan(1e-9);
  });

  it('lv08: the same with 13.01 x the latency and 0.97 x the share', () => {
    // Slow start 13.01 s; 48.5 B/s each, so the small one ends 100/48.5 = 200/97 s later;
    // then 200 bytes at 97 B/s take another 200/97 s.
    const expected = [13.01 + 400 / 97, 13.01 + 200 / 97];
    expect(worstRelativeDifference(simgridEnds(twoFlows, 'lv08'), expected)).toBeLessThan(1e-9);
  });

  it('generated CDN-shaped sets: every completion time as `cdnsim flows`, both models', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 10, max: 40 }), (seed, concurrent) => {
        const inst = cdnFlowSet(concurrent, seed);
        const json = join(dir, 'flows.json');
        writeFileSync(json, instanceJson(inst));
        for (const model of FLOW_MODEL_NAMES) {
          const r = cdnsim(['flows', json, '--model', model, '--json']);
          expect(r.code, r.stderr).toBe(0);
          const ours = (JSON.parse(r.stdout) as { end: number }[]).map((f) => f.end);
          expect(worstRelativeDifference(simgridEnds(instanceText(inst), model), ours), `seed ${seed}, ${model}`).toBeLessThan(1e-6);
        }
      }),
      { numRuns: 2 },
    );
  }, 60_000);

  it('rejects a route through an unknown link with one line naming file, line and field, exit 2', () => {
    const input = join(dir, 'bad.txt');
    writeFileSync(input, 'L a 10 0\nF 0 5 b\n');
    const r = spawnSync(binary, [input, 'maxmin'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`${input}:2: field 'route': unknown link 'b'`);
  });
});
