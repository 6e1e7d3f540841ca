import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { columnsFor } from './helpers';

/**
 * PAdES-LTA archive renewal (docs/signatures.md, "Archive renewal"): what the daily
 * `maintenance.renew-archives` job learnt about a stored document — when it last looked, until when
 * the last document time-stamp protects it, and the last failure (retried on the next run). The
 * index serves its selection (least recently examined first).
 */
export class ArchiveRenewal1764500000000 implements MigrationInterface {
  name = 'ArchiveRenewal1764500000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columnsFor(q);
    await q.addColumn('documents', new TableColumn(c.timestamp('archive_checked_at', true)));
    await q.addColumn('documents', new TableColumn(c.timestamp('archive_protected_until', true)));
    await q.addColumn('documents', new TableColumn(c.varchar('archive_error', 500, { isNullable: true })));
    await q.createIndex('documents', new TableIndex({ name: 'ix_documents_archive_checked', columnNames: ['archive_checked_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('documents', 'ix_documents_archive_checked');
    await q.dropColumn('documents', 'archive_error');
    await q.dropColumn('documents', 'archive_protected_until');
    await q.dropColumn('documents', 'archive_checked_at');
  }
}
