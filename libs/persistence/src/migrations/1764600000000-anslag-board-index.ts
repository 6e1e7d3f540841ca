import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The public board pages its lists (docs/anslag.md "Pagination and caching"): the current notices and
 * the archive of an organisation, newest posting first, LIMIT/OFFSET. The index serves the filter on
 * (organisation, stored state) and the order by posting date; it starts with the columns of
 * ix_anslag_notices_org_state, which it therefore replaces.
 */
export class AnslagBoardIndex1764600000000 implements MigrationInterface {
  name = 'AnslagBoardIndex1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('anslag_notices', new TableIndex({ name: 'ix_anslag_notices_board', columnNames: ['organisation_id', 'state', 'posted_date', 'created_at'] }));
    await q.dropIndex('anslag_notices', 'ix_anslag_notices_org_state');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('anslag_notices', new TableIndex({ name: 'ix_anslag_notices_org_state', columnNames: ['organisation_id', 'state'] }));
    await q.dropIndex('anslag_notices', 'ix_anslag_notices_board');
  }
}
