/**
 * The data plane moves the answers: a squeezed port at peak slows its clients' downloads
 * (lower bitrate, longer startup, more rebuffering), and a site failing at peak cuts the
 * downloads in flight, which fail over and show as rebuffering. Every run is two hours
 * at the ISP's local evening peak (UTC-4: local 20:00 is 00:00 UTC).
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../run/simulate.js';
import { parseScenario } from '../scenario/load.js';
import '../models/index.js';

interface Opts {
  port?: string;
  faults?: string;
  healthInterval?: string;
  threshold?: number;
  transit?: string;
}

function yaml(o: Opts = {}): string {
  return `name: data-plane
model: openconnect
seed: 3
duration: 2h
warmup: 20m
catalog: { titles: 300 }
applianceClasses:
  storage: { storage: 20TB }
isps:
  - { name: a, asn: 1, timezone: America/Caracas, peakSessionRate: 0.15/s, prefixes: 4, peering: 10Gbps, transit: ${o.transit ?? '10Gbps'} }
sites:
  - { name: e1, isp: a, appliances: [{ class: storage, count: 1 }]${o.port ? `, port: ${o.port}` : ''} }
steering: { healthInterval: ${o.healthInterval ?? '60s'} }
healthThreshold: ${o.threshold ?? 1}
faults: ${o.faults ?? '[]'}
metricsBin: 10m
`;
}

async function run(o: Opts): Promise<Record<string, any>> {
  return (await simulate(parseScenario(yaml(o)))).summary as Record<string, any>;
}

const site = (s: Record<string, any>, name: string) => s.qoe.bySite.find((g: { name: string }) => g.name === name);

describe('the data plane in the Open Connect model', () => {
  it("squeezing a site's port at peak lowers its clients' bitrate and raises startup and rebuffering", async () => {
    // About 400 playbacks at once want ~1.5 Gbit/s at the rungs they pick unhindered;
    // 600 Mbit/s carries them only at lower rungs, 60 Mbit/s not even at the lowest.
    const runs = [await run({}), await run({ port: '600Mbps' }), await run({ port: '60Mbps' })];
    const [wide, narrow, starved] = runs.map((r) => site(r, 'e1'));
    for (const g of [wide, narrow, starved]) expect(g.sessions).toBeGreaterThan(300);
    expect(narrow.bitrate).toBeLessThan(0.8 * wide.bitrate);
    expect(starved.bitrate).toBeLessThan(0.8 * narrow.bitrate);
    expect(narrow.startupP50).toBeGreaterThan(1.2 * wide.startupP50);
    expect(starved.startupP50).toBeGreaterThan(1.2 * narrow.startupP50);
    expect(starved.rebufferRatio).toBeGreaterThan(wide.rebufferRatio + 0.01);
    // The port really was the bottleneck, and never above its capacity.
    for (const r of runs.slice(1)) {
      const port = r.links.find((l: { name: string }) => l.name === 'e1/out');
      expect(port.peakUtilisation).toBeGreaterThan(0.95);
      expect(port.peakUtilisation).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it('a site failing at peak cuts the downloads in flight: they fail over to the origin and rebuffer', async () => {
    // The ISP's transit (50 Mbit/s) cannot carry the site's clients even at the lowest rung.
    const calm = await run({ transit: '50Mbps' });
    const failed = await run({ transit: '50Mbps', faults: '[{ type: site-down, at: 60m, for: 10m, site: e1 }]' });
    expect(calm.failovers).toBe(0);
    // Every playback in flight lost its download at once and timed out on it.
    expect(failed.failovers).toBeGreaterThan(200);
    expect(failed.bytesByRank[4]).toBeGreaterThan(calm.bytesByRank[4]);
    expect(failed.rebufferRatio).toBeGreaterThan(calm.rebufferRatio + 0.005);
    // Rebuffering rises in the outage's bins (10-minute bins, the outage is bin 6) and is
    // back to the calm run's within two bins of the repair.
    const during = failed.series.rebufferRatio[6];
    expect(during).toBeGreaterThan(calm.series.rebufferRatio[6] + 0.01);
    for (const bin of [9, 10, 11]) expect(failed.series.rebufferRatio[bin]).toBeLessThan(calm.series.rebufferRatio[bin] + 0.1 * during);
  });
});
