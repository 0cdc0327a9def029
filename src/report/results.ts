/**
 * What a run's manifest.json records (what ran, where, when, how long), beside
 * summary.json (what came out; no wall-clock figures, so equal inputs give equal bytes).
 * src/run/run.ts writes them.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The commit cdnsim itself was built from, when it runs from a git checkout. */
export function gitCommit(): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: packageRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const sha = out.trim();
    if (!/^[0-9a-f]{40}$/.test(sha)) return null;
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: packageRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return dirty.trim() ? `${sha}-dirty` : sha;
  } catch {
    return null;
  }
}

/** SHA-256 of the resolved scenario's canonical JSON (keys sorted). */
export function scenarioHash(scenario: unknown): string {
  return createHash('sha256').update(canonicalJson(scenario)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

export interface Manifest {
  schemaVersion: number;
  cdnsim: { version: string; commit: string | null };
  node: string;
  scenarioFile: string | null;
  scenario: unknown;
  scenarioHash: string;
  seed: number;
  engine: string;
  startedAt: string;
  finishedAt: string;
  wallSeconds: number;
  eventsProcessed: number;
  peakQueue: number;
  eventsPerSecond: number;
  status: 'complete' | 'interrupted' | 'failed';
}
