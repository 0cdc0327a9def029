import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../errors.js';
import { tempDir } from '../test-helpers/cli.js';
import { createEngine } from './index.js';
import { ABI_VERSION } from './wasm-abi.js';
import { compileWasm, defaultWasmPath, loadWasm, resetWasmCache, useWasmModule, WASM_PATH_ENV } from './wasm-module.js';

/** The smallest valid WebAssembly module: magic and version, no sections. */
const EMPTY_MODULE = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  resetWasmCache();
});

describe('loading the WASM module', () => {
  it('compiles the built module once and shares it', () => {
    const a = loadWasm();
    expect(a.ok, a.ok ? '' : a.reason).toBe(true);
    expect(loadWasm()).toBe(a);
  });

  it('gives a reason, never an exception, for a missing file, corrupt bytes or a foreign module', () => {
    const dir = tempDir();
    const missing = compileWasm(join(dir, 'nope.wasm'));
    expect(missing).toMatchObject({ ok: false, reason: expect.stringMatching(/nope\.wasm: not found/) });

    writeFileSync(join(dir, 'corrupt.wasm'), 'definitely not wasm');
    expect(compileWasm(join(dir, 'corrupt.wasm'))).toMatchObject({ ok: false, reason: expect.stringMatching(/not a valid WebAssembly module/) });

    writeFileSync(join(dir, 'empty.wasm'), EMPTY_MODULE);
    expect(compileWasm(join(dir, 'empty.wasm'))).toMatchObject({ ok: false, reason: expect.stringMatching(/not a cdnsim engine module/) });
  });

  it('a runtime without WebAssembly is a reason too', () => {
    vi.stubGlobal('WebAssembly', undefined);
    expect(compileWasm(defaultWasmPath())).toEqual({ ok: false, reason: 'this JavaScript runtime has no WebAssembly' });
  });

  it('createEngine("wasm") turns an unavailable module into bad input naming the reason', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'corrupt.wasm'), 'xx');
    vi.stubEnv(WASM_PATH_ENV, join(dir, 'corrupt.wasm'));
    resetWasmCache();
    const err = await createEngine('wasm').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).format()).toMatch(/^engine: the wasm engine is unavailable: .*corrupt\.wasm: not a valid WebAssembly module/);
  });

  it('a worker thread instantiates the module it is sent, without compiling it again', async () => {
    const wasm = loadWasm();
    if (!wasm.ok) throw new Error(wasm.reason);
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.once('message', (module) => {
         const instance = new WebAssembly.Instance(module, { env: { abort() { throw new Error('abort'); } } });
         parentPort.postMessage(instance.exports.abiVersion());
       });`,
      { eval: true },
    );
    try {
      const version = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage(wasm.module);
      });
      expect(version).toBe(ABI_VERSION);
    } finally {
      await worker.terminate();
    }
    // What a worker does with it on our side: install it, then make engines from it.
    resetWasmCache();
    expect(useWasmModule(wasm.module).ok).toBe(true);
    expect((await createEngine('wasm')).name).toBe('wasm');
  });
});
