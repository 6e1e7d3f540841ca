import type { RedisOptions } from 'ioredis';

/**
 * What a Redis connection is for; BullMQ's production guide asks for different options per role:
 * - `worker`: BullMQ workers (and the queue objects they run on). Commands wait while Redis is away
 *   (offline queue on, no per-request retry limit) and the connection reconnects for ever with a
 *   bounded backoff, so a worker that had jobs running simply continues when Redis is back.
 * - `producer`: code that adds jobs (the outbox relay, the job schedulers). Fails fast while Redis is
 *   away (offline queue off, one retry), so the caller leaves the work in the outbox and tries later.
 * - `probe`: health checks and the like; fails at once.
 */
export type RedisRole = 'worker' | 'producer' | 'probe';

/** Reconnect delay: 100 ms, 200 ms, … doubling, capped at 1 s, so recovery follows Redis within ~1 s. */
export function reconnectDelay(times: number): number {
  return Math.min(100 * 2 ** Math.max(0, times - 1), 1_000);
}

const ROLE_OPTIONS: Record<RedisRole, RedisOptions> = {
  worker: { maxRetriesPerRequest: null, enableOfflineQueue: true },
  producer: { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5_000 },
  probe: { maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 2_000 },
};

/** ioredis options for a role (see {@link RedisRole}) from a redis:// or rediss:// URL. */
export function redisOptionsFor(url: string, role: RedisRole, extra: RedisOptions = {}): RedisOptions {
  return redisOptions(url, { ...ROLE_OPTIONS[role], ...extra });
}

/** ioredis options from a redis://, rediss:// or unix://<socket path> URL. */
export function redisOptions(url: string, extra: RedisOptions = {}): RedisOptions {
  const u = new URL(url);
  if (u.protocol === 'unix:') {
    return { path: decodeURIComponent(u.pathname), retryStrategy: reconnectDelay, ...extra };
  }
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number.isFinite(db) ? db : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // Keep reconnecting for ever (bounded interval): Redis coming back must heal the process.
    retryStrategy: reconnectDelay,
    ...extra,
  };
}
