/**
 * The validation models against queueing theory. These prove the event loop, the clock
 * and the random streams together: a wrong tie-break, a biased variate or a leaked
 * event moves the simulated mean outside the 99% interval.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../run/simulate.js';
import { parseScenario } from '../scenario/load.js';
import { erlangB } from '../metrics/stats.js';

async function run(yaml: string) {
  return (await simulate(parseScenario(yaml))).summary as Record<string, any>;
}

describe('M/M/1', () => {
  for (const [lambda, mu] of [
    [0.7, 1],
    [2, 5],
  ]) {
    it(`mean wait matches rho/(mu - lambda) within the 99% CI (lambda=${lambda}, mu=${mu})`, async () => {
      const s = await run(`name: mm1t\nmodel: mm1\nseed: 11\nreplications: 16\nduration: 60000s\nwarmup: 1000s\nmm1: {arrivalRate: ${lambda}, serviceRate: ${mu}}\n`);
      const rho = lambda / mu;
      expect(s.theory.meanWait).toBeCloseTo(rho / (mu - lambda), 12);
      expect(Math.abs(s.meanWait.mean - s.theory.meanWait)).toBeLessThanOrEqual(s.meanWait.halfWidth);
      expect(Math.abs(s.utilisation.mean - rho)).toBeLessThanOrEqual(s.utilisation.halfWidth);
      // The interval is informative, not wide enough to contain anything.
      expect(s.meanWait.halfWidth / s.theory.meanWait).toBeLessThan(0.05);
      expect(s.theoryInInterval).toEqual({ meanWait: true, utilisation: true });
    });
  }
});

describe('M/M/c/c', () => {
  for (const [lambda, c] of [
    [8, 10],
    [1, 1],
    [20, 25],
  ]) {
    it(`blocking matches Erlang-B within the 99% CI (a=${lambda}, c=${c})`, async () => {
      const s = await run(`name: mmcct\nmodel: mmcc\nseed: 3\nreplications: 16\nduration: 20000s\nwarmup: 200s\nmmcc: {arrivalRate: ${lambda}, serviceRate: 1, servers: ${c}}\n`);
      expect(s.theory.blocking).toBeCloseTo(erlangB(c, lambda), 12);
      expect(Math.abs(s.blocking.mean - s.theory.blocking)).toBeLessThanOrEqual(s.blocking.halfWidth);
      expect(s.blocking.halfWidth / s.theory.blocking).toBeLessThan(0.1);
    });
  }
});

describe('determinism', () => {
  it('same scenario and seed give identical summaries; another seed does not', async () => {
    const yaml = 'name: d\nmodel: mm1\nseed: 9\nreplications: 3\nduration: 5000s\nmm1: {arrivalRate: 0.5, serviceRate: 1}\n';
    const a = JSON.stringify(await run(yaml));
    const b = JSON.stringify(await run(yaml));
    const c = JSON.stringify((await simulate(parseScenario(yaml), { seed: 10 })).summary);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('replications are independent streams: replication r is the same whatever the replication count', async () => {
    const base = 'name: d\nmodel: mmcc\nseed: 4\nduration: 3000s\nmmcc: {arrivalRate: 5, serviceRate: 1, servers: 5}\n';
    const two = await run(base + 'replications: 2\n');
    const five = await run(base + 'replications: 5\n');
    expect(five.perReplication.slice(0, 2)).toEqual(two.perReplication);
    expect(five.perReplication[2]).not.toEqual(five.perReplication[1]);
  });
});
