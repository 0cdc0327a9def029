/**
 * Progress of a sweep: a bar redrawn in place on a terminal, a plain line every few
 * seconds when stderr is a file or pipe (CI logs), NDJSON on stdout with --json. The
 * numbers come from a sampler (the pool's shared counters, or the queue's states), so
 * workers never message the main thread just to report progress.
 */
export type ProgressMode = 'bar' | 'lines' | 'json' | 'none';

export interface ProgressSample {
  /** Runs finished since the start. */
  done: number;
  /** Events processed by those runs. */
  events: number;
}

export interface ProgressState extends ProgressSample {
  total: number;
  elapsedSeconds: number;
}

interface Sink {
  write(text: string): unknown;
}

const INTERVAL_MS: Record<ProgressMode, number> = { bar: 250, lines: 5000, json: 1000, none: 0 };

export function progressMode(json: boolean, stream: { isTTY?: boolean } = process.stderr): ProgressMode {
  return json ? 'json' : stream.isTTY ? 'bar' : 'lines';
}

export function etaSeconds(s: ProgressState): number | null {
  if (s.done === 0) return null;
  return (s.elapsedSeconds / s.done) * (s.total - s.done);
}

export function formatProgress(s: ProgressState): string {
  const rate = s.elapsedSeconds > 0 ? s.events / s.elapsedSeconds : 0;
  const eta = etaSeconds(s);
  return `${s.done}/${s.total} runs  ${formatRate(rate)} events/s  ETA ${eta === null ? '--:--' : clock(eta)}`;
}

export function formatBar(s: ProgressState, columns = 80): string {
  const text = formatProgress(s);
  const width = Math.max(10, Math.min(40, columns - text.length - 3));
  const filled = s.total > 0 ? Math.round((width * s.done) / s.total) : width;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}`;
}

export function clock(seconds: number): string {
  const t = Math.max(0, Math.round(seconds));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = String(t % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

function formatRate(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
  return x.toFixed(0);
}

export class ProgressReporter {
  private readonly t0 = process.hrtime.bigint();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly mode: ProgressMode,
    private readonly total: number,
    private readonly sample: () => ProgressSample,
    private readonly out: Sink = process.stdout,
    private readonly err: Sink & { columns?: number } = process.stderr,
  ) {}

  start(info: Record<string, unknown> = {}): void {
    if (this.mode === 'json') this.json({ type: 'start', runs: this.total, ...info });
    if (this.mode === 'none') return;
    this.timer = setInterval(() => this.tick(), INTERVAL_MS[this.mode]);
    this.timer.unref();
    if (this.mode === 'bar') this.tick();
  }

  /** A run finished: NDJSON gets a line at once, the bar redraws. */
  run(info: Record<string, unknown>): void {
    if (this.mode === 'json') this.json({ type: 'run', ...info });
    else if (this.mode === 'bar') this.tick();
  }

  finish(info: Record<string, unknown> = {}): void {
    if (this.timer) clearInterval(this.timer);
    const state = this.state();
    if (this.mode === 'bar') this.err.write(`\r${formatBar(state, this.err.columns)}\n`);
    else if (this.mode === 'lines') this.err.write(`${formatProgress(state)}\n`);
    else if (this.mode === 'json') this.json({ type: 'end', done: state.done, total: state.total, ...info });
  }

  private state(): ProgressState {
    return { ...this.sample(), total: this.total, elapsedSeconds: Number(process.hrtime.bigint() - this.t0) / 1e9 };
  }

  private tick(): void {
    const s = this.state();
    if (this.mode === 'bar') this.err.write(`\r${formatBar(s, this.err.columns)}\x1b[K`);
    else if (this.mode === 'lines') this.err.write(`${formatProgress(s)}\n`);
    else if (this.mode === 'json') {
      const rate = s.elapsedSeconds > 0 ? s.events / s.elapsedSeconds : 0;
      this.json({ type: 'progress', done: s.done, total: s.total, eventsPerSecond: rate, etaSeconds: etaSeconds(s) });
    }
  }

  private json(value: Record<string, unknown>): void {
    this.out.write(JSON.stringify(value) + '\n');
  }
}
