/**
 * The scenario schema: the base fields plus, per model, the sections that model reads.
 * A discriminated union on `model`, every object strict, so a misspelt key is an error
 * rather than a silently ignored setting.
 */
import * as z from 'zod';
import { models } from '../models/index.js';
import { baseShape, type BaseScenario } from './base.js';

function buildSchema() {
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

export const scenarioSchema = buildSchema();

/** A validated scenario: base fields plus its model's sections, all units resolved. */
export type Scenario = BaseScenario & Record<string, unknown>;

/** JSON Schema (draft 2020-12) of scenario files, for editors. */
export function scenarioJsonSchema(): object {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'cdnsim scenario',
  };
}
