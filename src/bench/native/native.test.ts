/**
 * The native yardsticks that `bench hold --native` and `bench cache --native` time against
 * must do the same work as cdnsim: the LRU must count the same misses, the hold model must
 * run. Skipped (and says so) where no C compiler is installed.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cdnsim, repoRoot, tempDir } from '../../test-helpers/cli.js';

const compiler = ['cc', 'gcc', 'clang'].find((c) => spawnSync(c, ['--version']).status === 0);
const dir = tempDir('cdnsim-native-');

function build(name: string): string {
  const out = join(dir, name);
  const r = spawnSync(compiler as string, ['-O2', '-o', out, join(repoRoot, 'src', 'bench', 'native', `${name}.c`), '-lm'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return out;
}

/** An oracleGeneral trace: 24-byte records (u32 time, u64 id, u32 size, i64 next access = -1). */
function writeTrace(file: string, ids: number[], sizes: number[]): void {
  const buf = Buffer.alloc(ids.length * 24);
  ids.forEach((id, i) => {
    buf.writeUInt32LE(i, i * 24);
    buf.writeBigUInt64LE(BigInt(id), i * 24 + 4);
    buf.writeUInt32LE(sizes[id], i * 24 + 12);
    buf.writeBigInt64LE(-1n, i * 24 + 16);
  });
  writeFileSync(file, buf);
}

describe.skipIf(!compiler)(`native yardsticks (${compiler ?? 'no C compiler: skipped'})`, () => {
  it('hold prints its rate and a clock near OPS / PENDING (Exp(1) delays)', () => {
    const r = spawnSync(build('hold'), ['1000', '200000'], { encoding: 'utf8' });
    const [rate, clock] = r.stdout.trim().split(/\s+/).map(Number);
    expect(rate).toBeGreaterThan(0);
    // Each op advances the clock by 1/PENDING on average: 200 ± a few percent.
    expect(clock).toBeGreaterThan(180);
    expect(clock).toBeLessThan(220);
  });

  it('lru counts the same misses and byte misses as `cdnsim cache --policy lru`', () => {
    const lru = build('lru');
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 59 }), { minLength: 1, maxLength: 400 }),
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 60, maxLength: 60 }),
        fc.integer({ min: 1, max: 60_000 }),
        (ids, sizes, capacity) => {
          const trace = join(dir, 'trace.bin');
          writeTrace(trace, ids, sizes);
          const native = spawnSync(lru, [trace, String(capacity)], { encoding: 'utf8' }).stdout.trim().split(/\s+/).map(Number);
          const ours = cdnsim(['cache', '--trace', trace, '--format', 'oracleGeneral', '--policy', 'lru', '--size', String(capacity), '--json']);
          const [row] = JSON.parse(ours.stdout) as { requests: number; misses: number; byteMisses: number }[];
          expect(native.slice(0, 3)).toEqual([row.requests, row.misses, row.byteMisses]);
        },
      ),
      { numRuns: 12 },
    );
  });
});
