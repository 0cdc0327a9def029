/**
 * The player's throughput and latency estimate: exponentially weighted moving averages
 * with several half-lives, the most cautious one winning (the lowest throughput, the
 * highest latency), as Sabre and dash.js do. Throughput samples are weighted by how long
 * their download took, so the half-life is in time (3 s and 8 s by default); latency
 * samples count one per segment, so its half-life is the same time in segments.
 * Each average is divided by (1 - 0.5^(weight / halfLife)) to undo the bias of starting
 * from zero.
 */
export class ThroughputEstimate {
  /** kbit/s; NaN until the first sample. */
  throughputKbps = NaN;
  /** ms; NaN until the first sample. */
  latencyMs = NaN;
  private readonly halfLifeMs: Float64Array;
  private readonly latencyHalfLife: Float64Array;
  /** 0.5^(1 / latency half-life): the weight an old latency keeps per sample. */
  private readonly latencyKeep: Float64Array;
  private readonly throughput: Float64Array;
  private readonly latency: Float64Array;
  private throughputWeightMs = 0;
  private latencySamples = 0;

  constructor(halfLivesMs: readonly number[], segmentMs: number) {
    this.halfLifeMs = Float64Array.from(halfLivesMs);
    this.latencyHalfLife = this.halfLifeMs.map((h) => h / segmentMs);
    this.latencyKeep = this.latencyHalfLife.map((h) => Math.pow(0.5, 1 / h));
    this.throughput = new Float64Array(halfLivesMs.length);
    this.latency = new Float64Array(halfLivesMs.length);
  }

  /** One finished download: `ms` of transfer at `kbps`, after `latencyMs` to its first byte. */
  add(ms: number, kbps: number, latencyMs: number): void {
    const n = this.halfLifeMs.length;
    for (let i = 0; i < n; i++) {
      const a = Math.pow(0.5, ms / this.halfLifeMs[i]);
      this.throughput[i] = a * this.throughput[i] + (1 - a) * kbps;
      const b = this.latencyKeep[i];
      this.latency[i] = b * this.latency[i] + (1 - b) * latencyMs;
    }
    this.throughputWeightMs += ms;
    this.latencySamples += 1;
    let low = Infinity;
    let high = -Infinity;
    for (let i = 0; i < n; i++) {
      low = Math.min(low, this.throughput[i] / zeroStartCorrection(this.throughputWeightMs / this.halfLifeMs[i]));
      high = Math.max(high, this.latency[i] / zeroStartCorrection(this.latencySamples / this.latencyHalfLife[i]));
    }
    this.throughputKbps = low;
    this.latencyMs = high;
  }
}

/**
 * 1 - 0.5^halfLives, the weight an average started from zero has gathered. Past 56
 * half-lives 0.5^x < 2^-55, and 1 minus it rounds to exactly 1, so the costly pow is
 * skipped without changing a bit.
 */
function zeroStartCorrection(halfLives: number): number {
  return halfLives >= 56 ? 1 : 1 - Math.pow(0.5, halfLives);
}
