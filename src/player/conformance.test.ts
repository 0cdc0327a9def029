/**
 * Conformance with Sabre (Spiteri, Sitaraman & Sparacio, MMSys 2018), the reference
 * implementation of BOLA: its published figures for every network x movie x rule, and
 * random traces run through sabre.py itself where python3 is present. Sabre prints six
 * decimals, so a figure matches when it is within 1e-5 relative or half the last
 * printed digit.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAbr } from './abr/registry.js';
import { loadMovie } from './movie.js';
import { loadNetworkTrace, parseNetworkTrace } from './network.js';
import { DEFAULT_PLAYER } from './player.js';
import { playbackSummary, playOverTrace } from './session.js';
import { haveSabreData, havePython, runSabre, SABRE_DIR } from './test-helpers/sabre.js';

type Figures = Record<string, number>;

const FIGURES: [sabre: string, ours: keyof ReturnType<typeof playbackSummary>][] = [
  ['total rebuffer', 'rebufferSeconds'],
  ['total rebuffer events', 'rebufferEvents'],
  ['time average played bitrate', 'averageBitrateKbps'],
  ['total bitrate change', 'bitrateChangeKbps'],
  ['total play time', 'playSeconds'],
];

function differences(networkFile: string, movieFile: string, abr: string, expected: Figures, maxBufferMs = DEFAULT_PLAYER.maxBufferMs): string[] {
  const movie = loadMovie(movieFile);
  const trace = loadNetworkTrace(networkFile);
  const got = playbackSummary(playOverTrace(movie, trace, createAbr(abr, movie, { maxBufferMs }), { ...DEFAULT_PLAYER, maxBufferMs }));
  const out: string[] = [];
  for (const [name, key] of FIGURES) {
    const want = expected[name];
    const have = got[key] as number;
    if (!(Math.abs(have - want) <= 1e-5 * Math.abs(want) + 5e-7)) out.push(`${abr} ${name}: sabre ${want}, cdnsim ${have}`);
  }
  return out;
}

describe('conformance with Sabre', () => {
  it.runIf(haveSabreData)("every network x movie x rule of sabre-reference.json matches Sabre's figures (runs only where the reference data is present)", () => {
    const reference = JSON.parse(readFileSync(join(SABRE_DIR, 'sabre-reference.json'), 'utf8')) as Record<string, Record<string, Record<string, Figures>>>;
    const wrong: string[] = [];
    let cases = 0;
    for (const [network, movies] of Object.entries(reference)) {
      for (const [movie, rules] of Object.entries(movies)) {
        for (const [abr, figures] of Object.entries(rules)) {
          cases++;
          for (const d of differences(join(SABRE_DIR, 'network', network), join(SABRE_DIR, movie), abr, figures)) wrong.push(`${network} ${movie} ${d}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(cases).toBe(4 * 2 * 3);
  });

  it.runIf(havePython)('random network traces and buffer sizes give the figures sabre.py gives (runs only where python3 and sabre.py are present)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdnsim-sabre-'));
    const period = fc.record({
      duration_ms: fc.integer({ min: 50, max: 6000 }),
      bandwidth_kbps: fc.oneof(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 200, max: 40_000 })),
      latency_ms: fc.integer({ min: 0, max: 300 }),
    });
    const traces = fc.array(period, { minLength: 1, maxLength: 40 }).filter((t) => t.some((p) => p.bandwidth_kbps >= 200));
    try {
      let n = 0;
      fc.assert(
        fc.property(traces, fc.constantFrom('bbb.json', 'bbb4k.json'), fc.constantFrom('bola', 'throughput', 'dynamic'), fc.integer({ min: 3, max: 40 }), (trace, movie, abr, bufferSeconds) => {
          parseNetworkTrace(trace, 'generated'); // the generator only makes valid traces
          const file = join(dir, `net${n++}.json`);
          writeFileSync(file, JSON.stringify(trace));
          const sabre = runSabre(file, join(SABRE_DIR, movie), abr, bufferSeconds);
          expect(differences(file, join(SABRE_DIR, movie), abr, sabre, bufferSeconds * 1000)).toEqual([]);
        }),
        { numRuns: 16, seed: 20180612 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
