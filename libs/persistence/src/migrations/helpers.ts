import { QueryRunner, TableColumnOptions } from 'typeorm';
import { columnTypes, Dialect } from '../dialect';

/** Column builders for migrations that run unchanged on PostgreSQL and SQLite. */
export function columnsFor(queryRunner: QueryRunner) {
  const dialect: Dialect = queryRunner.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
  const types = columnTypes(dialect);
  return {
    id: (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true }),
    ref: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable }),
    varchar: (name: string, length: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: false,
      ...extra,
    }),
    text: (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'text', isNullable: false, ...extra }),
    int: (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'integer', isNullable: false, ...extra }),
    bool: (name: string, def: boolean): TableColumnOptions => ({
      name,
      type: 'boolean',
      isNullable: false,
      default: dialect === 'postgres' ? String(def) : def ? 1 : 0,
    }),
    timestamp: (name: string, nullable = false): TableColumnOptions => ({ name, type: types.timestamp, isNullable: nullable }),
    blob: (name: string): TableColumnOptions => ({ name, type: types.blob, isNullable: false }),
  };
}
