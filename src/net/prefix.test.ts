import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { covers, formatAddress, parseAddress, parsePrefix } from './prefix.js';
import { createTrie, findPrefix, insertPrefix, longestMatch } from './trie.js';

const prefix = (s: string) => {
  const r = parsePrefix(s);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};
const address = (s: string) => {
  const r = parseAddress(s);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe('prefixes', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['192.0.2.1/32', '192.0.2.1/32'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['2001:db8:0:0:1:0:0:0/80', '2001:db8:0:0:1::/80'],
    ['2001:0:0:1:0:0:0:0/64', '2001:0:0:1::/64'],
    ['::/0', '::/0'],
    ['::ffff:192.0.2.0/120', '::ffff:c000:200/120'],
  ])('%s is canonically %s', (text, canonical) => {
    expect(prefix(text).text).toBe(canonical);
  });

  it.each([
    ['10.0.0.0', 'is not a prefix'],
    ['10.0.0.0/33', 'longer than 32 bits'],
    ['10.0.0.256/32', 'not an IPv4 address'],
    ['010.0.0.0/8', 'not an IPv4 address'],
    ['10.1.0.0/8', 'host bits set; did you mean 10.0.0.0/8?'],
    ['2001:db8::1::/64', 'not an IPv6 address'],
    ['2001:db8:1:2:3:4:5:6:7/64', 'not an IPv6 address'],
    ['2001:db8::1/32', 'did you mean 2001:db8::/32?'],
  ])('rejects %s', (text, message) => {
    const r = parsePrefix(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });

  it('formats any IPv6 address back to itself', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 0, 0, 1, 0xffff, 0xdb8), { minLength: 8, maxLength: 8 }), (groups) => {
        const text = groups.map((g) => g.toString(16)).join(':');
        const a = address(text);
        const again = address(formatAddress(6, a.words));
        expect(Array.from(again.words)).toEqual(Array.from(a.words));
        expect(formatAddress(6, a.words)).not.toMatch(/::.*::/);
      }),
    );
  });

  it('tells which prefixes cover which', () => {
    expect(covers(prefix('10.0.0.0/8'), prefix('10.2.0.0/16'))).toBe(true);
    expect(covers(prefix('10.2.0.0/16'), prefix('10.0.0.0/8'))).toBe(false);
    expect(covers(prefix('10.0.0.0/8'), address('11.0.0.1'))).toBe(false);
    expect(covers(prefix('::/0'), address('10.0.0.1'))).toBe(false);
  });
});

describe('prefix trie', () => {
  it('finds the longest accepted match, per family', () => {
    const t = createTrie(4);
    const ids = ['0.0.0.0/0', '10.0.0.0/8', '10.2.0.0/16', '10.2.128.0/17', '2001:db8::/32', '2001:db8:1::/48'];
    ids.forEach((p, i) => expect(insertPrefix(t, prefix(p), i)).toBe(-1));
    expect(insertPrefix(t, prefix('10.0.0.0/8'), 99)).toBe(1);
    const all = () => true;
    expect(longestMatch(t, address('10.2.200.1'), all)).toBe(3);
    expect(longestMatch(t, address('10.2.1.1'), all)).toBe(2);
    expect(longestMatch(t, address('10.3.0.1'), all)).toBe(1);
    expect(longestMatch(t, address('11.0.0.1'), all)).toBe(0);
    expect(longestMatch(t, address('10.2.200.1'), (id) => id !== 3)).toBe(2);
    expect(longestMatch(t, address('2001:db8:1::5'), all)).toBe(5);
    expect(longestMatch(t, address('2001:db9::'), all)).toBe(-1);
    expect(findPrefix(t, prefix('10.2.0.0/16'))).toBe(2);
    expect(findPrefix(t, prefix('10.2.0.0/15'))).toBe(-1);
  });

  it('agrees with a linear scan on random prefixes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 0xffffffff }), fc.integer({ min: 0, max: 32 })), { maxLength: 30 }),
        fc.array(fc.nat({ max: 0xffffffff }), { minLength: 1, maxLength: 10 }),
        (entries, addrs) => {
          const t = createTrie(2);
          const stored: ReturnType<typeof prefix>[] = [];
          for (const [bits, len] of entries) {
            const masked = len === 0 ? 0 : (bits & (0xffffffff << (32 - len))) >>> 0;
            const p = prefix(`${formatAddress(4, Uint32Array.of(masked))}/${len}`);
            if (insertPrefix(t, p, stored.length) < 0) stored.push(p);
          }
          for (const a of addrs) {
            const addr = { family: 4 as const, words: Uint32Array.of(a) };
            let best = -1;
            stored.forEach((p, i) => {
              if (covers(p, addr) && (best < 0 || p.length > stored[best].length)) best = i;
            });
            expect(longestMatch(t, addr, () => true)).toBe(best);
          }
        },
      ),
    );
  });
});
