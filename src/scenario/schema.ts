/**
 * The scenario schema: the base fields plus, per model, the sections that model reads.
 * A discriminated union on `model`, every object strict, so a misspelt key is an error
 * rather than a silently ignored setting.
 *
 * The scenario format knows no model by name: each model registers its sections here
 * (src/models/index.ts does it for the built-in ones when it is first imported), so the
 * format sits below the models and a new model never edits this file.
 */
import * as z from 'zod';
import type { RefinementCtx } from 'zod';
import { baseShape, type BaseScenario } from './base.js';

/** A validated scenario: base fields plus its model's sections, all units resolved. */
export type Scenario = BaseScenario & Record<string, unknown>;

/** The expected work of one replication, before it is run. */
export interface RunEstimate {
  /** Engine events (for the Open Connect model about two per segment request). */
  events: number;
  /** What the figure is made of, for a person: "2 × 0.7/s × 100000 s arrivals". */
  explain: string;
}

/** What the scenario format needs from a model. */
export interface ScenarioModel {
  name: string;
  describe: string;
  /** Top-level scenario sections this model adds. */
  sections: z.ZodRawShape;
  /** Cross-field checks; report with ctx.addIssue and a path from the scenario root. */
  refine?(scenario: never, ctx: RefinementCtx): void;
  /** Expected work of one replication; absent: the model's runs are not sized in advance. */
  estimate?(scenario: Scenario): RunEstimate;
}

const registered: ScenarioModel[] = [];
let built: z.ZodType | undefined;

/** Add a model's sections to the scenario format; before the first scenario is read. */
export function registerScenarioModel(model: ScenarioModel): void {
  if (registered.some((m) => m.name === model.name)) throw new Error(`the model '${model.name}' is registered twice`);
  if (built) throw new Error(`the model '${model.name}' was registered after the scenario schema was first used`);
  registered.push(model);
}

export function scenarioModel(name: string): ScenarioModel | undefined {
  return registered.find((m) => m.name === name);
}

function currentSchema(): z.ZodType {
  if (built) return built;
  if (registered.length === 0) throw new Error('no models are registered: import src/models/index.js before reading scenarios');
  built = buildSchema(registered);
  return built;
}

function buildSchema(models: ScenarioModel[]): z.ZodType {
  const options = models.map((m) =>
    z.strictObject({
      model: z.literal(m.name).meta({ description: m.describe }),
      ...baseShape,
      ...m.sections,
    }),
  );
  const union = z.discriminatedUnion('model', options as unknown as [z.ZodObject, ...z.ZodObject[]]);
  return union.superRefine((s, ctx) => {
    const sc = s as unknown as BaseScenario;
    if (sc.warmup >= sc.duration && sc.duration > 0) {
      ctx.addIssue({ code: 'custom', message: `warmup (${sc.warmup} s) must be shorter than duration (${sc.duration} s)`, path: ['warmup'] });
    }
    models.find((m) => m.name === sc.model)?.refine?.(sc as never, ctx);
  });
}

/** Validates a scenario as written; built from the registered models on first use. */
export const scenarioSchema: z.ZodType = z.lazy(currentSchema);

/** JSON Schema (draft 2020-12) of scenario files, for editors. */
export function scenarioJsonSchema(): object {
  return {
    ...z.toJSONSchema(currentSchema(), { io: 'input', unrepresentable: 'any' }),
    title: 'cdnsim scenario',
  };
}
