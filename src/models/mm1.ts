/**
 * M/M/1: Poisson arrivals, one exponential server, FIFO. A validation model: its mean
 * waiting time in queue has the closed form Wq = rho / (mu - lambda), so it checks the
 * event loop, the clock and the random streams together.
 */
import * as z from 'zod';
import { exponential } from '../engine/variates.js';
import { confidenceInterval } from '../metrics/stats.js';
import { positive, rate } from '../scenario/types.js';
import { defineModel } from './model.js';
import { intervalJson, lineFor } from './summary.js';

const ARRIVAL = 0;
const DEPARTURE = 1;

const section = z
  .strictObject({
    arrivalRate: positive(rate(), 'arrivalRate').meta({ description: 'lambda, customers per second' }),
    serviceRate: positive(rate(), 'serviceRate').meta({ description: 'mu, customers per second' }),
    confidence: z.number().gt(0).lt(1).default(0.99),
  })
  .refine((s) => s.arrivalRate < s.serviceRate, {
    message: 'arrivalRate must be below serviceRate, or the queue grows without bound',
    path: ['arrivalRate'],
  });

export const mm1Model = defineModel({
  name: 'mm1',
  describe: 'M/M/1 queue, checked against Wq = rho/(mu - lambda)',
  sections: { mm1: section },
  /** Two events per customer: its arrival and its departure. */
  estimate({ duration, mm1: { arrivalRate } }) {
    return { events: 2 * arrivalRate * duration, explain: `2 × ${arrivalRate}/s × ${duration} s (an arrival and a departure per customer)` };
  },
  replicate({ scenario, engine, rng }) {
    const { arrivalRate, serviceRate } = scenario.mm1;
    const arrivals = rng('arrivals');
    const service = rng('service');
    const warmup = scenario.warmup;
    const end = scenario.duration;

    // FIFO of waiting customers' arrival times: a growable ring buffer.
    let ring = new Float64Array(1024);
    let head = 0;
    let count = 0;
    let busy = false;
    let busySince = 0;
    let busyTime = 0;
    let waits = 0;
    let served = 0;

    const startService = (arrivedAt: number) => {
      const now = engine.now;
      if (arrivedAt >= warmup) {
        waits += now - arrivedAt;
        served++;
      }
      busy = true;
      busySince = now;
      engine.schedule(exponential(service, serviceRate), DEPARTURE);
    };

    engine.on(ARRIVAL, () => {
      const now = engine.now;
      if (!busy) startService(now);
      else {
        if (count === ring.length) {
          const bigger = new Float64Array(ring.length * 2);
          for (let i = 0; i < count; i++) bigger[i] = ring[(head + i) % ring.length];
          ring = bigger;
          head = 0;
        }
        ring[(head + count) % ring.length] = now;
        count++;
      }
      engine.schedule(exponential(arrivals, arrivalRate), ARRIVAL);
    });

    engine.on(DEPARTURE, () => {
      const now = engine.now;
      const from = Math.max(busySince, warmup);
      if (now > from) busyTime += now - from;
      busy = false;
      if (count > 0) {
        const t = ring[head];
        head = (head + 1) % ring.length;
        count--;
        startService(t);
      }
    });

    engine.schedule(exponential(arrivals, arrivalRate), ARRIVAL);
    engine.run({ until: end });
    if (busy) busyTime += end - Math.max(busySince, warmup);
    return {
      meanWait: served > 0 ? waits / served : 0,
      customers: served,
      utilisation: busyTime / (end - warmup),
    };
  },
  summarize(scenario, reps) {
    const { arrivalRate: lambda, serviceRate: mu, confidence } = scenario.mm1;
    const rho = lambda / mu;
    const wait = confidenceInterval(reps.map((r) => (r as Record<string, number>).meanWait), confidence);
    const util = confidenceInterval(reps.map((r) => (r as Record<string, number>).utilisation), confidence);
    const theoryWait = rho / (mu - lambda);
    return {
      customers: reps.reduce((s, r) => s + (r as Record<string, number>).customers, 0),
      meanWait: intervalJson(wait),
      utilisation: intervalJson(util),
      theory: { meanWait: theoryWait, utilisation: rho },
      theoryInInterval: { meanWait: Math.abs(wait.mean - theoryWait) <= wait.halfWidth, utilisation: Math.abs(util.mean - rho) <= util.halfWidth },
    };
  },
  report(summary) {
    const s = summary as { meanWait: { mean: number; halfWidth: number; level: number }; utilisation: { mean: number; halfWidth: number; level: number }; theory: { meanWait: number; utilisation: number } };
    return [lineFor('mean wait in queue (s)', s.meanWait, s.theory.meanWait), lineFor('server utilisation', s.utilisation, s.theory.utilisation)];
  },
});
