/**
 * One migration set and one set of entities serve PostgreSQL and SQLite. The few column types that
 * differ (timestamps, binary) are chosen from the dialect of DATABASE_URL, read when the entity
 * classes are first loaded (a process talks to one database).
 */
import { databaseTypeFromEnv } from '@justera/config';

export type Dialect = 'postgres' | 'sqlite';

export function dialectOf(databaseUrl: string | undefined): Dialect {
  return databaseUrl && /^postgres(ql)?:/.test(databaseUrl) ? 'postgres' : 'sqlite';
}

export function currentDialect(): Dialect {
  return databaseTypeFromEnv();
}

/** Column types per dialect. */
export function columnTypes(dialect: Dialect) {
  return dialect === 'postgres'
    ? ({ timestamp: 'timestamp with time zone', blob: 'bytea' } as const)
    : ({ timestamp: 'datetime', blob: 'blob' } as const);
}
