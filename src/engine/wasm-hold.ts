/**
 * The hold model with its handler inside WASM: no JS runs per event, only a refill of
 * the delay ring every few thousand. The delays are drawn exactly as in ./hold.ts (same
 * stream, same -log(1 - u), the first `pending` for the initial events), so the final
 * clock equals the JS engine's bit for bit.
 */
import type { HoldResult } from './hold.js';
import { stream, type Rng } from './rng.js';
import { exponential } from './variates.js';
import type { WasmEngine } from './wasm-engine.js';

/**
 * Module level, not a closure made per run: V8 keeps optimised code with a closure, so
 * a fresh closure per run would start each run unoptimised.
 */
function fillExp1(ring: Float64Array, rng: Rng): void {
  for (let i = 0; i < ring.length; i++) ring[i] = exponential(rng, 1);
}

export function runHoldInWasm(engine: WasmEngine, pending: number, ops: number, seed = 1): HoldResult {
  const rng = stream({ seed, replication: 0, component: 'hold', entity: 0 });
  const HOLD = 0;
  engine.onHold(HOLD, (ring) => fillExp1(ring, rng));
  for (let i = 0; i < pending; i++) engine.schedule(exponential(rng, 1), HOLD, i, 0);
  const t0 = process.hrtime.bigint();
  engine.run({ maxEvents: ops });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { engine: engine.name, pending, ops, seconds, opsPerSecond: ops / seconds, finalClock: engine.now };
}
