import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '@justera/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** The one DataSource definition, used by Nest, the CLI's migrate command and the tests. */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: db.logging,
  } as const;
  if (db.type === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: db.url,
      extra: {
        max: db.poolSize,
        // Waiting longer for a connection than this fails the query (the api answers 503, see errors.ts).
        connectionTimeoutMillis: db.poolTimeoutMs,
        // A transaction left idle (a process stuck or gone) is ended by the server and its locks freed.
        idle_in_transaction_session_timeout: db.idleTransactionTimeoutMs,
      },
    };
  }
  mkdirSync(dirname(db.sqlitePath!), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: db.sqlitePath!,
    // WAL lets the api and the worker processes share the file; busy_timeout waits for the other's lock.
    prepareDatabase: (raw: { pragma(s: string): unknown }) => {
      raw.pragma('journal_mode = WAL');
      raw.pragma(`busy_timeout = ${Math.max(5000, db.poolTimeoutMs)}`);
      raw.pragma('foreign_keys = ON');
    },
  };
}

export function createDataSource(db: DatabaseConfig): DataSource {
  return serialiseSqliteTransactions(new DataSource(dataSourceOptions(db)));
}

/**
 * SQLite (the quick start) has one connection per process, and TypeORM's better-sqlite3 driver hands
 * every caller the same query runner. Two transactions of one process that overlap in time (two jobs
 * of the worker, two requests of the api) would therefore share it: the second fails with "cannot
 * start a transaction within a transaction", and a plain query issued while another caller's
 * transaction is open joins that transaction (and is lost if it rolls back).
 *
 * This gate makes a process's SQLite transactions take turns, and lets a query from outside the open
 * transaction wait for it to end. Code running inside a transaction (found through
 * AsyncLocalStorage, which follows its awaits) is never held back, so nested transactions (savepoints)
 * and the transaction's own queries run as before. better-sqlite3 is synchronous, so nothing
 * concurrent is lost: the database could only ever do one thing at a time. PostgreSQL data sources
 * are returned unchanged (each transaction has its own pooled connection there).
 *
 * Transactions begin IMMEDIATE (see below), so that the api and the worker, two processes on one
 * file, wait for each other's writes instead of failing with "database is locked".
 */
export function serialiseSqliteTransactions(ds: DataSource): DataSource {
  if (ds.options.type !== 'better-sqlite3' && ds.options.type !== 'sqlite') return ds;
  if ((ds as unknown as Record<symbol, boolean>)[GATED]) return ds;
  (ds as unknown as Record<symbol, boolean>)[GATED] = true;
  const gate = new TransactionGate();

  const manager = ds.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  (manager as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = (...args: unknown[]) =>
    gate.exclusive(() => transaction(...args));

  const driver = ds.driver as unknown as { createQueryRunner(mode?: string): QueryRunnerLike };
  const createQueryRunner = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode?: string) => {
    const runner = createQueryRunner(mode);
    if (!runner[GATED]) {
      runner[GATED] = true;
      const query = runner.query.bind(runner);
      runner.query = (...args: unknown[]) => {
        // TypeORM begins SQLite transactions DEFERRED: one that reads first and writes later can meet the
        // other process's writer (api and worker share the file) and get SQLITE_BUSY at once, without
        // busy_timeout's wait — SQLite's deadlock rule. IMMEDIATE takes the write lock at BEGIN, where
        // busy_timeout does wait; readers are not blocked in WAL mode.
        if (args[0] === 'BEGIN TRANSACTION') args[0] = 'BEGIN IMMEDIATE TRANSACTION';
        return gate.exclusive(() => query(...args));
      };
    }
    return runner;
  };
  return ds;
}

const GATED = Symbol('justera.sqliteGate');

interface QueryRunnerLike {
  [GATED]?: boolean;
  query(...args: unknown[]): Promise<unknown>;
}

/** One turn at a time, except for whoever already holds the turn (and everything it awaits). */
export class TransactionGate {
  private tail: Promise<void> = Promise.resolve();
  private readonly holder = new AsyncLocalStorage<true>();

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.holder.getStore()) return fn();
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await this.holder.run(true, fn);
    } finally {
      release();
    }
  }
}

/** Runs pending migrations; returns their names. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const ran = await dataSource.runMigrations({ transaction: 'each' });
  return ran.map((m) => m.name);
}

/** SQL that would bring the schema in line with the entities: empty when migrations and entities agree. */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}
