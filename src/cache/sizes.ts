/**
 * Cache sizes on the command line: bytes with units (KiB/MiB/GiB are powers of 2,
 * KB/MB/GB powers of 10, as in scenario files), or a fraction of the trace's working
 * set (`0.01`, or `1%`), or `auto` for a spread of fractions that draws a miss-ratio
 * curve. Fractions need the working set, so they resolve after a stats pass.
 */
import { InputError } from '../errors.js';
import { parseBytes } from '../scenario/units.js';

export type SizeSpec = { kind: 'bytes'; bytes: number; text: string } | { kind: 'fraction'; fraction: number; text: string };

/** Fractions of the working set used by `--size auto`: log-spaced from 0.1% to all of it. */
export const AUTO_FRACTIONS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1] as const;

export function parseSizeList(input: string | readonly string[]): SizeSpec[] {
  const parts = (Array.isArray(input) ? input : [input as string]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) throw new InputError('no cache size given (e.g. --size 128MiB,1GiB or --size 0.01 or --size auto)', { field: 'size' });
  return parts.flatMap(parseSize);
}

function parseSize(text: string): SizeSpec[] {
  if (text.toLowerCase() === 'auto') return AUTO_FRACTIONS.map((fraction) => ({ kind: 'fraction', fraction, text: String(fraction) }));
  const pct = /^([0-9]*\.?[0-9]+)\s*%$/.exec(text);
  if (pct) return [fraction(Number(pct[1]) / 100, text)];
  if (/^[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?$/.test(text)) {
    const x = Number(text);
    if (x > 0 && x < 1) return [fraction(x, text)];
    if (Number.isInteger(x) && x >= 1) return [{ kind: 'bytes', bytes: x, text }];
    throw new InputError(`cache size '${text}' is neither a fraction of the working set in (0, 1) nor a whole number of bytes`, { field: 'size' });
  }
  const p = parseBytes(text);
  if (!p.ok) throw new InputError(`cache size: ${p.message}`, { field: 'size' });
  if (!(p.value >= 1)) throw new InputError(`cache size '${text}' must be at least 1 byte`, { field: 'size' });
  return [{ kind: 'bytes', bytes: Math.floor(p.value), text }];
}

function fraction(x: number, text: string): SizeSpec {
  if (!(x > 0 && x <= 1)) throw new InputError(`cache size '${text}': a fraction of the working set must be in (0, 1]`, { field: 'size' });
  return { kind: 'fraction', fraction: x, text };
}

export function needsWorkingSet(sizes: readonly SizeSpec[]): boolean {
  return sizes.some((s) => s.kind === 'fraction');
}

/** Bytes for each size; a fraction is floor(fraction × working set), at least 1. */
export function resolveSizes(sizes: readonly SizeSpec[], workingSetBytes?: number): number[] {
  return sizes.map((s) => {
    if (s.kind === 'bytes') return s.bytes;
    if (workingSetBytes === undefined) throw new Error('fractional cache sizes need the working set');
    return Math.max(1, Math.floor(s.fraction * workingSetBytes));
  });
}

/** `1.50 GiB` style, for tables. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let x = bytes;
  let u = 0;
  while (x >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
  if (u === 0) return `${bytes} B`;
  return `${Number.isInteger(x) ? x : x.toFixed(x < 10 ? 2 : 1)} ${units[u]}`;
}
