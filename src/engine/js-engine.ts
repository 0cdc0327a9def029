import { MAX_KINDS, unhandled, type Engine, type EngineOptions, type Handler, type RunOptions, type RunResult, type StopReason } from './engine.js';
import { EventQueue, type EventHandle } from './queue.js';



/** The reference engine: the typed-array heap and a plain dispatch loop. */
export class JsEngine implements Engine {
  readonly name = 'js' as const;
  now = 0;
  eventsProcessed = 0;
  private readonly queue: EventQueue;
  private readonly handlers: Handler[] = [];
  private stopRequested = false;

  constructor(options: EngineOptions = {}) {
    this.queue = new EventQueue(options.capacity ?? 1024);
  }

  get peakQueue(): number {
    return this.queue.peak;
  }

  get pending(): number {
    return this.queue.live;
  }

  on(kind: number, handler: Handler): void {
    if (!Number.isInteger(kind) || kind < 0 || kind >= MAX_KINDS) throw new RangeError(`event kind ${kind} out of range`);
    while (this.handlers.length <= kind) this.handlers.push(unhandled(this.handlers.length));
    this.handlers[kind] = handler;
  }

  schedule(delay: number, kind: number, a = 0, b = 0): EventHandle {
    if (!(delay >= 0)) throw new RangeError(`cannot schedule an event ${delay} s in the past`);
    return this.queue.push(this.now + delay, kind, a, b);
  }

  scheduleAt(time: number, kind: number, a = 0, b = 0): EventHandle {
    if (!(time >= this.now)) throw new RangeError(`cannot schedule an event at ${time} s; the clock is at ${this.now} s`);
    return this.queue.push(time, kind, a, b);
  }

  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  stop(): void {
    this.stopRequested = true;
  }

  run(options: RunOptions = {}): RunResult {
    const until = options.until ?? Infinity;
    const maxEvents = options.maxEvents ?? Infinity;
    const q = this.queue;
    const handlers = this.handlers;
    let processed = 0;
    let stoppedBy: StopReason = 'empty';
    this.stopRequested = false;
    for (;;) {
      if (processed >= maxEvents) {
        stoppedBy = 'maxEvents';
        break;
      }
      const slot = q.popUntil(until);
      if (slot < 0) {
        if (slot === -2) {
          this.now = until;
          stoppedBy = 'until';
        }
        break;
      }
      this.now = q.lastTime;
      const kind = q.kind[slot];
      (handlers[kind] ?? unhandled(kind))(q.a[slot], q.b[slot]);
      processed++;
      if (this.stopRequested) {
        stoppedBy = 'stopped';
        break;
      }
    }
    if (stoppedBy === 'empty' && until !== Infinity && until > this.now) this.now = until;
    this.eventsProcessed += processed;
    return { eventsProcessed: processed, clock: this.now, stoppedBy };
  }
}
