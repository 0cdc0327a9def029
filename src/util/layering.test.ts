/**
 * Dependencies point one way. The scenario format sits below every model (models add
 * their sections to it), and the trace readers below the caches that replay them. An
 * import the other way, however indirect, fails here with the chain that makes it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Relative imports of a source file (static, re-exports, type-only and dynamic), as .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]);
  return specs.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

/** Every file reachable from the folder's sources, each with the chain that reaches it. */
function reachable(folder: string): Map<string, string[]> {
  const chains = new Map<string, string[]>();
  const todo: string[] = [];
  for (const name of readdirSync(join(src, folder), { recursive: true }) as string[]) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts') || name.includes('test-helpers')) continue;
    const file = join(src, folder, name);
    chains.set(file, [file]);
    todo.push(file);
  }
  while (todo.length > 0) {
    const file = todo.pop() as string;
    for (const dep of importsOf(file)) {
      if (chains.has(dep)) continue;
      chains.set(dep, [...(chains.get(file) as string[]), dep]);
      todo.push(dep);
    }
  }
  return chains;
}

/** Chains from `folder` into any of `forbidden`, as readable paths. */
function violations(folder: string, forbidden: string[]): string[] {
  const out: string[] = [];
  for (const [file, chain] of reachable(folder)) {
    const rel = relative(src, file);
    if (forbidden.some((f) => rel.startsWith(`${f}/`))) out.push(chain.map((f) => relative(src, f)).join(' → '));
  }
  return out;
}

describe('dependency direction', () => {
  it('the scenario format reaches no model, nor anything that runs one', () => {
    expect(violations('scenario', ['models', 'cdn', 'net', 'run', 'cli'])).toEqual([]);
  });

  it('the trace readers reach no cache code', () => {
    expect(violations('trace', ['cache'])).toEqual([]);
  });

  it('the walk sees real imports: the caches do reach the trace readers', () => {
    expect(violations('cache', ['trace']).length).toBeGreaterThan(0);
  });
});
