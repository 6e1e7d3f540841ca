import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnsFor } from './helpers';

/** Organisations, organs, users and their access, the outbox, mail deliveries, documents, protocols. */
export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columnsFor(q);
    await q.createTable(
      new Table({
        name: 'organisations',
        columns: [c.id(), c.varchar('slug', 64, { isUnique: true }), c.varchar('name', 200), c.timestamp('created_at')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'organs',
        columns: [
          c.id(),
          c.ref('organisation_id'),
          c.varchar('slug', 64),
          c.varchar('name', 200),
          c.varchar('storage_place', 200, { isNullable: true }),
          c.timestamp('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_organs_organisation_slug', columnNames: ['organisation_id', 'slug'], isUnique: true }),
          new TableIndex({ name: 'ix_organs_organisation', columnNames: ['organisation_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          c.id(),
          c.ref('organisation_id'),
          c.varchar('email', 254, { isUnique: true }),
          c.varchar('name', 200),
          c.varchar('role', 16),
          c.varchar('password_hash', 255),
          c.bool('disabled', false),
          c.timestamp('created_at'),
        ],
        indices: [new TableIndex({ name: 'ix_users_organisation', columnNames: ['organisation_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'user_organs',
        columns: [
          { ...c.ref('user_id'), isPrimary: true },
          { ...c.ref('organ_id'), isPrimary: true },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'sessions',
        columns: [
          c.id(),
          c.varchar('token_hash', 64, { isUnique: true }),
          c.ref('user_id'),
          c.timestamp('created_at'),
          c.timestamp('last_seen_at'),
          c.timestamp('expires_at'),
          c.varchar('ip', 64, { isNullable: true }),
          c.varchar('user_agent', 400, { isNullable: true }),
        ],
        indices: [new TableIndex({ name: 'ix_sessions_user', columnNames: ['user_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          c.id(),
          c.ref('organisation_id'),
          c.varchar('public_id', 32, { isUnique: true }),
          c.varchar('secret_hash', 64),
          c.varchar('name', 200),
          c.varchar('role', 16),
          c.text('organ_ids', { default: "'[]'" }),
          c.ref('created_by'),
          c.timestamp('created_at'),
          c.timestamp('revoked_at', true),
        ],
        indices: [new TableIndex({ name: 'ix_api_keys_organisation', columnNames: ['organisation_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'outbox_messages',
        columns: [
          c.id(),
          c.varchar('job_name', 100),
          c.text('payload'),
          c.int('delay_ms', { default: 0 }),
          c.timestamp('created_at'),
          c.timestamp('relayed_at', true),
          c.int('relay_attempts', { default: 0 }),
          c.varchar('last_error', 1000, { isNullable: true }),
        ],
        indices: [new TableIndex({ name: 'ix_outbox_pending', columnNames: ['relayed_at', 'created_at'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mail_deliveries',
        columns: [
          c.id(),
          c.ref('organisation_id', true),
          c.varchar('kind', 100),
          c.varchar('to_address', 254),
          c.varchar('subject', 400),
          c.text('text_body'),
          c.text('html_body'),
          c.varchar('status', 16),
          c.varchar('message_id', 300, { isNullable: true }),
          c.int('attempts', { default: 0 }),
          c.varchar('last_error', 1000, { isNullable: true }),
          c.timestamp('created_at'),
          c.timestamp('sent_at', true),
        ],
        indices: [new TableIndex({ name: 'ix_mail_deliveries_organisation', columnNames: ['organisation_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'documents',
        columns: [
          c.id(),
          c.ref('organisation_id'),
          c.varchar('sha256', 64),
          c.int('size'),
          c.varchar('media_type', 100),
          c.varchar('file_name', 255, { isNullable: true }),
          c.blob('content'),
          c.timestamp('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'ix_documents_organisation', columnNames: ['organisation_id'] }),
          new TableIndex({ name: 'ix_documents_sha256', columnNames: ['sha256'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'protocols',
        columns: [
          c.id(),
          c.ref('organisation_id'),
          c.ref('organ_id'),
          c.varchar('source', 16),
          c.varchar('status', 16),
          c.varchar('title', 400),
          c.varchar('meeting_date', 10),
          c.text('data'),
          c.ref('document_id', true),
          c.varchar('created_by', 64),
          c.timestamp('created_at'),
          c.timestamp('updated_at'),
          c.int('row_version'),
        ],
        indices: [
          new TableIndex({ name: 'ix_protocols_organisation', columnNames: ['organisation_id'] }),
          new TableIndex({ name: 'ix_protocols_organ_meeting', columnNames: ['organ_id', 'meeting_date'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['protocols', 'documents', 'mail_deliveries', 'outbox_messages', 'api_keys', 'sessions', 'user_organs', 'users', 'organs', 'organisations']) {
      await q.dropTable(t);
    }
  }
}
