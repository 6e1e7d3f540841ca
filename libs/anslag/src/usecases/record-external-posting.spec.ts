import { DomainError } from '@justera/application';
import { takeDownInstant } from '../plan';
import { FixedClock, ORG, addNotice, board, secretary } from '../testing/fixtures';
import { InMemoryAnslagStore } from '../testing/in-memory-store';
import { RecordExternalPosting } from './record-external-posting';

function setup(now = '2026-12-03T10:00:00Z') {
  const store = new InMemoryAnslagStore();
  const clock = new FixedClock(new Date(now));
  const own = board('justera', 'Anslagstavlan');
  const other = board('external', 'Grannkommunens anslagstavla');
  const { notice } = addNotice(store, [own, other], { postedDate: '2026-11-30', awaitingPostings: true }, { Anslagstavlan: '2026-11-30' });
  return { store, clock, own, other, notice, useCase: new RecordExternalPosting(store, clock) };
}

const code = (c: string) => expect.objectContaining({ constructor: DomainError, code: c });

describe(RecordExternalPosting.name, () => {
  it('records the day, runs the appeal period from the latest posting, schedules the take-down and the documents, and audits user:<id>', async () => {
    const { store, useCase, notice, other } = setup();
    const result = await useCase.execute({ caller: secretary(), noticeId: notice.id, boardId: other.id, postedDate: '2026-12-01' });

    expect(result).toEqual({ noticeId: notice.id, protocolId: notice.protocolId, recorded: true });
    const stored = store.notices.find((n) => n.id === notice.id)!;
    expect(stored).toMatchObject({
      postedDate: '2026-12-01',
      lastAppealDay: '2026-12-22',
      takeDownDate: '2026-12-23',
      awaitingPostings: false,
      state: 'current',
    });
    expect(stored.updatedAt).toEqual(new Date('2026-12-03T10:00:00Z'));
    const posting = store.postings.find((p) => p.boardId === other.id)!;
    expect(posting).toMatchObject({ postedDate: '2026-12-01', recordedBy: 'user:00000000-0000-4000-8000-00000000c001' });
    expect(store.eventsOf(notice.id)).toEqual([
      {
        organisationId: ORG,
        noticeId: notice.id,
        kind: 'external-posting-recorded',
        at: new Date('2026-12-03T10:00:00Z'),
        actor: 'user:00000000-0000-4000-8000-00000000c001',
        detail: { board: 'Grannkommunens anslagstavla', postedDate: '2026-12-01', late: false },
      },
    ]);
    expect(store.jobs).toEqual([
      {
        name: 'anslag.take-down',
        payload: { noticeId: notice.id },
        delayMs: takeDownInstant('2026-12-23').getTime() - Date.parse('2026-12-03T10:00:00Z'),
      },
      { name: 'anslag.reconcile', payload: {}, delayMs: 0 },
    ]);
  });

  it('writes apikey:<id> for an API key and marks a posting after the legal deadline as late', async () => {
    const { store, useCase, notice, other } = setup();
    await useCase.execute({ caller: { ...secretary(), via: 'apiKey' }, noticeId: notice.id, boardId: other.id, postedDate: '2026-12-03' });
    expect(store.eventsOf(notice.id)[0]).toMatchObject({ actor: 'apikey:00000000-0000-4000-8000-00000000c001', detail: { late: true } });
    expect(store.postings.find((p) => p.boardId === other.id)!.recordedBy).toBe('apikey:00000000-0000-4000-8000-00000000c001');
  });

  it('treats the same date again as a no-op and another date as already_recorded', async () => {
    const { store, useCase, notice, other } = setup();
    await useCase.execute({ caller: secretary(), noticeId: notice.id, boardId: other.id, postedDate: '2026-12-01' });
    const before = { events: store.events.length, jobs: store.jobs.length, notice: { ...store.notices[0] } };

    await expect(
      useCase.execute({ caller: secretary(), noticeId: notice.id, boardId: other.id, postedDate: '2026-12-01' }),
    ).resolves.toMatchObject({ recorded: false });
    await expect(
      useCase.execute({ caller: secretary(), noticeId: notice.id, boardId: other.id, postedDate: '2026-12-02' }),
    ).rejects.toEqual(
      expect.objectContaining({
        code: 'already_recorded',
        message: 'Anslaget på Grannkommunens anslagstavla är redan registrerat 2026-12-01.',
      }),
    );
    expect({ events: store.events.length, jobs: store.jobs.length, notice: store.notices[0] }).toEqual(before);
  });

  it('lets exactly one of two simultaneous recordings of different dates win', async () => {
    const { store, useCase, notice, other } = setup();
    const results = await Promise.allSettled(
      ['2026-12-01', '2026-12-02'].map((postedDate) =>
        useCase.execute({ caller: secretary(), noticeId: notice.id, boardId: other.id, postedDate }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(store.eventsOf(notice.id)).toHaveLength(1);
  });

  it.each([
    ['a day that has not come', '2026-12-04', 'postedDate: ett anslag kan inte registreras för en dag som inte har kommit.'],
    ['a day before the justering', '2026-11-29', 'postedDate: anslaget kan inte ha satts upp före justeringen.'],
    ['no such date', '2026-02-30', expect.stringMatching(/^postedDate: /)],
  ])('refuses %s as invalid_request', async (_, postedDate, message) => {
    const { store, useCase, notice, other } = setup();
    await expect(useCase.execute({ caller: secretary(), noticeId: notice.id, boardId: other.id, postedDate })).rejects.toEqual(
      code('invalid_request'),
    );
    await expect(useCase.execute({ caller: secretary(), noticeId: notice.id, boardId: other.id, postedDate })).rejects.toHaveProperty(
      'message',
      message,
    );
    expect(store.commits).toBe(0);
  });

  it("refuses Justera's own board (not_external), a board of another notice (invalid_request) and a taken-down notice (archived)", async () => {
    const { store, useCase, notice, own, clock } = setup();
    await expect(useCase.execute({ caller: secretary(), noticeId: notice.id, boardId: own.id, postedDate: '2026-12-01' })).rejects.toEqual(
      code('not_external'),
    );
    await expect(
      useCase.execute({ caller: secretary(), noticeId: notice.id, boardId: board('external', 'X').id, postedDate: '2026-12-01' }),
    ).rejects.toEqual(code('invalid_request'));
    const other = board('external', 'Arkivkommunen');
    const archived = addNotice(store, [own, other], { state: 'archived' }).notice;
    clock.set('2027-02-01T10:00:00Z');
    await expect(
      useCase.execute({ caller: secretary(), noticeId: archived.id, boardId: other.id, postedDate: '2026-12-01' }),
    ).rejects.toEqual(code('archived'));
    expect(store.events).toEqual([]);
  });

  it("hides another organisation's notice (not_found) and refuses a sekreterare of another organ (forbidden)", async () => {
    const { useCase, notice, other } = setup();
    const cmd = { noticeId: notice.id, boardId: other.id, postedDate: '2026-12-01' };
    await expect(useCase.execute({ ...cmd, caller: secretary(undefined, '00000000-0000-4000-8000-00000000a999') })).rejects.toEqual(
      code('not_found'),
    );
    await expect(useCase.execute({ ...cmd, caller: secretary(['00000000-0000-4000-8000-00000000b999']) })).rejects.toEqual(
      code('forbidden'),
    );
    await expect(useCase.execute({ ...cmd, noticeId: '00000000-0000-4000-8000-0000000000ff', caller: secretary() })).rejects.toEqual(
      code('not_found'),
    );
  });

  it('keeps a scheduled notice scheduled (posting on Justera’s board makes it current) and schedules no take-down', async () => {
    const { store, useCase, own } = setup();
    const other = board('external', 'Tidiga kommunen');
    const { notice } = addNotice(store, [own, other], { state: 'scheduled', postAt: new Date('2026-12-04T07:00:00Z') });
    await useCase.execute({ caller: secretary(), noticeId: notice.id, boardId: other.id, postedDate: '2026-12-01' });
    expect(store.notices.find((n) => n.id === notice.id)).toMatchObject({ state: 'scheduled', awaitingPostings: true });
    expect(store.jobs).toEqual([]);
  });
});
