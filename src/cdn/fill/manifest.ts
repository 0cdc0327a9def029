/**
 * From a forecast to manifests: rank every file by forecast demand, then give each site
 * the head of that ranking that fits its appliances. Within a site a file goes to the
 * appliance its consistent hash names (the next one in hash order when that one is
 * full), and popular files get more replicas, so no single file needs more than about
 * half an appliance's share of the site's load ([D] "Distributing Content to Open
 * Connect": consistent hashing, more replicas for popular files; [D] "Content
 * Popularity for Open Connect": the most popular content leans to the high-throughput
 * flash appliances).
 */
import type { Catalog } from '../demand/catalog.js';
import { jumpHash } from '../hash.js';

export interface Ranking {
  /** File ids, most demanded first; files with zero forecast are left out. */
  files: Int32Array;
  /** Forecast share of demand per file (indexed by file id), sums to 1. */
  share: Float64Array;
}

export function rankFiles(catalog: Catalog, titleForecast: Float64Array, rungShare: Float64Array): Ranking {
  const n = catalog.titles * catalog.rungs;
  const share = new Float64Array(n);
  let total = 0;
  for (let t = 0; t < catalog.titles; t++) {
    const w = titleForecast[t];
    if (!(w > 0)) continue;
    for (let r = 0; r < catalog.rungs; r++) {
      const x = w * rungShare[r];
      share[t * catalog.rungs + r] = x;
      total += x;
    }
  }
  const ids: number[] = [];
  for (let f = 0; f < n; f++) {
    if (share[f] > 0) {
      share[f] /= total;
      ids.push(f);
    }
  }
  // Ties broken by file id, so the ranking never depends on sort stability.
  ids.sort((a, b) => share[b] - share[a] || a - b);
  return { files: Int32Array.from(ids), share };
}

export interface SiteAppliances {
  /** Appliance indices of the site. */
  ocas: number[];
  /** Bytes each may hold for the manifest. */
  capacity: number[];
  /** Which of them are flash (the head of the ranking goes there first). */
  flash: boolean[];
}

/** Each appliance's manifest: file ids, most demanded first. */
export function assignManifests(site: SiteAppliances, ranking: Ranking, fileBytes: Float64Array): Int32Array[] {
  const m = site.ocas.length;
  const used = new Float64Array(m);
  const lists: number[][] = site.ocas.map(() => []);
  const flash = site.ocas.map((_, i) => i).filter((i) => site.flash[i]);
  const other = site.ocas.map((_, i) => i).filter((i) => !site.flash[i]);
  const tiers = [flash, other.length > 0 ? other : flash].filter((t) => t.length > 0);
  let smallest = Infinity;
  for (let i = 0; i < ranking.files.length; i++) smallest = Math.min(smallest, fileBytes[ranking.files[i]]);
  let open = m;
  const isOpen = new Uint8Array(m).fill(1);

  for (let i = 0; i < ranking.files.length && open > 0; i++) {
    const f = ranking.files[i];
    const size = fileBytes[f];
    const replicas = Math.min(m, Math.max(1, Math.ceil(2 * m * ranking.share[f])));
    let placed = 0;
    for (const tier of tiers) {
      const k = tier.length;
      const h = jumpHash(f, k);
      for (let j = 0; j < k && placed < replicas; j++) {
        const a = tier[(h + j) % k];
        if (used[a] + size > site.capacity[a]) {
          if (isOpen[a] && site.capacity[a] - used[a] < smallest) {
            isOpen[a] = 0;
            open--;
          }
          continue;
        }
        used[a] += size;
        lists[a].push(f);
        placed++;
      }
      if (placed > 0) break;
    }
  }
  return lists.map((l) => Int32Array.from(l));
}
