/** The fields every scenario has, whatever its model. */
import * as z from 'zod';
import { ENGINES } from '../engine/engine.js';
import { GENERATORS } from '../engine/rng.js';
import { duration, nonNegative } from './types.js';

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
};

const base = z.object(baseShape);
export type BaseScenario = z.output<typeof base> & { model: string };
