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
  return new DataSource(dataSourceOptions(db));
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
