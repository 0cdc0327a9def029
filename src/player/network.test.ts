import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isInputError } from '../errors.js';
import { loadMovie } from './movie.js';
import { loadNetworkTrace, TraceLink, type NetworkTrace } from './network.js';
import { traceArb } from './test-helpers/arbitraries.js';
import { Transfer } from './transfer.js';

const trace = (periods: [number, number, number][]): NetworkTrace => ({
  durationMs: Float64Array.from(periods.map((p) => p[0])),
  bandwidthKbps: Float64Array.from(periods.map((p) => p[1])),
  latencyMs: Float64Array.from(periods.map((p) => p[2])),
});

describe('TraceLink', () => {
  it('moves bits at each period’s rate and loops the trace', () => {
    const link = new TraceLink(trace([[1000, 1000, 0], [1000, 2000, 0]]));
    expect(link.transfer(1_500_000)).toBeCloseTo(1250, 9); // 1 s at 1000 kbit/s, then 500 kbit at 2000
    expect(link.transfer(2_500_000)).toBeCloseTo(750 + 1000, 9); // rest of period 2 (750 ms, 1.5 Mbit), then 1 Mbit at 1000 after looping
    expect(link.nowMs).toBeCloseTo(3000, 9);
  });

  it('pays a latency that straddles a boundary pro rata in each period', () => {
    const link = new TraceLink(trace([[100, 1000, 200], [1000, 1000, 50]]));
    // Half the first period's 200 ms latency fits in its 100 ms; the other half is paid at 50 ms.
    expect(link.firstByte()).toBeCloseTo(125, 9);
  });

  it('waits out periods with no bandwidth', () => {
    const link = new TraceLink(trace([[300, 0, 0], [1000, 100, 0]]));
    expect(link.transfer(1000)).toBeCloseTo(310, 9);
  });

  it('moved in steps, a download takes as long as moved at once, each step at least 12 kbit and 50 ms', () => {
    fc.assert(
      fc.property(traceArb, fc.integer({ min: 1, max: 5_000_000 }), fc.integer({ min: 0, max: 100_000 }), (tr, bits, idle) => {
        const whole = new TraceLink(tr);
        const stepped = new TraceLink(tr);
        whole.idle(idle);
        stepped.idle(idle);
        const a = new Transfer();
        const b = new Transfer();
        a.bits = bits;
        b.bits = bits;
        whole.request(a);
        whole.finish(a);
        stepped.request(b);
        let last = { bits: 0, ms: b.elapsedMs };
        let first = true;
        for (let more = true; more; first = false) {
          const before = { bits: b.downloadedBits, ms: b.elapsedMs };
          more = stepped.progress(b);
          if (more) {
            expect(b.downloadedBits - before.bits).toBeGreaterThanOrEqual(12_000 * (1 - 1e-12));
            // The first step's 50 ms count from the request, latency included.
            expect(b.elapsedMs - (first ? 0 : before.ms)).toBeGreaterThanOrEqual(50 * (1 - 1e-12));
          }
          last = { bits: b.downloadedBits, ms: b.elapsedMs };
        }
        expect(last.bits).toBeGreaterThanOrEqual(bits);
        expect(Math.abs(b.elapsedMs - a.elapsedMs)).toBeLessThanOrEqual(1e-6 * Math.max(1, a.elapsedMs));
        expect(Math.abs(stepped.nowMs - whole.nowMs)).toBeLessThanOrEqual(1e-6 * Math.max(1, whole.nowMs));
      }),
      { numRuns: 200 },
    );
  });

  it('a run of steps up to a time is exactly the single steps it stands for', () => {
    fc.assert(
      fc.property(traceArb, fc.integer({ min: 1, max: 2_000_000 }), fc.array(fc.integer({ min: -100, max: 3000 }), { minLength: 1, maxLength: 50 }), (tr, bits, untils) => {
        const one = new TraceLink(tr);
        const run = new TraceLink(tr);
        const a = new Transfer();
        const b = new Transfer();
        a.bits = bits;
        b.bits = bits;
        one.request(a);
        run.request(b);
        for (let i = 0, more = true; more; i++) {
          const until = untils[i % untils.length];
          let single = one.progress(a);
          while (single && a.elapsedMs < until) single = one.progress(a);
          more = run.progressUntil(b, until);
          expect(more).toBe(single);
          // Bit for bit: the same additions in the same order.
          expect([b.downloadedBits, b.elapsedMs, run.nowMs]).toEqual([a.downloadedBits, a.elapsedMs, one.nowMs]);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('input files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cdnsim-player-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (isInputError(e)) return e.format();
      throw e;
    }
    return 'no error';
  };

  it('name the file, line and field of a bad value', () => {
    const net = file('net.json', '[\n {"duration_ms": 1000, "bandwidth_kbps": 500, "latency_ms": 20},\n {"duration_ms": 1000, "bandwidth_kbps": -3, "latency_ms": 20}\n]\n');
    expect(message(() => loadNetworkTrace(net))).toBe(`${net}:3:42: [1].bandwidth_kbps: bandwidth_kbps must be a number >= 0`);
    const movie = file('m.json', '{"segment_duration_ms": 3000, "bitrates_kbps": [100, 200],\n "segment_sizes_bits": [[300000, 600000], [300000]]}');
    expect(message(() => loadMovie(movie))).toBe(`${movie}:2:43: segment_sizes_bits[1]: must list 2 sizes, one per bitrate`);
  });

  it('name the line and column of a JSON syntax error, and a missing file', () => {
    const bad = file('bad.json', '[\n {"duration_ms": 1000,}\n]');
    expect(message(() => loadNetworkTrace(bad))).toMatch(new RegExp(`^${bad}:2:\\d+: not valid JSON`));
    expect(message(() => loadMovie(join(dir, 'absent.json')))).toBe(`${join(dir, 'absent.json')}: no such file`);
  });
});
