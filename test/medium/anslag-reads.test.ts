/**
 * The anslag queries' read port on PostgreSQL (libs/persistence TypeOrmAnslagReads): which list of
 * the public board a notice is in is the SQL of `boardPage`, and it must be libs/anslag's
 * `publicState` — checked here for every kind of notice on the days around its take-down date — and
 * the rows come back as plain objects with the actors of any version read as `user:<id>`.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { publicState, type Notice, type Posting } from '@justera/anslag';
import {
  AnslagEventEntity,
  AnslagNoticeEntity,
  TypeOrmAnslagReads,
  TypeOrmAnslagRepository,
  TypeOrmAnslagStore,
} from '@justera/persistence';
import { createTenant, openDataSource, Tenant } from '../support/tenants';

jest.setTimeout(60_000);

describe(TypeOrmAnslagReads.name, () => {
  let ds: DataSource;
  let t: Tenant;
  let store: TypeOrmAnslagStore;
  let reads: TypeOrmAnslagReads;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Läskommun');
    store = new TypeOrmAnslagStore(ds);
    reads = new TypeOrmAnslagReads(new TypeOrmAnslagRepository(ds));
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  let seq = 0;
  const notice = (over: Partial<Notice>): Notice => {
    const at = new Date(Date.UTC(2026, 10, 30, 9, 0, seq++));
    return {
      id: randomUUID(),
      organisationId: t.organisationId,
      organId: t.organA,
      protocolId: randomUUID(),
      roundId: randomUUID(),
      type: 'Justerat protokoll',
      organName: 'Kommunstyrelsen',
      meetingDate: '2026-11-25',
      paragraphs: null,
      justeradAt: at,
      justeradDate: '2026-11-30',
      postingDeadline: '2026-12-02',
      postAt: at,
      postedDate: '2026-12-02',
      lastAppealDay: '2026-12-23',
      takeDownDate: '2026-12-24',
      takeDownPolicy: 'dayAfterLastAppealDay',
      awaitingPostings: false,
      storagePlace: 'Stadshuset',
      contact: null,
      publishPdf: true,
      documentId: null,
      protocolSha256: null,
      filledDocumentId: null,
      fieldsStatus: null,
      bevisDocumentId: null,
      state: 'current',
      takenDownAt: null,
      createdAt: at,
      updatedAt: at,
      ...over,
    };
  };
  const posting = (n: Notice, over: Partial<Posting> = {}): Posting => ({
    id: randomUUID(),
    noticeId: n.id,
    boardId: randomUUID(),
    boardName: 'Anslagstavlan',
    kind: 'justera',
    postedDate: n.postedDate,
    postedAt: n.postedDate ? n.justeradAt : null,
    recordedBy: n.postedDate ? 'system' : null,
    createdAt: n.createdAt,
    ...over,
  });

  it('puts each notice in the list that publicState names, on every day around its take-down date', async () => {
    const notices = [
      notice({}), // current until 2026-12-24
      notice({ state: 'archived', takenDownAt: new Date('2026-12-23T23:00:00Z') }), // taken down by its job
      notice({ takeDownDate: null, lastAppealDay: null, awaitingPostings: true }), // a neighbour has not posted
      notice({ awaitingPostings: true }), // dates stored, but a board is still awaited
      notice({ state: 'scheduled', postedDate: null, lastAppealDay: null, takeDownDate: null, awaitingPostings: true }),
      notice({ postedDate: '2026-12-23', lastAppealDay: '2027-01-13', takeDownDate: '2027-01-14' }), // posted later
    ];
    for (const n of notices) expect(await store.unitOfWork((uow) => uow.insertNotice(n, [posting(n)]))).toBe(true);

    for (const today of ['2026-12-22', '2026-12-23', '2026-12-24', '2027-01-14']) {
      const ids = async (list: 'current' | 'archive') =>
        (await reads.boardPage(t.organisationId, list, today, 0, 100)).notices.map((n) => n.id).sort();
      const expected = (state: string) =>
        notices
          .filter((n) => n.state !== 'scheduled' && publicState(n, today) === state)
          .map((n) => n.id)
          .sort();
      expect({ today, current: await ids('current'), archive: await ids('archive') }).toEqual({
        today,
        current: expected('current'),
        archive: expected('archived'),
      });
    }
    const version = await reads.boardVersion(t.organisationId);
    expect({ notices: version.notices, archived: version.archived }).toEqual({ notices: 5, archived: 1 });
  });

  it('hands out plain objects, with a bare user id of an older row read as user:<id>', async () => {
    const n = notice({ protocolId: randomUUID() });
    const userId = randomUUID();
    const external = posting(n, { kind: 'external', boardName: 'Grannkommunen', recordedBy: userId as never });
    await store.unitOfWork((uow) => uow.insertNotice(n, [posting(n), external]));
    await ds.getRepository(AnslagEventEntity).insert({
      id: randomUUID(),
      organisationId: t.organisationId,
      noticeId: n.id,
      kind: 'external-posting-recorded',
      at: new Date('2026-12-03T10:00:00Z'),
      actor: userId,
      detail: JSON.stringify({ date: '2026-12-02' }),
    });

    const [read] = await reads.noticesOfProtocols(t.organisationId, [n.protocolId]);
    expect(read).toMatchObject({ id: n.id, state: 'current', postedDate: '2026-12-02' });
    expect(read).not.toBeInstanceOf(AnslagNoticeEntity);
    expect(await reads.notice(t.organisationId, n.id)).toMatchObject({ id: n.id });
    expect(await reads.notice(randomUUID(), n.id)).toBeNull();
    expect((await reads.postingsOf([n.id])).map((p) => [p.boardName, p.kind, p.recordedBy])).toEqual(
      expect.arrayContaining([
        ['Anslagstavlan', 'justera', 'system'],
        ['Grannkommunen', 'external', `user:${userId}`],
      ]),
    );
    expect(await reads.eventsOfNotices([n.id])).toEqual([
      {
        organisationId: t.organisationId,
        noticeId: n.id,
        kind: 'external-posting-recorded',
        at: new Date('2026-12-03T10:00:00Z'),
        actor: `user:${userId}`,
        detail: { date: '2026-12-02' },
      },
    ]);
    const organisation = await reads.organisation(t.organisationId);
    expect(await reads.organisationBySlug(organisation!.slug)).toEqual(organisation);
    expect(organisation!.createdAt).toBeInstanceOf(Date);
  });
});
