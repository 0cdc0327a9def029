/**
 * Scenario sections for the network: `topology` (the AS graph: a CAIDA file, a
 * generator, or inline links; IXPs), `prefixes` (who announces what), `links` (link
 * capacities, delays, loss) and `nodes` (extra link endpoints). Structure and units
 * are checked here; checks that span sections or need the whole graph (an unknown
 * ASN, a link to an unknown node, a cycle) are `networkIssues` / `buildNetwork` in
 * ./network.ts, the same rules the file loaders apply.
 */
import * as z from 'zod';
import { bitrate, duration, nonNegative, positive } from '../scenario/types.js';
import { isAsn } from './graph/edges.js';
import { parseAsRel } from './graph/caida.js';
import { buildGraph } from './graph/graph.js';
import { InputError } from '../errors.js';
import { LINK_KINDS } from './flows/links.js';
import { parsePrefix } from './prefix.js';

export const asn = () =>
  z
    .number()
    .refine(isAsn, { message: 'an AS number is an integer from 1 to 4294967295' })
    .meta({ description: 'AS number' });

const prefix = () =>
  z.string().superRefine((s, ctx) => {
    const r = parsePrefix(s);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
  });

/** One inline relationship: CAIDA's 'a|b|-1' / 'a|b|0', or {provider, customer}, or {peers: [a, b]}. */
const relationship = z.union([
  z.string().meta({ description: "CAIDA as-rel row: 'provider|customer|-1' or 'peer|peer|0'" }),
  z.strictObject({ provider: asn(), customer: asn() }),
  z.strictObject({ peers: z.tuple([asn(), asn()]) }),
]);

export const ixpSchema = z.strictObject({
  name: z.string().min(1).meta({ description: 'IXP name; usable as a link endpoint' }),
  members: z.array(asn()).default([]),
  routeServer: z
    .array(asn())
    .default([])
    .meta({ description: 'members peering multilaterally through the route server: each pair becomes a peer link' }),
});

const count = (max: number) => z.number().int().min(0).max(max);

export const generateSchema = z.strictObject({
  preset: z.enum(['small', 'internet']).default('small').meta({ description: "'small' (~330 ASes) or 'internet' (CAIDA-sized; scale with ases)" }),
  ases: z.number().int().min(20).max(1_000_000).optional().meta({ description: "total ASes for the 'internet' preset (default 78000)" }),
  seed: z.number().int().min(0).optional(),
  tier1: count(1000).optional(),
  transit: z.array(count(1_000_000)).optional(),
  eyeballs: count(1_000_000).optional(),
  stubs: count(1_000_000).optional(),
  ixps: count(100_000).optional(),
  eyeballPrefixes: z.number().min(0).max(64).optional(),
});

export const topologySection = z
  .strictObject({
    file: z.string().optional().meta({ description: 'CAIDA as-rel file (serial-1 or serial-2; .gz, .bz2)' }),
    generate: generateSchema.optional(),
    links: z.array(relationship).optional().meta({ description: 'inline AS relationships' }),
    ases: z.array(asn()).default([]).meta({ description: 'ASes with no links (inline topologies)' }),
    ixps: z.array(ixpSchema).default([]),
  })
  .superRefine((t, ctx) => {
    const given = (['file', 'generate', 'links'] as const).filter((k) => t[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `give exactly one of file, generate or links (got ${given.length === 0 ? 'none' : given.join(', ')})` });
      return;
    }
    if (t.links) {
      let rowsOk = true;
      inlineRows(t.links).forEach((row, i) => {
        try {
          parseAsRel(row);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          rowsOk = false;
          ctx.addIssue({ code: 'custom', message: e.message, path: ['links', i] });
        }
      });
      // Contradictions and cycles need the whole graph; only meaningful once every row parses.
      if (rowsOk) checkInlineGraph(t.links, ctx);
    }
  });

/** Inline relationships as CAIDA rows, so they go through the file parser's rules. */
export function inlineRows(links: readonly z.output<typeof relationship>[]): string[] {
  return links.map((l) => (typeof l === 'string' ? l : 'provider' in l ? `${l.provider}|${l.customer}|-1` : `${l.peers[0]}|${l.peers[1]}|0`));
}

function checkInlineGraph(links: readonly z.output<typeof relationship>[], ctx: z.RefinementCtx): void {
  try {
    buildGraph(parseAsRel(inlineRows(links).join('\n')));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const line = e.where.line;
    ctx.addIssue({ code: 'custom', message: e.message, path: line === undefined ? ['links'] : ['links', line - 1] });
  }
}

export const prefixesSection = z
  .array(
    z.strictObject({
      asn: asn(),
      prefixes: z.array(prefix()).min(1).meta({ description: 'IPv4 or IPv6 prefixes this AS originates' }),
    }),
  )
  .meta({ description: 'origin announcements' });

export const linkSchema = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(LINK_KINDS),
  a: z.string().min(1).meta({ description: "endpoint: 'AS<asn>', an IXP name, or a name from nodes" }),
  b: z.string().min(1),
  capacity: positive(bitrate(), 'capacity').meta({ description: 'a to b, e.g. "100Gbps"' }),
  reverseCapacity: positive(bitrate(), 'reverseCapacity').optional().meta({ description: 'b to a (default: capacity)' }),
  delay: nonNegative(duration(), 'delay').default(0).meta({ description: 'one-way propagation delay, e.g. "4ms"' }),
  loss: z.number().min(0).lt(1).default(0).meta({ description: 'packet loss probability' }),
});

export const linksSection = z.array(linkSchema).meta({ description: 'links with capacities (full duplex)' });

export const nodesSection = z.array(z.string().min(1)).meta({ description: 'link endpoints other than ASes and IXPs (sites, client aggregates)' });

/** The sections as a zod shape, to spread into a model's `sections`. */
export const networkSections = {
  topology: topologySection,
  prefixes: prefixesSection.default([]),
  links: linksSection.default([]),
  nodes: nodesSection.default([]),
};

export type TopologyInput = z.output<typeof topologySection>;
export type PrefixesInput = z.output<typeof prefixesSection>;
export type LinksInput = z.output<typeof linksSection>;
export interface NetworkInput {
  topology: TopologyInput;
  prefixes?: PrefixesInput;
  links?: LinksInput;
  nodes?: string[];
}
