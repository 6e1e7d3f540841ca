import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnsFor } from './helpers';

/**
 * Load and faults (docs/operations.md, docs/architecture.md):
 * - outbox_messages.claimed_until: the relay claims rows in a short transaction and calls Redis
 *   outside it (no transaction open across a Redis call);
 * - mail_deliveries.claimed_at: a mail is claimed ("sending") in the database before the SMTP call;
 * - one active Justera board per organ: duplicates that concurrent postings created are merged into
 *   the oldest (their postings moved to it, or dropped where the notice is already on it), then a
 *   partial unique index makes a second one impossible.
 */
export class Resilience1764400000000 implements MigrationInterface {
  name = 'Resilience1764400000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columnsFor(q);
    await q.addColumn('outbox_messages', new TableColumn(c.timestamp('claimed_until', true)));
    await q.addColumn('mail_deliveries', new TableColumn(c.timestamp('claimed_at', true)));

    await mergeDuplicateOwnBoards(q);
    await q.query(`CREATE UNIQUE INDEX uq_anslag_boards_own ON anslag_boards (organisation_id, organ_id) WHERE kind = 'justera' AND active`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX uq_anslag_boards_own');
    await q.dropColumn('mail_deliveries', 'claimed_at');
    await q.dropColumn('outbox_messages', 'claimed_until');
  }
}

/**
 * Merges the duplicate active Justera boards of each organ into its oldest: a posting of a notice
 * already on the kept board is dropped, the others move to it, and the duplicates are deleted.
 * Returns how many boards were merged away.
 */
export async function mergeDuplicateOwnBoards(q: QueryRunner): Promise<number> {
  const pg = q.connection.options.type === 'postgres';
  const p = (i: number) => (pg ? `$${i}` : '?');
  let merged = 0;
  const boards: { id: string; organisation_id: string; organ_id: string }[] = await q.query(
    `SELECT id, organisation_id, organ_id FROM anslag_boards WHERE kind = 'justera' AND active ORDER BY organisation_id, organ_id, created_at, id`,
  );
  const keeper = new Map<string, string>();
  for (const b of boards) {
    const key = `${b.organisation_id}/${b.organ_id}`;
    const keep = keeper.get(key);
    if (!keep) {
      keeper.set(key, b.id);
      continue;
    }
    // A notice already on the kept board loses its duplicate posting; the others move over.
    await q.query(`DELETE FROM anslag_postings WHERE board_id = ${p(1)} AND notice_id IN (SELECT notice_id FROM anslag_postings WHERE board_id = ${p(2)})`, [b.id, keep]);
    await q.query(`UPDATE anslag_postings SET board_id = ${p(1)} WHERE board_id = ${p(2)}`, [keep, b.id]);
    await q.query(`DELETE FROM anslag_boards WHERE id = ${p(1)}`, [b.id]);
    merged++;
  }
  return merged;
}
