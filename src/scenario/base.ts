/** The fields every scenario has, whatever its model. */
import * as z from 'zod';
import { ENGINES } from '../engine/engine.js';
import { GENERATORS } from '../engine/rng.js';
import { duration, nonNegative } from './types.js';

/** Field path → the values it takes, as written (units are resolved per point). */
const sweepLists = z.record(
  z.string().min(1),
  z.array(z.unknown()).min(1, 'a sweep list needs at least one value').meta({ description: 'values, as the field would be written' }),
);

const sweep = z
  .strictObject({
    grid: sweepLists.optional().meta({ description: 'every combination of these lists; keys are field paths like mm1.arrivalRate or isps[0].peakSessionRate' }),
    zip: z
      .array(sweepLists)
      .optional()
      .meta({ description: 'groups of equal-length lists stepped together; each group is one more axis of the grid' }),
  })
  .superRefine((s, ctx) => {
    const axes = Object.keys(s.grid ?? {}).length + (s.zip ?? []).filter((g) => Object.keys(g).length > 0).length;
    if (axes === 0) ctx.addIssue({ code: 'custom', message: 'the sweep is empty: give grid or zip at least one field path and its values' });
    (s.zip ?? []).forEach((group, g) => {
      const lengths = Object.values(group).map((v) => v.length);
      if (lengths.some((n) => n !== lengths[0])) {
        ctx.addIssue({ code: 'custom', message: `zipped lists must have equal lengths (got ${lengths.join(', ')})`, path: ['zip', g] });
      }
    });
  });

export const baseShape = {
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, dot, dash and underscore (it names the results folder)')
    .meta({ description: 'Scenario name; results go to results/<name>/' }),
  description: z.string().optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1).meta({ description: 'Master seed' }),
  replications: z.number().int().min(1).max(1_000_000).default(1).meta({ description: 'Independent replications' }),
  duration: nonNegative(duration(), 'duration').meta({ description: 'Simulated time per replication' }),
  warmup: nonNegative(duration(), 'warmup').default(0).meta({ description: 'Initial period left out of the statistics' }),
  engine: z.enum(['auto', ...ENGINES]).default('auto').meta({ description: 'Event engine: auto picks the fastest that loads' }),
  rng: z.enum(GENERATORS).default('tychei').meta({ description: 'seedrandom generator for every stream' }),
  sweep: sweep.optional().meta({
    description: 'Run the scenario once per grid point and replication, each run with some fields replaced; see "Running many scenarios" in the README',
  }),
};

const base = z.object(baseShape);
export type BaseScenario = z.output<typeof base> & { model: string };
