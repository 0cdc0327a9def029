/**
 * The quiet window (`noAbandonBeforeMs`) is a proof that the checks it skips would have
 * answered -1. If it were wrong anywhere, a playback that skips them would differ from
 * one that asks the rule at every step: these tests compare the two exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Movie } from '../movie.js';
import type { NetworkTrace } from '../network.js';
import { playOverTrace } from '../session.js';
import { movieArb, traceArb } from '../test-helpers/arbitraries.js';
import { syntheticMovie, syntheticTrace } from '../synthetic.js';
import { BolaRule } from './bola.js';
import { DynamicRule } from './dynamic.js';
import { ThroughputRule } from './throughput.js';
import type { AbrRule, DownloadProgress, PlayerView } from './types.js';

type Windowed = BolaRule | ThroughputRule;

/** A rule and the part of it that keeps the window (the throughput rule, inside DYNAMIC). */
function build(name: string, movie: Movie, maxBufferMs: number): { rule: AbrRule; windowed: Windowed } {
  if (name === 'bola') {
    const rule = new BolaRule(movie, maxBufferMs, 5);
    return { rule, windowed: rule };
  }
  const throughput = new ThroughputRule(movie, true);
  if (name === 'throughput') return { rule: throughput, windowed: throughput };
  return { rule: new DynamicRule(new BolaRule(movie, maxBufferMs, 5), throughput), windowed: throughput };
}

/** The same rule asked at every step: it shows no window and forgets its own before each check. */
function everyStep(name: string, movie: Movie, maxBufferMs: number): AbrRule {
  const { rule, windowed } = build(name, movie, maxBufferMs);
  return {
    name: rule.name,
    choose: (view: PlayerView) => rule.choose(view),
    abandon: (view: PlayerView, p: DownloadProgress) => {
      windowed.noAbandonBeforeMs = -Infinity;
      return rule.abandon!(view, p);
    },
  };
}

/** The rule with its window, counting the checks the driver makes. */
function counted(name: string, movie: Movie, maxBufferMs: number): { rule: AbrRule; checks: () => number } {
  const { rule } = build(name, movie, maxBufferMs);
  let checks = 0;
  return {
    rule: {
      name: rule.name,
      choose: (view: PlayerView) => rule.choose(view),
      abandon: (view: PlayerView, p: DownloadProgress) => {
        checks++;
        return rule.abandon!(view, p);
      },
      get noAbandonBeforeMs() {
        return rule.noAbandonBeforeMs;
      },
    },
    checks: () => checks,
  };
}

function compare(name: string, movie: Movie, trace: NetworkTrace, maxBufferMs: number) {
  const options = { maxBufferMs, halfLivesMs: [3000, 8000], abandonment: true };
  const quiet = counted(name, movie, maxBufferMs);
  const skipping = playOverTrace(movie, trace, quiet.rule, options);
  let checks = 0;
  const asking = everyStep(name, movie, maxBufferMs);
  const asked = playOverTrace(movie, trace, { ...asking, abandon: (v, p) => (checks++, asking.abandon!(v, p)) }, options);
  return { skipping, asked, checksSkipping: quiet.checks(), checksAsked: checks };
}

describe('quiet window of the abandonment checks', () => {
  it('skipping the checks it covers changes nothing, over any movie, trace and buffer', () => {
    fc.assert(
      fc.property(movieArb, traceArb, fc.constantFrom('bola', 'throughput', 'dynamic'), fc.double({ min: 1, max: 12, noNaN: true }), (movie, trace, name, buffers) => {
        const { skipping, asked } = compare(name, movie, trace, movie.segmentMs * buffers);
        expect(skipping).toEqual(asked);
      }),
      { numRuns: 300 },
    );
  });

  it('on a long playback each rule gives the same result while asking far fewer checks', () => {
    const movie = syntheticMovie({ segments: 300, seed: 7 });
    const trace = syntheticTrace({ periods: 3600, seed: 7 });
    for (const name of ['bola', 'throughput', 'dynamic']) {
      const { skipping, asked, checksSkipping, checksAsked } = compare(name, movie, trace, 25_000);
      expect(skipping).toEqual(asked);
      expect(asked.abandonments).toBeGreaterThan(0);
      expect(checksSkipping).toBeLessThan(checksAsked / 2);
    }
  });
});
