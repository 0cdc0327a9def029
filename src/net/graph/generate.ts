/**
 * Synthetic Internet-like AS topologies, so a scenario needs no download:
 * a tier-1 clique; transit tiers whose ASes buy from ASes above them with
 * preferential attachment (the rich get richer, giving the heavy-tailed customer
 * degrees of the real graph); eyeball ISPs with client prefixes; stub networks; and
 * IXPs whose route-server members all peer with each other (multilateral peering,
 * which is where most of the real graph's peer links come from).
 * A provider is always created before its customers, so there are no cycles, and
 * every AS has a provider chain up to the clique, so every AS reaches every prefix.
 * Deterministic from the seed.
 */
import { stream, type Rng } from '../../engine/rng.js';
import { pareto, uniformInt } from '../../engine/variates.js';
import type { Announcement } from '../bgp/table.js';
import { formatPrefix } from '../prefix.js';
import { addEdge, createEdgeList, P2C, P2P, type EdgeList } from './edges.js';

export interface TopologyParams {
  seed: number;
  /** Size of the tier-1 clique. */
  tier1: number;
  /** Transit ASes per tier, top tier first. */
  transit: number[];
  eyeballs: number;
  stubs: number;
  ixps: number;
  /** Mean number of providers of a transit AS, an eyeball ISP and a stub. */
  transitProviders: number;
  eyeballProviders: number;
  stubProviders: number;
  /** Mean number of same-tier peers each transit AS sets up privately. */
  transitPeers: number;
  /** IXP membership: Pareto with this minimum and shape, capped. */
  ixpMinMembers: number;
  ixpShape: number;
  ixpMaxMembers: number;
  /** Share of an IXP's members that peer through its route server. */
  routeServerShare: number;
  /** Client prefixes per eyeball ISP (IPv4; each also gets one IPv6 /32). */
  eyeballPrefixes: number;
}

export const DEFAULT_TOPOLOGY: TopologyParams = {
  seed: 1,
  tier1: 8,
  transit: [20, 60],
  eyeballs: 50,
  stubs: 200,
  ixps: 4,
  transitProviders: 2,
  eyeballProviders: 2,
  stubProviders: 1.6,
  transitPeers: 2,
  ixpMinMembers: 5,
  ixpShape: 1.2,
  ixpMaxMembers: 60,
  routeServerShare: 0.7,
  eyeballPrefixes: 2,
};

/**
 * About the size and link mix of CAIDA's 2025 graph (~78k ASes, ~490k links, most of
 * them peer links): `cdnsim bench bgp` prints the figures this gives.
 */
export function internetLike(ases = 78_000, seed = 1): TopologyParams {
  const s = ases / 78_000;
  const n = (x: number) => Math.max(1, Math.round(x * s));
  return {
    ...DEFAULT_TOPOLOGY,
    seed,
    tier1: 16,
    transit: [n(300), n(2500), n(8000)],
    eyeballs: n(7000),
    stubs: Math.max(1, ases - 16 - n(300) - n(2500) - n(8000) - n(7000)),
    ixps: n(540),
    transitProviders: 2.5,
    eyeballProviders: 2.2,
    stubProviders: 1.7,
    transitPeers: 3,
    ixpMinMembers: 6,
    ixpShape: 1.05,
    ixpMaxMembers: Math.max(20, Math.round(1000 * Math.sqrt(s))),
    routeServerShare: 0.6,
  };
}

export type Role = 'tier1' | 'transit' | 'eyeball' | 'stub';

export interface Ixp {
  name: string;
  members: number[];
  /** Members that peer multilaterally through the route server. */
  routeServer: number[];
}

export interface Topology {
  edges: EdgeList;
  /** ASN per role; transit per tier. */
  tier1: number[];
  transit: number[][];
  eyeballs: number[];
  stubs: number[];
  ixps: Ixp[];
  /** Client prefixes announced by the eyeball ISPs. */
  prefixes: Announcement[];
}

/** 1 + a draw with the given mean, geometric, capped: most ASes have one or two providers, a few many. */
function providerCount(rng: Rng, mean: number, cap: number): number {
  const extra = mean - 1;
  if (extra <= 0) return 1;
  const p = 1 / (1 + extra);
  let k = 1;
  while (k < cap && rng() >= p) k++;
  return k;
}

export function generateTopology(params: Partial<TopologyParams> = {}): Topology {
  const P = { ...DEFAULT_TOPOLOGY, ...params };
  const rng = stream({ seed: P.seed, replication: 0, component: 'topology', entity: 0 });
  const total = P.tier1 + P.transit.reduce((a, b) => a + b, 0) + P.eyeballs + P.stubs;
  // ASNs are a random permutation, so the lower-ASN tie-break favours no role.
  const asn = new Uint32Array(total);
  for (let i = 0; i < total; i++) asn[i] = i + 1;
  for (let i = total - 1; i > 0; i--) {
    const j = uniformInt(rng, i + 1);
    const t = asn[i];
    asn[i] = asn[j];
    asn[j] = t;
  }
  const edges = createEdgeList({}, Math.max(1024, total * 8));
  const linked = new Set<number>();
  const link = (a: number, b: number, rel: number): boolean => {
    const key = Math.min(a, b) * total + Math.max(a, b);
    if (a === b || linked.has(key)) return false;
    linked.add(key);
    addEdge(edges, asn[a], asn[b], rel);
    return true;
  };
  // One ticket per customer gained: drawing a ticket is drawing a provider in proportion to its customers.
  let tickets = new Int32Array(total * 4);
  let nTickets = 0;
  const buyFrom = (x: number, candidates: number, mean: number) => {
    const k = Math.min(candidates, providerCount(rng, mean, 12));
    for (let got = 0, tries = 0; got < k && tries < 50 * k; tries++) {
      const p = nTickets === 0 || rng() < 0.25 ? uniformInt(rng, candidates) : tickets[uniformInt(rng, nTickets)];
      if (!link(p, x, P2C)) continue;
      got++;
      if (nTickets === tickets.length) {
        const next = new Int32Array(tickets.length * 2);
        next.set(tickets);
        tickets = next;
      }
      tickets[nTickets++] = p;
    }
  };

  let next = 0;
  const take = (count: number) => {
    const ids = Array.from({ length: count }, (_, i) => next + i);
    next += count;
    return ids;
  };
  const tier1 = take(P.tier1);
  for (let i = 0; i < tier1.length; i++) for (let j = i + 1; j < tier1.length; j++) link(tier1[i], tier1[j], P2P);

  const transit: number[][] = [];
  for (const count of P.transit) {
    const tierStart = next;
    const tier = take(count);
    for (const x of tier) {
      buyFrom(x, tierStart, P.transitProviders);
      const peers = Math.round(P.transitPeers * 2 * rng());
      for (let i = 0; i < peers && x > tierStart; i++) link(x, tierStart + uniformInt(rng, x - tierStart), P2P);
    }
    transit.push(tier);
  }
  const eyeballs = take(P.eyeballs);
  const eyeballStart = eyeballs[0] ?? next;
  for (const x of eyeballs) buyFrom(x, eyeballStart, P.eyeballProviders);
  const stubs = take(P.stubs);
  const stubStart = stubs[0] ?? next;
  for (const x of stubs) buyFrom(x, stubStart, P.stubProviders);

  const ixps = makeIxps(P, rng, P.tier1, stubStart, total, link).map((ixp) => ({
    name: ixp.name,
    members: ixp.members.map((m) => asn[m]),
    routeServer: ixp.routeServer.map((m) => asn[m]),
  }));

  const toAsn = (ids: number[]) => ids.map((i) => asn[i]);
  edges.tier1 = toAsn(tier1);
  return {
    edges,
    tier1: edges.tier1,
    transit: transit.map(toAsn),
    eyeballs: toAsn(eyeballs),
    stubs: toAsn(stubs),
    ixps,
    prefixes: clientPrefixes(toAsn(eyeballs), P.eyeballPrefixes, rng),
  };
}

/**
 * Members are drawn from below the clique (tier-1s peer privately): half from transit
 * and eyeball ISPs, half from stubs (content and enterprise networks join IXPs too).
 */
function makeIxps(
  P: TopologyParams,
  rng: Rng,
  firstNonTier1: number,
  stubStart: number,
  total: number,
  link: (a: number, b: number, rel: number) => boolean,
): Ixp[] {
  const out: Ixp[] = [];
  const isps = stubStart - firstNonTier1;
  const stubs = total - stubStart;
  for (let i = 0; i < P.ixps; i++) {
    const size = Math.min(P.ixpMaxMembers, Math.floor(pareto(rng, P.ixpMinMembers, P.ixpShape)), isps + stubs);
    const members = new Set<number>();
    for (let tries = 0; members.size < size && tries < 20 * size; tries++) {
      const fromIsps = stubs === 0 || (isps > 0 && rng() < 0.5);
      members.add(fromIsps ? firstNonTier1 + uniformInt(rng, isps) : stubStart + uniformInt(rng, stubs));
    }
    const list = [...members].sort((a, b) => a - b);
    const rs = list.filter(() => rng() < P.routeServerShare);
    for (let a = 0; a < rs.length; a++) for (let b = a + 1; b < rs.length; b++) link(rs[a], rs[b], P2P);
    out.push({ name: `IX${i + 1}`, members: list, routeServer: rs });
  }
  return out;
}

/** IPv4 blocks of /16 to /22 handed out in order from 16.0.0.0, plus one IPv6 /32 each under 2400::/12. */
function clientPrefixes(eyeballs: number[], perEyeball: number, rng: Rng): Announcement[] {
  const out: Announcement[] = [];
  let cursor = 16 * 2 ** 24;
  eyeballs.forEach((asn, i) => {
    const count = Math.max(1, Math.round(perEyeball * 2 * rng()));
    for (let k = 0; k < count; k++) {
      const length = 16 + uniformInt(rng, 7);
      const size = 2 ** (32 - length);
      cursor = Math.ceil(cursor / size) * size;
      if (cursor + size > 224 * 2 ** 24) throw new RangeError('synthetic topology ran out of IPv4 space for client prefixes');
      out.push({ asn, prefix: formatPrefix(4, Uint32Array.of(cursor), length) });
      cursor += size;
    }
    const v6 = Uint32Array.of((0x2400 << 16) + i + 1, 0, 0, 0);
    if (i + 1 >= 1 << 20) throw new RangeError('synthetic topology ran out of IPv6 space for client prefixes');
    out.push({ asn, prefix: formatPrefix(6, v6, 32) });
  });
  return out;
}
