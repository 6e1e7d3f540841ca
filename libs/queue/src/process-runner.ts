import { AppConfig, ConfigError, loadConfig } from '@justera/config';
import { EmbeddedRedis, RedisNotInstalledError, startEmbeddedRedis } from './embedded-redis';
import { useMailBodySecret } from './mail-outbox';

export interface RunningProcess {
  /** Logs through the app's logger. */
  log(message: string): void;
  /** Stops the app (finishing requests or running jobs). */
  close(): Promise<void>;
}

/**
 * The common life of the api and the worker processes: validate the configuration (exit 78 naming the
 * variable), start or reuse the embedded Redis when REDIS_URL is unset, start the app, and on SIGTERM or
 * SIGINT close it and then the Redis it started. Startup errors a person can fix exit with a message
 * instead of a stack trace.
 */
export async function runProcess(name: string, start: (config: AppConfig) => Promise<RunningProcess>, fixable: (new (...a: never[]) => Error)[] = []): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  useMailBodySecret(config.secret);
  let embedded: EmbeddedRedis | undefined;
  try {
    if (!config.redis.url) {
      embedded = await startEmbeddedRedis(config.dataDir);
      config.redis.url = embedded.url;
    }
    const app = await start(config);
    // A Redis command a library issues in the background (BullMQ on the producer connections, which
    // fail fast while Redis is away) can reject with nobody awaiting it, and Node ends the process for
    // an unhandled rejection: the worker died in a Redis-outage test that way. An outage is survivable
    // (the outbox keeps the work; docs/operations.md), so such a rejection is logged; any other still
    // ends the process.
    process.on('unhandledRejection', (reason) => {
      if (!isRedisUnavailable(reason)) throw reason;
      app.log(`${name}: Redis unavailable (${(reason as Error).message})`);
    });
    let closing = false;
    const stop = (signal: string) => {
      if (closing) {
        // A second signal while closing: the person means it.
        app.log(`${signal}: ${name} stopping now`);
        process.exit(1);
      }
      closing = true;
      app.log(`${signal}: ${name} shutting down`);
      // Closing waits for running requests and jobs; with Redis already gone (Ctrl-C reaches the
      // embedded Redis too) BullMQ's close can wait for a connection that never comes. Give it a bound.
      setTimeout(() => {
        app.log(`${name}: did not stop within ${SHUTDOWN_GRACE_MS / 1000} s; exiting`);
        process.exit(1);
      }, SHUTDOWN_GRACE_MS).unref();
      app
        .close()
        .then(() => (embedded?.owned ? embedded.stop() : undefined))
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  } catch (err) {
    if (err instanceof RedisNotInstalledError || fixable.some((E) => err instanceof E)) {
      process.stderr.write(`${(err as Error).message}\n`);
      if (embedded?.owned) await embedded.stop();
      process.exit(70);
    }
    throw err;
  }
}

/** How long a process may take to close (requests, jobs, connections) after SIGTERM/SIGINT. */
export const SHUTDOWN_GRACE_MS = 20_000;

/** An ioredis command given up while Redis is unreachable (its connection's retry limit or offline queue). */
export function isRedisUnavailable(reason: unknown): boolean {
  if (!(reason instanceof Error)) return false;
  return reason.name === 'MaxRetriesPerRequestError' || /^(Stream isn't writeable|Connection is closed\.)/.test(reason.message);
}
