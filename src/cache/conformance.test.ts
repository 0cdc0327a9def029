import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE_SIZES, PUBLISHED, runConformance } from './conformance.js';
import { cdnsim, ROOT } from './test-helpers/cli.js';

// libCacheSim's trace is not part of cdnsim; the check runs where it has been put next to the checkout.
const TRACE = process.env.CDNSIM_CONFORMANCE_TRACE ?? join(ROOT, '..', 'shared', 'conformance', 'cache', 'cloudPhysicsIO.oracleGeneral.bin');
const haveTrace = existsSync(TRACE);

describe('conformance with libCacheSim', () => {
  it('publishes eight sizes for every policy it checks', () => {
    expect(CONFORMANCE_SIZES).toHaveLength(8);
    for (const p of Object.values(PUBLISHED)) {
      expect(p.misses).toHaveLength(8);
      expect(p.byteMisses).toHaveLength(8);
    }
  });

  it.runIf(haveTrace)('every policy reproduces libCacheSim miss and byte-miss counts exactly at all eight sizes', async () => {
    const rows = await runConformance(TRACE, undefined, { threads: 1 });
    const different = rows.filter((r) => !r.exact).map((r) => `${r.policy}@${r.cacheSize}: ${r.misses}/${r.expectedMisses} ${r.byteMisses}/${r.expectedByteMisses}`);
    expect(different).toEqual([]);
    expect(rows).toHaveLength(Object.keys(PUBLISHED).length * 8);
  });

  it.runIf(haveTrace)('`cdnsim cache conformance` exits 0 and says so', () => {
    const r = cdnsim('cache', 'conformance', '--trace', TRACE, '--policy', 'lru,belady');
    expect(r.code).toBe(0);
    expect(r.out).toContain('16 of 16 (policy, size) pairs match libCacheSim exactly');
  });
});
