/**
 * One replication of the Open Connect model on the event engine: the parts, built in
 * order, and who handles which event (events.ts lists them).
 *
 *   demand/   who watches what, when: catalog, popularity, diurnal arrivals, traces
 *   player/   each playback: buffer, rate choice, segment requests and completions
 *   serve/    a segment request: candidate sites in order, trying a site, loads taken
 *   control/  the control plane: steering table and policies, health, BGP
 *   fill/     placement policies, forecasts and manifests, nightly fill and its sources
 *   network.ts  the data plane: every byte a flow on the flow engine (src/net/flows)
 *   faults.ts, link-load.ts, metrics.ts
 *
 * Parts schedule their first events as they are built, so the order below also decides
 * which of two events at the same instant runs first: keep it.
 */
import type { Engine } from '../engine/engine.js';
import { createContext, type Scenario, type SimObserver, type SimStreams } from './context.js';
import { createControlPlane } from './control/control-plane.js';
import { createArrivals } from './demand/arrivals.js';
import { createTitleChoice } from './demand/titles.js';
import * as ev from './events.js';
import { createFaults } from './faults.js';
import { createForecasts } from './fill/forecast.js';
import { createFill } from './fill/windows.js';
import { createLinkLoads } from './link-load.js';
import type { Metrics } from './metrics.js';
import { createNetwork } from './network.js';
import { createPlayer, type CdnPlayer } from './player/player.js';
import { createSessions } from './player/sessions.js';
import { createServing } from './serve/serve.js';
import type { World } from './world.js';

export { simStreams, type LiveState, type Scenario, type ServeRecord, type SimObserver, type SimStreams } from './context.js';

export function simulateOpenConnect(s: Scenario, world: World, engine: Engine, streams: SimStreams, observer: SimObserver = {}): Metrics {
  const ctx = createContext(s, world, engine, streams, observer);
  const { metrics, end } = ctx;
  const loads = createLinkLoads(ctx);
  const titles = createTitleChoice(ctx);
  const control = createControlPlane(ctx);
  const net = createNetwork(ctx, loads, control.siteLoad);
  control.health.dataPlane = net;
  const fill = createFill(ctx, createForecasts(ctx), net, control.health);
  const sessions = createSessions();
  // The player hears of its downloads through serving; it is built after it.
  let player: CdnPlayer | undefined;
  const serving = createServing(ctx, sessions, control, net, {
    arrived: (x, seconds, firstByte) => (player as CdnPlayer).arrived(x, seconds, firstByte),
    failed: (x) => (player as CdnPlayer).failed(x),
  });
  player = createPlayer(ctx, sessions, serving);
  const faults = createFaults(ctx, control, titles, loads, net);
  const arrivals = createArrivals(ctx, titles, player.startPlayback);

  engine.on(ev.SESSION_ARRIVAL, arrivals.sessionArrival);
  engine.on(ev.TRACE_PLAYBACK, arrivals.tracePlayback);
  engine.on(ev.DAY_START, titles.dayStart);
  engine.on(ev.SEGMENT_REQUEST, player.segmentRequest);
  engine.on(ev.PLAYER_CHECK, player.check);
  engine.on(ev.FETCH_RETRY, serving.retry);
  engine.on(ev.FILL_START, fill.start);
  engine.on(ev.FILL_TICK, fill.tick);
  engine.on(ev.FILL_END, fill.end);
  engine.on(ev.CONTROL_UPDATE, control.update);
  engine.on(ev.HEALTH_REPORT, control.healthReport);
  engine.on(ev.FAULT, faults.fault);
  if (faults.randomFailure) engine.on(ev.RANDOM_FAILURE, faults.randomFailure);
  engine.on(ev.METRICS_BIN, (bin) => {
    loads.bookAll();
    metrics.closeBin(bin);
    if ((bin + 2) * s.metricsBin <= end + 1e-9) engine.scheduleAt((bin + 2) * s.metricsBin, ev.METRICS_BIN, bin + 1);
  });
  if (s.metricsBin <= end) engine.scheduleAt(s.metricsBin, ev.METRICS_BIN, 0);

  arrivals.start();
  engine.run({ until: end });
  player.finish();

  metrics.bgp = control.bgp.stats();
  const fs = net.flows.stats;
  metrics.flows = { started: fs.started, completed: fs.completed, failed: fs.failed, solves: fs.solves, rateUpdates: fs.flowsSolved };
  metrics.finish();
  if (metrics.closedBins < metrics.bins) {
    loads.bookAll();
    metrics.closeBin(metrics.bins - 1, end - (metrics.bins - 1) * s.metricsBin);
  }
  return metrics;
}
