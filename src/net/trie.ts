/**
 * A binary prefix trie per address family, nodes in typed arrays. Each node may carry
 * one prefix id. A lookup walks the address's bits and sees every stored prefix that
 * covers it, shortest first, so "the most specific prefix for which this AS has a
 * route" is the last accepted id on the walk.
 */
import { grow } from '../util/grow.js';
import { bitAt, type Address, type Prefix } from './prefix.js';

export interface PrefixTrie {
  /** Per family (index 0 IPv4, 1 IPv6): children and the prefix id at each node, -1 for none. */
  zero: [Int32Array, Int32Array];
  one: [Int32Array, Int32Array];
  id: [Int32Array, Int32Array];
  nodes: [number, number];
}

export function createTrie(capacity = 64): PrefixTrie {
  const make = () => new Int32Array(capacity).fill(-1);
  const t: PrefixTrie = { zero: [make(), make()], one: [make(), make()], id: [make(), make()], nodes: [1, 1] };
  return t;
}

function growTrie(t: PrefixTrie, f: 0 | 1): void {
  for (const arr of [t.zero, t.one, t.id]) arr[f] = grow(arr[f], arr[f].length * 2, -1);
}

/** Store `id` at `prefix`; returns the id already there, if any (so callers can merge). */
export function insertPrefix(t: PrefixTrie, prefix: Prefix, id: number): number {
  const f = prefix.family === 4 ? 0 : 1;
  let node = 0;
  for (let i = 0; i < prefix.length; i++) {
    const side = bitAt(prefix.words, i) === 0 ? t.zero : t.one;
    let next = side[f][node];
    if (next < 0) {
      if (t.nodes[f] === t.zero[f].length) growTrie(t, f);
      next = t.nodes[f]++;
      (bitAt(prefix.words, i) === 0 ? t.zero : t.one)[f][node] = next;
    }
    node = next;
  }
  const existing = t.id[f][node];
  if (existing < 0) t.id[f][node] = id;
  return existing;
}

/**
 * The longest stored prefix covering `addr` whose id `accept` approves, or -1.
 * `accept` is called shortest prefix first; pass a function made once, not per call.
 */
export function longestMatch(t: PrefixTrie, addr: Address, accept: (id: number) => boolean): number {
  const f = addr.family === 4 ? 0 : 1;
  const bits = addr.family === 4 ? 32 : 128;
  const zero = t.zero[f];
  const one = t.one[f];
  const ids = t.id[f];
  let node = 0;
  let best = -1;
  for (let i = 0; ; i++) {
    const id = ids[node];
    if (id >= 0 && accept(id)) best = id;
    if (i === bits) break;
    node = bitAt(addr.words, i) === 0 ? zero[node] : one[node];
    if (node < 0) break;
  }
  return best;
}

/** Exact lookup: the id stored at this prefix, or -1. */
export function findPrefix(t: PrefixTrie, prefix: Prefix): number {
  const f = prefix.family === 4 ? 0 : 1;
  let node = 0;
  for (let i = 0; i < prefix.length && node >= 0; i++) node = (bitAt(prefix.words, i) === 0 ? t.zero : t.one)[f][node];
  return node < 0 ? -1 : t.id[f][node];
}
