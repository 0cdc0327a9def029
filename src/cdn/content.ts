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
}

export function createContent(ocas: number, files: number, reactiveBytes: (oca: number) => number, eviction: string): Content {
  const def = getPolicy(eviction);
  const reactive: (CachePolicy | null)[] = [];
  for (let o = 0; o < ocas; o++) {
    const cap = reactiveBytes(o);
    reactive.push(cap > 0 ? def.create({ capacity: cap === Infinity ? Number.MAX_VALUE : cap, expectedObjects: 1024 }) : null);
  }
  return {
    files,
    present: Array.from({ length: ocas }, () => new Uint8Array(files)),
    manifestBytes: new Float64Array(ocas),
    reactive,
  };
}

/** Whether the appliance can serve a chunk of the file, changing nothing. */
export function holds(c: Content, oca: number, file: number, chunk: number): boolean {
  if (c.present[oca][file] === 1) return true;
  const r = c.reactive[oca];
  return r !== null && r.contains(file, chunk);
}
