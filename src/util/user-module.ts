/**
 * Loading a user's module (a policy of their own): resolve the path, import it, and
 * turn a missing or broken file into an InputError naming it (at its line for a syntax
 * error); what its functions throw later names the module too.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.js';

export async function importUserModule(file: string, baseDir: string, what: string): Promise<{ path: string; exports: Record<string, unknown> }> {
  const path = resolve(baseDir, file);
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    const line = e instanceof SyntaxError ? syntaxErrorLine(path) : undefined;
    throw new InputError(`cannot load ${what} module: ${(e as Error).message.split('\n')[0]}`, { file: path, line });
  }
  return { path, exports: namingErrors(exports, `${what} module ${path}`) };
}

/**
 * The module's functions (exported, or methods of an exported plain object), wrapped so
 * that what they throw names the module and the function: a run that fails in a user's
 * code says whose code it was.
 */
function namingErrors(exports: Record<string, unknown>, module: string): Record<string, unknown> {
  const wrap = (f: (...a: unknown[]) => unknown, name: string) =>
    function (this: unknown, ...args: unknown[]): unknown {
      const fail = (e: unknown) => {
        throw new Error(`${module}: ${name}(${callRecord(args)}) threw: ${(e as Error)?.message ?? String(e)}`, { cause: e });
      };
      try {
        const r = f.apply(this, args);
        return r instanceof Promise ? r.catch(fail) : r;
      } catch (e) {
        return fail(e);
      }
    };
  const named = (v: unknown, name: string): unknown => {
    if (typeof v === 'function') return isClass(v) ? v : wrap(v as (...a: unknown[]) => unknown, name);
    if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'function' && !isClass(x) ? wrap(x as (...a: unknown[]) => unknown, k) : x]));
  };
  return Object.fromEntries(Object.entries(exports).map(([k, v]) => [k, named(v, k)]));
}

/** The call's arguments, so a failure names the record it was given: plain values, and an object's plain fields. */
function callRecord(args: unknown[]): string {
  const show = (a: unknown): string => {
    if (typeof a === 'number' || typeof a === 'boolean' || typeof a === 'bigint') return String(a);
    if (typeof a === 'string') return JSON.stringify(a.length > 40 ? `${a.slice(0, 37)}...` : a);
    if (a === null || a === undefined) return String(a);
    if (Array.isArray(a) || ArrayBuffer.isView(a)) return '[…]';
    // A context object: its plain fields say which record it was (day, region…).
    const plain = Object.entries(a as object).filter(([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean');
    return `{${plain.slice(0, 4).map(([k, v]) => `${k}: ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`).join(', ')}${plain.length > 4 || plain.length === 0 ? '…' : ''}}`;
  };
  return args.slice(0, 6).map(show).join(', ') + (args.length > 6 ? ', …' : '');
}

function isClass(f: unknown): boolean {
  return /^class\b/.test(Function.prototype.toString.call(f));
}

/**
 * The line of a module's syntax error. import() reports an ES module's syntax error
 * without its place; `node --check` prints it as the first line, `FILE:LINE`.
 */
function syntaxErrorLine(path: string): number | undefined {
  const r = spawnSync(process.execPath, ['--check', path], { encoding: 'utf8', timeout: 10_000 });
  const m = /:(\d+)\s*$/m.exec(r.stderr?.split('\n')[0] ?? '');
  return m ? Number(m[1]) : undefined;
}
