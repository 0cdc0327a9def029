/**
 * M/M/c/c: Poisson arrivals, c exponential servers, no waiting room; an arrival that
 * finds every server busy is lost. A validation model: the loss probability is the
 * Erlang-B formula B(c, lambda/mu), the classic model of a link's circuit capacity.
 */
import * as z from 'zod';
import { exponential } from '../engine/variates.js';
import { confidenceInterval, erlangB } from '../metrics/stats.js';
import { positive, rate } from '../scenario/types.js';
import { defineModel } from './model.js';
import { intervalJson, lineFor } from './summary.js';

const ARRIVAL = 0;
const DEPARTURE = 1;

const section = z.strictObject({
  arrivalRate: positive(rate(), 'arrivalRate').meta({ description: 'lambda, calls per second' }),
  serviceRate: positive(rate(), 'serviceRate').meta({ description: 'mu, completions per second per server' }),
  servers: z.number().int().min(1).max(1_000_000).meta({ description: 'c, number of servers' }),
  confidence: z.number().gt(0).lt(1).default(0.99),
});

export const mmccModel = defineModel({
  name: 'mmcc',
  describe: 'M/M/c/c loss system, checked against Erlang-B',
  sections: { mmcc: section },
  /** At most two events per call: its arrival and its departure (a blocked call has none). */
  estimate({ duration, mmcc: { arrivalRate } }) {
    return { events: 2 * arrivalRate * duration, explain: `2 × ${arrivalRate}/s × ${duration} s (an arrival and a departure per call)` };
  },
  replicate({ scenario, engine, rng }) {
    const { arrivalRate, serviceRate, servers } = scenario.mmcc;
    const arrivals = rng('arrivals');
    const holding = rng('holding');
    const warmup = scenario.warmup;
    let busy = 0;
    let offered = 0;
    let blocked = 0;

    engine.on(ARRIVAL, () => {
      const counted = engine.now >= warmup;
      if (counted) offered++;
      if (busy === servers) {
        if (counted) blocked++;
      } else {
        busy++;
        engine.schedule(exponential(holding, serviceRate), DEPARTURE);
      }
      engine.schedule(exponential(arrivals, arrivalRate), ARRIVAL);
    });
    engine.on(DEPARTURE, () => {
      busy--;
    });

    engine.schedule(exponential(arrivals, arrivalRate), ARRIVAL);
    engine.run({ until: scenario.duration });
    return { blocking: offered > 0 ? blocked / offered : 0, offered, blocked };
  },
  summarize(scenario, reps) {
    const { arrivalRate, serviceRate, servers, confidence } = scenario.mmcc;
    const ci = confidenceInterval(reps.map((r) => (r as Record<string, number>).blocking), confidence);
    const theory = erlangB(servers, arrivalRate / serviceRate);
    return {
      offered: reps.reduce((s, r) => s + (r as Record<string, number>).offered, 0),
      blocked: reps.reduce((s, r) => s + (r as Record<string, number>).blocked, 0),
      blocking: intervalJson(ci),
      theory: { blocking: theory, offeredLoadErlangs: arrivalRate / serviceRate },
      theoryInInterval: { blocking: Math.abs(ci.mean - theory) <= ci.halfWidth },
    };
  },
  report(summary) {
    const s = summary as { blocking: { mean: number; halfWidth: number; level: number }; theory: { blocking: number } };
    return [lineFor('blocking probability', s.blocking, s.theory.blocking)];
  },
});
