/**
 * zod types for unit-bearing fields. Each accepts a number in the base unit or a string
 * with a unit, and yields the number in the base unit (seconds, bytes, bit/s, 1/s).
 */
import * as z from 'zod';
import { parseBitrate, parseBytes, parseDuration, parseRate, parseTimeOfDay, type Parsed } from './units.js';

function unitType(parse: (v: unknown) => Parsed, description: string) {
  return z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      const r = parse(v);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message });
        return z.NEVER;
      }
      return r.value;
    })
    .meta({ description });
}

export const duration = () => unitType(parseDuration, 'duration: seconds, or a string like "90s", "2h", "1h30m"');
export const bytes = () => unitType(parseBytes, 'size: bytes, or a string like "120TB", "512MiB"');
export const bitrate = () => unitType(parseBitrate, 'bit rate: bit/s, or a string like "400Gbps", "5.8Mbps"');
export const rate = () => unitType(parseRate, 'rate: events per second, or a string like "0.8/s", "120/min"');
export const timeOfDay = () => unitType(parseTimeOfDay, 'local time of day "HH:MM"');

export const nonNegative = <T extends z.ZodType<number>>(t: T, what = 'value') =>
  t.refine((x) => x >= 0, { message: `${what} must not be negative` });
export const positive = <T extends z.ZodType<number>>(t: T, what = 'value') =>
  t.refine((x) => x > 0, { message: `${what} must be greater than 0` });
