import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import '../models/index.js';
import { parseFieldPath, parseScenarioOrSweep } from './sweep.js';

const base = `name: sw
model: mm1
seed: 4
replications: 2
duration: 1000s
mm1:
  arrivalRate: 0.5/s
  serviceRate: 1/s
`;

function errorOf(text: string): InputError {
  try {
    parseScenarioOrSweep(text, 'x.yaml');
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('sweep expansion', () => {
  it('a plain scenario has no sweep', () => {
    expect(parseScenarioOrSweep(base, 'x.yaml').sweep).toBeUndefined();
  });

  it('a grid is every combination; zipped lists step together; units resolve per point', () => {
    const { sweep } = parseScenarioOrSweep(
      base + 'sweep:\n  grid:\n    mm1.arrivalRate: [0.2/s, 0.4/s]\n    mm1.confidence: [0.9, 0.95, 0.99]\n  zip:\n    - duration: [1000s, 2000s]\n      warmup: [10s, 1min]\n',
      'x.yaml',
    );
    expect(sweep!.parameters).toEqual(['mm1.arrivalRate', 'mm1.confidence', 'duration', 'warmup']);
    expect(sweep!.points).toHaveLength(2 * 3 * 2);
    const p = sweep!.points.find((q) => q.parameters['mm1.arrivalRate'] === '0.4/s' && q.parameters.warmup === '1min' && q.parameters['mm1.confidence'] === 0.95)!;
    expect(p.scenario).toMatchObject({ duration: 2000, warmup: 60, replications: 1, mm1: { arrivalRate: 0.4, serviceRate: 1, confidence: 0.95 } });
    expect(p.scenario.sweep).toBeUndefined();
    expect(p.raw.sweep).toBeUndefined();
    expect(p.raw.duration).toBe('2000s');
  });

  it('a field with a default may be swept though the file does not spell it out', () => {
    const { sweep } = parseScenarioOrSweep(base + 'sweep:\n  grid:\n    rng: [tychei, xor128]\n', 'x.yaml');
    expect(sweep!.points.map((p) => p.scenario.rng)).toEqual(['tychei', 'xor128']);
  });

  it('field paths', () => {
    expect(parseFieldPath('isps[0].peakSessionRate')).toEqual(['isps', 0, 'peakSessionRate']);
    expect(parseFieldPath('mm1..x')).toBeNull();
    expect(parseFieldPath('a[x]')).toBeNull();
  });
});

describe('sweep bad input: file:line:col of the sweep entry', () => {
  it('a path that does not exist', () => {
    const e = errorOf(base + 'sweep:\n  grid:\n    mm1.arivalRate: [0.2/s]\n');
    expect(e.format()).toBe("x.yaml:11:5: sweep.grid.mm1.arivalRate: the sweep path does not exist: no field 'arivalRate' in mm1");
  });

  it('a path of another model, past a list end, into a plain value', () => {
    expect(errorOf(base + 'sweep:\n  grid:\n    catalog.titles: [10]\n').format()).toMatch(/^x\.yaml:11:5: .*no field 'catalog' in a mm1 scenario$/);
    expect(errorOf(base + 'sweep:\n  grid:\n    mm1.arrivalRate.x: [1]\n').format()).toMatch(/^x\.yaml:11:5: .*mm1\.arrivalRate is not a mapping$/);
  });

  it('an empty grid, an empty list, unequal zipped lists', () => {
    expect(errorOf(base + 'sweep:\n  grid: {}\n').format()).toMatch(/^x\.yaml:10:3: sweep: the sweep is empty/);
    expect(errorOf(base + 'sweep:\n  grid:\n    mm1.confidence: []\n').format()).toMatch(/^x\.yaml:11:21: sweep\.grid\.mm1\.confidence: a sweep list needs at least one value$/);
    expect(errorOf(base + 'sweep:\n  zip:\n    - duration: [1s, 2s]\n      warmup: [0s]\n').format()).toMatch(/sweep\.zip\[0\]: zipped lists must have equal lengths \(got 2, 1\)$/);
  });

  it('an invalid value is reported at the value, with the field it breaks', () => {
    const e = errorOf(base + 'sweep:\n  grid:\n    mm1.arrivalRate: [0.5/s, 2/s, 3 parsecs]\n');
    expect(e.format()).toBe('x.yaml:11:30: sweep.grid.mm1.arrivalRate[1]: mm1.arrivalRate: arrivalRate must be below serviceRate, or the queue grows without bound');
    expect(e.more.map((m) => m.format())).toEqual([expect.stringMatching(/^x\.yaml:11:35: sweep\.grid\.mm1\.arrivalRate\[2\]: mm1\.arrivalRate: unknown unit/)]);
  });

  it('fields that cannot be swept, a path swept twice, a repeated value', () => {
    expect(errorOf(base + 'sweep:\n  grid:\n    seed: [1, 2]\n').format()).toMatch(/'seed' cannot be swept/);
    expect(errorOf(base + 'sweep:\n  grid:\n    duration: [1s]\n  zip:\n    - duration: [2s]\n').format()).toMatch(/^x\.yaml:13:7: .*'duration' is swept twice$/);
    expect(errorOf(base + 'sweep:\n  grid:\n    duration: [1s, 2s, 1s]\n').format()).toMatch(/^x\.yaml:11:24: sweep\.grid\.duration\[2\]: value 3 repeats an earlier one/);
  });
});
