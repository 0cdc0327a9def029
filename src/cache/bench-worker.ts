/**
 * Times one policy in a thread of its own. V8 keeps type feedback per function, so
 * timing policies one after another in one thread slows the later ones (the shared
 * request path turns polymorphic); a fresh thread per policy times each as it runs alone.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { policyThroughput } from './bench.js';

const { words, policy, capacity } = workerData as { words: Uint32Array; policy: string; capacity: number };
parentPort?.postMessage(policyThroughput(words, [policy], capacity)[0]);
