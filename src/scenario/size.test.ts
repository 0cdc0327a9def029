import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import '../models/index.js';
import { DEFAULT_MAX_EVENTS } from './size.js';
import { MAX_EXPANDED_BYTES, MAX_POINTS, parseScenarioOrSweep } from './sweep.js';

const mm1 = (lines: string) => `name: s
model: mm1
replications: 3
duration: 1000s
mm1:
  arrivalRate: 0.5/s
  serviceRate: 1000/s
${lines}`;

function errorOf(text: string, maxEvents?: number): InputError {
  try {
    parseScenarioOrSweep(text, 's.yaml', { maxEvents });
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('the size of a run, known before it starts', () => {
  it('M/M/1: two events per customer, 2 λ T per replication', () => {
    const { size } = parseScenarioOrSweep(mm1(''), 's.yaml');
    expect(size).toEqual({ events: 3 * 2 * 0.5 * 1000, runs: 3, explain: '3 replications × 1000 events (2 × 0.5/s × 1000 s (an arrival and a departure per customer))' });
  });

  it('a run above the limit is refused with the estimate, its make-up and the limit; the limit can be raised', () => {
    const big = mm1('').replace('duration: 1000s', 'duration: 3000d').replace('0.5/s', '500/s');
    expect(errorOf(big).format()).toBe(
      's.yaml: the run would process about 7.78e11 events: 3 replications × 2.59e11 events (2 × 500/s × 259200000 s (an arrival and a departure per customer)); ' +
        'the limit is 1.00e10 events. Shorten the run, lower its rates or replications, or raise the limit (--max-events)',
    );
    expect(parseScenarioOrSweep(big, 's.yaml', { maxEvents: Infinity }).size.events).toBeCloseTo(7.776e11, -8);
    expect(errorOf(mm1(''), 2999).message).toMatch(/^the run would process about 3000 events/);
    expect(DEFAULT_MAX_EVENTS).toBe(1e10);
  });

  it('a sweep is the sum over its points', () => {
    const { size, sweep } = parseScenarioOrSweep(mm1('sweep:\n  grid:\n    duration: [100s, 200s]\n    mm1.arrivalRate: [0.1/s, 0.2/s]\n'), 's.yaml');
    expect(sweep?.points).toHaveLength(4);
    expect(size.runs).toBe(12);
    // 3 replications × 2 × (0.1 + 0.2) × (100 + 200)
    expect(size.events).toBeCloseTo(3 * 2 * 0.3 * 300, 9);
  });

  it('a sweep is refused as soon as the points made so far pass the limit', () => {
    const rates = Array.from({ length: 1000 }, (_, i) => `${i + 1}/s`).join(', ');
    const text = mm1(`sweep:\n  grid:\n    mm1.arrivalRate: [${rates}]\n`).replace('replications: 3', 'replications: 1').replace('1000s', '100000000s');
    // 2e8 events per unit of rate: 1 + 2 + … + 10 = 55 passes 50 after ten points.
    expect(errorOf(text).message).toMatch(/^the sweep would process more than 1\.10e10 events: its first 10 of 1000 points already need that many \(largest point: 2\.00e9 events per replication/);
  });

  it('a grid is counted before it is made, and its copies are bounded', () => {
    const list = (n: number) => `[${Array.from({ length: n }, (_, i) => i + 1).join(', ')}]`;
    const huge = mm1(`sweep:\n  grid:\n    duration: ${list(3000)}\n    warmup: ${list(1000)}\n`);
    expect(errorOf(huge).format()).toBe(`s.yaml:8:1: sweep: the sweep has 3000000 points; at most ${MAX_POINTS} are allowed`);
    const wordy = mm1(`description: "${'x'.repeat(100_000)}"\nsweep:\n  grid:\n    duration: ${list(3000)}\n`);
    expect(errorOf(wordy).message).toMatch(new RegExp(`^the sweep's 3000 points of \\d+ bytes each would hold more than ${MAX_EXPANDED_BYTES / 2 ** 20} MiB`));
  });
});
