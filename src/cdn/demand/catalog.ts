/**
 * The catalog: titles and their files. A title is a film or a series episode with a
 * running time; each title is stored as one file per rung of the bitrate ladder
 * (audio and subtitle files are folded into the video rung: they are small and
 * requested with it). Files are numbered title * rungs + rung, so a file id is an
 * integer the event loop can carry.
 */
import type { Rng } from '../../engine/rng.js';
import { normal } from '../../engine/variates.js';

export interface CatalogSpec {
  titles: number;
  /** Share of titles that are films; the rest are episodes. */
  filmShare: number;
  filmMinutes: { mean: number; sd: number };
  episodeMinutes: { mean: number; sd: number };
  /** Video bitrates, bit/s, ascending. */
  ladderBps: number[];
}

export interface Catalog {
  titles: number;
  rungs: number;
  ladderBps: Float64Array;
  /** Per title: 1 = film, 0 = episode. */
  isFilm: Uint8Array;
  /** Per title: running time, seconds. */
  runtime: Float64Array;
  /** Per file: size in bytes (bitrate x runtime / 8). */
  fileBytes: Float64Array;
}

export function buildCatalog(spec: CatalogSpec, rng: Rng): Catalog {
  const rungs = spec.ladderBps.length;
  const isFilm = new Uint8Array(spec.titles);
  const runtime = new Float64Array(spec.titles);
  const fileBytes = new Float64Array(spec.titles * rungs);
  for (let t = 0; t < spec.titles; t++) {
    const film = rng() < spec.filmShare;
    isFilm[t] = film ? 1 : 0;
    const m = film ? spec.filmMinutes : spec.episodeMinutes;
    // At least a fifth of the mean: a normal tail must not make zero-length titles.
    runtime[t] = Math.max(0.2 * m.mean, normal(rng, m.mean, m.sd)) * 60;
    for (let r = 0; r < rungs; r++) fileBytes[t * rungs + r] = Math.round((spec.ladderBps[r] * runtime[t]) / 8);
  }
  return { titles: spec.titles, rungs, ladderBps: Float64Array.from(spec.ladderBps), isFilm, runtime, fileBytes };
}
