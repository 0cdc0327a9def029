import { describe, expect, it } from 'vitest';
import { zipfPmf } from '../engine/variates.js';
import { generateZipfTrace } from '../trace/gen.js';
import { WORDS, W_HI, W_LO, W_SIZE, W_TIME } from '../trace/types.js';
import { cheHitRatio } from './che.js';
import { getPolicy } from './registry.js';

/** Simulated hit ratio after a warm-up, on an IRM Zipf trace with unit sizes. */
function simulate(policy: string, objects: number, alpha: number, capacity: number, seed: number): number {
  const words = generateZipfTrace({ requests: 400_000, objects, alpha, seed });
  const cache = getPolicy(policy).create({ capacity });
  const warmup = 20_000;
  let hits = 0;
  for (let i = 0; i < words.length / WORDS; i++) {
    const at = i * WORDS;
    const hit = cache.request(words[at + W_LO], words[at + W_HI], words[at + W_SIZE], words[at + W_TIME], Infinity);
    if (hit && i >= warmup) hits++;
  }
  return hits / (words.length / WORDS - warmup);
}

describe("Che's approximation", () => {
  it('gives the textbook LRU figure: alpha 0.8, 100 objects, capacity 40 -> hit ratio 0.645', () => {
    expect(cheHitRatio('lru', zipfPmf(100, 0.8), 40).hitRatio).toBeCloseTo(0.645, 3);
  });

  for (const [policy, alpha, objects, capacity] of [
    ['lru', 0.8, 100, 40],
    ['fifo', 0.8, 100, 40],
    ['lru', 1.0, 1000, 100],
    ['fifo', 0.6, 1000, 200],
  ] as const) {
    it(`${policy} under IRM Zipf(${alpha}), N=${objects}, C=${capacity}: simulation within 1% of Che`, () => {
      const che = cheHitRatio(policy, zipfPmf(objects, alpha), capacity).hitRatio;
      const sims = [1, 2].map((seed) => simulate(policy, objects, alpha, capacity, seed));
      const mean = (sims[0] + sims[1]) / 2;
      expect(Math.abs(mean - che) / che).toBeLessThan(0.01);
    });
  }

  it('FIFO hits less than LRU under IRM (both in theory and in simulation)', () => {
    const p = zipfPmf(100, 0.8);
    expect(cheHitRatio('fifo', p, 40).hitRatio).toBeLessThan(cheHitRatio('lru', p, 40).hitRatio);
    expect(simulate('fifo', 100, 0.8, 40, 3)).toBeLessThan(simulate('lru', 100, 0.8, 40, 3));
  });
});
