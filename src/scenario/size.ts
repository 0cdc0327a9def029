/**
 * How much work a scenario asks for, known before any of it is done. Each model
 * estimates the engine events of one replication from its scenario (see ScenarioModel
 * in ./schema.ts); a run is that times its replications, a sweep the sum over its points.
 * A run above the limit is refused with the estimate and what it is made of, unless the
 * caller raises the limit (the CLI's --max-events).
 */
import { InputError } from '../errors.js';
import { scenarioModel, type RunEstimate, type Scenario } from './schema.js';

/**
 * Ten billion events: about an hour of one core at the 2–4 M events/s the engines
 * reach on a national day (README, Performance), seventy national days. Anything more
 * is far more likely a slipped unit than a plan.
 */
export const DEFAULT_MAX_EVENTS = 1e10;

export interface RunSize {
  /** Expected engine events of every run together. */
  events: number;
  /** Runs: replications, times points for a sweep. */
  runs: number;
  /** What the figure is made of, for a person. */
  explain: string;
}

/** One replication's expected events, when the scenario's model estimates them. */
export function estimateReplication(scenario: Scenario): RunEstimate | undefined {
  return scenarioModel(scenario.model)?.estimate?.(scenario);
}

/** A single run: every replication of the scenario. */
export function estimateRun(scenario: Scenario): RunSize {
  const one = estimateReplication(scenario);
  const reps = scenario.replications;
  if (!one) return { events: 0, runs: reps, explain: `the ${scenario.model} model's runs are not sized in advance` };
  return { events: one.events * reps, runs: reps, explain: `${reps} replication${reps === 1 ? '' : 's'} × ${formatCount(one.events)} events (${one.explain})` };
}

/**
 * Adds up a sweep's points as they are made, so that a grid too large to run is
 * refused as soon as the points made so far pass the limit, not after all are made.
 */
export class SweepSizer {
  private events = 0;
  private points = 0;
  private largest: RunEstimate | undefined;

  constructor(
    private readonly totalPoints: number,
    private readonly replications: number,
    private readonly maxEvents: number,
    private readonly file: string,
  ) {}

  add(point: Scenario): void {
    const one = estimateReplication(point);
    this.points++;
    if (!one) return;
    this.events += one.events * this.replications;
    if (!this.largest || one.events > this.largest.events) this.largest = one;
    if (this.events > this.maxEvents) {
      const soFar = this.points < this.totalPoints ? `its first ${this.points} of ${this.totalPoints} points already` : `its ${this.totalPoints} points`;
      throw tooMuch(`the sweep would process more than ${formatCount(this.events)} events: ${soFar} need that many (${this.explainLargest()})`, this.maxEvents, this.file);
    }
  }

  size(): RunSize {
    const runs = this.totalPoints * this.replications;
    if (!this.largest) return { events: 0, runs, explain: 'the model\'s runs are not sized in advance' };
    return { events: this.events, runs, explain: `${this.totalPoints} points × ${this.replications} replications; ${this.explainLargest()}` };
  }

  private explainLargest(): string {
    return `largest point: ${formatCount(this.largest?.events ?? 0)} events per replication, ${this.largest?.explain}`;
  }
}

/** Refuse a run whose estimate is above the limit. */
export function checkRunSize(size: RunSize, maxEvents: number, file: string): void {
  if (size.events > maxEvents) throw tooMuch(`the run would process about ${formatCount(size.events)} events: ${size.explain}`, maxEvents, file);
}

function tooMuch(what: string, maxEvents: number, file: string): InputError {
  return new InputError(`${what}; the limit is ${formatCount(maxEvents)} events. Shorten the run, lower its rates or replications, or raise the limit (--max-events)`, { file });
}

/** 1.20e11 for large counts, 34567 or 0.58 for small ones. */
export function formatCount(x: number): string {
  return x >= 1e6 ? x.toExponential(2).replace('e+', 'e') : String(Math.round(x * 100) / 100);
}
