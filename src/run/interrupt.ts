/**
 * Ctrl-C (and SIGTERM, which Kubernetes and batch systems send) stops a sweep cleanly:
 * the first signal lets the runs in progress finish and be written, a second abandons
 * them. Either way finished runs are kept and the manifest says interrupted.
 */
import type { Stop } from './pool.js';

export const EXIT_INTERRUPTED = 130;

export function stopOnSignals(notice: (text: string) => void = (t) => process.stderr.write(t)): { stop: Stop; dispose(): void } {
  const graceful = new AbortController();
  const now = new AbortController();
  const onSignal = () => {
    if (!graceful.signal.aborted) {
      notice('cdnsim: stopping after the runs in progress; press Ctrl-C again to stop at once\n');
      graceful.abort();
    } else now.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stop: { graceful: graceful.signal, now: now.signal },
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
