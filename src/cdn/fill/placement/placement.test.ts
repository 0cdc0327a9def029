import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdnsim, repoRoot, tempDir } from '../../../test-helpers/cli.js';
import { readFileSync } from 'node:fs';

const scenario = (placement: string) => readFileSync(join(repoRoot, 'scenarios', 'quickstart.yaml'), 'utf8').replace(/placement:\n  policy: history\n/, placement).replace('duration: 24h', 'duration: 6h');

describe("a user's placement module", () => {
  it('is loaded from the scenario folder and changes what is placed', () => {
    const dir = tempDir();
    // Places titles in reverse order of id: a deliberately poor forecast.
    writeFileSync(
      join(dir, 'backwards.mjs'),
      `export default {
  name: 'backwards',
  describe: 'prefers high title ids',
  reactiveShare: () => 0,
  forecastTitles: (ctx) => Float64Array.from({ length: ctx.catalog.titles }, (_, t) => t + 1),
};
`,
    );
    writeFileSync(join(dir, 'mine.yaml'), scenario('placement:\n  policy: backwards\n  module: ./backwards.mjs\n'));
    writeFileSync(join(dir, 'hist.yaml'), scenario('placement:\n  policy: history\n'));
    const mine = cdnsim(['run', join(dir, 'mine.yaml'), '--json', '--out', join(dir, 'o1')]);
    const hist = cdnsim(['run', join(dir, 'hist.yaml'), '--json', '--out', join(dir, 'o2')]);
    expect(mine.code, mine.stderr).toBe(0);
    expect(hist.code, hist.stderr).toBe(0);
    const a = JSON.parse(mine.stdout);
    const b = JSON.parse(hist.stdout);
    // Same demand (common random numbers), worse placement: more content misses.
    expect(a.sessions).toBe(b.sessions);
    expect(a.contentMissBytes).toBeGreaterThan(b.contentMissBytes);
  });

  it('a missing module, a module without a policy, or a name mismatch is bad input', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.mjs'), 'export const x = 1;\n');
    writeFileSync(join(dir, 'named.mjs'), "export default { name: 'other', describe: '', reactiveShare: () => 0, forecastTitles: () => null };\n");
    for (const [mod, policy, pattern] of [
      ['./nope.mjs', 'nope', /cannot load placement module/],
      ['./empty.mjs', 'x', /a placement module must export/],
      ['./named.mjs', 'mine', /placement\.policy is 'mine' but the module defines 'other'/],
    ] as const) {
      writeFileSync(join(dir, 's.yaml'), scenario(`placement:\n  policy: ${policy}\n  module: ${mod}\n`));
      const r = cdnsim(['run', join(dir, 's.yaml'), '--out', join(dir, 'o')]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    writeFileSync(join(dir, 's.yaml'), scenario('placement:\n  policy: psychic\n'));
    const r = cdnsim(['run', join(dir, 's.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s\.yaml:\d+:\d+: placement\.policy: unknown placement policy 'psychic'/);
  });
});
