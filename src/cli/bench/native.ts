import { execFileSync } from 'node:child_process';
import { InputError } from '../../errors.js';

/** Run a native yardstick binary and return the numbers it prints on its last line. */
export function compareNative(binary: string, args: string[]): number[] {
  let out: string;
  try {
    out = execFileSync(binary, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new InputError(`could not run the native yardstick: ${(e as Error).message.split('\n')[0]}`, { file: binary });
  }
  const last = out.trim().split('\n').pop() ?? '';
  const nums = last.trim().split(/\s+/).map(Number);
  if (nums.length === 0 || nums.some((x) => !Number.isFinite(x))) {
    throw new InputError(`native yardstick printed '${last}', expected numbers`, { file: binary });
  }
  return nums;
}

export function printJsonOrTable(result: Record<string, unknown>, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  for (const [k, v] of Object.entries(result)) {
    const shown = typeof v === 'number' ? formatNumber(v) : typeof v === 'object' ? JSON.stringify(v) : String(v);
    process.stdout.write(`${k.padEnd(16)} ${shown}\n`);
  }
}

function formatNumber(x: number): string {
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  return Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(6);
}

