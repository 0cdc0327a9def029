/**
 * Real results directories for the report tests, made through the library the way
 * `cdnsim run` makes them: a shortened copy of scenarios/site-failure.yaml (a site
 * fails for an hour, a fill window opens, two ISPs and an exchange point), a sweep of
 * it, and runs of the other models.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeRun, writeSweepRecord } from '../../../run/layout.js';
import { makePlan, sweepRecord } from '../../../run/plan.js';
import { runScenario, runScenarioFile } from '../../../run/run.js';
import { simulate } from '../../../run/simulate.js';
import { parseScenario } from '../../../scenario/load.js';
import { parseScenarioOrSweep } from '../../../scenario/sweep.js';
import { toJson } from '../../../util/atomic.js';
import { repoRoot } from '../../../test-helpers/cli.js';

export interface SiteFailureOptions {
  duration?: string;
  replications?: number;
  faultAt?: string;
  /** A `sweep:` section, indented as a top-level key. */
  sweep?: string;
}

/** scenarios/site-failure.yaml at a twentieth of the demand and half a day: under a second to run. */
export function siteFailureYaml(o: SiteFailureOptions = {}): string {
  return `name: site-failure-short
model: openconnect
seed: 11
engine: js
duration: ${o.duration ?? '12h'}
replications: ${o.replications ?? 1}
start: "2026-01-12"
catalog:
  titles: 600
  popularity: { zipf: 0.9, releasesPerDay: 3 }
applianceClasses:
  storage: { storage: 3TB }
  flash: { storage: 600GB }
isps:
  - { name: tagus-net, asn: 64501, timezone: Europe/Lisbon, peakSessionRate: 0.08/s, prefixes: 32, peering: 4Gbps, transit: 2Gbps }
  - { name: douro-fibra, asn: 64502, timezone: Europe/Lisbon, peakSessionRate: 0.04/s, prefixes: 16, peering: 2Gbps, transit: 1Gbps }
ixps:
  - { name: lisbon-ix, timezone: Europe/Lisbon }
sites:
  - { name: tagus-lisbon, isp: tagus-net, appliances: [{ class: flash, count: 1 }, { class: storage, count: 2 }] }
  - { name: tagus-porto, isp: tagus-net, appliances: [{ class: storage, count: 2 }] }
  - { name: douro-porto, isp: douro-fibra, appliances: [{ class: storage, count: 2 }] }
  - { name: lisbon-ix-1, ixp: lisbon-ix, appliances: [{ class: storage, count: 3 }] }
workload:
  segment: 30s
metricsBin: 10min
faults:
  - { type: site-down, site: tagus-lisbon, at: ${o.faultAt ?? '8h'}, for: 1h }
${o.sweep ?? ''}`;
}

export async function siteFailureRun(out: string, o: SiteFailureOptions = {}): Promise<string> {
  await runScenario(parseScenario(siteFailureYaml(o)), { out });
  return out;
}

/**
 * A sweep's directory as the report reads it (sweep.json, runs/<id>/summary.json and
 * manifest.json), its runs simulated in this thread rather than on the worker pool,
 * which would need the compiled dist/; `skip` leaves the first runs unfinished.
 */
export async function writeSweep(out: string, text: string, o: { skip?: number } = {}): Promise<string> {
  const { scenario, sweep } = parseScenarioOrSweep(text);
  const plan = makePlan(scenario, sweep!, {});
  writeSweepRecord(out, sweepRecord(plan));
  for (const run of plan.runs.slice(o.skip ?? 0)) {
    const { summary } = await simulate(run.scenario, { seed: plan.seed, firstReplication: run.replication });
    const manifest = { status: 'complete', sweep: plan.id, run: run.id, replication: run.replication, parameters: run.parameters, scenario: run.scenario };
    writeRun(out, run.id, Buffer.from(toJson(summary)), manifest as never);
  }
  return out;
}

/** Two placement policies on the short site-failure scenario. */
export function siteFailureSweep(out: string, o: { replications?: number; skip?: number } = {}): Promise<string> {
  const text = siteFailureYaml({
    duration: '6h',
    faultAt: '3h',
    replications: o.replications ?? 2,
    sweep: 'sweep:\n  grid:\n    placement.policy: [history, hybrid]\n',
  });
  return writeSweep(out, text, o);
}

/** M/M/1 at three arrival rates whose text order (10, 12, 9) is not their order. */
export function mm1Sweep(out: string): Promise<string> {
  const text = `name: mm1-sweep
model: mm1
seed: 5
engine: js
replications: 3
duration: 500s
warmup: 50s
mm1:
  arrivalRate: 5/s
  serviceRate: 20/s
sweep:
  grid:
    mm1.arrivalRate: [12/s, 9/s, 10/s]
`;
  return writeSweep(out, text);
}

/** scenarios/mm1.yaml, shortened: a few replications and the theory to compare them with. */
export async function mm1Run(out: string): Promise<string> {
  const text = `name: mm1-short
model: mm1
seed: 3
engine: js
replications: 5
duration: 2000s
warmup: 100s
mm1:
  arrivalRate: 0.7/s
  serviceRate: 1/s
`;
  await runScenario(parseScenario(text), { out });
  return out;
}

/** The BGP scenario of the repository as it is: lists of events, no time series. */
export async function bgpRun(out: string): Promise<string> {
  await runScenarioFile(join(repoRoot, 'scenarios', 'bgp-failover.yaml'), { out, engine: 'js' });
  return out;
}

/** A run directory by hand, for the bad-input paths. */
export function writeRunFiles(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
