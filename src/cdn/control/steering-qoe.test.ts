/**
 * Steering moves QoE. An ISP without embedded sites reaches two exchange sites that tie
 * in proximity; the first has a narrow port. Its appliance stays healthy (an appliance
 * judges its health by its own bottleneck), so `proximity` keeps listing it first;
 * `load-aware` orders the two by their last reported utilisation, port included, even
 * when the reports lag by minutes. Two hours at the local evening peak.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../run/simulate.js';
import { parseScenario } from '../../scenario/load.js';
import '../../models/index.js';

function yaml(policy: string, narrowPort: string, per = 'playback', interval = '60s'): string {
  return `name: steering-qoe
model: openconnect
seed: 11
duration: 2h
warmup: 20m
catalog: { titles: 300 }
applianceClasses:
  storage: { storage: 20TB }
isps:
  - { name: a, asn: 1, timezone: America/Caracas, peakSessionRate: 0.1/s, prefixes: 4, peering: 10Gbps, transit: 10Gbps }
ixps:
  - { name: x, timezone: America/Caracas }
sites:
  - { name: x1, ixp: x, port: ${narrowPort}, appliances: [{ class: storage, count: 1 }] }
  - { name: x2, ixp: x, port: 10Gbps, appliances: [{ class: storage, count: 1 }] }
steering: { policy: ${policy}, healthInterval: ${interval}, per: ${per} }
metricsBin: 10m
`;
}

async function qoe(policy: string, narrowPort: string, per?: string, interval?: string): Promise<Record<string, any>> {
  const s = (await simulate(parseScenario(yaml(policy, narrowPort, per, interval)))).summary as Record<string, any>;
  return { ...s.qoe.all, bySite: s.qoe.bySite };
}

describe('steering policies and QoE', () => {
  it('with a congested site, load-aware steering beats proximity on startup, rebuffering and bitrate', async () => {
    const proximity = await qoe('proximity', '40Mbps');
    for (const interval of ['60s', '10m']) {
      const loadAware = await qoe('load-aware', '40Mbps', 'playback', interval);
      expect(loadAware.startupP50).toBeLessThan(0.5 * proximity.startupP50);
      expect(loadAware.rebufferRatio).toBeLessThan(proximity.rebufferRatio - 0.01);
      expect(loadAware.bitrate).toBeGreaterThan(2 * proximity.bitrate);
    }
  });

  it('with no congestion the two give the same QoE within a few per cent', async () => {
    const proximity = await qoe('proximity', '10Gbps');
    const loadAware = await qoe('load-aware', '10Gbps');
    expect(Math.abs(loadAware.startupP50 / proximity.startupP50 - 1)).toBeLessThan(0.05);
    expect(Math.abs(loadAware.bitrate / proximity.bitrate - 1)).toBeLessThan(0.03);
    expect(proximity.rebufferRatio).toBeLessThan(0.001);
    expect(loadAware.rebufferRatio).toBeLessThan(0.001);
  });
});
