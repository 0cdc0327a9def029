import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdTable } from './id-table.js';

describe('IdTable', () => {
  it('behaves like a Map keyed by 64-bit ids under adds and deletes', () => {
    const key = fc.record({ lo: fc.integer({ min: 0, max: 63 }), hi: fc.constantFrom(0, 1, 0x200000, 0xffffffff) });
    const op = fc.record({ kind: fc.constantFrom('add', 'delete'), k: key, v: fc.integer({ min: 0, max: 1e6 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600, size: 'max' }), (ops) => {
        const table = new IdTable(4);
        const model = new Map<string, number>();
        for (const { kind, k, v } of ops) {
          const name = `${k.hi}:${k.lo}`;
          if (kind === 'add') {
            if (model.has(name)) continue;
            table.add(k.lo, k.hi, v);
            model.set(name, v);
          } else {
            expect(table.delete(k.lo, k.hi)).toBe(model.get(name) ?? -1);
            model.delete(name);
          }
          expect(table.size).toBe(model.size);
        }
        for (let lo = 0; lo < 64; lo++) {
          for (const hi of [0, 1, 0x200000, 0xffffffff]) expect(table.get(lo, hi)).toBe(model.get(`${hi}:${lo}`) ?? -1);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps ids apart that agree in their low 53 bits', () => {
    const t = new IdTable();
    t.add(5, 0, 1);
    t.add(5, 0x200000, 2);
    t.add(5, 0xffe00000, 3);
    expect([t.get(5, 0), t.get(5, 0x200000), t.get(5, 0xffe00000)]).toEqual([1, 2, 3]);
  });

  it('grows past its initial size', () => {
    const t = new IdTable(16);
    for (let i = 0; i < 100_000; i++) t.add(i, i & 7, i);
    for (let i = 0; i < 100_000; i += 997) expect(t.get(i, i & 7)).toBe(i);
    expect(t.get(100_001, 0)).toBe(-1);
  });
});
