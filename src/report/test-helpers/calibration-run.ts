/**
 * A hand-made Open Connect results directory whose calibration figures are known:
 * one replication of a day in hourly bins, one ISP in UTC, every figure in range
 * (viewing hours per member aside: no member count). Tests change one part at a time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Served traffic per UTC hour relative to the peak: trough 0.4 at 04:00, hour 0 the start-up ramp. */
export const HOURLY_LEVELS = [0.2, 0.7, 0.6, 0.5, 0.4, 0.4, 0.45, 0.5, 0.55, 0.6, 0.6, 0.6, 0.6, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 1, 1, 1, 0.9];
export const PEAK_HOUR_BYTES = 1e12;

type Obj = { [k: string]: unknown };

export function calibrationSummary(): Obj {
  const served = HOURLY_LEVELS.map((l) => l * PEAK_HOUR_BYTES);
  return {
    schemaVersion: 1,
    scenario: 'cal-fixture',
    model: 'openconnect',
    seed: 1,
    replications: 1,
    duration: 86400,
    warmup: 0,
    sessions: 48000,
    // 8 x bytes / 3 Mbit/s = 24,000 hours of video.
    bytesRequested: (24000 * 3600 * 3e6) / 8,
    averageBitrate: 3e6,
    byteHitRatio: 0.95,
    offload: 0.8,
    // 0.62 TB a day into 100 TB (storage, from the scenario) + 24 TB (flash, the class default): 0.5%.
    fillBytes: 0.62e12,
    links: [
      { name: 'site-a/out', capacity: 1e11, peakUtilisation: 0.5, p95Utilisation: 0.45 },
      { name: 'site-b/out', capacity: 1e11, peakUtilisation: 0.6, p95Utilisation: 0.55 },
      { name: 'site-c/out', capacity: 1e11, peakUtilisation: 0, p95Utilisation: 0 },
      { name: 'site-a/in', capacity: 1e11, peakUtilisation: 0.01, p95Utilisation: 0.01 },
      { name: 'isp/peering', capacity: 1e10, peakUtilisation: 0.5, p95Utilisation: 0.4 },
      { name: 'isp/transit', capacity: 1e10, peakUtilisation: 0.02, p95Utilisation: 0.01 },
    ],
    appliances: [
      { site: 'site-a', class: 'storage', bytesServed: 1, fillMaxRate: 0.6e9, fillMaxWindowBytes: 1e12 },
      { site: 'site-b', class: 'flash', bytesServed: 1, fillMaxRate: 0.15e9, fillMaxWindowBytes: 0.5e12 },
    ],
    series: {
      binSeconds: 3600,
      bytesByRank: {
        'embedded-specific': served.map((b) => 0.75 * b),
        origin: served.map((b) => 0.25 * b),
      },
      averageBitrate: served.map(() => 3e6),
    },
  };
}

export function calibrationManifest(): Obj {
  return {
    schemaVersion: 1,
    status: 'complete',
    scenario: {
      model: 'openconnect',
      start: '2026-01-05',
      isps: [{ name: 'isp', timezone: 'UTC', peakSessionRate: 1 }],
      applianceClasses: { storage: { storage: 100e12 } },
    },
  };
}

/** Write summary.json (after `edit`) and manifest.json (unless null) into `dir`. */
export function writeCalibrationRun(dir: string, edit: (summary: Obj, manifest: Obj) => void = () => {}, withManifest = true): string {
  mkdirSync(dir, { recursive: true });
  const summary = calibrationSummary();
  const manifest = calibrationManifest();
  edit(summary, manifest);
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
  if (withManifest) writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}
