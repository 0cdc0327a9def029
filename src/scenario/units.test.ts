import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, parseBitrate, parseBytes, parseDuration, parseRate, parseTimeOfDay, type Parsed } from './units.js';

const v = (p: Parsed) => (p.ok ? p.value : p.message);

describe('units', () => {
  it('durations', () => {
    expect(v(parseDuration('90s'))).toBe(90);
    expect(v(parseDuration('2h'))).toBe(7200);
    expect(v(parseDuration('1h30m'))).toBe(5400);
    expect(v(parseDuration('2d 6h'))).toBe(2 * 86400 + 6 * 3600);
    expect(v(parseDuration('250ms'))).toBeCloseTo(0.25, 12);
    expect(v(parseDuration(12.5))).toBe(12.5);
    expect(v(parseDuration('1e3s'))).toBe(1000);
    expect(v(parseDuration('10 parsecs'))).toMatch(/unknown unit 'parsecs'/);
    expect(v(parseDuration('1h30x'))).toMatch(/unknown unit 'x'/);
    expect(v(parseDuration('soon'))).toMatch(/not a duration/);
  });

  it('sizes: binary prefixes are powers of 2, decimal ones powers of 10', () => {
    expect(v(parseBytes('120TB'))).toBe(120e12);
    expect(v(parseBytes('512MiB'))).toBe(512 * 2 ** 20);
    expect(v(parseBytes('1.5GiB'))).toBe(1.5 * 2 ** 30);
    expect(v(parseBytes(4096))).toBe(4096);
    expect(v(parseBytes('12 TiB'))).toBe(12 * 2 ** 40);
    expect(v(parseBytes('3Xb'))).toMatch(/unknown unit 'Xb'/);
  });

  it('bit rates', () => {
    expect(v(parseBitrate('400Gbps'))).toBe(400e9);
    expect(v(parseBitrate('5.8Mbps'))).toBeCloseTo(5.8e6, 6);
    expect(v(parseBitrate('235kbps'))).toBe(235e3);
    expect(v(parseBitrate('1GB'))).toMatch(/unknown unit 'GB'/);
  });

  it('rates', () => {
    expect(v(parseRate('0.8/s'))).toBe(0.8);
    expect(v(parseRate('120/min'))).toBe(2);
    expect(v(parseRate('3600/h'))).toBe(1);
    expect(v(parseRate(3))).toBe(3);
    expect(v(parseRate('3/fortnight'))).toMatch(/unknown unit/);
  });

  it('times of day', () => {
    expect(v(parseTimeOfDay('02:00'))).toBe(7200);
    expect(v(parseTimeOfDay('14:30:15'))).toBe(14 * 3600 + 30 * 60 + 15);
    expect(v(parseTimeOfDay('24:00'))).toBe(86400);
    expect(v(parseTimeOfDay('25:00'))).toMatch(/not a valid time/);
    expect(v(parseTimeOfDay('12:61'))).toMatch(/not a valid time/);
    expect(v(parseTimeOfDay(200))).toMatch(/expected a time of day/);
  });

  it('a rate with a wrong unit lists the rate units', () => {
    expect(v(parseRate('5 foo'))).toBe("unknown unit 'foo' in '5 foo' (known: /s, /min, /h, /d)");
    expect(v(parseRate('5/x'))).toBe("unknown unit '/x' in '5/x' (known: /s, /min, /h, /d)");
  });

  it('quantities beyond their limit are refused, naming it; the limit itself is accepted', () => {
    expect(v(parseDuration('3650d'))).toBe(LIMITS.duration.max);
    expect(v(parseDuration('36500d'))).toBe("duration '36500d' is beyond the limit of 3650d (ten years)");
    expect(v(parseDuration(1e308))).toBe('duration 1e+308 is beyond the limit of 3650d (ten years)');
    expect(v(parseDuration('3000d 1000d'))).toMatch(/beyond the limit/);
    expect(v(parseRate('1000000/s'))).toBe(1e6);
    expect(v(parseRate('1e8/s'))).toBe("rate '1e8/s' is beyond the limit of 1000000/s");
    expect(v(parseRate(-2e6))).toMatch(/beyond the limit/);
    expect(v(parseBytes('8PiB'))).toBe(2 ** 53);
    expect(v(parseBytes('9PiB'))).toMatch(/^size '9PiB' is beyond the limit/);
    expect(v(parseBitrate('1000Tbps'))).toBe(1e15);
    expect(v(parseBitrate('1001Tbps'))).toMatch(/^bit rate '1001Tbps' is beyond the limit of 1000Tbps/);
  });

  it('property: a number printed with a unit parses back to number x factor', () => {
    const table: [string, number][] = [['s', 1], ['min', 60], ['h', 3600], ['d', 86400]];
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.constantFrom(...table), (x, [unit, f]) => {
        const r = parseDuration(`${x}${unit}`);
        // Within the limit the value comes back; beyond it the parse refuses, naming the limit.
        if (x * f > LIMITS.duration.max) return !r.ok && r.message.includes('beyond the limit of 3650d');
        return r.ok && Math.abs(r.value - x * f) <= 1e-9 * Math.max(1, x * f);
      }),
    );
    fc.assert(
      fc.property(fc.anything(), (x) => {
        // Never throws, whatever it is given.
        for (const p of [parseDuration, parseBytes, parseBitrate, parseRate, parseTimeOfDay]) p(x);
        return true;
      }),
    );
  });
});
