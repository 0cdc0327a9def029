/**
 * Redis for the distributed queue: URLs, a reachability check that fails fast (ioredis
 * would otherwise retry for ever), job ids and the encoding of results in Redis.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { InputError } from '../../errors.js';
import type { RunReply, RunTask } from '../execute.js';

export const DEFAULT_QUEUE = 'cdnsim';

/** What a job carries: the run, and which sweep it belongs to. */
export interface JobData {
  sweep: string;
  task: RunTask;
}

/** What a job returns: the run's reply with the summary gzipped (Redis holds every result until collected). */
export type JobResult = Omit<RunReply, 'summary'> & { summary: string };

export function encodeReply(reply: RunReply): JobResult {
  return { ...reply, summary: gzipSync(reply.summary).toString('base64') };
}

export function decodeSummary(result: JobResult): Uint8Array {
  return gunzipSync(Buffer.from(result.summary, 'base64'));
}

/** Idempotent: the same run of the same sweep is one job however often it is submitted. */
export function jobId(sweep: string, run: string): string {
  return `${sweep}-${run}`;
}

/** What both ioredis and BullMQ accept as connection options. */
export interface RedisSettings {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls?: object;
  maxRetriesPerRequest: null;
  retryStrategy?: (times: number) => number | null;
}

/** Reconnecting to a Redis that went away: 0.2 s doubling to at most 5 s between tries. */
const RETRY_FIRST_MS = 200;
const RETRY_MAX_MS = 5000;
export const DEFAULT_REDIS_TIMEOUT = 60;

/**
 * A command's link to Redis: connection options whose reconnects back off and stop after
 * `timeoutSeconds` of outage, and the outage, once given up on, as a one-line message.
 * Every connection of the command (BullMQ opens several) shares the one clock.
 */
export interface RedisLink {
  settings: RedisSettings;
  /** Set when the command gave up on Redis. */
  lost(): string | undefined;
  /** Resolves when the command gives up on Redis. */
  gaveUp: Promise<string>;
}

export function redisLink(url: string, timeoutSeconds = DEFAULT_REDIS_TIMEOUT): RedisLink {
  let downSince: number | undefined;
  let lastTry = 0;
  let lost: string | undefined;
  let giveUp!: (message: string) => void;
  const gaveUp = new Promise<string>((resolve) => (giveUp = resolve));
  const retryStrategy = (times: number): number | null => {
    const now = Date.now();
    // A first retry long after the last one is a new outage.
    if (times === 1 && now - lastTry > 2 * RETRY_MAX_MS) downSince = now;
    downSince ??= now;
    lastTry = now;
    if (now - downSince >= timeoutSeconds * 1000) {
      lost ??= `lost Redis at ${redact(url)}: no answer for ${timeoutSeconds} s`;
      giveUp(lost);
      return null;
    }
    return Math.min(RETRY_FIRST_MS * 2 ** (times - 1), RETRY_MAX_MS);
  };
  return { settings: { ...redisOptions(url), retryStrategy }, lost: () => lost, gaveUp };
}

export function redisOptions(url: string): RedisSettings {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(`'${url}' is not a Redis URL; write it like redis://host:6379`, { field: '--redis' });
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new InputError(`'${url}' is not a Redis URL (redis:// or rediss://)`, { field: '--redis' });
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new InputError(`'${u.pathname.slice(1)}' in ${redact(url)} is not a database number`, { field: '--redis' });
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db,
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ's blocking commands must not give up while waiting.
    maxRetriesPerRequest: null,
  };
}

/** For messages and manifests: never print a password. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

export function checkQueueName(name: string): void {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new InputError(`queue name '${name}': use letters, digits, dot, dash and underscore`, { field: '--queue' });
}

/** Bad input (exit 2) when nothing answers at the URL, before any queue client starts retrying. */
export async function checkRedis(url: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const { db, ...settings } = redisOptions(url);
  const client = new Redis({
    ...settings,
    // Database 0 always exists; the URL's is selected below, where its absence can be told apart.
    db: 0,
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // The socket's own error (ECONNREFUSED, ENOTFOUND) says more than the rejection ("Connection is closed").
  let cause: Error | undefined;
  client.on('error', (e: Error) => (cause ??= e));
  try {
    try {
      await client.connect();
      await client.ping();
    } catch (e) {
      throw new InputError(`cannot reach Redis at ${redact(url)}: ${(cause ?? (e as Error))?.message ?? String(e)}`, { field: '--redis' });
    }
    try {
      await client.select(db);
    } catch (e) {
      throw new InputError(`Redis at ${redact(url)} has no database ${db}: ${(e as Error)?.message ?? String(e)}`, { field: '--redis' });
    }
  } finally {
    // A client whose connection failed has ended; disconnecting it again would leave a 2 s timer behind.
    if (client.status !== 'end') client.disconnect();
  }
}
