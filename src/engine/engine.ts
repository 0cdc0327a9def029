/**
 * The engine interface every model runs on. A model registers one handler per event
 * kind and schedules events as (time, kind, a, b): small integers, no objects, so the
 * same model runs on the JS engine or on the WASM one unchanged.
 */
import type { EventHandle } from './queue.js';

export type { EventHandle };

export const ENGINES = ['js', 'wasm'] as const;
export type EngineName = (typeof ENGINES)[number];

/** Called with the event's two integer payload fields; read the clock from `engine.now`. */
export type Handler = (a: number, b: number) => void;

export interface RunOptions {
  /** Stop before the first event later than this time; the clock is then set to it. */
  until?: number;
  /** Stop after this many events in this call. */
  maxEvents?: number;
}

export type StopReason = 'empty' | 'until' | 'maxEvents' | 'stopped';

export interface RunResult {
  eventsProcessed: number;
  clock: number;
  stoppedBy: StopReason;
}

export interface Engine {
  readonly name: EngineName;
  /** The simulation clock, in seconds. */
  readonly now: number;
  /** Events processed since the engine was made. */
  readonly eventsProcessed: number;
  /** Largest number of entries the event list held. */
  readonly peakQueue: number;
  /** Live events (scheduled, neither fired nor cancelled). */
  readonly pending: number;
  on(kind: number, handler: Handler): void;
  schedule(delay: number, kind: number, a?: number, b?: number): EventHandle;
  scheduleAt(time: number, kind: number, a?: number, b?: number): EventHandle;
  cancel(handle: EventHandle): boolean;
  /** Ask the running loop to return after the current event. */
  stop(): void;
  run(options?: RunOptions): RunResult;
  /** Present on an engine that can run a model's handlers natively (the WASM engine). */
  readonly native?: NativeHost;
}

/**
 * A WASM engine's offer to a model whose hot handlers are compiled into its module
 * (wasm/cdn): model state in linear memory, and kinds handled there. Events JS
 * schedules, and events the module hands back, still go to the kind's JS handler.
 */
export interface NativeHost {
  /**
   * Grow linear memory once for model state; from then on it never grows, so views
   * of it stay valid (the OS backs only pages that are touched).
   */
  reserve(): void;
  /** Byte offset of `bytes` of zeroed memory, cache-line aligned (after reserve). */
  alloc(bytes: number): number;
  readonly buffer: ArrayBuffer;
  /** Point the segment kernel at the model's pointer table (src/cdn/kernel/abi.ts). */
  bindSegments(table: number): void;
  /** Handle `kind` with native handler `handler` (a HANDLER_* of wasm-abi.ts). */
  onNative(kind: number, handler: number): void;
  /** Events run inside WASM so far. */
  readonly nativeEvents: number;
}

export interface EngineOptions {
  /** Initial event-list capacity; it doubles as needed. */
  capacity?: number;
}

/** Kinds are u16. */
export const MAX_KINDS = 65536;

/** The handler of a kind nobody registered: fails loudly at dispatch. */
export function unhandled(kind: number): Handler {
  return () => {
    throw new Error(`no handler registered for event kind ${kind}`);
  };
}
