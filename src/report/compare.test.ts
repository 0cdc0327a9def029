import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../test-helpers/cli.js';
import { allowance, compareResults, judge, meanMetrics, parseThresholds, toleranceFor, type Tolerance } from './compare.js';
import { directionOf, METRIC_DIRECTIONS } from './metric-directions.js';
import type { ResultsDir } from './results-dir.js';

const finite = fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true });
const tolerance: fc.Arbitrary<Tolerance> = fc.oneof(
  fc.double({ min: 0, max: 0.5, noNaN: true }).map((value) => ({ kind: 'relative' as const, value })),
  fc.double({ min: 0, max: 1e6, noNaN: true }).map((value) => ({ kind: 'absolute' as const, value })),
);
const directed = fc.constantFrom('higher' as const, 'lower' as const);

describe('judge', () => {
  it('a move in the good direction never fails, however large and with --strict', () => {
    fc.assert(
      fc.property(directed, finite, fc.double({ min: 1e-9, max: 1e12, noNaN: true }), tolerance, fc.boolean(), (direction, base, step, tol, strict) => {
        const next = direction === 'higher' ? base + step : base - step;
        fc.pre(next !== base);
        expect(judge(direction, base, next, tol, strict)).toBe('improved');
      }),
    );
  });

  it('a move in the bad direction past the allowance always fails; within it, never', () => {
    fc.assert(
      fc.property(directed, finite, fc.double({ min: 0, max: 1e12, noNaN: true }), tolerance, (direction, base, step, tol) => {
        const next = direction === 'higher' ? base - step : base + step;
        const moved = Math.abs(next - base);
        fc.pre(moved > 0);
        expect(judge(direction, base, next, tol)).toBe(moved > allowance(base, tol) ? 'regressed' : 'worse');
      }),
    );
  });

  it('neutral metrics are reported as changed, and fail only under --strict past the threshold', () => {
    const tol: Tolerance = { kind: 'relative', value: 0.02 };
    expect(judge('neutral', 100, 150, tol)).toBe('changed');
    expect(judge('neutral', 100, 150, tol, true)).toBe('regressed');
    expect(judge('neutral', 100, 101, tol, true)).toBe('changed');
    expect(judge('neutral', 100, 100, tol, true)).toBe('unchanged');
  });

  it('a relative threshold allows no bad move from 0; an absolute one does', () => {
    expect(judge('lower', 0, 1e-12, { kind: 'relative', value: 0.5 })).toBe('regressed');
    expect(judge('lower', 0, 0.0004, { kind: 'absolute', value: 0.0005 })).toBe('worse');
    expect(judge('lower', 0, 0.0006, { kind: 'absolute', value: 0.0005 })).toBe('regressed');
    expect(judge('higher', 0.9, 0.891, { kind: 'relative', value: 0.02 })).toBe('worse');
    expect(judge('higher', 0.9, 0.88, { kind: 'relative', value: 0.02 })).toBe('regressed');
  });

  it('a value that appears or vanishes is a change, a failure only under --strict', () => {
    const tol: Tolerance = { kind: 'relative', value: 0.02 };
    expect(judge('lower', null, 1, tol)).toBe('changed');
    expect(judge('lower', 1, null, tol, true)).toBe('regressed');
    expect(judge('lower', null, null, tol, true)).toBe('unchanged');
  });
});

describe('thresholds', () => {
  it('parses relative defaults, per-metric relative and absolute thresholds; the longest selector wins', () => {
    const t = parseThresholds(['1%', 'offload=0.5%', 'rebufferRatio=0.0005', 'meanWait=10%', 'meanWait.mean=3%']);
    expect(t.default).toEqual({ kind: 'relative', value: 0.01 });
    expect(toleranceFor('offload', t)).toEqual({ kind: 'relative', value: 0.005 });
    expect(toleranceFor('rebufferRatio', t)).toEqual({ kind: 'absolute', value: 0.0005 });
    expect(toleranceFor('meanWait.mean', t)).toEqual({ kind: 'relative', value: 0.03 });
    expect(toleranceFor('meanWait.high', t)).toEqual({ kind: 'relative', value: 0.1 });
    expect(toleranceFor('offloadish', t)).toEqual({ kind: 'relative', value: 0.01 });
    expect(parseThresholds([]).default).toEqual({ kind: 'relative', value: 0.02 });
  });

  it.each([['0.02'], ['x%'], ['-1%'], ['offload='], ['=2%'], ['%']])('rejects --threshold %s', (spec) => {
    expect(() => parseThresholds([spec])).toThrow(/--threshold/);
  });
});

describe('directions', () => {
  it('every metric of the benchmark baselines (mm1, bgp, openconnect) is classified', () => {
    const dir = join(repoRoot, 'results', 'baseline');
    const metrics = readdirSync(dir).flatMap((f) => Object.keys(JSON.parse(readFileSync(join(dir, f), 'utf8')).metrics as object));
    expect(metrics.length).toBeGreaterThan(50);
    expect(metrics.filter((m) => directionOf(m).rule === null)).toEqual([]);
  });

  it('the longest rule wins', () => {
    expect(directionOf('meanWait.mean').direction).toBe('lower');
    expect(directionOf('meanWait.high').direction).toBe('neutral');
    expect(directionOf('bytesByRank.4').direction).toBe('lower');
    expect(directionOf('bytesByRank.0').direction).toBe('neutral');
    expect(directionOf('asesWithRoute.192.0.2.0/24').direction).toBe('higher');
    expect(directionOf('somethingNew')).toEqual({ direction: 'neutral', rule: null });
    expect(Object.values(METRIC_DIRECTIONS).every((d) => ['higher', 'lower', 'neutral'].includes(d))).toBe(true);
  });
});

const run = (id: string, parameters: Record<string, string>, metrics: Record<string, number | null>, replication = 0) => ({ id, replication, parameters, metrics: new Map(Object.entries(metrics)) });
const sweep = (runs: ReturnType<typeof run>[]): ResultsDir => ({ dir: 'x', kind: 'sweep', model: 'openconnect', versions: { 'sweep.json': 1, 'summary.json': 1 }, parameters: ['p'], runs, missing: [] });

describe('compareResults', () => {
  it('judges a sweep on its points (means over replications), and keeps its runs for reading', () => {
    const base = sweep([run('a-r0', { p: 'a' }, { offload: 0.9 }), run('a-r1', { p: 'a' }, { offload: 0.8 }, 1)]);
    // One replication drops 10%, the other rises: the mean moves 0.5%.
    const next = sweep([run('a-r0', { p: 'a' }, { offload: 0.81 }), run('a-r1', { p: 'a' }, { offload: 0.8805 }, 1)]);
    const r = compareResults(base, next);
    expect(r.comparisons).toHaveLength(1);
    expect(r.comparisons[0].label).toBe('p=a');
    expect(r.comparisons[0].rows[0].status).toBe('worse');
    expect(r.runs.map((c) => c.rows[0].status)).toEqual(['regressed', 'improved']);
    expect(r.ok).toBe(true);
  });

  it('averages over the replications both sides have, and lists the others', () => {
    const base = sweep([run('a-r0', { p: 'a' }, { offload: 0.9 }), run('a-r1', { p: 'a' }, { offload: 0.1 }, 1)]);
    const next = sweep([run('a-r0', { p: 'a' }, { offload: 0.9 })]);
    const r = compareResults(base, next);
    expect(r.comparisons[0].rows[0].status).toBe('unchanged');
    expect(r.runsOnlyInBase).toEqual(['a-r1']);
  });

  it('means skip nulls', () => {
    expect(meanMetrics([new Map([['x', 1]]), new Map([['x', null]]), new Map([['x', 3]])]).get('x')).toBe(2);
    expect(meanMetrics([new Map([['x', null]])]).get('x')).toBe(null);
  });
});
