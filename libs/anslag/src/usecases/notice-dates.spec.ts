import { takeDownInstant } from '../plan';
import { FixedClock, addNotice, board } from '../testing/fixtures';
import { InMemoryAnslagStore } from '../testing/in-memory-store';
import { RecomputeNoticeDates, applyNoticeDates, takeDownPolicyOf } from './notice-dates';

describe(RecomputeNoticeDates.name, () => {
  const own = board('justera', 'Anslagstavlan');
  const other = board('external', 'Grannkommunen');

  it('derives the dates from the latest posting of all boards and schedules the take-down at 00:00 Swedish time', async () => {
    const store = new InMemoryAnslagStore();
    const { notice } = addNotice(store, [own, other], {}, { Anslagstavlan: '2026-11-30', Grannkommunen: '2026-12-02' });
    const now = new Date('2026-12-03T10:00:00Z');
    const d = await new RecomputeNoticeDates(store, new FixedClock(now)).execute({ noticeId: notice.id });

    expect(d).toMatchObject({
      postedDate: '2026-12-02',
      lastAppealDay: '2026-12-23',
      takeDownDate: '2026-12-24',
      awaitingPostings: false,
      state: 'current',
    });
    expect(store.notices[0]).toMatchObject({
      postedDate: '2026-12-02',
      lastAppealDay: '2026-12-23',
      takeDownDate: '2026-12-24',
      awaitingPostings: false,
      updatedAt: now,
    });
    expect(store.jobs).toEqual([
      { name: 'anslag.take-down', payload: { noticeId: notice.id }, delayMs: takeDownInstant('2026-12-24').getTime() - now.getTime() },
    ]);
    expect(takeDownInstant('2026-12-24').toISOString()).toBe('2026-12-23T23:00:00.000Z');
  });

  it('follows the notice’s own take-down policy; an unknown stored policy reads as the default', async () => {
    expect(takeDownPolicyOf('lastAppealDay')).toBe('lastAppealDay');
    expect(takeDownPolicyOf('sometime')).toBe('dayAfterLastAppealDay');
    const store = new InMemoryAnslagStore();
    const { notice } = addNotice(store, [own], { takeDownPolicy: 'lastAppealDay' }, { Anslagstavlan: '2026-11-30' });
    await new RecomputeNoticeDates(store, new FixedClock(new Date('2026-12-01T10:00:00Z'))).execute({ noticeId: notice.id });
    expect(store.notices[0]).toMatchObject({ lastAppealDay: '2026-12-21', takeDownDate: '2026-12-21' });
  });

  it('leaves a board of a gemensam nämnd awaiting: no take-down date, no job, still current', async () => {
    const store = new InMemoryAnslagStore();
    const { notice } = addNotice(store, [own, other], {}, { Anslagstavlan: '2026-11-30' });
    const d = await new RecomputeNoticeDates(store, new FixedClock(new Date('2026-12-01T10:00:00Z'))).execute({ noticeId: notice.id });
    expect(d).toMatchObject({ postedDate: '2026-11-30', awaitingPostings: true, state: 'current' });
    expect(store.jobs).toEqual([]);
  });

  it('archives a current notice by date once its take-down date has come (no job), and never moves a scheduled or archived one', async () => {
    const store = new InMemoryAnslagStore();
    const late = addNotice(store, [own], {}, { Anslagstavlan: '2026-11-30' }).notice;
    const scheduled = addNotice(store, [own], { state: 'scheduled' }, { Anslagstavlan: '2026-11-30' }).notice;
    const archived = addNotice(store, [own], { state: 'archived' }, { Anslagstavlan: '2026-11-30' }).notice;
    const clock = new FixedClock(new Date('2026-12-22T10:00:00Z'));
    const useCase = new RecomputeNoticeDates(store, clock);
    await expect(useCase.execute({ noticeId: late.id })).resolves.toMatchObject({ takeDownDate: '2026-12-22', state: 'archived' });
    await expect(useCase.execute({ noticeId: scheduled.id })).resolves.toMatchObject({ state: 'scheduled' });
    await expect(useCase.execute({ noticeId: archived.id })).resolves.toMatchObject({ state: 'archived' });
    expect(store.jobs).toEqual([]);
    await expect(useCase.execute({ noticeId: '00000000-0000-4000-8000-0000000000ff' })).resolves.toBeNull();
  });

  it('updates the notice it is given in place (callers go on with the stored values)', async () => {
    const store = new InMemoryAnslagStore();
    const { notice, postings } = addNotice(store, [own], {}, { Anslagstavlan: '2026-11-30' });
    await store.unitOfWork((uow) => applyNoticeDates(uow, notice, postings, new Date('2026-12-01T10:00:00Z')));
    expect(notice).toMatchObject({ postedDate: '2026-11-30', takeDownDate: '2026-12-22' });
  });
});
