import { existsSync, lstatSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../test-helpers/cli.js';
import { buildBase, resolveBase } from './base-build.js';
import { sampleBuild } from './timing.js';

describe('building BASE from git', () => {
  it('exports the merge-base, builds it against linked node_modules, runs it, and removes it', () => {
    const scenario = join(tempDir('cdnsim-timing-'), 'tiny.yaml');
    writeFileSync(scenario, 'name: base-t\nmodel: mm1\nseed: 1\nduration: 20000s\nmm1:\n  arrivalRate: 0.5/s\n  serviceRate: 1/s\n');
    const base = buildBase(repoRoot, ['no-such-ref-here', 'HEAD']);
    try {
      expect(base.ref).toBe('HEAD');
      expect(base.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(lstatSync(join(base.root, 'node_modules')).isSymbolicLink()).toBe(true);
      expect(existsSync(join(base.root, 'wasm', 'build', 'engine.wasm'))).toBe(true);
      const s = sampleBuild(base.root, scenario, 'js');
      expect(s.eventsProcessed).toBeGreaterThan(10_000);
      expect(s.eventsPerSecond).toBeGreaterThan(0);
    } finally {
      base.dispose();
      rmSync(dirname(scenario), { recursive: true, force: true });
    }
    expect(existsSync(base.root)).toBe(false);
  }, 120_000);

  it('a ref that names no commit is bad input', () => {
    expect(() => resolveBase(repoRoot, ['no-such-ref-here'])).toThrow(/no such ref: no-such-ref-here/);
    const outside = tempDir();
    try {
      expect(() => resolveBase(outside, ['HEAD'])).toThrow(/not a git checkout/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
