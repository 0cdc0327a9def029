import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Engine, RunOptions } from './engine.js';
import { runHold } from './hold.js';
import { JsEngine } from './js-engine.js';
import { makeRng, stream } from './rng.js';
import { exponential } from './variates.js';
import * as abi from './wasm-abi.js';
import { WasmEngine } from './wasm-engine.js';
import { runHoldInWasm } from './wasm-hold.js';
import { loadWasm } from './wasm-module.js';

function wasmEngine(capacity = 16): WasmEngine {
  const wasm = loadWasm();
  if (!wasm.ok) throw new Error(`the WASM engine must be built for these tests (npm run build:wasm): ${wasm.reason}`);
  return new WasmEngine(wasm.module, { capacity });
}

/**
 * A random model: handlers draw their actions from a PRNG consumed in dispatch order,
 * so two engines that dispatch in the same order behave the same and give equal traces.
 * Delays are small integers and halves, so equal times (ties) are common.
 */
interface Program {
  seed: string;
  initial: number;
  runs: ({ until: number } | { maxEvents: number } | { all: true })[];
  throwEvery: number;
}

const DELAYS = [0, 0, 0.5, 1, 1, 2, 3, 8, 40];

function trace(engine: Engine, p: Program): string[] {
  const out: string[] = [];
  const rng = makeRng('tychei', p.seed);
  const handles: number[] = [];
  const pick = (xs: number[]) => xs[Math.floor(rng() * xs.length)];
  const burst = () => {
    // Now and then many events at once: past the push ring's and the batch's capacity.
    const n = rng() < 0.002 ? abi.PUSH_CAP + 100 : 0;
    for (let i = 0; i < n; i++) handles.push(engine.schedule(pick(DELAYS) + i * 1e-3, 2, i, -i));
  };
  let fired = 0;
  for (let kind = 0; kind < 3; kind++) {
    engine.on(kind, (a, b) => {
      out.push(`${engine.now} k${kind} ${a} ${b}`);
      fired++;
      if (p.throwEvery > 0 && fired % p.throwEvery === 0) throw new Error('handler failure');
      const u = rng();
      if (u < 0.75) handles.push(engine.schedule(pick(DELAYS), Math.floor(rng() * 3), a + 1, b));
      if (u < 0.3) handles.push(engine.scheduleAt(engine.now + pick(DELAYS), 1, a, b + 1));
      if (u > 0.6 && handles.length > 0) out.push(`cancel ${engine.cancel(handles[Math.floor(rng() * handles.length)])}`);
      if (u > 0.985) engine.stop();
      burst();
    });
  }
  for (let i = 0; i < p.initial; i++) handles.push(engine.schedule(pick(DELAYS), i % 3, i, 0));
  for (const r of p.runs) {
    const options: RunOptions = 'until' in r ? { until: engine.now + r.until } : 'maxEvents' in r ? { maxEvents: r.maxEvents } : {};
    try {
      const res = engine.run(options);
      out.push(`run ${res.eventsProcessed} ${res.clock} ${res.stoppedBy}`);
    } catch (e) {
      out.push(`threw ${(e as Error).message}`);
    }
    out.push(`now ${engine.now} pending ${engine.pending} processed ${engine.eventsProcessed}`);
    // Between runs, as a model's setup code would: schedule from outside a handler.
    handles.push(engine.schedule(pick(DELAYS), 0, -1, -1));
  }
  return out;
}

const programArb: fc.Arbitrary<Program> = fc.record({
  seed: fc.string({ maxLength: 8 }),
  initial: fc.integer({ min: 0, max: 60 }),
  runs: fc.array(
    fc.oneof(
      fc.record({ until: fc.integer({ min: 0, max: 30 }) }),
      fc.record({ maxEvents: fc.integer({ min: 0, max: 400 }) }),
      fc.constant({ all: true as const }),
    ),
    { minLength: 1, maxLength: 6 },
  ),
  throwEvery: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 50, max: 500 })),
});

describe('WasmEngine', () => {
  it('property: random schedules, cancels, stops and throws from handlers give the JS engine trace', () => {
    fc.assert(
      fc.property(programArb, (p) => {
        expect(trace(wasmEngine(), p)).toEqual(trace(new JsEngine(), p));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the order when seqs are renumbered near the top of their range', () => {
    const p: Program = { seed: 'renumber', initial: 200, runs: Array.from({ length: 8 }, () => ({ all: true as const })), throwEvery: 0 };
    const w = wasmEngine();
    // Renumbering happens at 2^(63 - SEQ_SHIFT); start just below it.
    w.setSeq(2 ** (63 - abi.SEQ_SHIFT) - 40);
    const got = trace(w, p);
    expect(got.length).toBeGreaterThan(500);
    expect(got).toEqual(trace(new JsEngine(), p));
  });

  it('equal times fire in scheduling order across batches, slotted-in events and until', () => {
    const e = wasmEngine();
    const seen: number[] = [];
    // Each event at t = 1 schedules one more at t = 1 until 3000 have fired: far more
    // than a batch holds, all ties, so only seq decides the order.
    e.on(0, (a, b) => {
      seen.push(a);
      if (a + 1000 < 3000) e.schedule(0, 0, a + 1000, b);
    });
    e.on(1, (a) => seen.push(a));
    for (let i = 0; i < 1000; i++) e.schedule(1, 0, i, 0);
    e.schedule(2, 1, -1);
    expect(e.run({ until: 1 })).toEqual({ eventsProcessed: 3000, clock: 1, stoppedBy: 'until' });
    expect(seen).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(e.pending).toBe(1);
    expect(e.run()).toEqual({ eventsProcessed: 1, clock: 2, stoppedBy: 'empty' });
    expect(seen.at(-1)).toBe(-1);
    expect(e.peakQueue).toBeGreaterThanOrEqual(1001);
  });

  it('rejects scheduling in the past, bad kinds, and events with no handler', () => {
    const e = wasmEngine();
    expect(() => e.schedule(-1, 0)).toThrow(RangeError);
    expect(() => e.schedule(Number.NaN, 0)).toThrow(RangeError);
    expect(() => e.on(70000, () => {})).toThrow(RangeError);
    e.schedule(1, 9);
    expect(() => e.run()).toThrow(/no handler registered for event kind 9/);
  });

  it('grows from a tiny capacity; handles stay valid and stale ones cancel nothing', () => {
    const e = wasmEngine(16);
    const fired: number[] = [];
    e.on(0, (a) => fired.push(a));
    const hs = Array.from({ length: 5000 }, (_, i) => e.schedule(5000 - i, 0, i));
    expect(e.cancel(hs[10])).toBe(true);
    expect(e.cancel(hs[10])).toBe(false);
    expect(e.pending).toBe(4999);
    e.run({ maxEvents: 100 });
    // The first 100 to fire were scheduled last; their handles are stale now.
    expect(e.cancel(hs[4999])).toBe(false);
    e.run();
    expect(fired).toHaveLength(4999);
    expect(fired[0]).toBe(4999);
    expect(fired).not.toContain(10);
  });
});

describe('hold model on the WASM engine', () => {
  it('the handler inside WASM and a JS handler reach the JS engine final clock bit for bit', () => {
    for (const [pending, ops] of [
      [1000, 20_000],
      [10, 9000],
    ]) {
      const js = runHold(new JsEngine(), pending, ops, 7);
      expect(runHoldInWasm(wasmEngine(), pending, ops, 7).finalClock).toBe(js.finalClock);
      expect(runHold(wasmEngine(), pending, ops, 7).finalClock).toBe(js.finalClock);
    }
  });

  it('WASM hold events interleave with JS events, and cancel, exactly as on the JS engine', () => {
    const run = (engine: Engine, holdInWasm: boolean) => {
      const delays = stream({ seed: 3, replication: 0, component: 'hold', entity: 0 });
      const other = stream({ seed: 3, replication: 0, component: 'other', entity: 0 });
      const seen: string[] = [];
      if (holdInWasm) {
        (engine as WasmEngine).onHold(0, (ring) => {
          for (let i = 0; i < ring.length; i++) ring[i] = exponential(delays, 1);
        });
      } else {
        engine.on(0, (a, b) => engine.schedule(exponential(delays, 1), 0, a, b));
      }
      const holds: number[] = [];
      engine.on(1, (a) => {
        // Cancels hit hold events still waiting to fire first; later their handles are stale.
        seen.push(`${engine.now} ${a} ${engine.cancel(holds[(a * 7) % holds.length])}`);
        engine.schedule(exponential(other, 20), 1, a + 1);
      });
      for (let i = 0; i < 300; i++) holds.push(engine.schedule(exponential(delays, 1), 0, i));
      engine.schedule(0, 1, 0);
      engine.run({ until: 50 });
      return [...seen, `${engine.now} ${engine.eventsProcessed} ${engine.pending}`];
    };
    expect(run(wasmEngine(), true)).toEqual(run(new JsEngine(), false));
  });
});
