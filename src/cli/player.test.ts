import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAbr } from '../player/abr/registry.js';
import { loadMovie } from '../player/movie.js';
import { loadNetworkTrace } from '../player/network.js';
import { playbackSummary, playOverTrace } from '../player/session.js';
import { syntheticMovie, syntheticTrace } from '../player/synthetic.js';
import { cdnsim, repoRoot } from '../test-helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cdnsim-cli-player-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Small inputs in Sabre's formats, written from the synthetic generators.
const movieFile = join(dir, 'movie.json');
const netFile = join(dir, 'net.json');
{
  const m = syntheticMovie({ segments: 40, segmentMs: 3000, seed: 7 });
  const sizes = Array.from({ length: m.segments }, (_, s) => Array.from(m.segmentBits.subarray(s * m.rungs, (s + 1) * m.rungs)));
  writeFileSync(movieFile, JSON.stringify({ segment_duration_ms: m.segmentMs, bitrates_kbps: Array.from(m.bitratesKbps), segment_sizes_bits: sizes }));
  const t = syntheticTrace({ periods: 60, medianKbps: 2500, volatility: 0.5, seed: 7 });
  const periods = Array.from(t.durationMs, (d, i) => ({ duration_ms: d, bandwidth_kbps: t.bandwidthKbps[i], latency_ms: t.latencyMs[i] }));
  writeFileSync(netFile, JSON.stringify(periods, null, 1));
}

const SABRE = join(repoRoot, '..', 'shared', 'conformance', 'abr');

describe('cdnsim player', () => {
  it('--json prints the documented figures, the same as the library gives', () => {
    for (const abr of ['throughput', 'bola', 'dynamic', 'bba']) {
      const r = cdnsim(['player', '--network', netFile, '--movie', movieFile, '--abr', abr, '--max-buffer', '20', '--json']);
      expect(r.code).toBe(0);
      const got = JSON.parse(r.stdout);
      expect(Object.keys(got)).toEqual(['abr', 'rebufferSeconds', 'rebufferEvents', 'averageBitrateKbps', 'bitrateChangeKbps', 'playSeconds', 'startupSeconds']);
      const movie = loadMovie(movieFile);
      const lib = playbackSummary(playOverTrace(movie, loadNetworkTrace(netFile), createAbr(abr, movie, { maxBufferMs: 20_000 }), { maxBufferMs: 20_000, halfLivesMs: [3000, 8000], abandonment: true }));
      expect(got).toEqual(lib);
      expect(got.playSeconds).toBeGreaterThanOrEqual(got.startupSeconds + 40 * 3 + got.rebufferSeconds - 1e-9);
    }
  });

  it('without --json prints one line per figure', () => {
    const r = cdnsim(['player', '--network', netFile, '--movie', movieFile, '--abr', 'bola']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => l.split(/\s{2,}/)[0])).toEqual(['abr', 'rebuffer', 'average bitrate', 'bitrate change', 'play time', 'startup']);
  });

  it.runIf(existsSync(join(SABRE, 'sabre-reference.json')))("gives Sabre's published figures on its own files (runs only where the reference data is present)", () => {
    const ref = JSON.parse(readFileSync(join(SABRE, 'sabre-reference.json'), 'utf8'))['hd_fs-trace0000.json']['bbb.json']['dynamic'];
    const r = cdnsim(['player', '--network', join(SABRE, 'network', 'hd_fs-trace0000.json'), '--movie', join(SABRE, 'bbb.json'), '--abr', 'dynamic', '--json']);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout);
    expect(got.rebufferSeconds).toBeCloseTo(ref['total rebuffer'], 5);
    expect(got.rebufferEvents).toBe(ref['total rebuffer events']);
    expect(got.averageBitrateKbps).toBeCloseTo(ref['time average played bitrate'], 4);
    expect(got.bitrateChangeKbps).toBeCloseTo(ref['total bitrate change'], 4);
    expect(got.playSeconds).toBeCloseTo(ref['total play time'], 5);
  });

  it('loads an ABR rule from the user’s own module', () => {
    const mod = join(dir, 'lowest.mjs');
    writeFileSync(mod, "export default { name: 'lowest', describe: 'always the lowest rung', create: () => ({ name: 'lowest', choose: () => 0 }) };\n");
    const r = cdnsim(['player', '--network', netFile, '--movie', movieFile, '--abr', 'lowest', '--abr-module', mod, '--json']);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout);
    expect(got.abr).toBe('lowest');
    expect(got.bitrateChangeKbps).toBe(0);
    // Every segment played at the lowest bitrate, averaged over the session's wall time in segments.
    expect(got.averageBitrateKbps).toBeCloseTo((40 * 235) / (got.playSeconds / 3), 9);
  });

  it('bad input is one line naming the file, line or field, and exit code 2', () => {
    const bad = (args: string[], pattern: RegExp) => {
      const r = cdnsim(['player', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    };
    const missing = join(dir, 'absent.json');
    bad(['--network', missing, '--movie', movieFile, '--abr', 'bola'], new RegExp(`${missing}: no such file`));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '[\n  {"duration_ms": 1000, "bandwidth_kbps": 500, "latency_ms": 20\n]');
    bad(['--network', broken, '--movie', movieFile, '--abr', 'bola'], new RegExp(`${broken}:3:1: not valid JSON`));
    const negative = join(dir, 'negative.json');
    writeFileSync(negative, '[\n  {"duration_ms": 1000, "bandwidth_kbps": 500, "latency_ms": 20},\n  {"duration_ms": -5, "bandwidth_kbps": 500, "latency_ms": 20}\n]');
    bad(['--network', negative, '--movie', movieFile, '--abr', 'bola'], new RegExp(`${negative}:3:\\d+: \\[1\\]\\.duration_ms: `));
    bad(['--network', netFile, '--movie', movieFile, '--abr', 'nosuch'], /abr: unknown ABR rule 'nosuch' \(known: throughput, bola, dynamic, bba/);
    bad(['--network', netFile, '--movie', movieFile, '--abr', 'bola', '--max-buffer', '2'], /max-buffer: must hold at least one segment \(3 s\)/);
    bad(['--network', netFile, '--abr', 'bola'], /movie: name the movie/);
  });
});

describe('cdnsim bench player', () => {
  it('--json reports playbacks/s and decisions/s per rule', () => {
    const r = cdnsim(['bench', 'player', '--segments', '50', '--periods', '100', '--playbacks', '2', '--abr', 'bola,bba', '--json']);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout);
    expect(Object.keys(got.decisionsPerSecond)).toEqual(['bola', 'bba']);
    expect(got.perPlayback.bba.decisions).toBe(50);
    expect(got.perPlayback.bola.decisions).toBe(50 + got.perPlayback.bola.abandonments);
  });
});
