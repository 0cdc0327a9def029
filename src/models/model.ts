/**
 * A model is what a scenario simulates. Each model is one file that declares the
 * scenario sections it reads (a zod shape) and how to simulate one replication; the
 * registry in ./index.ts lists them. The engine, seeds, replications and result files
 * are the runner's business, not the model's.
 */
import type * as z from 'zod';
import type { RefinementCtx } from 'zod';
import type { Engine } from '../engine/engine.js';
import type { Rng } from '../engine/rng.js';
import type { BaseScenario } from '../scenario/base.js';
import type { RunEstimate } from '../scenario/schema.js';
import type { Json } from '../util/json.js';

export type { Json };

export interface ReplicationContext<S> {
  scenario: BaseScenario & S;
  engine: Engine;
  replication: number;
  /** The random stream of one (component, entity) in this replication. */
  rng(component: string, entity?: number): Rng;
  /** When given (`run --events`), a debugging log: the model calls it once per thing that happened. */
  events?: (record: { [k: string]: Json }) => void;
}

export interface ModelDef<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  describe: string;
  /** Top-level scenario sections this model adds. */
  sections: Shape;
  /** Cross-field checks (references between sections); report with ctx.addIssue and a path from the scenario root. */
  refine?(scenario: BaseScenario & z.output<z.ZodObject<Shape>>, ctx: RefinementCtx): void;
  /** Expected engine events of one replication, to refuse a run too large before it starts; absent: not sized. */
  estimate?(scenario: BaseScenario & z.output<z.ZodObject<Shape>>): RunEstimate;
  /** Once per run before the replications: load what the scenario names (a user's module). */
  prepare?(scenario: BaseScenario & z.output<z.ZodObject<Shape>>, context: { baseDir: string }): Promise<void>;
  /** What the model writes to events.jsonl with `run --events`; absent: it writes none. */
  eventLog?: string;
  /** Simulate one replication; return its metrics (plain JSON, numbers mostly). */
  replicate(ctx: ReplicationContext<z.output<z.ZodObject<Shape>>>): Record<string, Json>;
  /** Combine the replications into the model's part of summary.json. */
  summarize(scenario: BaseScenario & z.output<z.ZodObject<Shape>>, replications: Record<string, Json>[]): { [k: string]: Json };
  /** A few lines for a person reading the terminal. */
  report(summary: { [k: string]: Json }): string[];
}

export function defineModel<Shape extends z.ZodRawShape>(def: ModelDef<Shape>): ModelDef<Shape> {
  return def;
}
