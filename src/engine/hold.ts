/**
 * The hold model, the classic event-list benchmark (Vaucher & Duval 1975): fill the
 * list with `pending` events, then `ops` times pop the earliest and push one at
 * now + Exp(1). Through the engine's own run loop, so dispatch is timed too.
 */
import type { Engine } from './engine.js';
import { stream } from './rng.js';

export interface HoldResult {
  engine: string;
  pending: number;
  ops: number;
  seconds: number;
  opsPerSecond: number;
  finalClock: number;
}

export function runHold(engine: Engine, pending: number, ops: number, seed = 1): HoldResult {
  const rng = stream({ seed, replication: 0, component: 'hold', entity: 0 });
  const HOLD = 0;
  engine.on(HOLD, (a) => {
    engine.schedule(-Math.log(1 - rng()), HOLD, a, 0);
  });
  for (let i = 0; i < pending; i++) engine.schedule(-Math.log(1 - rng()), HOLD, i, 0);
  const t0 = process.hrtime.bigint();
  engine.run({ maxEvents: ops });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { engine: engine.name, pending, ops, seconds, opsPerSecond: ops / seconds, finalClock: engine.now };
}
