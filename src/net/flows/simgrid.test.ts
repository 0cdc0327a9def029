import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../../test-helpers/cli.js';
import { loadFlowInstance, simulateFlows, type FlowTime } from './instance.js';
import { FLOW_MODEL_NAMES, FLOW_MODELS } from './models.js';

// SimGrid's reference times live beside the checkout, not in it; the checks run where they are.
const DIR = join(repoRoot, '..', 'shared', 'conformance', 'flows');
const haveCases = existsSync(DIR);
const SCRIPT = join(DIR, 'simgrid_reference.py');
const PYTHON = '/usr/bin/python3';
const haveSimgrid = existsSync(SCRIPT) && spawnSync(PYTHON, ['-c', 'import simgrid'], { encoding: 'utf8' }).status === 0;

const TOLERANCE = 1e-6;

function worstRelativeError(ours: FlowTime[], theirs: FlowTime[]): number {
  expect(ours.length).toBe(theirs.length);
  let worst = 0;
  for (let i = 0; i < ours.length; i++) {
    expect(ours[i].flow).toBe(theirs[i].flow);
    const a = ours[i].end!;
    const b = theirs[i].end!;
    worst = Math.max(worst, Math.abs(a - b) / Math.max(Math.abs(b), 1e-12));
  }
  return worst;
}

describe('completion times against SimGrid 3.32', () => {
  const cases = haveCases ? readdirSync(DIR).filter((f) => /^instance-\d+\.json$/.test(f)).sort() : [];

  it.runIf(haveCases)('has reference instances to check', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const file of cases) {
    for (const model of FLOW_MODEL_NAMES) {
      const reference = join(DIR, file.replace(/\.json$/, `.${model}.simgrid.json`));
      it.runIf(existsSync(reference))(`${file}, ${model}: every flow within ${TOLERANCE} relative`, () => {
        const ours = simulateFlows(loadFlowInstance(join(DIR, file)), FLOW_MODELS[model]);
        const theirs = JSON.parse(readFileSync(reference, 'utf8')) as FlowTime[];
        expect(worstRelativeError(ours, theirs)).toBeLessThan(TOLERANCE);
      });
    }
  }

  // Fresh instances from the reference generator, run through SimGrid here and now.
  it.skipIf(!haveSimgrid)('random generated instances (seeds 101-106) agree for both models', () => {
    const dir = tempDir('cdnsim-flows-');
    for (let seed = 101; seed <= 106; seed++) {
      const inst = join(dir, `gen-${seed}.json`);
      expect(spawnSync(PYTHON, [SCRIPT, 'gen', String(seed), inst]).status).toBe(0);
      for (const model of FLOW_MODEL_NAMES) {
        const out = join(dir, `gen-${seed}.${model}.json`);
        const run = spawnSync(PYTHON, [SCRIPT, 'run', inst, model, out], { encoding: 'utf8' });
        expect(run.status, run.stderr).toBe(0);
        const theirs = JSON.parse(readFileSync(out, 'utf8')) as FlowTime[];
        const ours = simulateFlows(loadFlowInstance(inst), FLOW_MODELS[model]);
        expect(worstRelativeError(ours, theirs), `seed ${seed}, ${model}`).toBeLessThan(TOLERANCE);
      }
    }
  }, 120_000);
});
