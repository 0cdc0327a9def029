import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdnsim, tempDir } from '../test-helpers/cli.js';
import { mm1Sweep, resultFiles, startCdnsim } from './test-helpers/sweeps.js';

describe('shards sharing one --out', () => {
  it("run at the same time, each new version keeps the other's runs; the last one's tables equal an unsharded run's", async () => {
    const file = mm1Sweep({ name: 'shared-t', duration: '300000s' });
    const dir = tempDir();
    const whole = cdnsim(['run', file, '--out', join(dir, 'whole'), '--workers', '2']);
    expect(whole.code, whole.stderr).toBe(0);
    const out = join(dir, 'shared');
    const shards = [0, 1, 2].map((i) => startCdnsim(['run', file, '--out', out, '--workers', '1', '--shard-index', String(i), '--shard-count', '3']));
    const codes = await Promise.all(shards.map((s) => s.exited));
    expect(codes, shards.map((s) => s.output()).join('\n')).toEqual([0, 0, 0]);
    expect(resultFiles(out)).toEqual(resultFiles(join(dir, 'whole')));
    expect(readdirSync(out).filter((f) => f.startsWith('manifest-shard-')).sort()).toEqual([0, 1, 2].map((i) => `manifest-shard-${i}-of-3.json`));
    // No staging folder or lock is left beside it.
    expect(readdirSync(dir).sort()).toEqual(['shared', 'whole']);
  }, 180_000);
});
