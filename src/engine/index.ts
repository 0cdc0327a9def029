import { InputError } from '../errors.js';
import type { Engine, EngineName, EngineOptions } from './engine.js';
import { JsEngine } from './js-engine.js';
import { WasmEngine } from './wasm-engine.js';
import { loadWasm } from './wasm-module.js';

export * from './engine.js';
export { JsEngine } from './js-engine.js';
export { EventQueue } from './queue.js';
export { WasmEngine } from './wasm-engine.js';
export { loadWasm, useWasmModule, type WasmLoad, type WasmModule } from './wasm-module.js';

/** Make an engine by name. Asking for one that cannot be loaded is bad input (exit 2). */
export async function createEngine(name: EngineName, options: EngineOptions = {}): Promise<Engine> {
  switch (name) {
    case 'js':
      return new JsEngine(options);
    case 'wasm': {
      const wasm = loadWasm();
      if (!wasm.ok) throw new InputError(`the wasm engine is unavailable: ${wasm.reason}`, { field: 'engine' });
      return new WasmEngine(wasm.module, options);
    }
    default:
      throw new InputError(`unknown engine '${name as string}'`, { field: 'engine' });
  }
}
