import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { simulate } from '../run/simulate.js';
import { loadScenarioFile, parseScenario } from '../scenario/load.js';
import { scenarioJsonSchema } from '../scenario/schema.js';
import { cdnsim, repoRoot, tempDir } from '../test-helpers/cli.js';

const shipped = join(repoRoot, 'scenarios', 'bgp-failover.yaml');

interface EventFigures {
  at: number;
  kind: string;
  convergenceTime: number;
  announcements: number;
  withdrawals: number;
  settled: boolean;
  sameInstantAs?: number;
}

interface Summary {
  events: EventFigures[];
  totals: { announcements: number; withdrawals: number; updatesProcessed: number };
  quietAtEnd: boolean;
  asesWithRoute: Record<string, number>;
  steadyStateAgrees: boolean;
  steadyStateDisagreements: number;
}

async function run(text: string, baseDir = '.'): Promise<Summary> {
  const r = await simulate(parseScenario(text, 'test.yaml'), { baseDir });
  return r.summary as unknown as Summary;
}

function problems(text: string): string[] {
  try {
    parseScenario(text, 'test.yaml');
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return [e, ...e.more].map((err) => err.format());
  }
  return [];
}

// A line of providers: 10 over 20 over 30, and 40 a second provider of 30.
const line = (events: string, extra = '') => `
name: t
model: bgp
duration: 10min
topology: { links: ['10|20|-1', '20|30|-1', '40|30|-1', '10|40|0'] }
prefixes: [{ asn: 30, prefixes: [192.0.2.0/24] }, { asn: 10, prefixes: [192.0.2.0/24] }]
${extra}
events:
${events}
`;

describe('model: bgp', () => {
  it('the shipped scenario validates, and the network sections are in the JSON Schema', () => {
    expect(loadScenarioFile(shipped).model).toBe('bgp');
    const schema = JSON.stringify(scenarioJsonSchema());
    for (const field of ['"topology"', '"prefixes"', '"linkDown"', '"mraiWithdrawals"']) expect(schema).toContain(field);
  });

  it('the failover timeline: positive convergence, MRAI stretches the failover, final RIBs equal the steady state', async () => {
    const s = await run(readFileSync(shipped, 'utf8'));
    expect(s.events.map((e) => e.kind)).toEqual(['announce', 'linkDown', 'linkUp', 'withdraw']);
    for (const e of s.events) {
      expect(e.convergenceTime).toBeGreaterThan(0);
      expect(e.announcements + e.withdrawals).toBeGreaterThan(0);
      expect(e.settled).toBe(true);
    }
    // AS 3356 first falls back on a path that also used the failed link; MRAI holds the next one.
    expect(s.events[1].convergenceTime).toBeGreaterThan(5);
    expect(s.events[1].convergenceTime).toBeLessThanOrEqual(30.1);
    expect(s.events[0].convergenceTime).toBeLessThan(1);
    expect(s.events[3].withdrawals).toBeGreaterThan(0);
    expect(s.totals.announcements).toBe(s.events.reduce((n, e) => n + e.announcements, 0));
    expect(s.asesWithRoute['203.0.113.0/24']).toBe(0);
    expect([s.quietAtEnd, s.steadyStateAgrees, s.steadyStateDisagreements]).toEqual([true, true, 0]);
  });

  it('on a generated topology, over replications, deterministically', async () => {
    const text = `
name: gen
model: bgp
seed: 7
replications: 2
duration: 20min
topology: { generate: { preset: small, seed: 3 } }
prefixes: [{ asn: 310, prefixes: [198.51.100.0/24] }]
bgp: { mrai: 5s }
events:
  - { at: 0s, announce: { asn: 310, prefix: 198.51.100.0/24 } }
  - { at: 5min, linkDown: [310, 5] }
  - { at: 10min, linkDown: [310, 30] }
  - { at: 15min, linkUp: [5, 310] }
`;
    const a = await run(text);
    expect(a.steadyStateAgrees).toBe(true);
    expect(a.asesWithRoute['198.51.100.0/24']).toBeGreaterThan(300);
    for (const e of a.events) expect(e.convergenceTime).toBeGreaterThan(0);
    expect(JSON.stringify(await run(text))).toBe(JSON.stringify(a));
  });

  it('events at one instant share a window; a run that ends busy goes on until quiet', async () => {
    const s = await run(
      line(`
  - { at: 0s, announce: { asn: 30, prefix: 192.0.2.0/24 } }
  - { at: 0s, announce: { asn: 10, prefix: 192.0.2.0/24 } }
  - { at: 9min, withdraw: { asn: 10, prefix: 192.0.2.0/24 } }
  - { at: 599.99s, linkDown: [20, 30] }`),
    );
    expect(s.events[1]).toMatchObject({ kind: 'announce', sameInstantAs: 0 });
    expect(s.events[1].convergenceTime).toBeUndefined();
    expect(s.events[0].announcements).toBeGreaterThan(0);
    expect(s.quietAtEnd).toBe(false);
    expect(s.events[3].convergenceTime).toBeGreaterThan(0.01);
    expect(s.steadyStateAgrees).toBe(true);
  });

  it('scenario-only checks: time order, the run length, origins listed under prefixes, a link of two ASes', () => {
    expect(
      problems(
        line(`
  - { at: 2min, announce: { asn: 20, prefix: 192.0.2.0/24 } }
  - { at: 1min, linkDown: [20, 20] }
  - { at: 10min, withdraw: { asn: 30, prefix: 192.0.2.0/24 } }
  - { at: 1h }`),
      ),
    ).toEqual([
      'test.yaml:13:5: events[3]: give exactly one of announce, withdraw, linkDown, linkUp (got none)',
      'test.yaml:10:27: events[0].announce: AS 20 is not listed under prefixes as an origin of 192.0.2.0/24',
      'test.yaml:11:11: events[1].at: events must be in time order: this one is before events[0] (120 s)',
      'test.yaml:11:27: events[1].linkDown: an AS link joins two different ASes (got AS 20 twice)',
      'test.yaml:12:11: events[2].at: 600 s is not before the end of the run (duration 600 s)',
      'test.yaml:13:11: events[3].at: 3600 s is not before the end of the run (duration 600 s)',
    ]);
  });

  it('graph checks of a file topology come from prepare, naming the field', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'g.txt'), '10|20|-1\n20|30|-1\n');
    const text = `
name: f
model: bgp
duration: 1h
topology: { file: g.txt }
prefixes: [{ asn: 30, prefixes: [192.0.2.0/24] }]
events: [{ at: 0s, announce: { asn: 30, prefix: 192.0.2.0/24 } }, { at: 1s, linkDown: [10, 30] }]
`;
    const err = await simulate(parseScenario(text, 'f.yaml'), { baseDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).format()).toBe('events[1].linkDown: there is no AS link between AS 10 and AS 30');
    const ok = await run(text.replace('[10, 30]', '[20, 30]'), dir);
    expect([ok.steadyStateAgrees, ok.asesWithRoute['192.0.2.0/24']]).toEqual([true, 1]);
  });
});

describe('cdnsim run with model: bgp, bad references', () => {
  const dir = tempDir();
  const base = readFileSync(shipped, 'utf8');

  it('an ASN not in the graph: file:line:col, exit 2', () => {
    const file = join(dir, 'bad-asn.yaml');
    writeFileSync(file, base.replace('withdraw: { asn: 64500', 'withdraw: { asn: 64999'));
    const r = cdnsim(['run', file, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-asn\.yaml:\d+:\d+: events\[3\]\.withdraw\.asn: AS 64999 is not in the AS graph\n$/);
  });

  it('a link that does not exist: file:line:col, exit 2', () => {
    const file = join(dir, 'bad-link.yaml');
    writeFileSync(file, base.replace('linkUp: [64500, 64510]', 'linkUp: [64500, 64602]'));
    const r = cdnsim(['run', file, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-link\.yaml:\d+:\d+: events\[2\]\.linkUp: there is no AS link between AS 64500 and AS 64602\n$/);
  });
});
