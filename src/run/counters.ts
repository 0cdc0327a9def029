/**
 * Counters shared by the pool's threads through a SharedArrayBuffer: workers add runs
 * and events as each run finishes, the main thread reads them for the progress display
 * without a message per run, and sets the stop flag that workers check between runs.
 */
export interface Counters {
  buffer: SharedArrayBuffer;
  totals: BigInt64Array;
  flags: Int32Array;
}

const RUNS = 0;
const EVENTS = 1;
const STOP = 0;

export function counters(buffer = new SharedArrayBuffer(24)): Counters {
  return { buffer, totals: new BigInt64Array(buffer, 0, 2), flags: new Int32Array(buffer, 16, 1) };
}

export function addRun(c: Counters, events: number): void {
  Atomics.add(c.totals, EVENTS, BigInt(events));
  Atomics.add(c.totals, RUNS, 1n);
}

export function readCounters(c: Counters): { runs: number; events: number } {
  return { runs: Number(Atomics.load(c.totals, RUNS)), events: Number(Atomics.load(c.totals, EVENTS)) };
}

export function requestStop(c: Counters): void {
  Atomics.store(c.flags, STOP, 1);
}

export function stopRequested(c: Counters): boolean {
  return Atomics.load(c.flags, STOP) === 1;
}
