/** The model registry: one line per model. */
import { openConnectModel } from '../cdn/model.js';
import type { ModelDef } from './model.js';
import { mm1Model } from './mm1.js';
import { mmccModel } from './mmcc.js';
import { bgpModel } from '../net/model.js';

export const models: ModelDef[] = [mm1Model as unknown as ModelDef, mmccModel as unknown as ModelDef, openConnectModel, bgpModel];

export function findModel(name: string): ModelDef | undefined {
  return models.find((m) => m.name === name);
}
