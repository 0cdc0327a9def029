import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSketch, mergeSketch, quantile } from '../metrics/sketch.js';
import type { Json } from '../models/model.js';
import { RANK_ORIGIN, RANKS } from './control/steering.js';
import { averageQoe, createQoe, groupFigures, qoeSummary, SITE_NONE, SITE_ORIGIN, type Qoe, type QoeGroup } from './qoe.js';

const ISPS = ['tagus-net', 'douro-fibra'];
const SITES = ['tagus-lisbon', 'tagus-porto', 'lisbon-ix-1'];

/** Within the sketch's 1% relative error of the hand-computed quantile. */
function expectQuantile(got: Json, want: number): void {
  expect(typeof got).toBe('number');
  expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(0.01 * want + 1e-12);
}

/**
 * Four playbacks after a 60 s warm-up and one before it:
 *   isp 0, site 0 (rank 0): started in 2 s, 600 s played at 3 Mbit/s, no stall, 2 switches
 *   isp 0, site 1 (rank 1): started in 4 s, 270 s played at 1 Mbit/s, 2 stalls of 30 s in all, 3 switches
 *   isp 1, origin:          started in 1 s, 90 s played at 5 Mbit/s, 1 stall of 10 s
 *   isp 1, never served:    never started
 */
function handSessions(): Qoe {
  const q = createQoe(ISPS, SITES, 60);
  q.sessionEnded(50, 0, 0, 0, 9, 100, 5, 10, 10e6, 7); // before warm-up: left out whole
  q.sessionEnded(100, 0, 0, 0, 2, 0, 0, 600, 600 * 3e6, 2);
  q.sessionEnded(200, 0, 1, 1, 4, 30, 2, 270, 270 * 1e6, 3);
  q.sessionEnded(300, 1, SITE_ORIGIN, RANK_ORIGIN, 1, 10, 1, 90, 90 * 5e6, 0);
  q.sessionEnded(400, 1, SITE_NONE, 0, NaN, 0, 0, 0, 0, 0);
  return q;
}

describe('QoE of hand-computed playbacks', () => {
  const s = qoeSummary(handSessions());
  const all = s.all as QoeGroup;
  const byName = (key: string, name: string) => (s[key] as QoeGroup[]).find((g) => g.name === name) as QoeGroup;

  it('the whole CDN', () => {
    expect(all.sessions).toBe(4);
    expect(all.startedSessions).toBe(3);
    expect(all.neverStartedShare).toBe(0.25);
    expect(all.startupMean).toBeCloseTo(7 / 3, 12);
    // Startup delays 1, 2, 4 s: the lower median is 2; p90..p99 fall on rank 1 of 0..2 as well.
    expectQuantile(all.startupP50, 2);
    expectQuantile(all.startupP90, 2);
    expectQuantile(all.startupP99, 2);
    expect(all.playSeconds).toBe(960);
    expect(all.rebufferSeconds).toBe(40);
    expect(all.rebufferRatio).toBeCloseTo(40 / 1000, 12);
    // Per-playback ratios 0, 0.1, 0.1.
    expectQuantile(all.rebufferRatioP50, 0.1);
    expect((all.rebufferRatioCdf as { ratio: number[] }).ratio[0]).toBe(0);
    expect(all.rebufferEventsPerSession).toBe(1);
    expect(all.rebufferedShare).toBeCloseTo(2 / 3, 12);
    expect(all.bitrate).toBeCloseTo((600 * 3e6 + 270 * 1e6 + 90 * 5e6) / 960, 6);
    expect(all.switchesPerMinute).toBeCloseTo((60 * 5) / 960, 12);
    const cdf = all.startupCdf as { p: number[]; seconds: number[] };
    expect(cdf.seconds[0]).toBe(1);
    expect(cdf.seconds[cdf.seconds.length - 1]).toBe(4);
  });

  it('per ISP: the playback before warm-up is not in tagus-net', () => {
    const tagus = byName('byIsp', 'tagus-net');
    expect(tagus.sessions).toBe(2);
    expect(tagus.startupMean).toBe(3);
    expect(tagus.rebufferRatio).toBeCloseTo(30 / 900, 12);
    expect(tagus.rebufferEventsPerSession).toBe(1);
    expect(tagus.rebufferedShare).toBe(0.5);
    expect(tagus.bitrate).toBeCloseTo((600 * 3e6 + 270 * 1e6) / 870, 6);
    expect(tagus.switchesPerMinute).toBeCloseTo((60 * 5) / 870, 12);
    const douro = byName('byIsp', 'douro-fibra');
    expect(douro.sessions).toBe(2);
    expect(douro.neverStartedShare).toBe(0.5);
    expect(douro.startupMean).toBe(1);
    expect(douro.rebufferRatio).toBeCloseTo(0.1, 12);
    expect(douro.rebufferedShare).toBe(1);
    expect(douro.bitrate).toBe(5e6);
    expect(douro.switchesPerMinute).toBe(0);
  });

  it('per site: the sites, then origin and unserved; an idle site has counts of 0 and no ratios', () => {
    expect((s.bySite as QoeGroup[]).map((g) => [g.name, g.sessions])).toEqual([
      ['tagus-lisbon', 1],
      ['tagus-porto', 1],
      ['lisbon-ix-1', 0],
      ['origin', 1],
      ['unserved', 1],
    ]);
    const idle = byName('bySite', 'lisbon-ix-1');
    for (const k of ['neverStartedShare', 'startupMean', 'startupP50', 'rebufferRatio', 'rebufferRatioP99', 'rebufferEventsPerSession', 'bitrate', 'switchesPerMinute', 'startupCdf', 'rebufferRatioCdf']) {
      expect(idle[k]).toBeNull();
    }
    const porto = byName('bySite', 'tagus-porto');
    expect(porto.rebufferRatio).toBeCloseTo(0.1, 12);
    expectQuantile(porto.startupP50, 4);
    const unserved = byName('bySite', 'unserved');
    expect([unserved.sessions, unserved.startedSessions, unserved.neverStartedShare, unserved.startupMean]).toEqual([1, 0, 1, null]);
  });

  it('per rank: the five ranks, then unserved (whatever rank an unserved playback names)', () => {
    expect((s.byRank as QoeGroup[]).map((g) => [g.name, g.sessions])).toEqual([
      ['embedded-specific', 1],
      ['embedded-covering', 1],
      ['ixp-direct', 0],
      ['ixp-indirect', 0],
      ['origin', 1],
      ['unserved', 1],
    ]);
    expect(byName('byRank', 'origin').bitrate).toBe(5e6);
  });

  it('a playback that begins exactly at warm-up counts; an instant before does not', () => {
    const q = createQoe(ISPS, SITES, 60);
    q.sessionEnded(60 - 1e-9, 0, 0, 0, 1, 0, 0, 10, 10, 0);
    expect(groupFigures(q, 0).sessions).toBe(0);
    q.sessionEnded(60, 0, 0, 0, 1, 0, 0, 10, 10, 0);
    expect(groupFigures(q, 0).sessions).toBe(1);
  });

  it('a playback naming no such ISP, site or rank is refused rather than counted elsewhere', () => {
    const q = createQoe(ISPS, SITES, 0);
    expect(() => q.sessionEnded(1, 2, 0, 0, 1, 0, 0, 1, 1, 0)).toThrow(RangeError);
    expect(() => q.sessionEnded(1, 0, 3, 0, 1, 0, 0, 1, 1, 0)).toThrow(RangeError);
    expect(() => q.sessionEnded(1, 0, 0, RANKS, 1, 0, 0, 1, 1, 0)).toThrow(RangeError);
    expect(() => q.sessionEnded(1, 0, -3, 0, 1, 0, 0, 1, 1, 0)).toThrow(RangeError);
    expect(groupFigures(q, 0).sessions).toBe(0);
  });
});

/** A random playback as the player reports it (switches are between played segments, so none without play). */
const playback = fc.record({
  startedAt: fc.double({ min: 0, max: 7200, noNaN: true }),
  isp: fc.integer({ min: 0, max: ISPS.length - 1 }),
  site: fc.integer({ min: SITE_NONE, max: SITES.length - 1 }),
  rank: fc.integer({ min: 0, max: RANKS - 1 }),
  started: fc.boolean(),
  startupS: fc.double({ min: 0, max: 30, noNaN: true }),
  rebufferS: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 600, noNaN: true })),
  rebufferEvents: fc.integer({ min: 0, max: 9 }),
  playS: fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 7200, noNaN: true })),
  bitrate: fc.double({ min: 2e5, max: 2e7, noNaN: true }),
  switches: fc.integer({ min: 0, max: 50 }),
});

const num = (x: Json) => x as number;
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('groups add up to the whole CDN', () => {
  it('in every grouping: counts and times sum to the whole; per-playback figures are the session-weighted mean; startup quantiles those of the merged sketches', () => {
    fc.assert(
      fc.property(fc.array(playback, { maxLength: 60 }), fc.double({ min: 0, max: 3600, noNaN: true }), (plays, warmup) => {
        const q = createQoe(ISPS, SITES, warmup);
        for (const p of plays) {
          q.sessionEnded(p.startedAt, p.isp, p.site, p.rank, p.started ? p.startupS : NaN, p.rebufferS, p.rebufferEvents, p.playS, p.bitrate * p.playS, p.playS > 0 ? p.switches : 0);
        }
        const s = qoeSummary(q);
        const all = s.all as QoeGroup;
        expect(all.sessions).toBe(plays.filter((p) => p.startedAt >= warmup).length);
        for (const key of ['byIsp', 'bySite', 'byRank']) {
          const groups = s[key] as QoeGroup[];
          const sum = (f: (g: QoeGroup) => number) => groups.reduce((a, g) => a + f(g), 0);
          for (const k of ['sessions', 'startedSessions', 'playSeconds', 'rebufferSeconds']) expect(close(sum((g) => num(g[k])), num(all[k]))).toBe(true);
          const started = num(all.startedSessions);
          const play = num(all.playSeconds);
          const time = play + num(all.rebufferSeconds);
          // Each group's figure times its own weight, summed, over the whole's weight.
          const weighted = (k: string, w: (g: QoeGroup) => number, total: number) => sum((g) => (g[k] === null ? 0 : num(g[k]) * w(g))) / total;
          if (started > 0) {
            for (const k of ['startupMean', 'rebufferEventsPerSession', 'rebufferedShare']) expect(close(weighted(k, (g) => num(g.startedSessions), started), num(all[k]))).toBe(true);
          }
          if (time > 0) expect(close(weighted('rebufferRatio', (g) => num(g.playSeconds) + num(g.rebufferSeconds), time), num(all.rebufferRatio))).toBe(true);
          if (play > 0) {
            expect(close(weighted('bitrate', (g) => num(g.playSeconds), play), num(all.bitrate))).toBe(true);
            expect(close(weighted('switchesPerMinute', (g) => num(g.playSeconds), play), num(all.switchesPerMinute))).toBe(true);
          }
        }
        // The whole CDN's startup sketch is exactly the merge of the ISPs' sketches.
        const merged = createSketch(0.01);
        for (let i = 0; i < ISPS.length; i++) mergeSketch(merged, q.startup[q.first.isp + i]);
        for (const p of [0.5, 0.9, 0.95, 0.99]) {
          const want = quantile(merged, p);
          expect(Number.isNaN(want) ? null : want).toBe(all[`startupP${Math.round(p * 100)}`]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the same playbacks give byte-identical figures', () => {
    const a = JSON.stringify(qoeSummary(handSessions()));
    expect(JSON.stringify(qoeSummary(handSessions()))).toBe(a);
  });
});

describe('replications merged', () => {
  it('each figure the mean over the replications that have it; distributions averaged quantile by quantile', () => {
    const one = handSessions();
    const two = createQoe(ISPS, SITES, 60);
    two.sessionEnded(100, 0, 2, 2, 6, 0, 0, 100, 100 * 2e6, 1);
    two.sessionEnded(100, 1, 2, 2, 3, 20, 1, 80, 80 * 4e6, 0);
    const a = qoeSummary(one);
    const b = qoeSummary(two);
    const m = averageQoe([a, b])!;
    const all = m.all as QoeGroup;
    expect(all.sessions).toBe((4 + 2) / 2);
    expect(all.rebufferRatio).toBeCloseTo((40 / 1000 + 20 / 200) / 2, 12);
    const ix = (m.bySite as QoeGroup[]).find((g) => g.name === 'lisbon-ix-1')!;
    // Idle in the first replication: its counts average with 0, its ratios are the second's alone.
    expect(ix.sessions).toBe(1);
    expect(ix.rebufferRatio).toBeCloseTo(20 / 200, 12);
    expect(ix.startupCdf).toEqual((b.bySite as QoeGroup[])[2].startupCdf);
    const cdfA = (a.all as QoeGroup).startupCdf as { seconds: number[] };
    const cdfB = (b.all as QoeGroup).startupCdf as { seconds: number[] };
    expect((all.startupCdf as { seconds: number[] }).seconds).toEqual(cdfA.seconds.map((x, i) => (x + cdfB.seconds[i]) / 2));
    const rA = (a.all as QoeGroup).rebufferRatioCdf as { ratio: number[] };
    const rB = (b.all as QoeGroup).rebufferRatioCdf as { ratio: number[] };
    expect((all.rebufferRatioCdf as { ratio: number[] }).ratio).toEqual(rA.ratio.map((x, i) => (x + rB.ratio[i]) / 2));
    expect((m.byRank as QoeGroup[]).map((g) => g.name)).toEqual((a.byRank as QoeGroup[]).map((g) => g.name));
  });

  it('no replication with QoE (an older summary) gives null', () => {
    expect(averageQoe([undefined, null])).toBeNull();
  });
});
