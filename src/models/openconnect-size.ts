/**
 * The expected work of one replication of the Open Connect model, from its scenario
 * alone, so that a run of a thousand simulated years or a billion playbacks a second is
 * refused before it starts. An estimate, not a forecast: abandonment, retries and
 * failures move the true count by tens of percent, which is plenty for a guard.
 *
 * Checked against the measured event counts of the example scenarios in
 * openconnect-size.test.ts.
 */
import type { RunEstimate, Scenario } from '../scenario/schema.js';
import { formatCount } from '../scenario/size.js';

/** The fields of a validated Open Connect scenario this estimate reads (defaults filled in). */
interface Sized {
  duration: number;
  metricsBin: number;
  isps: { peakSessionRate: number }[];
  sites: unknown[];
  catalog: { filmShare: number; filmMinutes: { mean: number }; episodeMinutes: { mean: number } };
  workload: { segment: number; viewFraction: { min: number; max: number }; diurnal: number[]; trace?: string };
  fill: { tick: number; windows: { start: number; end: number }[] };
}

const DAY = 86400;
/** Events per segment: measured 2.87 on quickstart (a flow's latency paid and its finish, a wait for room). */
const EVENTS_PER_SEGMENT = 3;

export function estimateOpenConnect(scenario: Scenario): RunEstimate {
  const s = scenario as unknown as Sized;
  const w = s.workload;
  const peak = Math.max(...w.diurnal);
  const meanLevel = peak > 0 ? w.diurnal.reduce((a, b) => a + b, 0) / w.diurnal.length / peak : 0;
  const peakRate = s.isps.reduce((sum, isp) => sum + isp.peakSessionRate, 0);
  // A playback trace replaces the generated arrivals; its size is the file's, bounded when it is read.
  const playbacks = w.trace === undefined ? peakRate * meanLevel * s.duration : 0;
  // A playback watches a share of a title's running time, one request per segment.
  const c = s.catalog;
  const runningTime = 60 * (c.filmShare * c.filmMinutes.mean + (1 - c.filmShare) * c.episodeMinutes.mean);
  const segments = (runningTime * (w.viewFraction.min + w.viewFraction.max)) / 2 / w.segment;
  // Each segment is a download (a flow: its latency paid, then its finish) and, once the
  // buffer is full, a wait for room: about three events.
  const perPlayback = EVENTS_PER_SEGMENT * segments + 2;
  const playbackEvents = playbacks * perPlayback;
  const windowShare = s.fill.windows.reduce((sum, win) => sum + (((win.end - win.start) % DAY) + DAY) % DAY, 0) / DAY;
  const fillEvents = (s.sites.length * windowShare * s.duration) / s.fill.tick;
  const bins = s.duration / s.metricsBin;
  const source = w.trace === undefined ? `${formatCount(peakRate)}/s at peak × ${formatCount(meanLevel)} mean diurnal level × ${formatCount(s.duration)} s` : 'from the playback trace, not counted in advance';
  return {
    events: playbackEvents + fillEvents + bins,
    explain: `${formatCount(playbacks)} playbacks (${source}) × ${formatCount(perPlayback)} events each, ${formatCount(fillEvents)} fill ticks, ${formatCount(bins)} metrics bins`,
  };
}
