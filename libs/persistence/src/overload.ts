/**
 * Errors that mean "the database cannot take this right now" (an exhausted pool, a restart, too many
 * connections, a locked SQLite file), as opposed to a bug or bad data. Callers answer them with 503 and
 * Retry-After (HTTP) or a retry (jobs); nothing was written, so trying again is safe.
 */
const TRANSIENT_SQLSTATES = new Set([
  '53300', // too_many_connections
  '57P01', // admin_shutdown (a restart)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '08000', // connection_exception
  '08003', // connection_does_not_exist
  '08006', // connection_failure
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '25P03', // idle_in_transaction_session_timeout
]);
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'SQLITE_BUSY', 'SQLITE_LOCKED']);
const TRANSIENT_MESSAGES = [
  /timeout exceeded when trying to connect/i, // pg-pool: every connection busy for poolTimeoutMs
  /Connection terminated/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Client has encountered a connection error/i,
  /database is locked/i,
];

export function isTransientDatabaseError(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && (TRANSIENT_SQLSTATES.has(e.code) || TRANSIENT_CODES.has(e.code))) return true;
    if (typeof e.message === 'string' && TRANSIENT_MESSAGES.some((re) => re.test(e!.message as string))) return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `op` again after a failure, pausing 0.5 s and doubling up to `maxPauseMs`, until it succeeds,
 * `attempts` tries have failed (the last error is thrown) or an error fails `retryIf` (thrown at once).
 * The one retry loop for database work that must not give up at the first error; `pause` is
 * replaceable in tests.
 */
export async function tryAgain<T>(
  op: () => Promise<T>,
  opts: { attempts: number; maxPauseMs?: number; retryIf?: (err: unknown) => boolean; pause?: (ms: number) => Promise<void> },
): Promise<T> {
  const pause = opts.pause ?? wait;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (attempt >= opts.attempts || (opts.retryIf && !opts.retryIf(err))) throw err;
      await pause(Math.min(250 * 2 ** attempt, opts.maxPauseMs ?? Infinity));
    }
  }
}

/**
 * The answer to a write that has already committed. A transient database error on this read (an
 * exhausted pool in a burst) must not reach the client as a 503, which says that nothing was written
 * and invites a retry that the committed write then refuses (409): the read is tried again, pausing
 * 0.5, 1, 2 and 4 s, before the error is given up.
 */
export function readAfterCommit<T>(read: () => Promise<T>, pause?: (ms: number) => Promise<void>): Promise<T> {
  return tryAgain(read, { attempts: 5, retryIf: isTransientDatabaseError, pause });
}

/**
 * A write that closes an outside action already done (an SMTP server accepted the mail): tried again
 * and again (0.5 s doubling to 10 s, twelve tries: about a minute and a half) through a restarting
 * database, whatever the error, since giving up costs more than waiting (a retried job would repeat
 * the outside action).
 */
export function holdOn(write: () => Promise<void>, pause?: (ms: number) => Promise<void>): Promise<void> {
  return tryAgain(write, { attempts: 12, maxPauseMs: 10_000, pause });
}

/**
 * A unique index refused the row (PostgreSQL 23505, SQLite's SQLITE_CONSTRAINT_UNIQUE): a conflict
 * with a row that exists, for the repository to turn into a coded error.
 */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; driverError?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
    if (typeof e.message === 'string' && /^SQLITE_CONSTRAINT: UNIQUE constraint failed/.test(e.message)) return true;
    e = e.driverError as typeof e;
  }
  return false;
}
