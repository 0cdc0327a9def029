import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.js';
import { getPolicy } from '../registry.js';
import { BloomFilter64, SecondHitAdmission } from './bloom.js';
import { parseAdmission } from './registry.js';

describe('admission filters', () => {
  it('always admits', () => {
    const a = parseAdmission('always')();
    expect(a.admit(1, 0, 1e9)).toBe(true);
  });

  it('bloom admits an id on its second miss, not its first', () => {
    const cache = getPolicy('lru').create({ capacity: 100, admission: parseAdmission('bloom')() });
    expect(cache.request(1, 0, 10, 0, Infinity)).toBe(false);
    expect(cache.contains(1, 0)).toBe(false);
    expect(cache.request(1, 0, 10, 1, Infinity)).toBe(false);
    expect(cache.contains(1, 0)).toBe(true);
    expect(cache.request(1, 0, 10, 2, Infinity)).toBe(true);
  });

  it('bloom forgets ids two generations old', () => {
    const a = new SecondHitAdmission(10);
    expect(a.admit(1, 0)).toBe(false);
    for (let i = 100; i < 125; i++) a.admit(i, 0);
    expect(a.admit(1, 0)).toBe(false);
    expect(a.admit(1, 0)).toBe(true);
  });

  it('the Bloom filter has no false negatives and about the designed false-positive rate', () => {
    const f = new BloomFilter64(10_000, 0.01);
    for (let i = 0; i < 10_000; i++) f.add(i, 7);
    for (let i = 0; i < 10_000; i++) expect(f.has(i, 7)).toBe(true);
    let fp = 0;
    for (let i = 0; i < 100_000; i++) if (f.has(i, 8)) fp++;
    expect(fp / 100_000).toBeLessThan(0.02);
  });

  it('size admits objects up to the threshold', () => {
    const a = parseAdmission('size:1KiB')();
    expect(a.admit(1, 0, 1024)).toBe(true);
    expect(a.admit(1, 0, 1025)).toBe(false);
  });

  it('prob admits about a fraction P, reproducibly from the seed', () => {
    const runs = [1, 1, 2].map((seed) => {
      const a = parseAdmission('prob:0.25', seed)();
      return Array.from({ length: 20_000 }, (_, i) => a.admit(i, 0, 1));
    });
    const rate = runs[0].filter(Boolean).length / runs[0].length;
    expect(rate).toBeGreaterThan(0.23);
    expect(rate).toBeLessThan(0.27);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).not.toEqual(runs[0]);
  });

  it('rejects unknown names and bad arguments as input errors', () => {
    for (const bad of ['nope', 'prob:2', 'prob', 'size:abc', 'bloom:0', 'always:1']) {
      expect(() => parseAdmission(bad)).toThrow(InputError);
    }
  });
});
