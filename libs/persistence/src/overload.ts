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

/**
 * The answer to a write that has already committed. A transient database error on this read (an
 * exhausted pool in a burst) must not reach the client as a 503, which says that nothing was written
 * and invites a retry that the committed write then refuses (409): the read is tried again, pausing
 * 0.5, 1, 2 and 4 s, before the error is given up. `pause` is replaceable in tests.
 */
export async function readAfterCommit<T>(read: () => Promise<T>, pause: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (!isTransientDatabaseError(err) || attempt >= 5) throw err;
      await pause(250 * 2 ** attempt);
    }
  }
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
