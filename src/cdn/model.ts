/**
 * The `openconnect` model: the scenario sections, one replication (build the world,
 * simulate), and the summary. Field names and units are documented in the README.
 */
import type { Json, ModelDef } from '../models/model.js';
import { defineModel } from '../models/model.js';
import { quantile, sketchMean } from '../metrics/sketch.js';
import { averageCdfs, jain, RANK_NAMES, sketchCdf, type FaultRecord, type Metrics } from './metrics.js';
import { averageQoe, qoeSummary } from './qoe.js';
import { RANK_COVERING, RANK_ORIGIN, RANK_SPECIFIC } from './control/steering.js';
import { registerSteeringModule } from './control/steering-policies.js';
import { registerAbrModule } from '../player/abr/registry.js';
import { checkReferences, openConnectSections, type OpenConnectScenario } from './schema.js';
import { simStreams, simulateOpenConnect, type SimObserver } from './sim.js';
import { buildWorld, type World } from './world.js';
import { linkSummary } from './link-stats.js';
import { InputError } from '../errors.js';
import { registerPlacementModule } from './fill/placement/registry.js';
import { openPlaybackTrace } from './demand/playback-trace.js';
import { resolve } from 'node:path';

/** Replication metrics: plain numbers and arrays of numbers. */
export function summarizeReplication(world: World, m: Metrics): { [k: string]: Json } {
  const offloadBytes = m.bytesByRank[RANK_SPECIFIC] + m.bytesByRank[RANK_COVERING];
  const ocaBytes = m.bytesServed - m.bytesByRank[RANK_ORIGIN];
  const firstReq = m.siteFirstRequests.reduce((a, b) => a + b, 0);
  const firstHits = m.siteFirstHits.reduce((a, b) => a + b, 0);
  // Link figures are over 5-minute samples after warm-up, whatever the bin (link-stats.ts).
  const linkFields = linkSummary(world, m.linkStats);
  const members = world.isps.every((i) => i.members !== undefined) ? world.isps.reduce((a, i) => a + (i.members as number), 0) : undefined;
  const siteJain: number[] = world.sites.map((site) => jain(site.ocas.map((o) => m.ocaServedBytes[o])));
  const fillTotal = m.fillBytes[0] + m.fillBytes[1] + m.fillBytes[2] + m.reactiveFillBytes;
  const r = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    requests: m.requests,
    sessions: m.sessions,
    ...(members !== undefined ? { members } : {}),
    viewingHours: m.videoSeconds / 3600,
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
    peakLinkUtilisation: linkFields.peakLinkUtilisation,
    transitBytes: linkFields.transitBytes,
    backboneBytes: linkFields.backboneBytes,
    startupDelayP50: r(quantile(m.startupDelay, 0.5)),
    startupDelayP95: r(quantile(m.startupDelay, 0.95)),
    startupDelayMean: r(sketchMean(m.startupDelay)),
    startupDelayCdf: sketchCdf(m.startupDelay),
    qoe: qoeSummary(m.qoe),
    rebufferRatio: m.playedSeconds + m.stallSeconds > 0 ? m.stallSeconds / (m.playedSeconds + m.stallSeconds) : 0,
    averageBitrate: m.videoSeconds > 0 ? m.bitrateSum / m.videoSeconds : 0,
    failovers: m.failovers,
    steeringChurn: m.segments > 0 ? m.steeringChanges / m.segments : 0,
    steeringRebuilds: m.steeringRebuilds,
    randomApplianceFailures: m.randomFailures,
    bgp: m.bgp,
    flows: m.flows,
    faults: m.faults.map((f) => faultReport(m, f)),
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
      storage: r(world.ocas.storageBytes[o]),
      fillMaxRate: m.fillMaxRate[o],
      fillMaxWindowBytes: m.fillMaxWindowBytes[o],
    })),
    links: linkFields.links,
    isps: linkFields.isps,
    series: {
      binSeconds: m.bin,
      bytesByRank: Object.fromEntries(RANK_NAMES.map((n, k) => [n, Array.from(m.seriesBytesByRank[k])])),
      contentMissBytes: Array.from(m.seriesContentMiss),
      healthMissBytes: Array.from(m.seriesHealthMiss),
      fillBytes: Array.from(m.seriesFillBytes),
      rebufferRatio: Array.from(m.seriesStallSeconds, (st, b) => r(st / (st + m.seriesPlayedSeconds[b]))),
      startupDelayMean: Array.from(m.seriesStartupSum, (x, b) => r(x / m.seriesStartupCount[b])),
      averageBitrate: Array.from(m.seriesBitrateSum, (x, b) => r(x / m.seriesSegments[b])),
      linkUtilisation: Object.fromEntries(world.links.names.map((n, i) => [n, Array.from(m.seriesLinkUtil[i])])),
      siteHitRatio: Object.fromEntries(world.sites.map((s, i) => [s.name, Array.from(m.seriesSiteHitRatio[i], (x) => r(x))])),
    },
  };
}

/** Offload and QoE in the hour before a fault, while it lasts, and in the hour after; and how long offload took to come back. */
function faultReport(m: Metrics, f: FaultRecord): { [k: string]: Json } {
  const hour = 3600;
  const end = m.bins * m.bin;
  const until = f.until ?? f.at;
  const window = (from: number, to: number) => windowStats(m, Math.max(0, from), Math.min(end, to));
  const before = window(f.at - hour, f.at);
  const during = f.until !== null ? window(f.at, f.until) : null;
  const after = window(until, until + hour);
  let recover: number | null = null;
  if (typeof before.offload === 'number') {
    for (let b = Math.floor(until / m.bin); b < m.bins; b++) {
      const w = windowStats(m, b * m.bin, (b + 1) * m.bin);
      if (typeof w.offload === 'number' && w.offload >= before.offload - 0.01) {
        recover = Math.max(0, (b + 1) * m.bin - until);
        break;
      }
    }
  }
  return { type: f.type, at: f.at, until: f.until, before, during, after, timeToRecover: recover };
}

function windowStats(m: Metrics, from: number, to: number): { [k: string]: Json } {
  let served = 0;
  const byRank = new Array<number>(m.seriesBytesByRank.length).fill(0);
  let embedded = 0;
  let stall = 0;
  let played = 0;
  let startup = 0;
  let starts = 0;
  const b0 = Math.floor(from / m.bin);
  const b1 = Math.min(m.bins, Math.ceil(to / m.bin));
  for (let b = b0; b < b1; b++) {
    for (let k = 0; k < m.seriesBytesByRank.length; k++) {
      served += m.seriesBytesByRank[k][b];
      byRank[k] += m.seriesBytesByRank[k][b];
    }
    embedded += m.seriesBytesByRank[RANK_SPECIFIC][b] + m.seriesBytesByRank[RANK_COVERING][b];
    stall += m.seriesStallSeconds[b];
    played += m.seriesPlayedSeconds[b];
    startup += m.seriesStartupSum[b];
    starts += m.seriesStartupCount[b];
  }
  return {
    offload: served > 0 ? embedded / served : null,
    shareByRank: byRank.map((x) => (served > 0 ? x / served : 0)),
    rebufferRatio: stall + played > 0 ? stall / (stall + played) : null,
    startupDelayMean: starts > 0 ? startup / starts : null,
  };
}

/** The scenario file's folder, remembered by prepare for paths inside the scenario. */
const baseDirs = new WeakMap<object, string>();
const baseDirOf = (s: object) => baseDirs.get(s) ?? '.';

type Scenario = OpenConnectScenario & { duration: number; warmup: number; replications: number };

export const openConnectModel: ModelDef = defineModel({
  name: 'openconnect',
  describe: 'A CDN built like Open Connect: catalog, demand, appliances, sites, placement, fill',
  sections: openConnectSections,
  refine: (s, ctx) => checkReferences(s, ctx),
  async prepare(s, { baseDir }) {
    baseDirs.set(s, baseDir);
    if (s.placement.module !== undefined) {
      const name = await registerPlacementModule(s.placement.module, baseDir);
      if (name !== s.placement.policy) {
        throw new InputError(`placement.policy is '${s.placement.policy}' but the module defines '${name}'`, { field: 'placement.policy' });
      }
    }
    if (s.steering.module !== undefined) {
      const name = await registerSteeringModule(s.steering.module, baseDir);
      if (name !== s.steering.policy) {
        throw new InputError(`steering.policy is '${s.steering.policy}' but the module defines '${name}'`, { field: 'steering.policy' });
      }
    }
    if (s.workload.abrModule !== undefined) {
      const names = (await registerAbrModule(resolve(baseDir, s.workload.abrModule))).map((d) => d.name.toLowerCase());
      if (!names.includes(s.workload.abr.trim().toLowerCase())) {
        throw new InputError(`workload.abr is '${s.workload.abr}' but the module defines ${names.map((n) => `'${n}'`).join(', ')}`, { field: 'workload.abr' });
      }
    }
  },
  eventLog: 'playback starts, every segment served (site, appliance, proximity rank, candidates tried) and fault starts and ends',
  replicate({ scenario, engine, rng, events }) {
    const s = scenario as unknown as Scenario;
    const world = buildWorld(s, { catalog: rng('catalog'), popularity: rng('popularity') }, baseDirOf(s));
    const playbackTrace = s.workload.trace
      ? openPlaybackTrace(resolve(baseDirOf(s), s.workload.trace), new Map(world.isps.map((x, i) => [x.name, i])), world.catalog.titles)
      : undefined;
    let metrics: Metrics;
    try {
      metrics = simulateOpenConnect(s, world, engine, { ...simStreams(world, rng), playbackTrace }, events ? eventObserver(world, s, events) : {});
    } finally {
      playbackTrace?.close();
    }
    return summarizeReplication(world, metrics);
  },
  summarize(_scenario, reps) {
    if (reps.length === 1) return reps[0] as { [k: string]: Json };
    // Several replications: numeric fields are averaged; each replication stays in perReplication.
    const out: { [k: string]: Json } = {};
    for (const [k, v] of Object.entries(reps[0])) {
      if (typeof v === 'number') out[k] = reps.reduce((sum, r) => sum + (r[k] as number), 0) / reps.length;
    }
    out.startupDelayCdf = averageCdfs(reps.map((r) => r.startupDelayCdf as { p: number[]; seconds: number[] } | null));
    out.qoe = averageQoe(reps.map((r) => r.qoe));
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
      `fill ${tb(s.fillBytes)}, windows completed ${pct(s.fillCompletedInWindow)}, transit ${tb(s.transitBytes)}, CDN backbone ${tb(s.backboneBytes)}`,
      `peak link utilisation ${pct(s.peakLinkUtilisation)}`,
      `QoE: startup p50 ${(s.startupDelayP50 ?? NaN).toFixed(2)} s, p95 ${(s.startupDelayP95 ?? NaN).toFixed(2)} s, rebuffering ${pct(s.rebufferRatio)}, average bitrate ${((s.averageBitrate ?? 0) / 1e6).toFixed(2)} Mbit/s`,
    ];
  },
}) as unknown as ModelDef;

/** The debugging log of `run --events`: names rather than indices, one record per happening. */
function eventObserver(world: World, s: Scenario, events: (record: { [k: string]: Json }) => void): SimObserver {
  const siteName = (si: number) => (si < 0 ? 'origin' : world.sites[si].name);
  return {
    onSession: (time, isp, title) => events({ time, event: 'playback', isp: world.isps[isp].name, title }),
    onServe: (r) =>
      events({
        time: r.time,
        event: 'segment',
        isp: world.isps[r.isp].name,
        prefix: world.isps[r.isp].clientPrefixes[r.prefix].text,
        file: r.file,
        site: siteName(r.site),
        appliance: r.oca,
        rank: RANK_NAMES[r.rank],
        candidates: r.candidates.map((c) => siteName(c.site)),
      }),
    onFault: (time, index, on) => events({ time, event: on ? 'fault-start' : 'fault-end', fault: index, type: s.faults[index].type }),
  };
}
