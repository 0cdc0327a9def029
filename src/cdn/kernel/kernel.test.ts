/**
 * The segment kernel (wasm/cdn/segment.ts) against the JS handlers it mirrors: the same
 * replication on both engines gives the same summary, byte for byte, through every
 * path of a segment (faults of every kind, congestion, retries running out, the
 * origin, clients with no site), and the kernel really is what ran the segments.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.js';
import { stream } from '../../engine/rng.js';
import '../../models/index.js';
import { parseScenario } from '../../scenario/load.js';
import { summarizeReplication } from '../model.js';
import type { OpenConnectScenario } from '../schema.js';
import { simStreams, simulateOpenConnect, type SimObserver } from '../sim.js';
import { buildWorld } from '../world.js';

interface Knobs {
  seed: number;
  storage: string;
  peering: string;
  transit: string;
  segment: string;
  retries: number;
  timeout: string;
  warmup: string;
  steering: string;
  placement: string;
  faults: string;
}

const STRESS: Knobs = {
  seed: 3,
  storage: '3TB',
  peering: '2Gbps',
  transit: '1Gbps',
  segment: '30s',
  retries: 1,
  timeout: '2s',
  warmup: '1h',
  steering: 'proximity',
  placement: 'history',
  faults: `
  - { type: site-down, site: tagus-lisbon, at: 19h, for: 45m }
  - { type: peering-down, ixp: lisbon-ix, isp: tagus-net, at: 19h10m, for: 10m }
  - { type: link-down, link: tagus-porto/out, at: 19h30m, for: 20m }
  - { type: appliance-down, site: lisbon-ix-1, appliance: 0, at: 19h45m, for: 30m }
  - { type: flash-crowd, share: 0.3, at: 20h, for: 1h }
  - { type: bgp-session-down, site: tagus-porto, at: 21h30m, for: 30m }
  - { type: as-link-down, between: [64501, 64502], at: 22h, for: 30m }
  - { type: capacity, link: douro-fibra/transit, capacity: 40Mbps, at: 23h }
  - { type: random-appliance-failures, mtbf: 4h, mttr: 15m }`,
};

function yaml(k: Knobs): string {
  return `name: kernel
model: openconnect
seed: ${k.seed}
duration: 30h
warmup: ${k.warmup}
start: "2026-01-12"
catalog: { titles: 600, popularity: { zipf: 0.9, releasesPerDay: 3 } }
applianceClasses:
  storage: { storage: ${k.storage} }
  flash: { storage: 600GB }
cdn: { asn: 2906 }
topology:
  links:
    - { provider: 64600, customer: 2906 }
    - { provider: 64600, customer: 64501 }
    - { provider: 64600, customer: 64502 }
    - { provider: 64501, customer: 64502 }
isps:
  - { name: tagus-net, asn: 64501, timezone: Europe/Lisbon, peakSessionRate: 0.3/s, prefixes: 16, peering: ${k.peering}, transit: ${k.transit} }
  - { name: douro-fibra, asn: 64502, timezone: Europe/Lisbon, peakSessionRate: 0.15/s, prefixes: 8, peering: ${k.peering}, transit: ${k.transit} }
ixps:
  - { name: lisbon-ix, timezone: Europe/Lisbon, members: [tagus-net] }
sites:
  - { name: tagus-lisbon, isp: tagus-net, appliances: [{ class: flash, count: 1 }, { class: storage, count: 2 }] }
  - { name: tagus-porto, isp: tagus-net, appliances: [{ class: storage, count: 1 }] }
  - { name: lisbon-ix-1, ixp: lisbon-ix, appliances: [{ class: storage, count: 2 }] }
workload: { segment: ${k.segment} }
placement: { policy: ${k.placement} }
steering: { policy: ${k.steering}, retries: ${k.retries}, timeout: ${k.timeout} }
metricsBin: 15min
faults:${k.faults || ' []'}
`;
}

/** One replication on one engine: its summary as JSON text, and how many events ran in WASM. */
async function replicate(k: Knobs, engineName: 'js' | 'wasm', observer: SimObserver = {}) {
  const s = parseScenario(yaml(k)) as unknown as OpenConnectScenario & { duration: number; warmup: number; seed: number };
  const key = (component: string, entity = 0) => stream({ seed: s.seed, replication: 0, component, entity });
  const world = buildWorld(s, { catalog: key('catalog'), popularity: key('popularity') });
  const engine = await createEngine(engineName);
  const summary = summarizeReplication(world, simulateOpenConnect(s, world, engine, simStreams(world, key), observer));
  return { text: JSON.stringify(summary), summary: summary as Record<string, any>, events: engine.eventsProcessed, native: engine.native?.nativeEvents ?? 0 };
}

describe('the segment kernel', () => {
  it('gives the JS handlers\' summary byte for byte through faults of every kind, congestion and the origin, and runs nearly all events', async () => {
    const js = await replicate(STRESS, 'js');
    const wasm = await replicate(STRESS, 'wasm');
    expect(wasm.text).toBe(js.text);
    // Every path of a segment was taken, so the comparison above covers them.
    const s = js.summary;
    expect(s.bytesFailed).toBeGreaterThan(0);
    expect(s.healthMissBytes).toBeGreaterThan(0);
    expect(s.contentMissBytes).toBeGreaterThan(0);
    expect(s.failovers).toBeGreaterThan(0);
    expect(s.bytesByRank[4]).toBeGreaterThan(0);
    expect(s.bytesByRank[2] + s.bytesByRank[3]).toBeGreaterThan(0);
    expect(s.steeringChurn).toBeGreaterThan(0);
    expect(s.randomApplianceFailures).toBeGreaterThan(0);
    expect(s.sessionsAbandoned).toBeGreaterThan(0);
    // Segment requests and completions but the first of each playback ran in WASM.
    expect(wasm.native / wasm.events).toBeGreaterThan(0.9);
  }, 60_000);

  it('steps aside, with the same results, for non-static steering, reactive caches and per-segment observers', async () => {
    const calm = { ...STRESS, faults: '' };
    for (const k of [
      { ...calm, steering: 'load-aware' },
      { ...calm, placement: 'hybrid' },
    ]) {
      const js = await replicate(k, 'js');
      const wasm = await replicate(k, 'wasm');
      expect(wasm.native).toBe(0);
      expect(wasm.text).toBe(js.text);
    }
    let served = 0;
    const watched = await replicate(calm, 'wasm', { onServe: () => served++ });
    expect(watched.native).toBe(0);
    expect(served).toBeGreaterThan(1000);
    expect(watched.text).toBe((await replicate(calm, 'js')).text);
  }, 60_000);

  it('agrees with the JS handlers for random seeds, capacities, segment lengths and client patience', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 1e6 }),
          storage: fc.constantFrom('500GB', '2TB', '6TB'),
          peering: fc.constantFrom('300Mbps', '1Gbps', '10Gbps'),
          transit: fc.constantFrom('100Mbps', '1Gbps'),
          segment: fc.constantFrom('10s', '30s', '60s'),
          retries: fc.integer({ min: 0, max: 3 }),
          timeout: fc.constantFrom('0s', '1s', '3s'),
          warmup: fc.constantFrom('0s', '2h'),
          faults: fc.boolean().map((on) => (on ? STRESS.faults : '')),
        }),
        async (k) => {
          const knobs: Knobs = { ...STRESS, ...k };
          const js = await replicate(knobs, 'js');
          const wasm = await replicate(knobs, 'wasm');
          expect(wasm.text).toBe(js.text);
          expect(wasm.native).toBeGreaterThan(0);
        },
      ),
      { numRuns: 8 },
    );
  }, 300_000);
});
