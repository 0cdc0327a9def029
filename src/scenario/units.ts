/**
 * Units in scenario files. Each parser takes a number (already in the base unit) or a
 * string with a unit, and returns the value in the base unit, or a message saying
 * what was wrong. Base units: seconds, bytes, bits per second, events per second.
 *
 * Bytes follow IEC for binary prefixes (KiB = 2^10) and SI for decimal ones
 * (KB = 10^3), as storage vendors and libCacheSim's users do. Bit rates are SI.
 */

export type Parsed = { ok: true; value: number } | { ok: false; message: string };

/**
 * The largest magnitude each kind of quantity may have. Beyond these a value is a typo
 * or an attempt to make a run go on for ever (a duration of 1e308 s validates as a
 * number and then grows memory without bound), so it is refused where it is read.
 */
export const LIMITS = {
  /**
   * Ten years. What-ifs span days to weeks and validation runs months
   * (scenarios/sweep-mm1.yaml simulates 116 days); a longer run is a slip of the unit.
   */
  duration: { what: 'duration', max: 3650 * 86400, text: '3650d (ten years)' },
  /**
   * 2^53 bytes (8 PiB): byte counts are exact in a double only up to there, and the
   * largest appliance holds a few hundred TB.
   */
  bytes: { what: 'size', max: 2 ** 53, text: '2^53 B (8PiB)' },
  /**
   * 1 Pbit/s: the fastest appliance serves 720 Gbit/s (EuroBSDCon 2022) and the largest
   * routers carry tens of Tbit/s, so a petabit link is a slip of the unit.
   */
  bitrate: { what: 'bit rate', max: 1e15, text: '1000Tbps' },
  /**
   * A million a second: were all of Netflix's ~300 M members (Q4 2024 shareholder
   * letter: 301.6 M) to start a playback within the same five minutes, that is 1e6/s.
   */
  rate: { what: 'rate', max: 1e6, text: '1000000/s' },
} as const;

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
const RATE_KNOWN = '/s, /min, /h, /d';

function fail(message: string): Parsed {
  return { ok: false, message };
}

function ok(value: number): Parsed {
  return Number.isFinite(value) ? { ok: true, value } : fail(`${value} is not a finite number`);
}

/** A parsed value, refused when its magnitude exceeds the kind's limit. */
function within(parsed: Parsed, kind: keyof typeof LIMITS, input: unknown): Parsed {
  if (!parsed.ok || Math.abs(parsed.value) <= LIMITS[kind].max) return parsed;
  return fail(`${LIMITS[kind].what} ${typeof input === 'string' ? `'${input}'` : String(input)} is beyond the limit of ${LIMITS[kind].text}`);
}

function withUnit(input: unknown, units: Record<string, number>, what: string, example: string, known = Object.keys(units).join(', ')): Parsed {
  if (typeof input === 'number') return ok(input);
  if (typeof input !== 'string') return fail(`expected a ${what} such as ${example}, got ${typeof input}`);
  const m = new RegExp(`^\\s*${NUMBER}\\s*([A-Za-z]*)\\s*$`).exec(input);
  if (!m) return fail(`'${input}' is not a ${what} (expected e.g. ${example})`);
  const unit = m[2];
  if (unit === '') return ok(Number(m[1]));
  const factor = units[unit];
  if (factor === undefined) return fail(`unknown unit '${unit}' in '${input}' (known: ${known})`);
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
    return within(ok(total), 'duration', input);
  }
  return within(withUnit(input, DURATION_UNITS, 'duration', '90s, 2h, 1h30m'), 'duration', input);
}

/** "120TB", "512MiB", or a number of bytes. */
export function parseBytes(input: unknown): Parsed {
  return within(withUnit(input, BYTE_UNITS, 'size', '120TB, 512MiB'), 'bytes', input);
}

/** "400Gbps", "5.8Mbps", or a number of bits per second. */
export function parseBitrate(input: unknown): Parsed {
  return within(withUnit(input, BITRATE_UNITS, 'bit rate', '400Gbps, 5.8Mbps'), 'bitrate', input);
}

/** "0.8/s", "120/min", "5000/h", or a number per second. */
export function parseRate(input: unknown): Parsed {
  if (typeof input === 'string') {
    const m = new RegExp(`^\\s*${NUMBER}\\s*/\\s*([A-Za-z]+)\\s*$`).exec(input);
    if (m) {
      const factor = RATE_UNITS[m[2]];
      if (factor === undefined) return fail(`unknown unit '/${m[2]}' in '${input}' (known: ${RATE_KNOWN})`);
      return within(ok(Number(m[1]) * factor), 'rate', input);
    }
  }
  return within(withUnit(input, {}, 'rate', '0.8/s, 120/min', RATE_KNOWN), 'rate', input);
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
