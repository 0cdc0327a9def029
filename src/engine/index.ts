import { InputError } from '../errors.js';
import type { Engine, EngineName, EngineOptions } from './engine.js';
import { JsEngine } from './js-engine.js';

export * from './engine.js';
export { JsEngine } from './js-engine.js';
export { EventQueue } from './queue.js';

/** Make an engine by name. Asking for one that cannot be loaded is bad input (exit 2). */
export async function createEngine(name: EngineName, options: EngineOptions = {}): Promise<Engine> {
  switch (name) {
    case 'js':
      return new JsEngine(options);
    default:
      throw new InputError(`the ${name} engine is not available in this build`, { field: 'engine' });
  }
}
