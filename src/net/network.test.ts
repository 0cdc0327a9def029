import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { InputError } from '../errors.js';
import { lookup } from './bgp/table.js';
import { routeOf } from './flows/links.js';
import { indexOfAsn, neighbours } from './graph/graph.js';
import { buildNetwork } from './network.js';
import { networkSections } from './schema.js';
import { FIXTURE_AS_REL } from './test-helpers/fixtures.js';

const schema = z.strictObject(networkSections);
const parse = (data: unknown) => schema.parse(data);
const issues = (data: unknown) => schema.safeParse(data).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

const inline = {
  topology: {
    links: ['100|10|-1', { provider: 100, customer: 20 }, { peers: [10, 20] }, '20|7018|-1'],
    ixps: [{ name: 'AMS-IX', members: [7018], routeServer: [10, 20] }],
  },
  prefixes: [{ asn: 7018, prefixes: ['12.0.0.0/8', '2001:db8::/32'] }],
  nodes: ['oca-1'],
  links: [
    { name: 'embedded', kind: 'access', a: 'oca-1', b: 'AS7018', capacity: '100Gbps', delay: '1ms' },
    { name: 'port', kind: 'ixp-port', a: 'AS7018', b: 'AMS-IX', capacity: '400Gbps', reverseCapacity: '100Gbps', loss: 0.0001 },
  ],
};

describe('network sections', () => {
  it('parse units and build graph, routes and links', () => {
    const net = buildNetwork(parse(inline));
    expect(net.graph.size).toBe(4);
    // 10 and 20 already peer, so the route server adds nothing between them.
    expect(neighbours(net.graph, indexOfAsn(net.graph, 10)).peers).toEqual([20]);
    expect(lookup(net.routes, 10, '12.1.2.3')).toEqual({ prefix: '12.0.0.0/8', path: [10, 20, 7018], relationship: 'peer' });
    expect(Array.from(net.links.capacity)).toEqual([100e9, 100e9, 400e9, 100e9]);
    expect(net.links.delay[0]).toBe(0.001);
    expect(Array.from(routeOf(net.links, ['oca-1', 'AS7018', 'AMS-IX']))).toEqual([0, 2]);
  });

  it('adds route-server peerings between IXP members', () => {
    const net = buildNetwork(parse({ topology: { links: ['1|2|-1', '1|3|-1', '1|4|-1'], ixps: [{ name: 'IX', routeServer: [2, 3, 4] }] } }));
    expect(neighbours(net.graph, indexOfAsn(net.graph, 2)).peers).toEqual([3, 4]);
    expect(net.ixps[0].members).toEqual([2, 3, 4]);
  });

  it('reads a CAIDA file relative to the scenario folder, and generates topologies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'net-'));
    writeFileSync(join(dir, 'g.txt'), FIXTURE_AS_REL);
    expect(buildNetwork(parse({ topology: { file: 'g.txt' } }), { baseDir: dir }).graph.linkCount).toBe(12);
    const gen = buildNetwork(parse({ topology: { generate: { seed: 3 } } }));
    expect(gen.generated?.eyeballs.length).toBe(50);
    expect(gen.routes.prefixes.length).toBe(gen.generated?.prefixes.length);
  });

  it('reports structural problems with the field path', () => {
    expect(issues({ topology: {} })).toEqual(['topology: give exactly one of file, generate or links (got none)']);
    expect(issues({ topology: { links: ['1|2|-1', '2|x|0'] } })).toEqual(["topology.links.1: 'x' is not an AS number (1 to 4294967295)"]);
    expect(issues({ topology: { links: ['1|2|-1', '2|1|-1'] } })).toEqual([
      'topology.links.1: AS 2 provider of AS 1 contradicts an earlier link between the same ASes (line 1 says AS 1 provider of AS 2)',
    ]);
    expect(issues({ topology: { links: ['1|2|-1', '2|3|-1', '3|1|-1'] } })[0]).toMatch(/^topology.links: provider\/customer cycle: /);
    expect(issues({ topology: { links: [] }, prefixes: [{ asn: 1, prefixes: ['10.0.0.1/8'] }] })).toEqual([
      "prefixes.0.prefixes.0: '10.0.0.1/8' has host bits set; did you mean 10.0.0.0/8?",
    ]);
    expect(issues({ topology: { links: [] }, links: [{ name: 'x', kind: 'wifi', a: 'a', b: 'b', capacity: '1Gbps' }] })[0]).toMatch(/^links.0.kind/);
    expect(issues({ topology: { links: [] }, links: [{ name: 'x', kind: 'pni', a: 'a', b: 'b', capacity: '-1Gbps' }] })).toEqual([
      'links.0.capacity: capacity must be greater than 0',
    ]);
  });

  it('convert to JSON Schema for editors', () => {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, unknown> };
    expect(Object.keys(json.properties).sort()).toEqual(['links', 'nodes', 'prefixes', 'topology']);
    expect(JSON.stringify(json.properties.links)).toContain('ixp-port');
  });

  it('reports cross-section problems as InputErrors naming the field', () => {
    const bad = parse({
      ...inline,
      prefixes: [{ asn: 64512, prefixes: ['10.0.0.0/8'] }],
      links: [{ name: 'l', kind: 'pni', a: 'AS10', b: 'nowhere', capacity: 1e9 }],
    });
    let err: InputError | undefined;
    try {
      buildNetwork(bad);
    } catch (e) {
      err = e as InputError;
    }
    expect(err).toBeInstanceOf(InputError);
    expect([err!, ...err!.more].map((e) => e.format())).toEqual([
      'prefixes[0].asn: AS 64512 is not in the AS graph',
      "links[0].b: link to an unknown node 'nowhere'",
    ]);
    expect(() => buildNetwork(parse({ topology: { file: 'missing.txt' } }))).toThrow('no such file');
  });
});
