import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnsFor } from './helpers';

/** Justering rounds, frozen versions, signatories, signing links and the audit hash chain. */
export class Justering1764100000000 implements MigrationInterface {
  name = 'Justering1764100000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columnsFor(q);
    await q.createTable(
      new Table({
        name: 'justering_rounds',
        columns: [
          c.id(),
          c.ref('organisation_id'),
          c.ref('protocol_id'),
          c.ref('organ_id'),
          c.text('paragraphs', { isNullable: true }),
          c.varchar('signing_order', 16),
          c.varchar('status', 20),
          c.varchar('deadline', 10),
          c.ref('current_version_id', true),
          c.varchar('created_by', 64),
          c.timestamp('created_at'),
          c.timestamp('completed_at', true),
          c.timestamp('cancelled_at', true),
          c.timestamp('warned_at', true),
        ],
        indices: [
          new TableIndex({ name: 'ix_justering_rounds_protocol', columnNames: ['protocol_id'] }),
          new TableIndex({ name: 'ix_justering_rounds_organisation', columnNames: ['organisation_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'justering_versions',
        columns: [
          c.id(),
          c.ref('round_id'),
          c.int('number'),
          c.ref('document_id'),
          c.varchar('sha256', 64),
          c.int('size'),
          c.varchar('previous_sha256', 64, { isNullable: true }),
          c.ref('signed_document_id'),
          c.varchar('reason', 2000, { isNullable: true }),
          c.timestamp('created_at'),
        ],
        indices: [new TableIndex({ name: 'uq_justering_versions_round_number', columnNames: ['round_id', 'number'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'justering_signatories',
        columns: [
          c.id(),
          c.ref('round_id'),
          c.varchar('role', 16),
          c.varchar('name', 200),
          c.varchar('email', 254),
          c.int('position'),
          c.varchar('state', 20),
          c.timestamp('sent_at', true),
          c.timestamp('opened_at', true),
          c.timestamp('signed_at', true),
          c.varchar('signed_sha256', 64, { isNullable: true }),
          c.varchar('signed_transaction_id', 36, { isNullable: true }),
          c.timestamp('change_requested_at', true),
          c.varchar('change_comment', 4000, { isNullable: true }),
          c.int('reminders_sent', { default: 0 }),
          c.timestamp('last_reminded_at', true),
        ],
        indices: [new TableIndex({ name: 'ix_justering_signatories_round', columnNames: ['round_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'signing_links',
        columns: [
          c.id(),
          c.varchar('token_hash', 64),
          c.ref('round_id'),
          c.ref('signatory_id'),
          c.ref('version_id'),
          c.timestamp('created_at'),
          c.timestamp('expires_at'),
          c.timestamp('used_at', true),
          c.timestamp('superseded_at', true),
          c.varchar('superseded_reason', 32, { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'uq_signing_links_token_hash', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'ix_signing_links_signatory', columnNames: ['signatory_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'justering_audit_events',
        columns: [
          c.id(),
          c.ref('organisation_id'),
          c.ref('protocol_id'),
          c.ref('round_id'),
          c.int('seq'),
          c.varchar('type', 40),
          c.timestamp('at'),
          c.varchar('actor', 80),
          c.varchar('ip', 64, { isNullable: true }),
          c.varchar('user_agent', 400, { isNullable: true }),
          c.varchar('transaction_id', 36),
          c.text('data'),
          c.varchar('prev_hash', 64),
          c.varchar('hash', 64),
        ],
        indices: [new TableIndex({ name: 'uq_justering_audit_protocol_seq', columnNames: ['protocol_id', 'seq'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['justering_audit_events', 'signing_links', 'justering_signatories', 'justering_versions', 'justering_rounds']) await q.dropTable(t);
  }
}
