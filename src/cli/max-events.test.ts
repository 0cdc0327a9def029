/** `--max-events`: a run is sized before it starts and refused past the limit, with the estimate. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdnsim, tempDir } from '../test-helpers/cli.js';

describe('--max-events', () => {
  it('refuses a run expected to exceed it before writing anything, and allows it when raised', () => {
    const out = join(tempDir(), 'mm1');
    const refused = cdnsim(['run', 'scenarios/mm1.yaml', '--out', out, '--max-events', '1000']);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/events/);
    expect(existsSync(out)).toBe(false);
    const v = cdnsim(['validate', 'scenarios/mm1.yaml', '--max-events', '1000']);
    expect(v.code).toBe(2);
    expect(cdnsim(['validate', 'scenarios/mm1.yaml', '--max-events', '1e12']).code).toBe(0);
  });

  it('is a positive integer', () => {
    const r = cdnsim(['run', 'scenarios/mm1.yaml', '--max-events', '-5', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--max-events/);
  });
});
