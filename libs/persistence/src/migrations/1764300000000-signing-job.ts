import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnsFor } from './helpers';

/**
 * The cryptographic signature is appended by a worker job after the approval (docs/signatures.md,
 * docs/justering.md: a TSA failure fails the job, which retries): per signatory when and how their signature went into the PDF, per
 * round the last signing failure (shown to the secretary) and how many attempts failed in a row.
 */
export class SigningJob1764300000000 implements MigrationInterface {
  name = 'SigningJob1764300000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columnsFor(q);
    await q.addColumns('justering_signatories', [
      new TableColumn(c.timestamp('signature_applied_at', true)),
      new TableColumn(c.varchar('signature_method', 32, { isNullable: true })),
    ]);
    await q.addColumns('justering_rounds', [
      new TableColumn(c.varchar('signing_error', 500, { isNullable: true })),
      new TableColumn(c.timestamp('signing_failed_at', true)),
      new TableColumn(c.int('signing_failures', { default: 0 })),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('justering_rounds', ['signing_failures', 'signing_failed_at', 'signing_error']);
    await q.dropColumns('justering_signatories', ['signature_method', 'signature_applied_at']);
  }
}
