import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bbaMapRung, bbaNextRung, bbaRateKbps, bbaZones, CUSHION_SHARE, RESERVOIR_SHARE } from './bba.js';

const ladderArb = fc
  .array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 12 })
  .map((steps) => Float64Array.from(steps.map((_, i) => steps.slice(0, i + 1).reduce((a, b) => a + b, 0))));
const zonesArb = fc.record({ reservoirMs: fc.double({ min: 0, max: 120_000, noNaN: true }), cushionMs: fc.double({ min: 1, max: 200_000, noNaN: true }) });
const bufferArb = fc.double({ min: 0, max: 400_000, noNaN: true });

describe('BBA-0 rate map (Huang et al., SIGCOMM 2014)', () => {
  it('is the lowest rung in the reservoir and the highest above reservoir + cushion', () => {
    fc.assert(
      fc.property(ladderArb, zonesArb, bufferArb, (ladder, zones, buffer) => {
        const rung = bbaMapRung(ladder, zones, buffer);
        if (buffer <= zones.reservoirMs) expect(rung).toBe(0);
        if (buffer >= zones.reservoirMs + zones.cushionMs) expect(rung).toBe(ladder.length - 1);
        expect(bbaNextRung(ladder, zones, 0, buffer) === 0 || buffer > zones.reservoirMs).toBe(true);
      }),
    );
  });

  it('is monotone non-decreasing in the buffer, and linear from the lowest to the highest bitrate across the cushion', () => {
    fc.assert(
      fc.property(ladderArb, zonesArb, bufferArb, bufferArb, (ladder, zones, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(bbaRateKbps(ladder, zones, lo)).toBeLessThanOrEqual(bbaRateKbps(ladder, zones, hi));
        expect(bbaMapRung(ladder, zones, lo)).toBeLessThanOrEqual(bbaMapRung(ladder, zones, hi));
        const mid = zones.reservoirMs + zones.cushionMs / 2;
        expect(bbaRateKbps(ladder, zones, mid)).toBeCloseTo((ladder[0] + ladder[ladder.length - 1]) / 2, 6);
      }),
    );
  });

  it("keeps the rule's rung within one of the map's, moving only the way the map moved past the next rung", () => {
    fc.assert(
      fc.property(ladderArb, zonesArb, bufferArb, fc.nat(), (ladder, zones, buffer, prev) => {
        const previous = prev % ladder.length;
        const next = bbaNextRung(ladder, zones, previous, buffer);
        const f = bbaRateKbps(ladder, zones, buffer);
        expect(Math.abs(next - bbaMapRung(ladder, zones, buffer))).toBeLessThanOrEqual(1);
        const inCushion = buffer > zones.reservoirMs && buffer < zones.reservoirMs + zones.cushionMs;
        if (inCushion && next > previous) expect(f).toBeGreaterThanOrEqual(ladder[previous + 1]);
        if (inCushion && next < previous) expect(f).toBeLessThanOrEqual(ladder[previous - 1]);
      }),
    );
  });

  it('never steps down while the buffer grows', () => {
    fc.assert(
      fc.property(ladderArb, zonesArb, fc.array(bufferArb, { minLength: 2, maxLength: 50 }), (ladder, zones, levels) => {
        levels.sort((x, y) => x - y);
        let rung = 0;
        for (const level of levels) {
          const next = bbaNextRung(ladder, zones, rung, level);
          expect(next).toBeGreaterThanOrEqual(rung);
          rung = next;
        }
      }),
    );
  });

  it("defaults to the paper's shares of the buffer: 90 s reservoir and 126 s cushion of 240 s", () => {
    const z = bbaZones({ maxBufferMs: 240_000, gammaP: 5, insufficientBufferRule: true });
    expect(z.reservoirMs).toBeCloseTo(90_000, 9);
    expect(z.cushionMs).toBeCloseTo(126_000, 9);
    expect(RESERVOIR_SHARE + CUSHION_SHARE).toBeCloseTo(0.9, 12);
  });
});
