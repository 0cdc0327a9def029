import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The compiled module `file` of this folder, for worker threads: they must load
 * JavaScript from dist/, also when the caller runs from the TypeScript sources (tests).
 */
export function compiled(file: string): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return join(dirname(here), '..', '..', 'dist', 'cache', file);
  return join(dirname(here), file);
}
