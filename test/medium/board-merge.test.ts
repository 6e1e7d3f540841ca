import { randomUUID } from 'node:crypto';
import { loadConfig } from '@justera/config';
import { AnslagBoardEntity, AnslagPostingEntity, createDataSource, mergeDuplicateOwnBoards } from '@justera/persistence';

jest.setTimeout(60_000);

/** The issue-13 migration's merge of duplicate Justera boards, on PostgreSQL, inside a rolled-back transaction. */
describe(mergeDuplicateOwnBoards.name, () => {
  it('keeps the oldest board of an organ, moves the postings of the others to it, and drops a notice\'s second posting', async () => {
    const ds = createDataSource(loadConfig({ ...process.env, JUSTERA_SECRET: 'x'.repeat(32) }).database);
    await ds.initialize();
    const q = ds.createQueryRunner();
    await q.startTransaction();
    try {
      // Duplicates as concurrent postings created them before the unique index existed.
      await q.query('DROP INDEX uq_anslag_boards_own');
      const org = randomUUID();
      const organ = randomUUID();
      const board = (createdAt: string, kind = 'justera'): AnslagBoardEntity => ({
        id: randomUUID(), organisationId: org, organId: organ, name: kind === 'justera' ? 'Anslagstavlan' : 'Grannkommunen', kind, url: null, postingMode: 'immediate', postingHour: null,
        takeDownPolicy: 'lastAppealDay', publishPdf: true, contact: null, active: true, createdAt: new Date(createdAt),
      });
      const [oldest, second, third, external] = [board('2026-01-01T00:00:00Z'), board('2026-01-01T00:00:01Z'), board('2026-01-01T00:00:02Z'), board('2026-01-01T00:00:00Z', 'external')];
      for (const b of [oldest, second, third, external]) await q.manager.insert(AnslagBoardEntity, b);
      const posting = (noticeId: string, b: AnslagBoardEntity): AnslagPostingEntity => ({ id: randomUUID(), noticeId, boardId: b.id, boardName: b.name, kind: b.kind, postedDate: null, postedAt: null, recordedBy: null, createdAt: new Date() });
      const [n1, n2, n3] = [randomUUID(), randomUUID(), randomUUID()];
      // n1 on all three (the triple "Uppsatt på Anslagstavlan"), n2 only on a duplicate, n3 on the oldest and the external board.
      for (const p of [posting(n1, oldest), posting(n1, second), posting(n1, third), posting(n2, third), posting(n3, oldest), posting(n3, external)]) await q.manager.insert(AnslagPostingEntity, p);

      expect(await mergeDuplicateOwnBoards(q)).toBe(2);

      const boards = await q.manager.findBy(AnslagBoardEntity, { organisationId: org });
      expect(boards.map((b) => b.id).sort()).toEqual([oldest.id, external.id].sort());
      const postings = await q.manager.find(AnslagPostingEntity, { where: [{ noticeId: n1 }, { noticeId: n2 }, { noticeId: n3 }] });
      const of = (n: string) => postings.filter((p) => p.noticeId === n).map((p) => p.boardId).sort();
      expect(of(n1)).toEqual([oldest.id]);
      expect(of(n2)).toEqual([oldest.id]);
      expect(of(n3)).toEqual([oldest.id, external.id].sort());
      // Now the index can be created: one active Justera board per organ.
      await q.query(`CREATE UNIQUE INDEX uq_anslag_boards_own ON anslag_boards (organisation_id, organ_id) WHERE kind = 'justera' AND active`);
      await expect(q.manager.insert(AnslagBoardEntity, board('2026-02-01T00:00:00Z'))).rejects.toThrow();
    } finally {
      await q.rollbackTransaction();
      await q.release();
      await ds.destroy();
    }
  });
});
