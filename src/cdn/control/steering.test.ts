/**
 * Steering checks: ranks from BGP are respected, failures move traffic down the list and
 * back after repair, a lost BGP session takes a site out of steering once the hold timer
 * expires, and an embedded site serves only prefixes announced to it. They check the
 * control plane's table and health as every segment sees them (`per: segment`, reports
 * every 10 s); a playback steered once keeps its list (serve/serve.ts), which the data
 * plane and QoE tests check.
 */
import { describe, expect, it } from 'vitest';
import { JsEngine } from '../../engine/js-engine.js';
import { stream } from '../../engine/rng.js';
import { covers } from '../../net/prefix.js';
import '../../models/index.js';
import { parseScenario } from '../../scenario/load.js';
import type { OpenConnectScenario } from '../schema.js';
import { simStreams, simulateOpenConnect, type LiveState, type ServeRecord } from '../sim.js';
import { buildWorld } from '../world.js';

function scenario(extra: { faults?: string; steering?: string; storage?: string; duration?: string; topology?: string; members?: string; bSites?: boolean } = {}): string {
  return `name: steer
model: openconnect
seed: 3
duration: ${extra.duration ?? '12h'}
${extra.topology ?? ''}
catalog: { titles: 300, popularity: { releasesPerDay: 0 } }
applianceClasses: { storage: { storage: ${extra.storage ?? '2TB'} } }
isps:
  - { name: a, asn: 65001, timezone: UTC, peakSessionRate: 0.1/s, prefixes: 8, peering: 400Gbps, transit: 400Gbps }
  - { name: b, asn: 65002, timezone: UTC, peakSessionRate: 0.05/s, prefixes: 4, peering: 400Gbps, transit: 400Gbps }
ixps:
  - { name: x, timezone: UTC, members: ${extra.members ?? '[a]'} }
sites:
  - { name: a1, isp: a, appliances: [{ class: storage, count: 2 }] }
  - { name: a2, isp: a, appliances: [{ class: storage, count: 1 }] }
${extra.bSites === false ? '' : '  - { name: b1, isp: b, appliances: [{ class: storage, count: 1 }] }'}
  - { name: x1, ixp: x, appliances: [{ class: storage, count: 2 }] }
workload: { segment: 60s, diurnal: [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1] }
steering: ${extra.steering ?? '{ policy: proximity, per: segment, healthInterval: 10s }'}
metricsBin: 10min
faults: ${extra.faults ?? '[]'}
`;
}

type World = ReturnType<typeof buildWorld>;

function run(text: string, watch?: (world: World) => (r: ServeRecord, st: LiveState) => void) {
  const s = parseScenario(text) as unknown as OpenConnectScenario & { duration: number; warmup: number; seed: number };
  const key = (component: string, entity = 0) => stream({ seed: s.seed, replication: 0, component, entity });
  const world = buildWorld(s, { catalog: key('catalog'), popularity: key('popularity') });
  const metrics = simulateOpenConnect(s, world, new JsEngine(), simStreams(world, key), { onServe: watch?.(world) });
  return { world, metrics };
}


describe('steering', () => {
  for (const policy of ['proximity', 'load-aware', 'random', 'consistent-hash', 'latency']) {
    it(`${policy}: never serves from a worse rank while a better-ranked site has a healthy appliance up with the file`, () => {
      let checked = 0;
      let worse = 0;
      let unsorted = 0;
      let fellBack = 0;
      run(
        scenario({
          steering: `{ policy: ${policy}, detection: 0s, per: segment, healthInterval: 10s }`,
          faults: '[{ type: random-appliance-failures, mtbf: 2h, mttr: 30min }]',
          storage: '600GB',
        }),
        (world) => (r, st) => {
          checked++;
          for (const c of r.candidates) {
            if (c.rank >= r.rank) continue;
            fellBack++;
            for (const o of world.sites[c.site].ocas) {
              // Healthy as the control plane last heard (ocaLoad is the last report).
              const healthy = st.ocaUp[o] === 1 && st.ocaLoad[o] / world.ocas.capacityBps[o] < st.threshold;
              if (healthy && st.present(o, r.file)) worse++;
            }
          }
          // Rank order is kept whatever the policy: the list is sorted by rank.
          for (let j = 1; j < r.candidates.length; j++) if (r.candidates[j].rank < r.candidates[j - 1].rank) unsorted++;
        },
      );
      expect(checked).toBeGreaterThan(1000);
      // Failures and small appliances do push requests down the list, so the check bites.
      expect(fellBack).toBeGreaterThan(100);
      expect(worse).toBe(0);
      expect(unsorted).toBe(0);
    });
  }

  it('a failed site loses its traffic to the next rank, which returns after repair', () => {
    const { metrics } = run(scenario({ faults: '[{ type: site-down, site: a1, at: 4h, for: 2h }]' }));
    // Rank-0 bytes per 10-minute bin; a1 carries most of them (it has two of a's three appliances).
    const served = (fromHour: number, toHour: number) => {
      let bytes = 0;
      for (let b = Math.ceil((fromHour * 3600) / 600); b < Math.floor((toHour * 3600) / 600); b++) bytes += metrics.seriesBytesByRank[0][b];
      return bytes;
    };
    const before = served(2, 4);
    const during = served(4.2, 6);
    const after = served(6.2, 8);
    expect(before).toBeGreaterThan(0);
    expect(during).toBeLessThan(0.8 * before);
    expect(after).toBeGreaterThan(0.8 * before);
    // During the fault the covering rank (a2) and the exchange take a1's prefixes.
    let covering = 0;
    for (let b = 4 * 6 + 1; b < 6 * 6; b++) covering += metrics.seriesBytesByRank[1][b];
    expect(covering).toBeGreaterThan(0);
    // The control plane learns of the failure after `detection`: clients time out until then.
    expect(metrics.failovers).toBeGreaterThan(0);
  });

  it('after a BGP session loss, once the hold timer expires and the control plane sees it, no client is steered to the site that lost its routes', () => {
    let servedAfter = 0;
    let servedInHold = 0;
    let servedBefore = 0;
    let servedRepaired = 0;
    const T = 4 * 3600;
    const hold = 90;
    const detection = 30;
    const { metrics } = run(scenario({ faults: '[{ type: bgp-session-down, site: a1, at: 4h, for: 3h }]' }), (world) => (r) => {
      if (world.sites[r.site]?.name !== 'a1') return;
      if (r.time < T) servedBefore++;
      else if (r.time < T + hold) servedInHold++;
      else if (r.time >= T + hold + detection && r.time < T + 3 * 3600) servedAfter++;
      else if (r.time >= T + 3 * 3600 + detection + 1) servedRepaired++;
    });
    expect(servedBefore).toBeGreaterThan(0);
    expect(servedInHold).toBeGreaterThan(0);
    expect(servedAfter).toBe(0);
    // The ISP re-announces when the session is back; a1 serves again.
    expect(servedRepaired).toBeGreaterThan(0);
    expect(metrics.steeringRebuilds).toBe(2);
  });

  it('a BGP session back before the hold timer expires never went down', () => {
    let servedLater = 0;
    const { metrics } = run(scenario({ faults: '[{ type: bgp-session-down, site: a1, at: 4h, for: 60s }]' }), (world) => (r) => {
      if (world.sites[r.site]?.name === 'a1' && r.time > 4 * 3600 + 300 && r.time < 5 * 3600) servedLater++;
    });
    expect(metrics.steeringRebuilds).toBe(0);
    expect(servedLater).toBeGreaterThan(0);
  });

  it('after an AS link fails, BGP withdraws the routes through it and steering follows; repair brings them back', () => {
    // b has no site of its own and reaches the exchange only through its upstream a.
    const topology = `topology:
  links:
    - { provider: 65100, customer: 65001 }
    - { provider: 65100, customer: 65002 }
    - { provider: 65100, customer: 2906 }
    - { provider: 65001, customer: 65002 }`;
    const T = 4 * 3600;
    const detection = 30;
    const byPhase = { before: 0, settled: 0, repaired: 0 };
    const originInFault = { n: 0 };
    const { metrics } = run(
      scenario({ topology, bSites: false, faults: '[{ type: as-link-down, between: [65001, 65002], at: 4h, for: 2h }]' }),
      (world) => (r) => {
        if (world.isps[r.isp].name !== 'b') return;
        const atExchange = r.site >= 0 && world.sites[r.site].ixp >= 0;
        // The withdrawal takes milliseconds (no MRAI on withdrawals), then the control plane's detection.
        if (r.time < T && atExchange) byPhase.before++;
        else if (r.time > T + detection + 1 && r.time < T + 2 * 3600) {
          if (atExchange) byPhase.settled++;
          if (r.site < 0) originInFault.n++;
        } else if (r.time > T + 2 * 3600 + 30 + detection + 1 && atExchange) byPhase.repaired++;
      },
    );
    expect(byPhase.before).toBeGreaterThan(100);
    expect(byPhase.settled).toBe(0);
    expect(originInFault.n).toBeGreaterThan(100);
    expect(byPhase.repaired).toBeGreaterThan(100);
    // a withdraws from the CDN on failure and re-announces on repair; the CDN reads both.
    expect(metrics.bgp.withdrawals).toBeGreaterThan(0);
    expect(metrics.bgp.announcements).toBeGreaterThan(0);
    expect(metrics.steeringRebuilds).toBe(2);
  });

  it('with the proximity policy an embedded site serves only prefixes its ISP announces to it', () => {
    let checked = 0;
    let foreign = 0;
    let unannounced = 0;
    run(scenario(), (world) => (r) => {
      if (r.site < 0 || world.sites[r.site].isp < 0) return;
      checked++;
      if (world.sites[r.site].isp !== r.isp) foreign++;
      const client = world.isps[r.isp].clientPrefixes[r.prefix];
      if (!world.announcements.some((a) => a.site === r.site && covers(a.prefix, client))) unannounced++;
    });
    expect(checked).toBeGreaterThan(1000);
    expect(foreign).toBe(0);
    expect(unannounced).toBe(0);
  });

  it('ranks come from BGP: the most specific announcement, then covering ones, then the exchange, never a foreign ISP', () => {
    const { world } = run(scenario({ duration: '10min' }));
    const a = world.isps[0];
    // Prefixes alternate between a1 and a2; both also get the aggregate.
    const own = world.announcements.filter((x) => x.site === 0).map((x) => x.prefix.text);
    expect(own).toContain(a.clientPrefixes[0].text);
    expect(own).toContain(a.aggregate.text);
    expect(own).not.toContain(a.clientPrefixes[1].text);
  });
});
