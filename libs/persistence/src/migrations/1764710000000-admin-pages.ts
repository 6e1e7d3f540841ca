import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { columnsFor } from './helpers';

/**
 * The admin pages (docs/operations.md): mailed invitations to an account (the token only as its SHA-256), the
 * audit trail of administrative actions, and when an API key was last used.
 */
export class AdminPages1764710000000 implements MigrationInterface {
  name = 'AdminPages1764710000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columnsFor(q);
    await q.createTable(
      new Table({
        name: 'user_invitations',
        columns: [
          c.id(),
          c.ref('user_id'),
          c.ref('organisation_id'),
          c.varchar('token_hash', 64, { isUnique: true }),
          c.timestamp('expires_at'),
          c.timestamp('used_at', true),
          c.varchar('created_by', 80),
          c.timestamp('created_at'),
        ],
        indices: [new TableIndex({ name: 'ix_user_invitations_user', columnNames: ['user_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'admin_audit_events',
        columns: [
          c.id(),
          c.ref('organisation_id'),
          c.varchar('actor', 80),
          c.varchar('action', 64),
          c.varchar('target_type', 32),
          c.ref('target_id'),
          c.text('detail'),
          c.varchar('ip', 64, { isNullable: true }),
          c.timestamp('at'),
        ],
        indices: [new TableIndex({ name: 'ix_admin_audit_org_at', columnNames: ['organisation_id', 'at'] })],
      }),
    );
    await q.addColumn('api_keys', new TableColumn(c.timestamp('last_used_at', true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('api_keys', 'last_used_at');
    await q.dropTable('admin_audit_events');
    await q.dropTable('user_invitations');
  }
}
