import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../scenario/load.js';
import { estimateRun } from '../scenario/size.js';
import './index.js';

const scenarios = join(import.meta.dirname, '..', '..', 'scenarios');

describe('the Open Connect model sizes its runs in advance', () => {
  // Events the JS engine processed on these scenarios (`cdnsim bench run FILE --engine js --json`).
  it.each([
    ['quickstart', 53.4e6],
    ['continent', 79.9e6],
    ['national', 217.6e6],
  ])('%s: the estimate is within a quarter of the %d events measured', (name, measured) => {
    const { events } = estimateRun(loadScenarioFile(join(scenarios, `${name}.yaml`)));
    expect(events / measured).toBeGreaterThan(0.8);
    expect(events / measured).toBeLessThan(1.25);
  });

  it('scales with the peak rate and the duration', () => {
    const s = loadScenarioFile(join(scenarios, 'quickstart.yaml'));
    const one = estimateRun(s).events;
    const isps = (s.isps as { peakSessionRate: number }[]).map((i) => ({ ...i, peakSessionRate: i.peakSessionRate * 10 }));
    const tenfold = estimateRun({ ...s, isps }).events;
    // Fill ticks and metrics bins do not grow with demand.
    expect(tenfold / one).toBeGreaterThan(9.9);
    expect(tenfold / one).toBeLessThan(10);
    expect(estimateRun({ ...s, duration: 2 * s.duration }).events).toBeCloseTo(2 * one, 0);
  });
});
