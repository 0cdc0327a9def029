/**
 * The raw form of an AS graph while it is read: one row per relationship as given
 * (CAIDA's `a|b|-1` is "a is a provider of b", `a|b|0` "a and b are peers"), in
 * growable typed arrays so the full Internet graph (~490k rows) costs a few MB.
 */
import type { Where } from '../../errors.js';
import { grow } from '../../util/grow.js';

export const P2C = -1;
export const P2P = 0;

export interface EdgeList {
  count: number;
  a: Uint32Array;
  b: Uint32Array;
  rel: Int8Array;
  /** Where each row came from (1-based line), 0 when unknown. */
  line: Int32Array;
  /** ASes given without any link (e.g. declared inline); may repeat ASes that have links. */
  lone: number[];
  /** Where the rows came from, for messages. */
  source: Where;
  /** Tier-1 clique from a CAIDA `# input clique:` comment, or from a generator. */
  tier1: number[];
  /** IXP route-server ASes from a CAIDA `# IXP ASes:` comment. */
  ixpAsns: number[];
}

export function createEdgeList(source: Where = {}, capacity = 1024): EdgeList {
  return {
    count: 0,
    a: new Uint32Array(capacity),
    b: new Uint32Array(capacity),
    rel: new Int8Array(capacity),
    line: new Int32Array(capacity),
    lone: [],
    source,
    tier1: [],
    ixpAsns: [],
  };
}

export function addEdge(e: EdgeList, a: number, b: number, rel: number, line = 0): void {
  if (e.count === e.a.length) {
    e.a = grow(e.a);
    e.b = grow(e.b);
    e.rel = grow(e.rel);
    e.line = grow(e.line);
  }
  const i = e.count++;
  e.a[i] = a;
  e.b[i] = b;
  e.rel[i] = rel;
  e.line[i] = line;
}

export const MAX_ASN = 4294967295;

/** An ASN as written in a file: decimal digits, 1..2^32-1 (AS 0 is reserved, RFC 7607). */
export function parseAsn(text: string): number | undefined {
  if (!/^\d{1,10}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= MAX_ASN ? n : undefined;
}

export function isAsn(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= MAX_ASN;
}
