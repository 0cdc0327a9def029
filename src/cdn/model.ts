/**
 * The `openconnect` model: the scenario sections, one replication (build the world,
 * simulate), and the summary. Field names and units are documented in the README.
 */
import type { Json, ModelDef } from '../models/model.js';
import { defineModel } from '../models/model.js';
import { quantile, sketchMean } from '../metrics/sketch.js';
import { arrayQuantile, jain, RANK_NAMES, type Metrics } from './metrics.js';
import { checkReferences, openConnectSections, type OpenConnectScenario } from './schema.js';
import { simulateOpenConnect } from './sim.js';
import { buildWorld, type World } from './world.js';
import { InputError } from '../errors.js';
import { registerPlacementModule } from './placement/registry.js';

/** Replication metrics: plain numbers and arrays of numbers. */
export function summarizeReplication(world: World, m: Metrics): { [k: string]: Json } {
  const offloadBytes = m.bytesByRank[0] + m.bytesByRank[1];
  const ocaBytes = m.bytesByRank[0] + m.bytesByRank[1] + m.bytesByRank[2];
  const firstReq = m.siteFirstRequests.reduce((a, b) => a + b, 0);
  const firstHits = m.siteFirstHits.reduce((a, b) => a + b, 0);
  const linkPeak = m.seriesLinkUtil.map((u) => Math.max(0, ...u));
  const linkP95 = m.seriesLinkUtil.map((u) => arrayQuantile(u, 0.95));
  const siteJain: number[] = world.sites.map((site) => jain(site.ocas.map((o) => m.ocaServedBytes[o])));
  const fillTotal = m.fillBytes[0] + m.fillBytes[1] + m.fillBytes[2] + m.reactiveFillBytes;
  const r = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    requests: m.requests,
    sessions: m.sessions,
    sessionsAbandoned: m.abandoned,
    bytesRequested: m.bytesRequested,
    bytesServed: m.bytesServed,
    bytesFailed: m.bytesFailed,
    bytesByRank: Array.from(m.bytesByRank),
    offload: m.bytesServed > 0 ? offloadBytes / m.bytesServed : 0,
    hitRatio: firstReq > 0 ? firstHits / firstReq : 0,
    byteHitRatio: m.bytesServed > 0 ? ocaBytes / m.bytesServed : 0,
    contentMissBytes: m.contentMissBytes,
    healthMissBytes: m.healthMissBytes,
    fillBytes: fillTotal,
    fillBytesBySource: { peer: m.fillBytes[0], tier: m.fillBytes[1], origin: m.fillBytes[2], reactive: m.reactiveFillBytes },
    fillCompletedInWindow: m.fillWindows > 0 ? m.fillWindowsCompleted / m.fillWindows : 1,
    fillDeltaFilledShare: m.fillDeltaBytes > 0 ? m.fillDeltaFilledBytes / m.fillDeltaBytes : 1,
    peakLinkUtilisation: Math.max(0, ...linkPeak),
    transitBytes: m.transitBytes,
    startupDelayP50: r(quantile(m.startupDelay, 0.5)),
    startupDelayP95: r(quantile(m.startupDelay, 0.95)),
    startupDelayMean: r(sketchMean(m.startupDelay)),
    rebufferRatio: m.playedSeconds + m.stallSeconds > 0 ? m.stallSeconds / (m.playedSeconds + m.stallSeconds) : 0,
    averageBitrate: m.segments > 0 ? m.bitrateSum / m.segments : 0,
    ocaLoadJain: siteJain.length > 0 ? siteJain.reduce((a, b) => a + b, 0) / siteJain.length : 1,
    sites: world.sites.map((site, i) => ({
      name: site.name,
      hitRatio: m.siteFirstRequests[i] > 0 ? m.siteFirstHits[i] / m.siteFirstRequests[i] : null,
      byteHitRatio: m.siteFirstBytes[i] > 0 ? m.siteFirstHitBytes[i] / m.siteFirstBytes[i] : null,
      bytesServed: m.siteServedBytes[i],
      loadJain: siteJain[i],
    })),
    appliances: Array.from({ length: world.ocas.count }, (_, o) => ({
      site: world.sites[world.ocas.site[o]].name,
      class: world.classes[world.ocas.cls[o]].name,
      bytesServed: m.ocaServedBytes[o],
      fillMaxRate: m.fillMaxRate[o],
      fillMaxWindowBytes: m.fillMaxWindowBytes[o],
    })),
    links: world.links.names.map((name, i) => ({ name, capacity: world.links.capacity[i], peakUtilisation: linkPeak[i], p95Utilisation: r(linkP95[i]) })),
    series: {
      binSeconds: m.bin,
      bytesByRank: Object.fromEntries(RANK_NAMES.map((n, k) => [n, Array.from(m.seriesBytesByRank[k])])),
      contentMissBytes: Array.from(m.seriesContentMiss),
      healthMissBytes: Array.from(m.seriesHealthMiss),
      fillBytes: Array.from(m.seriesFillBytes),
      linkUtilisation: Object.fromEntries(world.links.names.map((n, i) => [n, Array.from(m.seriesLinkUtil[i])])),
      siteHitRatio: Object.fromEntries(world.sites.map((s, i) => [s.name, Array.from(m.seriesSiteHitRatio[i], (x) => r(x))])),
    },
  };
}

type Scenario = OpenConnectScenario & { duration: number; warmup: number; replications: number };

export const openConnectModel: ModelDef = defineModel({
  name: 'openconnect',
  describe: 'A CDN built like Open Connect: catalog, demand, appliances, sites, placement, fill',
  sections: openConnectSections,
  refine: (s, ctx) => checkReferences(s, ctx),
  async prepare(s, { baseDir }) {
    if (s.placement.module === undefined) return;
    const name = await registerPlacementModule(s.placement.module, baseDir);
    if (name !== s.placement.policy) {
      throw new InputError(`placement.policy is '${s.placement.policy}' but the module defines '${name}'`, { field: 'placement.policy' });
    }
  },
  replicate({ scenario, engine, rng }) {
    const s = scenario as unknown as Scenario;
    const world = buildWorld(s, { catalog: rng('catalog'), popularity: rng('popularity') });
    const metrics = simulateOpenConnect(s, world, engine, {
      arrivals: world.isps.map((_, i) => rng('arrivals', i)),
      sessions: rng('sessions'),
      observed: (day, region) => rng(`observed/${region}`, day + 1_000_000),
    });
    return summarizeReplication(world, metrics);
  },
  summarize(_scenario, reps) {
    if (reps.length === 1) return reps[0] as { [k: string]: Json };
    // Several replications: numeric fields are averaged; each replication stays in perReplication.
    const out: { [k: string]: Json } = {};
    for (const [k, v] of Object.entries(reps[0])) {
      if (typeof v === 'number') out[k] = reps.reduce((sum, r) => sum + (r[k] as number), 0) / reps.length;
    }
    return out;
  },
  report(summary) {
    const s = summary as Record<string, number | null>;
    const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);
    const tb = (x: number | null) => (x === null ? 'n/a' : `${(x / 1e12).toFixed(2)} TB`);
    return [
      `sessions ${Math.round(s.sessions ?? 0).toLocaleString('en-US')}, segment requests ${Math.round(s.requests ?? 0).toLocaleString('en-US')}, ${tb(s.bytesRequested)} requested`,
      `offload (embedded OCAs) ${pct(s.offload)}, served by any OCA ${pct(s.byteHitRatio)}, failed ${tb(s.bytesFailed)}`,
      `misses: content ${tb(s.contentMissBytes)}, health ${tb(s.healthMissBytes)}`,
      `fill ${tb(s.fillBytes)}, windows completed ${pct(s.fillCompletedInWindow)}, transit ${tb(s.transitBytes)}`,
      `peak link utilisation ${pct(s.peakLinkUtilisation)}`,
      `QoE: startup p50 ${(s.startupDelayP50 ?? NaN).toFixed(2)} s, p95 ${(s.startupDelayP95 ?? NaN).toFixed(2)} s, rebuffering ${pct(s.rebufferRatio)}, average bitrate ${((s.averageBitrate ?? 0) / 1e6).toFixed(2)} Mbit/s`,
    ];
  },
}) as unknown as ModelDef;
