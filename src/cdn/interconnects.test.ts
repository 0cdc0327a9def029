/**
 * Interconnects as the scenario declares them: a public port per member ISP and
 * exchange by default, a PNI used instead where listed, latencies, the names faults may
 * give, and the errors for entries that name nothing.
 */
import { describe, expect, it } from 'vitest';
import '../models/index.js';
import { stream } from '../engine/rng.js';
import { isInputError } from '../errors.js';
import { parseScenario } from '../scenario/load.js';
import { simulate } from '../run/simulate.js';
import type { Network } from './network.js';
import { createContent, setPresent } from './content.js';
import { fillSource, FROM_TIER } from './fill/sources.js';
import { DEFAULT_LATENCY, faultLinks, LINK_KIND_NAMES } from './interconnects.js';
import type { OpenConnectScenario } from './schema.js';
import { buildWorld } from './world.js';

function yaml(extra = '', members = ''): string {
  return `name: ic-test
model: openconnect
seed: 1
duration: 1h
catalog: { titles: 50 }
isps:
  - { name: a, asn: 1, peakSessionRate: 0.05/s, prefixes: 4, peering: 10Gbps, transit: 5Gbps, transitLatency: 30ms }
  - { name: b, asn: 2, peakSessionRate: 0.05/s, prefixes: 4, peering: 20Gbps, transit: 5Gbps }
  - { name: c, asn: 3, peakSessionRate: 0.05/s, prefixes: 4, peering: 20Gbps, transit: 5Gbps }
ixps:
  - { name: x${members} }
  - { name: y, members: [a, 2] }
sites:
  - { name: a1, isp: a, appliances: [{ class: storage, count: 1 }] }
  - { name: x1, ixp: x, appliances: [{ class: storage, count: 1 }] }
${extra}`;
}

function world(text: string) {
  const s = parseScenario(text, 'q.yaml') as unknown as OpenConnectScenario & { duration: number; seed: number };
  const key = (component: string) => stream({ seed: s.seed, replication: 0, component, entity: 0 });
  return buildWorld(s, { catalog: key('catalog'), popularity: key('popularity') });
}

function problem(text: string): string {
  try {
    parseScenario(text, 'q.yaml');
  } catch (e) {
    if (isInputError(e)) return e.format();
    throw e;
  }
  return 'accepted';
}

const link = (w: ReturnType<typeof world>, name: string) => {
  const l = w.links.names.indexOf(name);
  if (l < 0) throw new Error(`no link ${name} in ${w.links.names.join(', ')}`);
  return l;
};

describe('interconnects by default', () => {
  it('give each member ISP a public port at each exchange, with its peering capacity', () => {
    const w = world(yaml());
    // x has every ISP; y has a and AS 2 (b).
    const ports = w.links.names.filter((_, l) => LINK_KIND_NAMES[w.links.kind[l]] === 'public');
    expect(ports).toEqual(['a@x', 'b@x', 'c@x', 'a@y', 'b@y']);
    expect(w.links.capacity[link(w, 'b@x')]).toBe(20e9);
    expect(w.links.latency[link(w, 'b@x')]).toBe(DEFAULT_LATENCY.interconnect);
    expect(Array.from(w.isps[0].interconnect)).toEqual([link(w, 'a@x'), link(w, 'a@y')]);
    expect(Array.from(w.isps[2].interconnect)).toEqual([link(w, 'c@x'), -1]);
    // Every interconnect delivers into its ISP.
    for (const [name, i] of [['a@y', 0], ['b@x', 1], ['c@x', 2]] as const) expect(w.links.isp[link(w, name)]).toBe(i);
  });

  it('put latency on every link: ports none, transit and backbone 20 ms unless the scenario says', () => {
    const w = world(yaml());
    expect(w.links.latency[link(w, 'a1/out')]).toBe(0);
    expect(w.links.latency[link(w, 'a/transit')]).toBeCloseTo(0.03, 12);
    expect(w.links.latency[link(w, 'b/transit')]).toBe(DEFAULT_LATENCY.transit);
    expect(w.links.latency[link(w, 'x/transit')]).toBe(DEFAULT_LATENCY.backbone);
    // Only the ISPs' transit counts as transit; x/transit is the CDN's own backbone.
    expect(w.links.names.filter((_, l) => w.links.isTransit[l] === 1)).toEqual(['a/transit', 'b/transit', 'c/transit']);
    expect(LINK_KIND_NAMES[w.links.kind[link(w, 'x/transit')]]).toBe('backbone');
  });
});

describe('a private interconnect', () => {
  const pni = `interconnects:
  - { isp: a, ixp: x, type: pni, capacity: 100Gbps, latency: 0.5ms }
  - { isp: c, ixp: y, type: public, capacity: 1Gbps }
`;

  it('carries the ISP’s traffic from that exchange instead of its public port', () => {
    const w = world(yaml(pni));
    const l = link(w, 'a@x/pni');
    expect(w.links.capacity[l]).toBe(100e9);
    expect(w.links.latency[l]).toBeCloseTo(0.0005, 12);
    expect(w.isps[0].interconnect[0]).toBe(l);
    // The public port stays (idle); the other ISPs keep theirs.
    expect(w.links.names).toContain('a@x');
    expect(w.isps[1].interconnect[0]).toBe(link(w, 'b@x'));
    // A listed public port makes c peer at y, with the listed capacity.
    expect(w.isps[2].interconnect[1]).toBe(link(w, 'c@y'));
    expect(w.links.capacity[link(w, 'c@y')]).toBe(1e9);
    expect(w.ixpMembers[1]).toContain(3);
  });

  it('is the route an embedded site fills over from the exchange', () => {
    const w = world(yaml(pni));
    const content = createContent(w.ocas.count, w.catalog.fileBytes.length, w.sites.map((x) => x.ocas), () => 0, 'lru');
    const [a1, x1] = [w.sites[0].ocas[0], w.sites[1].ocas[0]];
    setPresent(content, x1, 7, true);
    // Resource ids: links as they are, appliances' NICs and disks after them.
    const L = w.links.names.length;
    const net = { link: (l: number) => l, nic: (o: number) => L + o, disk: (o: number) => L + w.ocas.count + o } as unknown as Network;
    const out = { route: new Int32Array(8), hops: 0, transit: -1 };
    expect(fillSource(w, content, net, () => true, a1, 7, out)).toBe(FROM_TIER);
    const route = Array.from(out.route.subarray(0, out.hops));
    expect(route).toContain(link(w, 'a@x/pni'));
    expect(route).not.toContain(link(w, 'a@x'));
    expect(route).toEqual([net.disk(x1), net.nic(x1), link(w, 'x1/out'), link(w, 'a@x/pni'), link(w, 'a1/in'), net.disk(a1)]);
  });
});

describe('a run with a PNI', () => {
  const scenario = (bin: string) => `name: pni-run
model: openconnect
seed: 3
duration: 30m
catalog: { titles: 40 }
isps:
  - { name: a, asn: 1, peakSessionRate: 0.2/s, prefixes: 2, peering: 10Gbps, transit: 5Gbps }
  - { name: b, asn: 2, peakSessionRate: 0.2/s, prefixes: 2, peering: 10Gbps, transit: 5Gbps }
ixps:
  - { name: x }
interconnects:
  - { isp: a, ixp: x, type: pni, capacity: 40Gbps }
sites:
  - { name: x1, ixp: x, appliances: [{ class: storage, count: 1 }] }
workload: { diurnal: [${Array(24).fill(1).join(', ')}] }
placement: { unlimitedStorage: true }
metricsBin: ${bin}
`;
  type Summary = { links: { name: string; bytes: number; peakUtilisation: number; p95Utilisation: number; meanUtilisation: number }[]; isps: { bytesOverInterconnects: number }[] };
  const run = async (bin: string) => (await simulate(parseScenario(scenario(bin), 'pni.yaml'))).summary as unknown as Summary;

  it('carries the exchange site’s traffic into that ISP over the PNI, and its public port nothing', async () => {
    const s = await run('15min');
    const bytes = (name: string) => s.links.find((l) => l.name === name)?.bytes;
    expect(bytes('a@x/pni')).toBeGreaterThan(1e8);
    expect(bytes('b@x')).toBeGreaterThan(1e8);
    expect(bytes('a@x')).toBe(0);
    expect(s.isps[0].bytesOverInterconnects).toBe(bytes('a@x/pni'));
    // Everything the exchange site sends leaves over one of the two interconnects.
    expect((bytes('a@x/pni') as number) + (bytes('b@x') as number)).toBeCloseTo(bytes('x1/out') as number, -3);
  }, 120_000);

  it('gives the same link figures whatever the metrics bin', async () => {
    const [coarse, fine] = [await run('15min'), await run('5min')];
    expect(fine.links.map((l) => l.name)).toEqual(coarse.links.map((l) => l.name));
    coarse.links.forEach((l, i) => {
      for (const field of ['bytes', 'peakUtilisation', 'p95Utilisation', 'meanUtilisation'] as const) {
        expect(Math.abs(fine.links[i][field] - l[field])).toBeLessThanOrEqual(1e-9 * Math.abs(l[field]));
      }
    });
    expect(coarse.links.find((l) => l.name === 'a@x/pni')?.p95Utilisation).toBeGreaterThan(0);
  }, 120_000);
});

describe('interconnect and link names in the scenario', () => {
  it('refuses an entry for an unknown ISP or exchange at its field', () => {
    expect(problem(yaml(`interconnects:\n  - { isp: zz, ixp: x, type: pni }\n`))).toMatch(/^q\.yaml:\d+:\d+: .*interconnects\[0\]\.isp: unknown ISP 'zz' \(known: a, b, c\)/);
    expect(problem(yaml(`interconnects:\n  - { isp: a, ixp: zz, type: public }\n`))).toMatch(/interconnects\[0\]\.ixp: unknown IXP 'zz' \(known: x, y\)/);
    expect(problem(yaml(`interconnects:\n  - { isp: a, ixp: x, type: pni }\n  - { isp: a, ixp: x, type: pni }\n`))).toMatch(/interconnects\[1\]\.type: a second pni interconnect of 'a' at 'x'/);
    expect(problem(yaml(`interconnects:\n  - { isp: a, ixp: x, type: transit }\n`))).toMatch(/interconnects\[0\]\.type/);
    expect(problem(yaml().replace('- { name: y,', '- { name: c,'))).toMatch(/ixps\[1\]\.name: an ISP is also named 'c'/);
  });

  it('lets faults name interconnects, and <isp>/peering for all of an ISP’s', () => {
    const fault = (l: string) => `faults:\n  - { type: link-down, at: 10m, link: ${l} }\n`;
    for (const l of ['a@x', 'b@y', 'a/peering', 'x/transit', 'a1/in']) expect(problem(yaml(fault(l)))).toBe('accepted');
    expect(problem(yaml(`interconnects:\n  - { isp: a, ixp: x, type: pni }\n` + fault('a@x/pni')))).toBe('accepted');
    expect(problem(yaml(fault('a@x/pni')))).toMatch(/faults\[0\]\.link: unknown link 'a@x\/pni' \(links are .*<isp>@<ixp>/);
    // c peers at x only; not at y.
    expect(problem(yaml(fault('c@y')))).toMatch(/unknown link 'c@y'/);
  });

  it('resolves <isp>/peering to every interconnect of the ISP, its PNI included', () => {
    const text = yaml(`interconnects:\n  - { isp: a, ixp: x, type: pni }\n`);
    const s = parseScenario(text, 'q.yaml') as unknown as OpenConnectScenario;
    const w = world(text);
    const names = faultLinks(s, w.links.names);
    expect(names.get('a/peering')?.map((l) => w.links.names[l])).toEqual(['a@x', 'a@x/pni', 'a@y']);
    expect(names.get('c/peering')?.map((l) => w.links.names[l])).toEqual(['c@x']);
    expect(names.get('b@y')).toEqual([link(w, 'b@y')]);
  });
});
