import { Column, ColumnOptions } from 'typeorm';
import { columnTypes, currentDialect } from '../dialect';

/** A point in time, stored as timestamptz (PostgreSQL) or datetime (SQLite). */
export function TimestampColumn(options: Omit<ColumnOptions, 'type'> = {}): PropertyDecorator {
  return Column({ ...options, type: columnTypes(currentDialect()).timestamp });
}

/** Binary content, bytea (PostgreSQL) or blob (SQLite). */
export function BlobColumn(options: Omit<ColumnOptions, 'type'> = {}): PropertyDecorator {
  return Column({ ...options, type: columnTypes(currentDialect()).blob });
}

/** JSON kept as text, so both databases store exactly the bytes we wrote. */
export function JsonColumn(options: Omit<ColumnOptions, 'type' | 'transformer'> = {}): PropertyDecorator {
  return Column({
    ...options,
    type: 'text',
    transformer: {
      to: (v: unknown) => (v === undefined || v === null ? v : JSON.stringify(v)),
      from: (v: string | null) => (v === null || v === undefined ? v : JSON.parse(v)),
    },
  });
}
