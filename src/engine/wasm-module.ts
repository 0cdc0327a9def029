/**
 * Loading the WASM engine's module: read and compile `wasm/build/engine.wasm` once per
 * thread, and say why when that is impossible (no file, corrupt bytes, a build for
 * another ABI, a runtime without WebAssembly) instead of throwing, so callers can fall
 * back to the JS engine.
 *
 * The compiled module can be posted to worker threads (`postMessage(wasmModule)`); a
 * worker hands it to `useWasmModule` and instantiates without compiling again.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ABI_VERSION } from './wasm-abi.js';

/** Overrides where the module is read from. */
export const WASM_PATH_ENV = 'CDNSIM_WASM';

/** A compiled WebAssembly.Module; opaque here (the project's TS lib has no WebAssembly types). */
export type WasmModule = object & { readonly __wasmModule?: never };

export interface WasmInstance {
  exports: Record<string, unknown>;
}

interface WasmApi {
  Module: { new (bytes: Uint8Array): WasmModule; exports(module: WasmModule): { name: string }[] };
  Instance: new (module: WasmModule, imports: object) => WasmInstance;
}

export type WasmLoad = { ok: true; module: WasmModule; file: string } | { ok: false; reason: string };

const EXPORTS = ['memory', 'abiVersion', 'cells', 'init', 'grow', 'flush', 'step', 'setHandler'];

let loaded: WasmLoad | undefined;

export function defaultWasmPath(): string {
  // From src/engine (tests) and from dist/engine (the build) alike.
  return fileURLToPath(new URL('../../wasm/build/engine.wasm', import.meta.url));
}

export function wasmPath(): string {
  return process.env[WASM_PATH_ENV] || defaultWasmPath();
}

/** The runtime's WebAssembly, or undefined where there is none (e.g. node --jitless). */
export function webAssembly(): WasmApi | undefined {
  const wa = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  return typeof wa === 'object' && wa !== null && typeof wa.Module === 'function' ? wa : undefined;
}

/** The module, compiled on first use; later calls in this thread return the same result. */
export function loadWasm(): WasmLoad {
  loaded ??= compileWasm(wasmPath());
  return loaded;
}

/** Install a module compiled elsewhere (a worker thread receives its parent's). */
export function useWasmModule(module: WasmModule, file = '(transferred)'): WasmLoad {
  const reason = checkModule(module);
  loaded = reason ? { ok: false, reason } : { ok: true, module, file };
  return loaded;
}

/** Forget the cached result, so the next loadWasm reads the file again (for tests). */
export function resetWasmCache(): void {
  loaded = undefined;
}

export function compileWasm(file: string): WasmLoad {
  const wa = webAssembly();
  if (!wa) return { ok: false, reason: 'this JavaScript runtime has no WebAssembly' };
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found (npm run build:wasm makes it)' : (e as Error).message;
    return { ok: false, reason: `${file}: ${why}` };
  }
  let module: WasmModule;
  try {
    module = new wa.Module(bytes);
  } catch (e) {
    return { ok: false, reason: `${file}: not a valid WebAssembly module (${(e as Error).message})` };
  }
  const reason = checkModule(module);
  return reason ? { ok: false, reason: `${file}: ${reason}` } : { ok: true, module, file };
}

/** Instantiate with the imports the module expects; abort() becomes a thrown Error. */
export function instantiate(module: WasmModule): WasmInstance {
  const wa = webAssembly();
  if (!wa) throw new Error('this JavaScript runtime has no WebAssembly');
  let memory: { buffer: ArrayBuffer } | undefined;
  const abort = (msg: number, file: number, line: number, column: number) => {
    const text = memory ? readString(memory.buffer, msg) : 'abort';
    const where = memory ? readString(memory.buffer, file) : '';
    throw new Error(`WASM engine: ${text} (${where}:${line}:${column})`);
  };
  const instance = new wa.Instance(module, { env: { abort } });
  memory = instance.exports.memory as { buffer: ArrayBuffer };
  return instance;
}

/** An AssemblyScript string: UTF-16LE, its byte length in the 4 bytes before it. */
function readString(buffer: ArrayBuffer, ptr: number): string {
  if (!ptr || ptr < 4 || ptr > buffer.byteLength) return '';
  const bytes = new Uint32Array(buffer, ptr - 4, 1)[0];
  return Buffer.from(buffer, ptr, Math.min(bytes, buffer.byteLength - ptr)).toString('utf16le');
}

function checkModule(module: WasmModule): string | undefined {
  const wa = webAssembly();
  if (!wa) return 'this JavaScript runtime has no WebAssembly';
  const names = new Set(wa.Module.exports(module).map((e) => e.name));
  const missing = EXPORTS.filter((n) => !names.has(n));
  if (missing.length > 0) return `not a cdnsim engine module (missing ${missing.join(', ')})`;
  try {
    const version = (instantiate(module).exports.abiVersion as () => number)();
    if (version !== ABI_VERSION) return `built for engine ABI ${version}, this cdnsim needs ${ABI_VERSION} (npm run build:wasm)`;
  } catch (e) {
    return `cannot instantiate (${(e as Error).message})`;
  }
  return undefined;
}
