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
