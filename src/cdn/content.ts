/**
 * What each appliance holds. The manifest part is a presence bitmap per appliance
 * (files are small integers, so a lookup is one byte read) and holds whole files; the
 * reactive part, when a placement policy keeps one, is a cache from the cache module
 * that admits on miss and holds segment-sized chunks (object id: file, chunk), as a
 * flow-through cache fetches what was asked for, not whole files.
 */
import { getPolicy } from '../cache/registry.js';
import type { CachePolicy } from '../cache/types.js';

export interface Content {
  files: number;
  /** present[oca][file]: the file is in the appliance's manifest part and fully filled. */
  present: Uint8Array[];
  /** Bytes the manifest part holds. */
  manifestBytes: Float64Array;
  /** The reactive cache per appliance, or null. */
  reactive: (CachePolicy | null)[];
  /**
   * The same presence per site, as bits: word `file * holderWords[site] + (j >> 5)`, bit
   * `j & 31`, for the site's j-th appliance. Steering asks "which of this site's
   * appliances hold the file" for every segment: one read instead of one per appliance
   * (each in a bitmap of its own, far apart in memory).
   */
  holders: Uint32Array[];
  holderWords: Int32Array;
  /** Per appliance: its site and its position there. */
  ocaSite: Int32Array;
  ocaPosition: Int32Array;
}

export function createContent(ocas: number, files: number, siteOcas: readonly (readonly number[])[], reactiveBytes: (oca: number) => number, eviction: string): Content {
  const def = getPolicy(eviction);
  const reactive: (CachePolicy | null)[] = [];
  for (let o = 0; o < ocas; o++) {
    const cap = reactiveBytes(o);
    reactive.push(cap > 0 ? def.create({ capacity: cap === Infinity ? Number.MAX_VALUE : cap, expectedObjects: 1024 }) : null);
  }
  const holderWords = Int32Array.from(siteOcas, (list) => Math.max(1, Math.ceil(list.length / 32)));
  const ocaSite = new Int32Array(ocas).fill(-1);
  const ocaPosition = new Int32Array(ocas);
  siteOcas.forEach((list, si) => list.forEach((o, j) => ((ocaSite[o] = si), (ocaPosition[o] = j))));
  return {
    files,
    present: Array.from({ length: ocas }, () => new Uint8Array(files)),
    manifestBytes: new Float64Array(ocas),
    reactive,
    holders: Array.from(holderWords, (w) => new Uint32Array(files * w)),
    holderWords,
    ocaSite,
    ocaPosition,
  };
}

/** Mark the file as in (or out of) the appliance's manifest part. */
export function setPresent(c: Content, oca: number, file: number, on: boolean): void {
  c.present[oca][file] = on ? 1 : 0;
  const si = c.ocaSite[oca];
  if (si < 0) return;
  const j = c.ocaPosition[oca];
  const i = file * c.holderWords[si] + (j >> 5);
  const bit = 1 << (j & 31);
  c.holders[si][i] = on ? c.holders[si][i] | bit : c.holders[si][i] & ~bit;
}

/** Whether the appliance can serve a chunk of the file, changing nothing. */
export function holds(c: Content, oca: number, file: number, chunk: number): boolean {
  if (c.present[oca][file] === 1) return true;
  const r = c.reactive[oca];
  return r !== null && r.contains(file, chunk);
}
