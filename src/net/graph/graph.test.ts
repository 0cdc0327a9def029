import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.js';
import { FIXTURE_AS_REL } from '../test-helpers/fixtures.js';
import { loadAsRelFile, loadAsRelFileSync, parseAsRel } from './caida.js';
import { buildGraph, indexOfAsn, neighbours, withoutLinks } from './graph.js';

const graph = () => buildGraph(parseAsRel(FIXTURE_AS_REL, 'fixture.txt'));

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('AS graph', () => {
  it('builds CSR adjacency grouped by relationship, indices in ASN order', () => {
    const g = graph();
    expect(Array.from(g.asn)).toEqual([1, 2, 3, 4, 10, 20, 30, 100, 200]);
    expect(g.linkCount).toBe(12);
    expect(neighbours(g, indexOfAsn(g, 20))).toEqual({ customers: [2, 3], peers: [30], providers: [100, 200] });
    expect(neighbours(g, indexOfAsn(g, 1))).toEqual({ customers: [], peers: [3], providers: [10] });
    for (let k = 0; k < g.neighbour.length; k++) {
      expect(g.neighbour[g.reverse[k]]).toBe(g.slotOwner[k]);
      expect(g.slotLink[g.reverse[k]]).toBe(g.slotLink[k]);
    }
  });

  it('ranks ASes as bgpsimulator does: 0 without customers, else 1 + highest customer', () => {
    const g = graph();
    const rank = (asn: number) => g.rank[indexOfAsn(g, asn)];
    expect([1, 2, 3, 4].map(rank)).toEqual([0, 0, 0, 0]);
    expect([10, 20, 30].map(rank)).toEqual([1, 1, 1]);
    expect([100, 200].map(rank)).toEqual([2, 2]);
    const order = Array.from(g.byRank, (x) => g.rank[x]);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('reports a provider/customer cycle with the ASes on it', () => {
    const e = inputError(() => buildGraph(parseAsRel('1|2|-1\n2|3|-1\n3|1|-1\n3|4|-1\n5|1|-1', 'cyc.txt')));
    expect(e.message).toMatch(/provider\/customer cycle: AS (\d+) -> AS \d+ -> AS \d+ -> AS \1/);
    expect(e.message).toContain('4 ASes on or above cycles');
    expect(e.where.file).toBe('cyc.txt');
  });

  it('drops exact repeats and rejects contradictions at their line', () => {
    expect(buildGraph(parseAsRel('1|2|-1\n1|2|-1\n2|3|0\n3|2|0')).linkCount).toBe(2);
    const e = inputError(() => buildGraph(parseAsRel('1|2|-1\n3|4|0\n2|1|-1', 'dup.txt')));
    expect(e.format()).toBe('dup.txt:3: AS 2 provider of AS 1 contradicts an earlier link between the same ASes (line 1 says AS 1 provider of AS 2)');
  });

  it('removes links and rebuilds', () => {
    const g = graph();
    const drop = g.slotLink[g.offset[indexOfAsn(g, 100)]];
    const h = withoutLinks(g, (l) => l === drop);
    expect(h.linkCount).toBe(11);
    expect(h.size).toBe(9);
  });
});

describe('CAIDA as-rel parsing', () => {
  it('reads serial-1 and serial-2 rows, comments and the clique / IXP lines', () => {
    const e = parseAsRel('# input clique: 174 3356\n# IXP ASes: 6777\n174|3356|0\n3356|64500|-1|bgp\r\n\n');
    expect(e.count).toBe(2);
    expect(e.tier1).toEqual([174, 3356]);
    expect(e.ixpAsns).toEqual([6777]);
  });

  it.each([
    ['1|2', 'f.txt:1:1: expected \'as1|as2|relationship\' or \'as1|as2|relationship|source\', got \'1|2\''],
    ['1|x|-1', "f.txt:1:3: 'x' is not an AS number (1 to 4294967295)"],
    ['0|2|-1', "f.txt:1:1: '0' is not an AS number (1 to 4294967295)"],
    ['1|2|1', "f.txt:1:5: relationship must be -1 (as1 is a provider of as2) or 0 (peers), got '1'"],
    ['7|7|0', 'f.txt:1:1: AS 7 has a link to itself'],
    ['1|2|-1|bgp|extra', "f.txt:1:1: expected 'as1|as2|relationship' or 'as1|as2|relationship|source', got '1|2|-1|bgp|extra'"],
  ])('rejects %s with file:line:column', (line, message) => {
    expect(inputError(() => parseAsRel(line, 'f.txt')).format()).toBe(message);
  });

  it('counts lines including comments', () => {
    expect(inputError(() => parseAsRel('# a\n# b\n1|2|-1\n1|2|x', 'f.txt')).where).toMatchObject({ line: 4, column: 5 });
  });

  it('streams plain, .gz and .bz2 files alike', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asrel-'));
    writeFileSync(join(dir, 'g.txt'), FIXTURE_AS_REL);
    writeFileSync(join(dir, 'g.txt.gz'), gzipSync(FIXTURE_AS_REL));
    const files = ['g.txt', 'g.txt.gz'];
    try {
      execFileSync('bzip2', ['-k', join(dir, 'g.txt')]);
      files.push('g.txt.bz2');
    } catch {
      // no bzip2 on this machine: the .bz2 path is then covered by its error message only
    }
    for (const f of files) {
      const streamed = buildGraph(await loadAsRelFile(join(dir, f)));
      const whole = buildGraph(loadAsRelFileSync(join(dir, f)));
      expect(streamed.linkCount, f).toBe(12);
      expect(Array.from(whole.neighbour), f).toEqual(Array.from(streamed.neighbour));
    }
  });

  it('names the file and line of a bad row in a stream, and a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asrel-'));
    writeFileSync(join(dir, 'bad.txt.gz'), gzipSync('1|2|-1\n2|3|-9\n'));
    await expect(loadAsRelFile(join(dir, 'bad.txt.gz'))).rejects.toMatchObject({ where: { line: 2, column: 5 } });
    await expect(loadAsRelFile(join(dir, 'nope.txt'))).rejects.toThrow('no such file');
    writeFileSync(join(dir, 'corrupt.gz'), 'not gzip at all');
    await expect(loadAsRelFile(join(dir, 'corrupt.gz'))).rejects.toThrow(/decompress/);
  });
});
