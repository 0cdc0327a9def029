/** The `cdnsim bgp` commands end to end, through the built CLI (run `npx tsc -p .` first). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURE_AS_REL } from './test-helpers/fixtures.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist/cli/main.js');
const conformanceDir = join(root, '../shared/conformance/bgp');
const cdnsim = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

const dir = mkdtempSync(join(tmpdir(), 'cdnsim-bgp-'));
const graph = join(dir, 'fixture.txt');
writeFileSync(graph, FIXTURE_AS_REL);

describe.runIf(existsSync(cli))('cdnsim bgp', () => {
  it('prints every RIB as JSON, receiver first', () => {
    const r = cdnsim('bgp', '--graph', graph, '--announce', '4=10.4.0.0/16', '--announce', 'AS2=2001:db8::/32', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out.ases).sort((a, b) => a - b)).toEqual(['1', '2', '3', '4', '10', '20', '30', '100', '200']);
    expect(out.ases['2']['10.4.0.0/16']).toEqual({ path: [2, 20, 30, 4], relationship: 'provider' });
    expect(out.ases['2']['2001:db8::/32']).toEqual({ path: [2], relationship: 'origin' });
  });

  it('answers longest-prefix-match lookups', () => {
    const r = cdnsim('bgp', '--graph', graph, '--announce', '2=10.2.0.0/16', '--announce', '1=10.2.128.0/17', '--lookup', '4=10.2.200.1', '--json');
    expect(JSON.parse(r.stdout)['4=10.2.200.1']).toEqual({ prefix: '10.2.128.0/17', path: [4, 30, 200, 100, 10, 1], relationship: 'provider' });
  });

  it.each([
    [['--announce', '99=10.0.0.0/8'], "announce '99=10.0.0.0/8': AS 99 is not in the AS graph"],
    [['--announce', '4=10.0.0.0/33'], "'10.0.0.0/33': length 33 is longer than 32 bits"],
    [['--announce', '4'], "expected ASN=PREFIX"],
    [[], 'give at least one --announce'],
  ])('exits 2 with one line for bad input %j', (args, message) => {
    const r = cdnsim('bgp', '--graph', graph, ...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });

  it('exits 2 naming file:line for malformed as-rel rows and cycles', () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '1|2|-1\n2|3|peer\n');
    let r = cdnsim('bgp', '--graph', bad, '--announce', '1=10.0.0.0/8');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`cdnsim: ${bad}:2:5: relationship must be -1 (as1 is a provider of as2) or 0 (peers), got 'peer'\n`);
    const cyc = join(dir, 'cycle.txt');
    writeFileSync(cyc, '1|2|-1\n2|3|-1\n3|1|-1\n');
    r = cdnsim('bgp', '--graph', cyc, '--announce', '1=10.0.0.0/8');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/provider\/customer cycle: AS \d -> AS \d -> AS \d -> AS \d/);
    r = cdnsim('bgp', '--graph', join(dir, 'missing.txt'), '--announce', '1=10.0.0.0/8');
    expect([r.status, r.stderr.trim()]).toEqual([2, `cdnsim: ${join(dir, 'missing.txt')}: no such file`]);
  });

  it('generates a topology the loader reads back', () => {
    const r = cdnsim('bgp', 'generate', '--ases', '300', '--seed', '2');
    expect(r.status).toBe(0);
    const file = join(dir, 'gen.txt');
    writeFileSync(file, r.stdout);
    const first = r.stdout.split('\n').find((l) => /^\d/.test(l))!.split('|')[0];
    const solved = cdnsim('bgp', '--graph', file, '--announce', `${first}=10.0.0.0/8`, '--json');
    const ribs = Object.values(JSON.parse(solved.stdout).ases) as object[];
    expect(ribs).toHaveLength(300);
    expect(ribs.every((rib) => '10.0.0.0/8' in rib)).toBe(true);
  });

  it.runIf(existsSync(conformanceDir))('conformance: every bgpsimulator case exact', () => {
    const r = cdnsim('bgp', 'conformance', conformanceDir, '--json');
    expect(r.status).toBe(0);
    const { cases } = JSON.parse(r.stdout);
    expect(cases.length).toBeGreaterThanOrEqual(4);
    for (const c of cases) expect(c.mismatches).toEqual([]);
  });

  it('conformance reports differences and exits 1', () => {
    const cases = join(dir, 'cases');
    mkdirSync(cases);
    const rib = (path: number[], rel: number) => ({ local_rib: { '10.0.0.0/8': { as_path: path, recv_relationship: rel } } });
    writeFileSync(
      join(cases, 'wrong.json'),
      JSON.stringify({
        as_graph: {
          ases: {
            1: { customer_asns: [2], peer_asns: [], provider_asns: [], policy: rib([1, 2], 2) },
            2: { customer_asns: [], peer_asns: [], provider_asns: [1], policy: rib([2], 4) },
          },
        },
      }),
    );
    const r = cdnsim('bgp', 'conformance', cases);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('AS 1 10.0.0.0/8: expected [1 2] (peer), got [1 2] (customer)');
  });
});
