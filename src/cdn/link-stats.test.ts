/**
 * Link figures: the billing 95th percentile of 5-minute samples against hand-computed
 * load curves, byte totals against the integral of the loads reported through the link
 * loads (link-load.ts), and the figures' warm-up and sampling rules (independent of the
 * metrics bin).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LINK_BACKBONE, LINK_PNI, LINK_PORT, LINK_PUBLIC, LINK_TRANSIT } from './interconnects.js';
import { billingPercentile, bookLoad, bytesOfKind, createLinkStats, ispBytes, linkFigures, SAMPLE_SECONDS } from './link-stats.js';
import type { SimContext } from './context.js';
import { createLinkLoads } from './link-load.js';

const DAY = 86400;

/**
 * Link loads (link-load.ts) over `capacities.length` links, on a clock the test sets:
 * the hook the data plane reports load changes through.
 */
function loadsOver(capacities: number[], duration: number, warmup: number) {
  const clock = { now: 0 };
  const links = { capacity: Float64Array.from(capacities), load: new Float64Array(capacities.length) };
  const stats = createLinkStats(capacities.length, duration, warmup);
  const ctx = { engine: clock, world: { links }, metrics: { linkBitsInBin: new Float64Array(capacities.length), linkStats: stats } };
  return { clock, links, stats, loads: createLinkLoads(ctx as unknown as SimContext) };
}

/** Drive one link's load through `changes` ([time, bit/s] held until the next), then end the run. */
function drive(changes: [number, number][], capacity: number, duration: number, warmup = 0) {
  const { clock, links, stats, loads } = loadsOver([capacity], duration, warmup);
  for (const [t, bps] of changes) {
    clock.now = t;
    loads.add(0, bps - links.load[0]);
  }
  clock.now = duration;
  loads.bookAll();
  return stats;
}

describe('billingPercentile', () => {
  it('drops the top 5% and takes the highest left', () => {
    // 288 samples 1..288: drop 14 (floor 14.4), the 274th is 274.
    const xs = Array.from({ length: 288 }, (_, i) => 288 - i);
    expect(billingPercentile(xs)).toBe(274);
    // 20 samples: drop 1, take the 19th.
    expect(billingPercentile(Array.from({ length: 20 }, (_, i) => i + 1))).toBe(19);
    // Under 20 samples nothing is dropped: the peak.
    expect(billingPercentile([3, 9, 1])).toBe(9);
    expect(billingPercentile([])).toBeNaN();
  });
});

describe('5-minute samples', () => {
  it('give the hand-computed p95 of a day with a 2-hour evening peak', () => {
    // 4 Gbit/s all day on 10 Gbit/s, 9 Gbit/s from 20:00 to 22:00 (24 samples of 288),
    // and 7 Gbit/s for 10 minutes at 03:00 (2 samples). Sorted from the top: 24 at 0.9,
    // 2 at 0.7, then 0.4; dropping 14 leaves the 15th highest, 0.9.
    const st = drive([[0, 4e9], [3 * 3600, 7e9], [3 * 3600 + 600, 4e9], [20 * 3600, 9e9], [22 * 3600, 4e9]], 10e9, DAY);
    const f = linkFigures(st, 0);
    expect(f.peak).toBeCloseTo(0.9, 12);
    expect(f.p95).toBeCloseTo(0.9, 12);
    // A 1-hour peak is 12 samples: with the two at 0.7 they are exactly the 14 dropped,
    // so p95 is the base load while the peak stays 0.9.
    const short = linkFigures(drive([[0, 4e9], [3 * 3600, 7e9], [3 * 3600 + 600, 4e9], [20 * 3600, 9e9], [21 * 3600, 4e9]], 10e9, DAY), 0);
    expect(short.peak).toBeCloseTo(0.9, 12);
    expect(short.p95).toBeCloseTo(0.4, 12);
    // Mean: (4 x 24 h + 3 x 1/6 h + 5 x 1 h) / 24 h / 10 Gbit/s.
    expect(short.mean).toBeCloseTo((4 * 24 + 3 / 6 + 5) / 24 / 10, 12);
  });

  it('average a change inside a sample over the whole sample', () => {
    // 10 Gbit/s for the first 60 s of the second sample only: 0.2 of it at full load.
    const st = drive([[300, 10e9], [360, 0]], 10e9, 900);
    expect(Array.from({ length: 3 }, (_, k) => st.busy[k] / SAMPLE_SECONDS)).toEqual([0, 0.2, 0]);
    expect(linkFigures(st, 0).peak).toBeCloseTo(0.2, 12);
  });

  it('leave out bytes before warm-up and samples that start before it', () => {
    // Full load for the first 20 minutes, 1/10 after; warm-up 12.5 min: the sample from
    // minute 15 to 20 is the first counted (full load), the one warm-up ends in is not.
    const st = drive([[0, 10e9], [1200, 1e9]], 10e9, 3600, 750);
    expect([st.first, st.samples]).toEqual([3, 9]);
    const f = linkFigures(st, 0);
    expect(f.bytes).toBeCloseTo(((1200 - 750) * 10e9 + 2400 * 1e9) / 8, 0);
    expect(f.peak).toBeCloseTo(1, 12);
    expect(f.mean).toBeCloseTo((300 * 1 + 2400 * 0.1) / 2700, 12);
  });

  it('average a short last sample over its own length', () => {
    const st = drive([[0, 5e9]], 10e9, 400);
    expect(st.samples).toBe(2);
    const f = linkFigures(st, 0);
    expect(f.peak).toBeCloseTo(0.5, 12);
    expect(f.mean).toBeCloseTo(0.5, 12);
  });

  it('book bytes equal to the integral of the load over any sequence of changes', () => {
    const change = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), link: fc.integer({ min: 0, max: 2 }), bps: fc.double({ min: 0, max: 1e10, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 80 }), fc.double({ min: 1, max: 2 * DAY, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (raw, duration, warmShare) => {
        const capacities = [1e10, 4e10, 1e9];
        const warmup = warmShare * duration;
        const changes = raw.map((c) => ({ ...c, at: c.at * duration })).sort((a, b) => a.at - b.at);
        const { clock, links, stats, loads } = loadsOver(capacities, duration, warmup);
        for (const c of changes) {
          clock.now = c.at;
          loads.add(c.link, c.bps - links.load[c.link]);
        }
        clock.now = duration;
        loads.bookAll();
        for (let l = 0; l < capacities.length; l++) {
          // The integral of the load, piece by piece: after warm-up for bytes, from the first
          // whole sample after it for the samples.
          const sampled = stats.first * SAMPLE_SECONDS;
          const points = [{ at: 0, bps: 0 }, ...changes.filter((c) => c.link === l)];
          let bits = 0;
          let busy = 0;
          points.forEach((p, i) => {
            const end = i + 1 < points.length ? points[i + 1].at : duration;
            bits += p.bps * Math.max(0, end - Math.max(p.at, warmup));
            busy += (p.bps / capacities[l]) * Math.max(0, end - Math.max(p.at, sampled));
          });
          const f = linkFigures(stats, l);
          expect(Math.abs(f.bytes - bits / 8)).toBeLessThanOrEqual(1e-9 * (1e10 * duration) / 8);
          // Each sample's utilisation lies within the loads it saw; together they hold the integral.
          const top = Math.max(0, ...points.map((p) => p.bps)) / capacities[l];
          let total = 0;
          for (let k = 0; k < stats.samples; k++) {
            const b = stats.busy[l * stats.samples + k];
            expect(b / Math.min(SAMPLE_SECONDS, duration - (stats.first + k) * SAMPLE_SECONDS)).toBeLessThanOrEqual(top + 1e-9);
            total += b;
          }
          expect(Math.abs(total - busy)).toBeLessThanOrEqual(1e-9 * duration);
          if (Number.isFinite(f.p95)) expect(f.p95).toBeLessThanOrEqual(f.peak);
        }
      }),
    );
  });
});

describe('bytes by ISP and by kind', () => {
  it('splits what each ISP receives into embedded, interconnect and transit', () => {
    // Links: a1/out (ISP 0), a1/in, x1/out, 0@x public, 0@x pni, 1@x public, 0/transit, 1/transit, x/transit.
    const kind = Uint8Array.from([LINK_PORT, LINK_PORT, LINK_PORT, LINK_PUBLIC, LINK_PNI, LINK_PUBLIC, LINK_TRANSIT, LINK_TRANSIT, LINK_BACKBONE]);
    const isp = Int32Array.from([0, -1, -1, 0, 0, 1, 0, 1, -1]);
    const st = createLinkStats(kind.length, 100, 0);
    for (let l = 0; l < kind.length; l++) bookLoad(st, l, 8 * (l + 1), 1e9, 0, 100);
    const bytes = (l: number) => 100 * (l + 1);
    expect(ispBytes({ kind, isp }, st, 2)).toEqual([
      { embedded: bytes(0), interconnects: bytes(3) + bytes(4), transit: bytes(6) },
      { embedded: 0, interconnects: bytes(5), transit: bytes(7) },
    ]);
    expect(bytesOfKind({ kind }, st, LINK_TRANSIT)).toBe(bytes(6) + bytes(7));
    expect(bytesOfKind({ kind }, st, LINK_BACKBONE)).toBe(bytes(8));
  });
});
