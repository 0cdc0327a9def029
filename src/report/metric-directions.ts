/**
 * Which way is better for every metric a model puts in summary.json, by the dotted name
 * scalarColumns gives it. `compare` fails only on a move in the bad direction; a
 * `neutral` metric (workload counters, figures fixed by the scenario, interval
 * descriptors) is reported when it changes but fails only under --strict.
 *
 * A rule names a metric or a dotted prefix of metrics (`meanWait` covers
 * `meanWait.low`); the longest matching rule wins, so `meanWait.mean` can differ from
 * the rest of its interval. A metric no rule matches is neutral and shown as unclassified.
 */
export type Direction = 'higher' | 'lower' | 'neutral';

export const METRIC_DIRECTIONS: Readonly<Record<string, Direction>> = {
  // Every model: work done, which follows the workload.
  eventsProcessed: 'neutral',

  // mm1 (src/models/mm1.ts)
  customers: 'neutral',
  'meanWait.mean': 'lower',
  meanWait: 'neutral',
  utilisation: 'neutral',
  theory: 'neutral',

  // mmcc (src/models/mmcc.ts)
  offered: 'neutral',
  blocked: 'lower',
  'blocking.mean': 'lower',
  blocking: 'neutral',

  // openconnect (src/cdn/model.ts): delivery
  requests: 'neutral',
  sessions: 'neutral',
  // Hours watched follow the demand the scenario sets (abandonment has its own metric).
  viewingHours: 'neutral',
  members: 'neutral',
  sessionsAbandoned: 'lower',
  bytesRequested: 'neutral',
  bytesServed: 'neutral',
  bytesFailed: 'lower',
  bytesByRank: 'neutral',
  // Rank 4 is the origin: every byte of it crossed transit.
  'bytesByRank.4': 'lower',
  offload: 'higher',
  hitRatio: 'higher',
  byteHitRatio: 'higher',
  contentMissBytes: 'lower',
  healthMissBytes: 'lower',
  transitBytes: 'lower',
  // Fill over the CDN's own backbone to exchanges: what it does not move, it does not carry.
  backboneBytes: 'lower',
  peakLinkUtilisation: 'lower',
  ocaLoadJain: 'higher',
  // fill
  fillBytes: 'neutral',
  fillBytesBySource: 'neutral',
  fillCompletedInWindow: 'higher',
  fillDeltaFilledShare: 'higher',
  // viewers
  startupDelayP50: 'lower',
  startupDelayP95: 'lower',
  startupDelayMean: 'lower',
  // The startup-delay CDF: its probabilities are fixed, its quantiles are delays.
  startupDelayCdf: 'neutral',
  'startupDelayCdf.seconds': 'lower',
  rebufferRatio: 'lower',
  averageBitrate: 'higher',
  // per-playback QoE of the whole CDN (src/cdn/qoe.ts); playbacks and time played follow the demand
  'qoe.all': 'neutral',
  'qoe.all.neverStartedShare': 'lower',
  'qoe.all.startupMean': 'lower',
  'qoe.all.startupP50': 'lower',
  'qoe.all.startupP90': 'lower',
  'qoe.all.startupP95': 'lower',
  'qoe.all.startupP99': 'lower',
  'qoe.all.rebufferSeconds': 'lower',
  'qoe.all.rebufferRatio': 'lower',
  'qoe.all.rebufferRatioP50': 'lower',
  'qoe.all.rebufferRatioP90': 'lower',
  'qoe.all.rebufferRatioP95': 'lower',
  'qoe.all.rebufferRatioP99': 'lower',
  'qoe.all.rebufferEventsPerSession': 'lower',
  'qoe.all.rebufferedShare': 'lower',
  'qoe.all.bitrate': 'higher',
  'qoe.all.switchesPerMinute': 'lower',
  // steering and faults
  failovers: 'lower',
  steeringChurn: 'lower',
  steeringRebuilds: 'neutral',
  randomApplianceFailures: 'neutral',
  // inter-AS routing inside the CDN model: churn and how long it took to settle
  'bgp.updatesProcessed': 'lower',
  'bgp.announcements': 'lower',
  'bgp.withdrawals': 'lower',
  'bgp.lastConvergence': 'lower',
  // The data plane's work: what the demand asks for, and downloads cut by failures.
  'flows.started': 'neutral',
  'flows.completed': 'neutral',
  'flows.solves': 'neutral',
  'flows.rateUpdates': 'neutral',
  'flows.failed': 'lower',

  // bgp (src/net/model.ts)
  ases: 'neutral',
  asLinks: 'neutral',
  'totals.announcements': 'lower',
  'totals.withdrawals': 'lower',
  'totals.updatesProcessed': 'lower',
  'totals.ribChanges': 'lower',
  lastUpdateAt: 'lower',
  asesWithRoute: 'higher',
  steadyStateDisagreements: 'lower',
};

export interface DirectionRule {
  direction: Direction;
  /** The rule that matched; null for an unclassified metric. */
  rule: string | null;
}

/** The longest rule that is the metric's name or a dotted prefix of it. */
export function matchSelector<T>(metric: string, rules: Iterable<[string, T]>): [string, T] | undefined {
  let best: [string, T] | undefined;
  for (const [key, value] of rules) {
    if (metric !== key && !metric.startsWith(`${key}.`)) continue;
    if (!best || key.length > best[0].length) best = [key, value];
  }
  return best;
}

export function directionOf(metric: string): DirectionRule {
  const hit = matchSelector(metric, Object.entries(METRIC_DIRECTIONS));
  return hit ? { direction: hit[1], rule: hit[0] } : { direction: 'neutral', rule: null };
}
