/**
 * Units in scenario files. Each parser takes a number (already in the base unit) or a
 * string with a unit, and returns the value in the base unit, or a message saying
 * what was wrong. Base units: seconds, bytes, bits per second, events per second.
 *
 * Bytes follow IEC for binary prefixes (KiB = 2^10) and SI for decimal ones
 * (KB = 10^3), as storage vendors and libCacheSim's users do. Bit rates are SI.
 */

export type Parsed = { ok: true; value: number } | { ok: false; message: string };

const NUMBER = '([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)';

const DURATION_UNITS: Record<string, number> = {
  ms: 1e-3,
  s: 1,
  sec: 1,
  m: 60,
  min: 60,
  h: 3600,
  d: 86400,
  w: 604800,
};

const BYTE_UNITS: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  PB: 1e15,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
  PiB: 2 ** 50,
};

const BITRATE_UNITS: Record<string, number> = {
  bps: 1,
  kbps: 1e3,
  Kbps: 1e3,
  Mbps: 1e6,
  Gbps: 1e9,
  Tbps: 1e12,
};

const RATE_UNITS: Record<string, number> = { s: 1, sec: 1, min: 1 / 60, m: 1 / 60, h: 1 / 3600, d: 1 / 86400 };

function fail(message: string): Parsed {
  return { ok: false, message };
}

function ok(value: number): Parsed {
  return Number.isFinite(value) ? { ok: true, value } : fail(`${value} is not a finite number`);
}

function withUnit(input: unknown, units: Record<string, number>, what: string, example: string): Parsed {
  if (typeof input === 'number') return ok(input);
  if (typeof input !== 'string') return fail(`expected a ${what} such as ${example}, got ${typeof input}`);
  const m = new RegExp(`^\\s*${NUMBER}\\s*([A-Za-z]*)\\s*$`).exec(input);
  if (!m) return fail(`'${input}' is not a ${what} (expected e.g. ${example})`);
  const unit = m[2];
  if (unit === '') return ok(Number(m[1]));
  const factor = units[unit];
  if (factor === undefined) return fail(`unknown unit '${unit}' in '${input}' (known: ${Object.keys(units).join(', ')})`);
  return ok(Number(m[1]) * factor);
}

/** "90s", "2h", "1h30m", "250ms", or a number of seconds. */
export function parseDuration(input: unknown): Parsed {
  if (typeof input === 'string' && /\d\s*[a-z]+\s*\d/i.test(input)) {
    // Compound: "1h30m", "2d 6h".
    let total = 0;
    const re = new RegExp(`${NUMBER}\\s*([A-Za-z]+)`, 'g');
    let consumed = '';
    for (const m of input.matchAll(re)) {
      const factor = DURATION_UNITS[m[2]];
      if (factor === undefined) return fail(`unknown unit '${m[2]}' in '${input}' (known: ${Object.keys(DURATION_UNITS).join(', ')})`);
      total += Number(m[1]) * factor;
      consumed += m[0];
    }
    if (consumed.replace(/\s/g, '') !== input.replace(/\s/g, '')) return fail(`'${input}' is not a duration (expected e.g. 90s, 2h, 1h30m)`);
    return ok(total);
  }
  return withUnit(input, DURATION_UNITS, 'duration', '90s, 2h, 1h30m');
}

/** "120TB", "512MiB", or a number of bytes. */
export function parseBytes(input: unknown): Parsed {
  return withUnit(input, BYTE_UNITS, 'size', '120TB, 512MiB');
}

/** "400Gbps", "5.8Mbps", or a number of bits per second. */
export function parseBitrate(input: unknown): Parsed {
  return withUnit(input, BITRATE_UNITS, 'bit rate', '400Gbps, 5.8Mbps');
}

/** "0.8/s", "120/min", "5000/h", or a number per second. */
export function parseRate(input: unknown): Parsed {
  if (typeof input === 'string') {
    const m = new RegExp(`^\\s*${NUMBER}\\s*/\\s*([A-Za-z]+)\\s*$`).exec(input);
    if (m) {
      const factor = RATE_UNITS[m[2]];
      if (factor === undefined) return fail(`unknown unit '/${m[2]}' in '${input}' (known: /s, /min, /h, /d)`);
      return ok(Number(m[1]) * factor);
    }
  }
  return withUnit(input, {}, 'rate', '0.8/s, 120/min');
}

/** "02:00" or "14:30:15": seconds after local midnight, in [0, 86400]. */
export function parseTimeOfDay(input: unknown): Parsed {
  if (typeof input !== 'string') return fail(`expected a time of day such as "02:00", got ${typeof input}`);
  const m = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(input);
  if (!m) return fail(`'${input}' is not a time of day (expected HH:MM or HH:MM:SS)`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  if (min > 59 || s > 59 || h > 24 || (h === 24 && (min > 0 || s > 0))) return fail(`'${input}' is not a valid time of day`);
  return ok(h * 3600 + min * 60 + s);
}
