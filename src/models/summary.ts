import type { Interval } from '../metrics/stats.js';

export function intervalJson(ci: Interval): { mean: number; halfWidth: number; low: number; high: number; level: number } {
  return { mean: ci.mean, halfWidth: ci.halfWidth, low: ci.low, high: ci.high, level: ci.level };
}

/** "mean wait in queue (s)   2.3391 ± 0.0212 (99% CI)   theory 2.3333  ✓" */
export function lineFor(label: string, ci: { mean: number; halfWidth: number; level: number }, theory: number): string {
  // One replication has no spread to build an interval from: no interval, no verdict.
  if (!Number.isFinite(ci.halfWidth)) return `${label.padEnd(26)} ${fmt(ci.mean)}   theory ${fmt(theory)}   no interval from one replication`;
  const inside = Math.abs(ci.mean - theory) <= ci.halfWidth;
  const pct = `${Math.round(ci.level * 100)}%`;
  return `${label.padEnd(26)} ${fmt(ci.mean)} ± ${fmt(ci.halfWidth)} (${pct} CI)   theory ${fmt(theory)}   ${inside ? 'inside the interval' : 'OUTSIDE the interval'}`;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(5) : String(x);
}
