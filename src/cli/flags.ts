/**
 * Checks of numeric flags, for yargs' .check(): a returned string is a usage error (one
 * line, exit 2, before any work); finiteNumbers in main.ts has already refused NaN.
 */
type Argv = Record<string, unknown>;

/** Each named flag, when given, must be an integer of at least its minimum. */
export function integerFlags(minimum: Record<string, number>): (a: Argv) => true | string {
  return (a) => {
    for (const [name, min] of Object.entries(minimum)) {
      const v = a[name];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
        const what = min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer of at least ${min}`;
        return `--${name} must be ${what}, got ${String(v)}`;
      }
    }
    return true;
  };
}

/** All of several checks. */
export function allOf(...checks: ((a: Argv) => true | string)[]): (a: Argv) => true | string {
  return (a) => {
    for (const check of checks) {
      const r = check(a);
      if (r !== true) return r;
    }
    return true;
  };
}
