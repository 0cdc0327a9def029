/**
 * DYNAMIC (Spiteri, Sitaraman & Sparacio, MMSys 2018; dash.js's default since 2.6):
 * the throughput rule while the buffer is low, where BOLA is slow to react, and BOLA
 * once the buffer is above 10 s. It switches to BOLA when the buffer is above the
 * threshold and BOLA asks for at least the throughput rule's rung, and back when the
 * buffer is below it and BOLA asks for less. Both rules decide every segment, so each
 * keeps its own state current. Abandonment is the throughput rule's (as in Sabre).
 */
import type { Movie } from '../movie.js';
import { BolaRule } from './bola.js';
import { ThroughputRule } from './throughput.js';
import type { AbrDefinition, AbrOptions, AbrRule, DownloadProgress, PlayerView } from './types.js';

const SWITCH_BUFFER_MS = 10_000;

export class DynamicRule implements AbrRule {
  readonly name = 'dynamic';
  private useBola = false;

  constructor(
    private readonly bola: BolaRule,
    private readonly throughput: ThroughputRule,
  ) {}

  choose(view: PlayerView): number {
    const level = view.bufferMs;
    const b = this.bola.choose(view);
    const t = this.throughput.choose(view);
    if (this.useBola) {
      if (level < SWITCH_BUFFER_MS && b < t) this.useBola = false;
    } else if (level > SWITCH_BUFFER_MS && b >= t) {
      this.useBola = true;
    }
    return this.useBola ? b : t;
  }

  abandon(view: PlayerView, progress: DownloadProgress): number {
    return this.throughput.abandon(view, progress);
  }

  get noAbandonBeforeMs(): number {
    return this.throughput.noAbandonBeforeMs;
  }
}

export const dynamic: AbrDefinition = {
  name: 'dynamic',
  describe: 'DYNAMIC: throughput rule below 10 s of buffer, BOLA above (dash.js default)',
  create: (movie: Movie, options: AbrOptions) =>
    new DynamicRule(new BolaRule(movie, options.maxBufferMs, options.gammaP), new ThroughputRule(movie, options.insufficientBufferRule)),
};
