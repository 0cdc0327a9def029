/**
 * Dependencies point one way. The scenario format sits below every model (models add
 * their sections to it), the trace readers below the caches that replay them, and the
 * event engine below every model: its WASM half (wasm/engine) is an event list and a
 * loop, and a model's handlers are TypeScript only, never a hand-kept AssemblyScript twin
 * compiled into the engine. An import the other way, however indirect, fails here with
 * the chain that makes it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Relative imports of a source file (static, re-exports, type-only and dynamic), as .ts
 * paths: TypeScript names them `x.js`, AssemblyScript `x`.
 */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]);
  return specs.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s.endsWith('.js') ? s.replace(/\.js$/, '.ts') : `${s}.ts`));
}

/** Every file reachable from the folder's sources (a path from the repository root), each with the chain that reaches it. */
function reachable(folder: string): Map<string, string[]> {
  const chains = new Map<string, string[]>();
  const todo: string[] = [];
  for (const name of readdirSync(join(root, folder), { recursive: true }) as string[]) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts') || name.includes('test-helpers')) continue;
    const file = join(root, folder, name);
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

/** Chains from `folder` into files `forbidden` says no to, as readable paths from the repository root. */
function violations(folder: string, forbidden: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const [file, chain] of reachable(folder)) {
    if (forbidden(relative(root, file))) out.push(chain.map((f) => relative(root, f)).join(' → '));
  }
  return out;
}

/** Forbids any file under one of `folders`. */
const under = (...folders: string[]) => (path: string) => folders.some((f) => path.startsWith(`${f}/`));

describe('dependency direction', () => {
  it('the scenario format reaches no model, nor anything that runs one', () => {
    expect(violations('src/scenario', under('src/models', 'src/cdn', 'src/net', 'src/run', 'src/cli'))).toEqual([]);
  });

  it('the trace readers reach no cache code', () => {
    expect(violations('src/trace', under('src/cache'))).toEqual([]);
  });

  it('the walk sees real imports: the caches do reach the trace readers', () => {
    expect(violations('src/cache', under('src/trace')).length).toBeGreaterThan(0);
  });

  it('the event engine, JS and WASM halves, reaches no model', () => {
    const models = under('src/cdn', 'src/models', 'src/net', 'src/player', 'src/cache', 'src/run', 'src/cli');
    expect(violations('src/engine', models)).toEqual([]);
    expect(violations('wasm/engine', models)).toEqual([]);
  });

  it('the WASM engine compiles from its own folder and the ABI file alone, so no model handler is compiled into it', () => {
    const own = (path: string) => path.startsWith('wasm/engine/') || path === 'src/engine/wasm-abi.ts';
    expect(violations('wasm/engine', (path) => !own(path))).toEqual([]);
  });

  it('the walk follows AssemblyScript imports: the WASM engine does reach the ABI file', () => {
    expect(violations('wasm/engine', (path) => path === 'src/engine/wasm-abi.ts').length).toBeGreaterThan(0);
  });
});
