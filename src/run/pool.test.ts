import { describe, expect, it } from 'vitest';
import { loadWasm } from '../engine/index.js';
import { WASM_PATH_ENV } from '../engine/wasm-module.js';
import { RunPool } from './pool.js';

const raw = { name: 'p', model: 'mm1', duration: '20000s', replications: 1, mm1: { arrivalRate: '0.5/s', serviceRate: '1/s' } };

describe('the worker pool', () => {
  it("threads run on the main thread's compiled WASM module instead of compiling their own", async () => {
    expect(loadWasm().ok).toBe(true);
    // Threads copy the environment when they start: were they to load the module themselves, they would fail.
    const saved = process.env[WASM_PATH_ENV];
    process.env[WASM_PATH_ENV] = '/nonexistent/engine.wasm';
    const pool = await RunPool.open(1);
    try {
      const reply = await pool.runOne({ id: 'x-r0', replication: 0, raw, seed: 1, engine: 'wasm', baseDir: '.' });
      expect(reply.engine).toBe('wasm');
      expect(reply.eventsProcessed).toBeGreaterThan(1000);
      expect(reply.summary).toBeInstanceOf(Uint8Array);
      expect(JSON.parse(new TextDecoder().decode(reply.summary))).toMatchObject({ model: 'mm1', replications: 1 });
    } finally {
      await pool.close();
      if (saved === undefined) delete process.env[WASM_PATH_ENV];
      else process.env[WASM_PATH_ENV] = saved;
    }
  });

  it('bad input found in a thread stays bad input', async () => {
    const pool = await RunPool.open(1);
    try {
      await expect(pool.runOne({ id: 'y-r0', replication: 0, raw: { ...raw, duration: '-5s' }, seed: 1, engine: 'js', baseDir: '.' })).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(/^run y-r0: /),
      });
    } finally {
      await pool.close();
    }
  });
});
