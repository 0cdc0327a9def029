/**
 * Loading a user's module (a policy of their own): resolve the path, import it, and
 * turn a missing or broken file into an InputError naming it.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.js';

export async function importUserModule(file: string, baseDir: string, what: string): Promise<{ path: string; exports: Record<string, unknown> }> {
  const path = resolve(baseDir, file);
  try {
    return { path, exports: (await import(pathToFileURL(path).href)) as Record<string, unknown> };
  } catch (e) {
    throw new InputError(`cannot load ${what} module: ${(e as Error).message.split('\n')[0]}`, { file: path });
  }
}
