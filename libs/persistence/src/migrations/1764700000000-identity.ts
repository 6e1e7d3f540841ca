import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { columnsFor } from './helpers';

/**
 * The signer's e-legitimation (docs/identity.md): the identity level of an organ (its default) and of a
 * round (fixed when it starts), the verified identity an approval was given with, and the
 * authentication attempts behind a signing link (short-lived, server-side).
 */
export class Identity1764700000000 implements MigrationInterface {
  name = 'Identity1764700000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columnsFor(q);
    await q.addColumn('organs', new TableColumn(c.varchar('identity_level', 20, { default: "'e-postlank'" })));
    await q.addColumn('justering_rounds', new TableColumn(c.varchar('identity_level', 20, { default: "'e-postlank'" })));
    await q.addColumn('justering_signatories', new TableColumn(c.text('identity', { isNullable: true })));
    await q.createTable(
      new Table({
        name: 'signing_identity_attempts',
        columns: [
          c.id(),
          c.ref('link_id'),
          c.varchar('state_hash', 64),
          c.varchar('browser_hash', 64),
          c.text('pending'),
          c.timestamp('created_at'),
          c.timestamp('expires_at'),
          c.timestamp('finished_at', true),
          c.varchar('outcome', 32, { isNullable: true }),
          c.text('identity', { isNullable: true }),
          c.timestamp('verified_until', true),
        ],
        indices: [
          new TableIndex({ name: 'uq_signing_identity_attempts_state', columnNames: ['state_hash'], isUnique: true }),
          new TableIndex({ name: 'ix_signing_identity_attempts_link', columnNames: ['link_id', 'created_at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('signing_identity_attempts');
    await q.dropColumn('justering_signatories', 'identity');
    await q.dropColumn('justering_rounds', 'identity_level');
    await q.dropColumn('organs', 'identity_level');
  }
}
