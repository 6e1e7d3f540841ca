import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnsFor } from './helpers';

/** An organ's defaults for new protocols (admin page /admin/organ/:id): signatories, ersättare, members, as JSON text. */
export class OrganDefaults1764720000000 implements MigrationInterface {
  name = 'OrganDefaults1764720000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columnsFor(q);
    await q.addColumn('organs', new TableColumn(c.text('defaults', { isNullable: true })));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('organs', 'defaults');
  }
}
