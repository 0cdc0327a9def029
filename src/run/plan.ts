/**
 * A sweep's runs and their identities. A run is one replication of one grid point. Its id
 * is a hash of everything its result depends on (the point's resolved scenario and the
 * seed) plus the replication number, so it does not depend on the order of the grid, on
 * the other points, or on how the work is split, and two results that may differ never
 * share an id. Its seed is the master seed and its streams are keyed by the replication,
 * so replication r of every point sees the same demand (common random numbers).
 */
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import type { Json } from '../models/model.js';
import { canonicalJson, scenarioHash } from '../report/results.js';
import type { Scenario } from '../scenario/schema.js';
import { InputError } from '../errors.js';
import { loadScenarioOrSweep, type Sweep } from '../scenario/sweep.js';

export interface RunSpec {
  id: string;
  replication: number;
  parameters: { [k: string]: Json };
  /** A stored result is reused only when it came from this very scenario. */
  scenarioHash: string;
  /** The point as written (units unresolved): what a worker thread or machine validates and runs. */
  raw: Record<string, unknown>;
  scenario: Scenario;
}

export interface Plan {
  /** Hash of the sweep record: equal ids, equal sweeps. */
  id: string;
  name: string;
  model: string;
  seed: number;
  replications: number;
  parameters: string[];
  /** Sorted by id. */
  runs: RunSpec[];
  /** Absolute folder that paths in the scenario are relative to. */
  baseDir: string;
  file: string | null;
}

/** sweep.json: the plan without anything machine-specific, identical wherever it is made. */
export interface SweepRecord {
  schemaVersion: 1;
  sweep: string;
  scenario: string;
  model: string;
  seed: number;
  replications: number;
  parameters: string[];
  runs: { id: string; replication: number; parameters: { [k: string]: Json }; scenarioHash: string }[];
}

export function makePlan(scenario: Scenario, sweep: Sweep, options: { seed?: number; file?: string } = {}): Plan {
  const width = String(scenario.replications - 1).length;
  const seed = options.seed ?? scenario.seed;
  const runs: RunSpec[] = [];
  for (const point of sweep.points) {
    const hash = scenarioHash(point.scenario);
    // Everything the result depends on: the resolved point (parameters, base scenario) and the seed.
    const key = sha256(canonicalJson({ scenario: hash, seed })).slice(0, 12);
    for (let r = 0; r < scenario.replications; r++) {
      runs.push({ id: `${key}-r${String(r).padStart(width, '0')}`, replication: r, parameters: point.parameters, scenarioHash: hash, raw: point.raw, scenario: point.scenario });
    }
  }
  runs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < runs.length; i++) if (runs[i].id === runs[i - 1].id) throw new Error(`two sweep points share the run id ${runs[i].id}`);
  const plan: Plan = {
    id: '',
    name: scenario.name,
    model: scenario.model,
    seed,
    replications: scenario.replications,
    parameters: sweep.parameters,
    runs,
    baseDir: resolve(options.file ? dirname(options.file) : '.'),
    file: options.file ?? null,
  };
  plan.id = sha256(canonicalJson(recordBody(plan))).slice(0, 16);
  return plan;
}

export function sweepRecord(plan: Plan): SweepRecord {
  return { schemaVersion: 1, sweep: plan.id, ...recordBody(plan) };
}

function recordBody(plan: Plan): Omit<SweepRecord, 'schemaVersion' | 'sweep'> {
  return {
    scenario: plan.name,
    model: plan.model,
    seed: plan.seed,
    replications: plan.replications,
    parameters: plan.parameters,
    runs: plan.runs.map((r) => ({ id: r.id, replication: r.replication, parameters: r.parameters, scenarioHash: r.scenarioHash })),
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The plan of a scenario file that must be a sweep (the queue runs sweeps only). */
export function loadPlan(file: string, seed?: number, maxEvents?: number): Plan {
  const { scenario, sweep } = loadScenarioOrSweep(file, { maxEvents });
  if (!sweep) throw new InputError('the scenario has no sweep: section; the queue runs sweeps (run a single scenario with cdnsim run)', { file });
  return makePlan(scenario, sweep, { seed, file });
}
