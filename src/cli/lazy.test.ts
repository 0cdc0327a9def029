import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliPath, repoRoot, tempDir } from '../test-helpers/cli.js';

/**
 * Runs the built CLI with a module loader hook that writes down every module it loads,
 * and returns them: files under dist/ relative to it, and the npm packages by name.
 */
function loadedBy(args: string[]): { code: number | null; stdout: string; files: string[]; packages: Set<string> } {
  const dir = tempDir('cdnsim-lazy-');
  const log = join(dir, 'loaded.txt');
  writeFileSync(log, '');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(${JSON.stringify(log)}, url + '\\n');
  return next(url, context);
}
`,
  );
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, cliPath, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  const urls = readFileSync(log, 'utf8').split('\n').filter((u) => u !== '');
  const dist = pathToFileURL(join(repoRoot, 'dist')).href + '/';
  const files = urls.filter((u) => u.startsWith(dist)).map((u) => u.slice(dist.length));
  const packages = new Set(urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((p): p is string => p !== undefined));
  return { code: r.status, stdout: r.stdout, files, packages };
}

/** What the commands drive: none of it is needed to list the commands or print the version. */
const LIBRARY_ENTRY_POINTS = ['models/index.js', 'scenario/schema.js', 'run/run.js', 'run/sweep.js', 'report/html/index.js', 'net/flows/instance.js', 'cache/grid.js', 'player/session.js', 'bench/ci.js'];
const HEAVY_PACKAGES = ['zod', 'yaml', 'hyparquet', 'hyparquet-writer', 'd3-scale', 'seedrandom', 'piscina', 'bullmq', 'ioredis'];

describe('cdnsim starts without loading what its commands drive', () => {
  for (const args of [['--help'], ['--version']]) {
    it(`cdnsim ${args[0]} loads only the command definitions`, () => {
      const r = loadedBy(args);
      expect(r.code).toBe(0);
      expect(r.files).toContain('cli/commands.js');
      expect(r.files.filter((f) => LIBRARY_ENTRY_POINTS.includes(f))).toEqual([]);
      expect(HEAVY_PACKAGES.filter((p) => r.packages.has(p))).toEqual([]);
    });
  }

  it('a command loads its library when it runs (the hook sees lazily loaded modules)', () => {
    const file = join(tempDir('cdnsim-lazy-flows-'), 'flows.json');
    writeFileSync(file, JSON.stringify({ links: [{ name: 'l', bandwidth: 100, latency: 0 }], flows: [{ start: 0, bytes: 100, route: ['l'] }] }));
    const r = loadedBy(['flows', file, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ flow: 0, start: 0, end: 1 }]);
    expect(r.files).toContain('net/flows/instance.js');
    // The flow engine reads no scenario: the model registry stays unloaded.
    expect(r.files).not.toContain('models/index.js');
  });

  it("a command's help still shows defaults taken from the library", () => {
    const r = loadedBy(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--max-events [^[]*\[number\] \[default: 10000000000\]/);
    expect(r.files).not.toContain('run/run.js');
  });
});
