import { describe, expect, it } from 'vitest';
import { GENERATORS, makeRng, stream, streamSeed } from './rng.js';

describe('random streams', () => {
  it('golden values: each generator gives the same first outputs for the same seed', () => {
    // Pinned once: a change here means every result cdnsim produces has changed.
    const golden: Record<string, number[]> = {
      tychei: [0.9197538953828175, 0.7547450980084325, 0.028609308310439174],
      xor4096: [0.7940713038446101, 0.9574281949237541, 0.44723678808083733],
      xorshift7: [0.7404356088362243, 0.16706277661036673, 0.38787113403183027],
      xorwow: [0.7465452973418054, 0.06504698524210117, 0.7995399505926525],
      xor128: [0.26881794589730446, 0.8742027699973369, 0.8451747806594537],
      alea: [0.22099128680295044, 0.823259826981042, 0.4745706101788709],
    };
    for (const g of GENERATORS) {
      const r = makeRng(g, 'cdnsim');
      expect([r(), r(), r()], g).toEqual(golden[g]);
    }
    expect(streamSeed({ seed: 1, replication: 0, component: 'arrivals', entity: 0 })).toBe('3f4320888921d87741dbf6debbbd24d4');
    const s = stream({ seed: 42, replication: 3, component: 'oca', entity: 17 });
    expect([s(), s()]).toEqual([0.948836282285735, 0.4117760387316153]);
  });

  it('every field of the key changes the seed, and 20k keys give 20k distinct seeds', () => {
    const base = { seed: 7, replication: 2, component: 'demand', entity: 11 };
    const variants = [
      { ...base, seed: 8 },
      { ...base, replication: 3 },
      { ...base, component: 'demane' },
      { ...base, entity: 12 },
      { ...base, entity: -11 },
      { ...base, seed: 7.5 },
    ];
    const b = streamSeed(base);
    for (const v of variants) expect(streamSeed(v)).not.toBe(b);
    const seen = new Set<string>();
    for (let r = 0; r < 20; r++) for (let e = 0; e < 1000; e++) seen.add(streamSeed({ seed: 1, replication: r, component: 'x', entity: e }));
    expect(seen.size).toBe(20_000);
    // Component names must not run into the entity number.
    expect(streamSeed({ seed: 1, replication: 0, component: 'a1', entity: 2 })).not.toBe(streamSeed({ seed: 1, replication: 0, component: 'a', entity: 12 }));
  });

  it('a stream depends on its key alone, not on which other streams exist or how much they drew', () => {
    const key = { seed: 3, replication: 1, component: 'oca', entity: 5 };
    const alone = stream(key);
    const first = [alone(), alone(), alone()];
    const other = stream({ ...key, entity: 6 });
    for (let i = 0; i < 1000; i++) other();
    const again = stream(key);
    expect([again(), again(), again()]).toEqual(first);
  });

  it('draws lie in [0, 1) and are uniform (each decile of 100k draws within 6 standard errors)', () => {
    const se = Math.sqrt(100_000 * 0.1 * 0.9);
    for (const g of GENERATORS) {
      const r = makeRng(g, 'uniformity');
      const bins = new Array(10).fill(0);
      let outside = 0;
      for (let i = 0; i < 100_000; i++) {
        const u = r();
        if (!(u >= 0 && u < 1)) outside++;
        else bins[Math.floor(u * 10)]++;
      }
      expect(outside, g).toBe(0);
      for (const c of bins) expect(Math.abs(c - 10_000), g).toBeLessThan(6 * se);
    }
  });
});
