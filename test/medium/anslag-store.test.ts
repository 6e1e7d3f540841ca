/**
 * The anslag use cases' ports on PostgreSQL (libs/persistence TypeOrmAnslagStore): the notice lock
 * serialises changes of one notice, the posting claim has exactly one winner, a second notice of a
 * round is refused without aborting the transaction, and a unit of work commits or rolls back its
 * rows, outbox jobs and audit events together.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Notice, Posting } from '@justera/anslag';
import { AnslagEventEntity, AnslagNoticeEntity, AnslagPostingEntity, OutboxMessageEntity, TypeOrmAnslagStore } from '@justera/persistence';
import { createTenant, openDataSource, Tenant } from '../support/tenants';

jest.setTimeout(60_000);

describe(TypeOrmAnslagStore.name, () => {
  let ds: DataSource;
  let t: Tenant;
  let store: TypeOrmAnslagStore;
  const jobIds: string[] = [];

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Låskommun');
    store = new TypeOrmAnslagStore(ds);
  });
  afterAll(async () => {
    // No worker runs here, but leave no job behind for the e2e tiers' relays.
    if (jobIds.length) await ds.getRepository(OutboxMessageEntity).delete(jobIds);
    await ds?.destroy();
  });

  const notice = (): Notice => {
    const at = new Date('2026-11-30T09:00:00Z');
    return {
      id: randomUUID(),
      organisationId: t.organisationId,
      organId: t.organA,
      protocolId: randomUUID(),
      roundId: randomUUID(),
      type: 'Justerat protokoll',
      organName: 'Kommunstyrelsen',
      meetingDate: '2026-11-25',
      paragraphs: '§§ 1–4',
      justeradAt: at,
      justeradDate: '2026-11-30',
      postingDeadline: '2026-12-02',
      postAt: at,
      postedDate: null,
      lastAppealDay: null,
      takeDownDate: null,
      takeDownPolicy: 'dayAfterLastAppealDay',
      awaitingPostings: true,
      storagePlace: 'Stadshuset',
      contact: null,
      publishPdf: true,
      documentId: null,
      protocolSha256: null,
      filledDocumentId: null,
      fieldsStatus: null,
      bevisDocumentId: null,
      state: 'scheduled',
      takenDownAt: null,
      createdAt: at,
      updatedAt: at,
    };
  };
  const posting = (n: Notice, kind: Posting['kind'], boardName: string): Posting => ({
    id: randomUUID(),
    noticeId: n.id,
    boardId: randomUUID(),
    boardName,
    kind,
    postedDate: null,
    postedAt: null,
    recordedBy: null,
    createdAt: n.createdAt,
  });
  async function stored(): Promise<{ n: Notice; own: Posting; external: Posting }> {
    const n = notice();
    const own = posting(n, 'justera', 'Anslagstavlan');
    const external = posting(n, 'external', 'Grannkommunen');
    expect(await store.unitOfWork((uow) => uow.insertNotice(n, [own, external]))).toBe(true);
    return { n, own, external };
  }

  it('stores a notice with its postings, outbox job and audit event in one commit, and reads them back as plain objects', async () => {
    const { n, own, external } = await stored();
    const jobId = await store.unitOfWork(async (uow) => {
      await uow.updateNotice(n.id, { state: 'current', postedDate: '2026-11-30' });
      await uow.appendAudit({
        organisationId: n.organisationId,
        noticeId: n.id,
        kind: 'posted',
        at: new Date('2026-11-30T09:00:00Z'),
        actor: 'system',
        detail: { date: '2026-11-30', late: false },
      });
      return uow.enqueue('anslag.take-down', { noticeId: n.id }, { delayMs: 1234.4 });
    });
    jobIds.push(jobId);

    const read = await store.findNotice(n.id);
    expect(read).toMatchObject({ id: n.id, state: 'current', postedDate: '2026-11-30', awaitingPostings: true });
    expect(read).not.toBeInstanceOf(AnslagNoticeEntity);
    expect(await store.findNoticeByRound(n.roundId)).toMatchObject({ id: n.id });
    expect((await store.postingsOf(n.id)).map((p) => p.id).sort()).toEqual([own.id, external.id].sort());
    expect(await ds.getRepository(OutboxMessageEntity).findOneByOrFail({ id: jobId })).toMatchObject({
      jobName: 'anslag.take-down',
      payload: JSON.stringify({ noticeId: n.id }),
      delayMs: 1234,
    });
    const [event] = await ds.getRepository(AnslagEventEntity).findBy({ noticeId: n.id });
    expect(event).toMatchObject({ kind: 'posted', actor: 'system', detail: JSON.stringify({ date: '2026-11-30', late: false }) });
  });

  it('rolls back the rows, the jobs and the audit events of a unit of work that throws', async () => {
    const n = notice();
    let jobId = '';
    await expect(
      store.unitOfWork(async (uow) => {
        await uow.insertNotice(n, [posting(n, 'justera', 'Anslagstavlan')]);
        jobId = await uow.enqueue('anslag.reconcile', {});
        await uow.appendAudit({
          organisationId: n.organisationId,
          noticeId: n.id,
          kind: 'scheduled',
          at: new Date(),
          actor: 'system',
          detail: {},
        });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.findNotice(n.id)).toBeNull();
    expect(await ds.getRepository(OutboxMessageEntity).findOneBy({ id: jobId })).toBeNull();
    expect(await ds.getRepository(AnslagEventEntity).countBy({ noticeId: n.id })).toBe(0);
    expect(await ds.getRepository(AnslagPostingEntity).countBy({ noticeId: n.id })).toBe(0);
  });

  it('refuses a second notice of a round (false) without aborting the transaction, and writes none of its postings', async () => {
    const { n } = await stored();
    const second = { ...notice(), roundId: n.roundId };
    const result = await store.unitOfWork(async (uow) => {
      const inserted = await uow.insertNotice(second, [posting(second, 'justera', 'Anslagstavlan')]);
      // The transaction is still usable after the refused insert.
      await uow.updateNotice(n.id, { contact: 'kansliet@example.se' });
      return inserted;
    });
    expect(result).toBe(false);
    expect(await store.findNotice(second.id)).toBeNull();
    expect(await ds.getRepository(AnslagPostingEntity).countBy({ noticeId: second.id })).toBe(0);
    expect(await store.findNotice(n.id)).toMatchObject({ contact: 'kansliet@example.se' });
  });

  it('makes a second lockNotice of the same notice wait until the first transaction commits, and then see its change', async () => {
    const { n } = await stored();
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstLocked!: () => void;
    const locked = new Promise<void>((resolve) => (firstLocked = resolve));
    const order: string[] = [];

    const first = store.unitOfWork(async (uow) => {
      await uow.lockNotice(n.id);
      firstLocked();
      await firstHolds;
      await uow.updateNotice(n.id, { state: 'current' });
      order.push('first commits');
    });
    await locked;
    const second = store.unitOfWork(async (uow) => {
      const seen = await uow.lockNotice(n.id);
      order.push('second locked');
      return seen;
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(order).toEqual([]);
    releaseFirst();
    await first;
    const seen = await second;
    expect(order).toEqual(['first commits', 'second locked']);
    expect(seen).toMatchObject({ id: n.id, state: 'current' });
  });

  it('gives a posting claim to exactly one of two simultaneous transactions, and never overwrites a recorded date', async () => {
    const { n, external } = await stored();
    const claims = await Promise.all(
      (['2026-12-01', '2026-12-02'] as const).map((date, i) =>
        store.unitOfWork((uow) => uow.claimPosting(external.id, date, new Date(), `user:${i}`)),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = claims[0] ? '2026-12-01' : '2026-12-02';
    expect(await store.unitOfWork((uow) => uow.claimPosting(external.id, '2026-12-03', new Date(), 'system'))).toBe(false);
    const p = (await store.postingsOf(n.id)).find((x) => x.id === external.id)!;
    expect(p).toMatchObject({ postedDate: winner, recordedBy: claims[0] ? 'user:0' : 'user:1' });
  });

  it('reads a bare user id recorded before the actors were unified as user:<id>', async () => {
    const { n, external } = await stored();
    const userId = randomUUID();
    await ds.getRepository(AnslagPostingEntity).update({ id: external.id }, { postedDate: '2026-12-01', recordedBy: userId });
    expect((await store.postingsOf(n.id)).find((x) => x.id === external.id)!.recordedBy).toBe(`user:${userId}`);
  });
});
