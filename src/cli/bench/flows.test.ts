import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdnsim, repoRoot, tempDir } from '../../test-helpers/cli.js';

describe('cdnsim bench flows', () => {
  it('prints starts+ends per second and the incremental reach for each concurrency (--json)', () => {
    const r = cdnsim(['bench', 'flows', '--concurrent', '30,60', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { model: string; runs: Record<string, number>[] };
    expect(out.model).toBe('maxmin');
    expect(out.runs.map((x) => [x.concurrent, x.flows, x.flowEvents])).toEqual([
      [30, 300, 600],
      [60, 600, 1200],
    ]);
    for (const run of out.runs) {
      expect(run.flowEventsPerSecond).toBeCloseTo(run.flowEvents / run.seconds, 6);
      expect(run.meanFlowsSolved).toBeGreaterThanOrEqual(1);
      expect(run.simulatedEnd).toBeGreaterThan(0);
    }
  });

  it('compares with a yardstick binary: same completion times give difference 0', () => {
    // A stand-in for the SimGrid binary: it answers with cdnsim's own times for the text it is given.
    const dir = tempDir();
    const fake = join(dir, 'yardstick.mjs');
    writeFileSync(
      fake,
      `#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { simulateFlows } from ${JSON.stringify(join(repoRoot, 'dist', 'net', 'flows', 'instance.js'))};
import { FLOW_MODELS } from ${JSON.stringify(join(repoRoot, 'dist', 'net', 'flows', 'models.js'))};
const lines = readFileSync(process.argv[2], 'utf8').trim().split('\\n').map((l) => l.split(' '));
const links = lines.filter((l) => l[0] === 'L').map((l) => ({ name: l[1], bandwidth: +l[2], latency: +l[3] }));
const index = new Map(links.map((l, i) => [l.name, i]));
const flows = lines.filter((l) => l[0] === 'F');
const routes = flows.flatMap((l) => l.slice(3).map((n) => index.get(n)));
const routeStart = [0]; for (const l of flows) routeStart.push(routeStart[routeStart.length - 1] + l.length - 3);
const inst = { linkNames: links.map((l) => l.name), bandwidth: Float64Array.from(links, (l) => l.bandwidth), latency: Float64Array.from(links, (l) => l.latency),
  start: Float64Array.from(flows, (l) => +l[1]), bytes: Float64Array.from(flows, (l) => +l[2]), routeStart: Int32Array.from(routeStart), routes: Int32Array.from(routes) };
const t = simulateFlows(inst, FLOW_MODELS[process.argv[3]]);
console.log('flows ' + t.length + ' simulated_end 1 wall_s 0.5');
for (const x of t) console.log(x.flow + ' ' + x.end);
`,
    );
    chmodSync(fake, 0o755);
    const r = cdnsim(['bench', 'flows', '--concurrent', '20', '--model', 'lv08', '--simgrid', fake, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const run = (JSON.parse(r.stdout) as { runs: Record<string, number>[] }).runs[0];
    expect(run.maxRelativeDifference).toBe(0);
    expect(run.simgridRunSeconds).toBe(0.5);
    expect(run.speedup).toBeCloseTo(run.simgridProcessSeconds / run.cdnsimProcessSeconds, 9);
  });

  it('refuses a bad concurrency list or a yardstick that does not run: exit 2, one line', () => {
    const bad = cdnsim(['bench', 'flows', '--concurrent', '10,zero']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--concurrent '10,zero'");
    const missing = cdnsim(['bench', 'flows', '--concurrent', '10', '--simgrid', join(tempDir(), 'nothing')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('could not run');
  });
});
