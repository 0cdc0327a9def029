/**
 * What each appliance holds. The manifest part holds whole files, kept as one bit per
 * (file, appliance) (files are small integers, so a lookup is one byte read); the
 * reactive part, when a placement policy keeps one, is a cache from the cache module
 * that admits on miss and holds segment-sized chunks (object id: file, chunk), as a
 * flow-through cache fetches what was asked for, not whole files.
 */
import { getPolicy } from '../cache/registry.js';
import type { CachePolicy } from '../cache/types.js';

export interface Content {
  files: number;
  /** Bytes the manifest part holds. */
  manifestBytes: Float64Array;
  /** The reactive cache per appliance, or null. */
  reactive: (CachePolicy | null)[];
  /**
   * The manifest part, file-major: the site's j-th appliance holds the file (fully
   * filled) when
   * bit `j & 7` of byte `file * holderStride + holderOffset[site] + (j >> 3)` is set
   * (`holderBytes[site]` bytes per site). Steering asks "which appliances of these
   * sites hold the file" for every segment: the answer for all sites sits in one or
   * two cache lines, and a popular file's stay cached, where per-appliance bitmaps
   * cost a cache miss per appliance.
   */
  holders: Uint8Array;
  holderStride: number;
  holderOffset: Int32Array;
  holderBytes: Int32Array;
  /** Per appliance: its site and its position there. */
  ocaSite: Int32Array;
  ocaPosition: Int32Array;
}

export function createContent(
  ocas: number,
  files: number,
  siteOcas: readonly (readonly number[])[],
  reactiveBytes: (oca: number) => number,
  eviction: string,
): Content {
  const def = getPolicy(eviction);
  const reactive: (CachePolicy | null)[] = [];
  for (let o = 0; o < ocas; o++) {
    const cap = reactiveBytes(o);
    reactive.push(cap > 0 ? def.create({ capacity: cap === Infinity ? Number.MAX_VALUE : cap, expectedObjects: 1024 }) : null);
  }
  const holderBytes = Int32Array.from(siteOcas, (list) => Math.ceil(list.length / 8));
  const holderOffset = new Int32Array(siteOcas.length);
  let holderStride = 0;
  holderBytes.forEach((n, si) => ((holderOffset[si] = holderStride), (holderStride += n)));
  const ocaSite = new Int32Array(ocas);
  const ocaPosition = new Int32Array(ocas);
  siteOcas.forEach((list, si) => list.forEach((o, j) => ((ocaSite[o] = si), (ocaPosition[o] = j))));
  return {
    files,
    manifestBytes: new Float64Array(ocas),
    reactive,
    holders: new Uint8Array(files * holderStride),
    holderStride,
    holderOffset,
    holderBytes,
    ocaSite,
    ocaPosition,
  };
}

/** Whether the file is in the appliance's manifest part. */
export function isPresent(c: Content, oca: number, file: number): boolean {
  const j = c.ocaPosition[oca];
  return (c.holders[file * c.holderStride + c.holderOffset[c.ocaSite[oca]] + (j >> 3)] & (1 << (j & 7))) !== 0;
}

/** Mark the file as in (or out of) the appliance's manifest part. */
export function setPresent(c: Content, oca: number, file: number, on: boolean): void {
  const j = c.ocaPosition[oca];
  const i = file * c.holderStride + c.holderOffset[c.ocaSite[oca]] + (j >> 3);
  const bit = 1 << (j & 7);
  c.holders[i] = on ? c.holders[i] | bit : c.holders[i] & ~bit;
}

/** Whether the appliance can serve a chunk of the file, changing nothing. */
export function holds(c: Content, oca: number, file: number, chunk: number): boolean {
  if (isPresent(c, oca, file)) return true;
  const r = c.reactive[oca];
  return r !== null && r.contains(file, chunk);
}
