/**
 * The model registry: one line per model. Importing it adds each model's sections to
 * the scenario format (src/scenario/schema.ts), which knows no model by name; a program
 * that reads scenarios imports this module first (the CLI and the runner do).
 */
import { openConnectModel } from '../cdn/model.js';
import { bgpModel } from '../net/model.js';
import { registerScenarioModel } from '../scenario/schema.js';
import type { ModelDef } from './model.js';
import { mm1Model } from './mm1.js';
import { mmccModel } from './mmcc.js';
import { estimateOpenConnect } from './openconnect-size.js';

export const models: ModelDef[] = [
  mm1Model as unknown as ModelDef,
  mmccModel as unknown as ModelDef,
  // The estimate lives beside the registry until the model's own file declares one.
  { ...openConnectModel, estimate: openConnectModel.estimate ?? estimateOpenConnect },
  bgpModel,
];

for (const model of models) registerScenarioModel(model);

export function findModel(name: string): ModelDef | undefined {
  return models.find((m) => m.name === name);
}
