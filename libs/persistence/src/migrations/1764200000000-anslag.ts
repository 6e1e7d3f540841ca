import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnsFor } from './helpers';

/** Anslag: boards per organ, notices per justering round, postings per board, the notice audit trail. */
export class Anslag1764200000000 implements MigrationInterface {
  name = 'Anslag1764200000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columnsFor(q);
    await q.createTable(
      new Table({
        name: 'anslag_boards',
        columns: [
          c.id(),
          c.ref('organisation_id'),
          c.ref('organ_id'),
          c.varchar('name', 200),
          c.varchar('kind', 16),
          c.varchar('url', 500, { isNullable: true }),
          c.varchar('posting_mode', 20),
          c.int('posting_hour', { isNullable: true }),
          c.varchar('take_down_policy', 40),
          c.bool('publish_pdf', true),
          c.varchar('contact', 300, { isNullable: true }),
          c.bool('active', true),
          c.timestamp('created_at'),
        ],
        indices: [new TableIndex({ name: 'ix_anslag_boards_organ', columnNames: ['organisation_id', 'organ_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'anslag_notices',
        columns: [
          c.id(),
          c.ref('organisation_id'),
          c.ref('organ_id'),
          c.ref('protocol_id'),
          c.varchar('round_id', 64, { isUnique: true }),
          c.varchar('type', 40),
          c.varchar('organ_name', 200),
          c.varchar('meeting_date', 10),
          c.varchar('paragraphs', 400, { isNullable: true }),
          c.timestamp('justerad_at'),
          c.varchar('justerad_date', 10),
          c.varchar('posting_deadline', 10),
          c.timestamp('post_at'),
          c.varchar('posted_date', 10, { isNullable: true }),
          c.varchar('last_appeal_day', 10, { isNullable: true }),
          c.varchar('take_down_date', 10, { isNullable: true }),
          c.varchar('take_down_policy', 40),
          c.bool('awaiting_postings', false),
          c.varchar('storage_place', 200),
          c.varchar('contact', 300, { isNullable: true }),
          c.bool('publish_pdf', true),
          c.ref('document_id', true),
          c.varchar('protocol_sha256', 64, { isNullable: true }),
          c.ref('filled_document_id', true),
          c.varchar('fields_status', 16, { isNullable: true }),
          c.ref('bevis_document_id', true),
          c.varchar('state', 16),
          c.timestamp('taken_down_at', true),
          c.timestamp('created_at'),
          c.timestamp('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'ix_anslag_notices_org_state', columnNames: ['organisation_id', 'state'] }),
          new TableIndex({ name: 'ix_anslag_notices_protocol', columnNames: ['protocol_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'anslag_postings',
        columns: [
          c.id(),
          c.ref('notice_id'),
          c.ref('board_id'),
          c.varchar('board_name', 200),
          c.varchar('kind', 16),
          c.varchar('posted_date', 10, { isNullable: true }),
          c.timestamp('posted_at', true),
          c.varchar('recorded_by', 64, { isNullable: true }),
          c.timestamp('created_at'),
        ],
        indices: [new TableIndex({ name: 'uq_anslag_postings_notice_board', columnNames: ['notice_id', 'board_id'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'anslag_events',
        columns: [c.id(), c.ref('organisation_id'), c.ref('notice_id'), c.varchar('kind', 40), c.timestamp('at'), c.varchar('actor', 64), c.text('detail')],
        indices: [new TableIndex({ name: 'ix_anslag_events_notice', columnNames: ['notice_id'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['anslag_events', 'anslag_postings', 'anslag_notices', 'anslag_boards']) await q.dropTable(t);
  }
}
