/**
 * IP prefixes and addresses, IPv4 and IPv6, as big-endian 32-bit words (one word for
 * IPv4, four for IPv6), so the trie walks bits with shifts and no allocation.
 * Parsers return a message instead of throwing, for callers to place in an InputError.
 */

export interface Address {
  family: 4 | 6;
  words: Uint32Array;
}

export interface Prefix extends Address {
  length: number;
  /** Canonical text: dotted quad or RFC 5952 IPv6, then /length. */
  text: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

const fail = <T>(message: string): ParseResult<T> => ({ ok: false, message });

function parseIpv4Words(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = v * 256 + n;
  }
  return v;
}

function parseIpv6Words(text: string): Uint32Array | undefined {
  let s = text;
  // An embedded dotted quad is the last 32 bits (e.g. ::ffff:192.0.2.1): rewrite it as two groups.
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    const v4 = parseIpv4Words(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const given = head.length + rest.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return undefined;
  const all = [...head, ...new Array<string>(8 - given).fill('0'), ...rest];
  const words = new Uint32Array(4);
  for (let i = 0; i < 8; i++) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(all[i])) return undefined;
    words[i >> 1] |= parseInt(all[i], 16) << (i & 1 ? 0 : 16);
  }
  return words;
}

export function parseAddress(text: string): ParseResult<Address> {
  const t = text.trim();
  if (t.includes(':')) {
    const words = parseIpv6Words(t);
    return words ? { ok: true, value: { family: 6, words } } : fail(`'${text}' is not an IPv6 address`);
  }
  const v4 = parseIpv4Words(t);
  return v4 === undefined ? fail(`'${text}' is not an IPv4 address`) : { ok: true, value: { family: 4, words: Uint32Array.of(v4) } };
}

/** "10.0.0.0/8", "2001:db8::/32". Host bits must be zero: "10.1.0.0/8" is a typo, not a /8. */
export function parsePrefix(text: string): ParseResult<Prefix> {
  if (typeof text !== 'string') return fail(`expected a prefix such as 10.0.0.0/8, got ${typeof text}`);
  const m = /^\s*([^/\s]+)\/(\d{1,3})\s*$/.exec(text);
  if (!m) return fail(`'${text}' is not a prefix (expected address/length, e.g. 10.0.0.0/8 or 2001:db8::/32)`);
  const addr = parseAddress(m[1]);
  if (!addr.ok) return fail(`'${text}' is not a prefix: ${addr.message}`);
  const length = Number(m[2]);
  const max = addr.value.family === 4 ? 32 : 128;
  if (length > max) return fail(`'${text}': length ${length} is longer than ${max} bits`);
  const masked = maskWords(addr.value.words, length);
  if (masked.some((w, i) => w !== addr.value.words[i])) {
    const fixed = formatPrefix(addr.value.family, masked, length);
    return fail(`'${text}' has host bits set; did you mean ${fixed}?`);
  }
  return { ok: true, value: { ...addr.value, length, text: formatPrefix(addr.value.family, masked, length) } };
}

function maskWords(words: Uint32Array, length: number): Uint32Array {
  const out = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) {
    const bits = Math.max(0, Math.min(32, length - 32 * i));
    out[i] = bits === 0 ? 0 : bits === 32 ? words[i] : (words[i] & (0xffffffff << (32 - bits))) >>> 0;
  }
  return out;
}

export function formatAddress(family: 4 | 6, words: Uint32Array): string {
  if (family === 4) {
    const v = words[0];
    return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  const g: number[] = [];
  for (let i = 0; i < 4; i++) g.push(words[i] >>> 16, words[i] & 0xffff);
  // RFC 5952: compress the longest run of two or more zero groups, the first on a tie.
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(':');
  if (bestAt < 0) return hex(g);
  return `${hex(g.slice(0, bestAt))}::${hex(g.slice(bestAt + bestLen))}`;
}

export function formatPrefix(family: 4 | 6, words: Uint32Array, length: number): string {
  return `${formatAddress(family, words)}/${length}`;
}

/** Bit `i` (0 = most significant) of an address. */
export function bitAt(words: Uint32Array, i: number): number {
  return (words[i >>> 5] >>> (31 - (i & 31))) & 1;
}

/** Whether `inner` lies inside `outer` (same family, at least as long, same leading bits). */
export function covers(outer: Prefix, inner: Address & { length?: number }): boolean {
  if (outer.family !== inner.family) return false;
  if (inner.length !== undefined && inner.length < outer.length) return false;
  for (let i = 0; i < outer.length; i++) if (bitAt(outer.words, i) !== bitAt(inner.words, i)) return false;
  return true;
}
