/**
 * The timing part of the CI benchmarks: is NEW slower than BASE? Each sample is one
 * `cdnsim bench run <scenario> --json` child of each build, in ABBA order (AB, BA, AB, …)
 * so that drift in the machine's load falls on both sides alike; a pair gives one ratio
 * of events per second, NEW over BASE. The verdict is "slower" only when the one-sided
 * upper confidence bound of that ratio (Hodges-Lehmann, see stats.ts) is below
 * 1 / (1 + maxSlowdown): every plausible ratio is past the threshold, not one noisy run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EngineName } from '../engine/engine.js';
import { InputError } from '../errors.js';
import { buildBase } from './base-build.js';
import { hodgesLehmann, minimumPairs } from './stats.js';

export interface TimingOptions {
  files: string[];
  /** Package roots holding dist/cli/main.js. */
  baseRoot: string;
  newRoot: string;
  /** Pairs per scenario. */
  samples: number;
  /** 0.05: fail when NEW is confidently more than 5% slower. */
  maxSlowdown: number;
  confidence: number;
  engine: EngineName;
  /** Called after each child, for progress lines. */
  onSample?: (file: string, side: 'base' | 'new', sample: RunSample) => void;
}

export interface RunSample {
  eventsProcessed: number;
  seconds: number;
  eventsPerSecond: number;
}

export interface ScenarioTiming {
  file: string;
  engine: EngineName;
  /** Per pair: events per second of each build and NEW / BASE. */
  pairs: { order: 'AB' | 'BA'; base: number; new: number; ratio: number }[];
  /** Hodges-Lehmann estimate of NEW / BASE and its one-sided bounds at `confidence`. */
  ratio: number;
  lower: number;
  upper: number;
  confidence: number;
  /** 1 / (1 + maxSlowdown): the ratio NEW must be confidently below to fail. */
  limit: number;
  /** False when there are too few pairs for a finite bound: such a check cannot fail. */
  enoughSamples: boolean;
  /** Work differs between the builds: events per second then compares different runs. */
  sameWork: boolean;
  slower: boolean;
}

export interface TimingReport {
  base: string;
  new: string;
  maxSlowdown: number;
  scenarios: ScenarioTiming[];
  ok: boolean;
}

export function cliOf(root: string): string {
  const main = join(root, 'dist', 'cli', 'main.js');
  if (!existsSync(main)) throw new InputError('not a built cdnsim package (no dist/cli/main.js)', { file: root });
  return main;
}

/** One sample of one build: a child process, as a user runs it. */
export function sampleBuild(root: string, file: string, engine: EngineName): RunSample {
  const r = spawnSync(process.execPath, [cliOf(root), 'bench', 'run', resolve(file), '--engine', engine, '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 22 });
  if (r.status !== 0) throw new Error(`bench run of ${file} failed in ${root}: ${firstError(r.stderr || r.error?.message || '')}`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  let out: Partial<RunSample>;
  try {
    out = JSON.parse(last) as Partial<RunSample>;
  } catch {
    throw new Error(`bench run of ${file} in ${root} printed '${last.slice(0, 200)}', expected one JSON object`);
  }
  if (typeof out.eventsPerSecond !== 'number' || !(out.eventsPerSecond > 0)) throw new Error(`bench run of ${file} in ${root} gave no events per second`);
  return { eventsProcessed: out.eventsProcessed ?? 0, seconds: out.seconds ?? 0, eventsPerSecond: out.eventsPerSecond };
}

/** The line that says what went wrong, not the stack under it. */
function firstError(stderr: string): string {
  const lines = stderr.trim().split('\n');
  return (lines.find((l) => /^(\w*Error|cdnsim:)/.test(l.trim())) ?? lines[0] ?? '').trim();
}

export function timeScenario(file: string, options: TimingOptions): ScenarioTiming {
  const pairs: ScenarioTiming['pairs'] = [];
  const work = new Set<number>();
  const run = (side: 'base' | 'new') => {
    const s = sampleBuild(side === 'base' ? options.baseRoot : options.newRoot, file, options.engine);
    options.onSample?.(file, side, s);
    work.add(s.eventsProcessed);
    return s.eventsPerSecond;
  };
  for (let i = 0; i < options.samples; i++) {
    const order = i % 2 === 0 ? 'AB' : 'BA';
    let base: number;
    let next: number;
    if (order === 'AB') {
      base = run('base');
      next = run('new');
    } else {
      next = run('new');
      base = run('base');
    }
    pairs.push({ order, base, new: next, ratio: next / base });
  }
  return verdict(file, pairs, work.size === 1, options);
}

/** The decision on one scenario's pairs; pure, so a recorded set of samples always gets the same answer. */
export function verdict(file: string, pairs: ScenarioTiming['pairs'], sameWork: boolean, options: Pick<TimingOptions, 'maxSlowdown' | 'confidence' | 'engine'>): ScenarioTiming {
  // Logs make the ratio's bounds symmetric in the builds: NEW/BASE and BASE/NEW get mirrored verdicts.
  const hl = hodgesLehmann(pairs.map((p) => Math.log(p.ratio)), options.confidence);
  const limit = 1 / (1 + options.maxSlowdown);
  const upper = Math.exp(hl.upper);
  return {
    file,
    engine: options.engine,
    pairs,
    ratio: Math.exp(hl.estimate),
    lower: Math.exp(hl.lower),
    upper,
    confidence: options.confidence,
    limit,
    enoughSamples: pairs.length >= minimumPairs(options.confidence),
    sameWork,
    slower: upper < limit,
  };
}

export function timeBuilds(options: TimingOptions): TimingReport {
  cliOf(options.baseRoot);
  cliOf(options.newRoot);
  const scenarios = options.files.map((f) => timeScenario(f, options));
  return { base: options.baseRoot, new: options.newRoot, maxSlowdown: options.maxSlowdown, scenarios, ok: scenarios.every((s) => !s.slower) };
}

export interface BaseTimingOptions extends Omit<TimingOptions, 'baseRoot'> {
  /** An already-built package to use as BASE; otherwise the merge-base of HEAD and the first ref that exists is built. */
  baseBuild?: string;
  baseRefs?: string[];
  /** The git checkout whose HEAD is NEW's commit. */
  repo: string;
}

export interface BaseTimingReport extends TimingReport {
  baseRef: string | null;
  baseCommit: string | null;
}

/** The timing check end to end: BASE built (or given), both timed, the build removed. */
export function timeAgainstBase(options: BaseTimingOptions): BaseTimingReport {
  cliOf(options.newRoot);
  const base = options.baseBuild ? { root: options.baseBuild, ref: null, commit: null, dispose: () => {} } : buildBase(options.repo, options.baseRefs);
  try {
    return { ...timeBuilds({ ...options, baseRoot: base.root }), baseRef: base.ref, baseCommit: base.commit };
  } finally {
    base.dispose();
  }
}
