import type { Clock } from '../clock';
import { FixedClock, ORG, addNotice, board, testId } from '../testing/fixtures';
import { InMemoryAnslagStore } from '../testing/in-memory-store';
import { TakeDownNotice } from './take-down-notice';

/** A notice posted on Justera's board with its dates derived (what PostNotice leaves behind). */
function posted(
  store: InMemoryAnslagStore,
  dates: { postedDate: string; lastAppealDay: string; takeDownDate: string },
  organisationId = ORG,
) {
  return addNotice(
    store,
    [board('justera', 'Anslagstavlan', { organisationId })],
    { ...dates, organisationId, awaitingPostings: false, state: 'current' },
    { Anslagstavlan: dates.postedDate },
  ).notice;
}

describe(TakeDownNotice.name, () => {
  it('takes a notice down at 00:00 Stockholm summer time on the day after the last appeal day, not a second earlier', async () => {
    const store = new InMemoryAnslagStore();
    const clock = new FixedClock(new Date('2027-06-22T21:59:59Z')); // 23:59:59 CEST on the last appeal day
    const takeDown = new TakeDownNotice(store, clock);
    const n = posted(store, { postedDate: '2027-06-01', lastAppealDay: '2027-06-22', takeDownDate: '2027-06-23' });

    expect(await takeDown.execute({ noticeId: n.id })).toEqual({
      status: 'skipped',
      detail: 'not due (take-down 2027-06-23, today 2027-06-22)',
    });
    expect(store.notices[0]).toMatchObject({ state: 'current', takenDownAt: null });
    expect(store.events).toEqual([]);

    clock.set('2027-06-22T22:00:00Z'); // 00:00 CEST on 2027-06-23: UTC is still on the 22nd
    expect(await takeDown.execute({ noticeId: n.id })).toEqual({ status: 'done', detail: `notice ${n.id} taken down 2027-06-23` });
    expect(store.notices[0]).toMatchObject({
      state: 'archived',
      takenDownAt: new Date('2027-06-22T22:00:00Z'),
      updatedAt: new Date('2027-06-22T22:00:00Z'),
    });
    expect(store.eventsOf(n.id)).toEqual([
      {
        organisationId: ORG,
        noticeId: n.id,
        kind: 'taken-down',
        at: new Date('2027-06-22T22:00:00Z'),
        actor: 'system',
        detail: { takeDownDate: '2027-06-23', lastAppealDay: '2027-06-22', at: '2027-06-22T22:00:00.000Z' },
      },
    ]);
  });

  it('skips a stale job whose notice’s dates moved later (an external posting was recorded after it was queued)', async () => {
    const store = new InMemoryAnslagStore();
    // The job was queued for 2026-12-24; a neighbouring municipality then posted on 2026-12-04.
    const clock = new FixedClock(new Date('2026-12-23T23:00:00Z'));
    const n = posted(store, { postedDate: '2026-12-04', lastAppealDay: '2026-12-25', takeDownDate: '2026-12-26' });
    expect(await new TakeDownNotice(store, clock).execute({ noticeId: n.id })).toEqual({
      status: 'skipped',
      detail: 'not due (take-down 2026-12-26, today 2026-12-24)',
    });
    expect(store.notices[0].state).toBe('current');
    expect(store.commits).toBe(1);
    expect(store.events).toEqual([]);
  });

  it('never takes down a notice still awaiting another board’s posting (no take-down date yet), however late', async () => {
    const store = new InMemoryAnslagStore();
    const clock = new FixedClock(new Date('2028-01-01T12:00:00Z'));
    const { notice } = addNotice(store, [board('justera', 'Anslagstavlan'), board('external', 'Orsa kommuns anslagstavla')], {
      postedDate: '2026-11-30',
      awaitingPostings: true,
      state: 'current',
    });
    expect(await new TakeDownNotice(store, clock).execute({ noticeId: notice.id })).toEqual({
      status: 'skipped',
      detail: 'not due (take-down unknown, today 2028-01-01)',
    });
    expect(store.notices[0].state).toBe('current');
  });

  it('leaves a scheduled notice (not posted yet) and a notice that is gone alone', async () => {
    const store = new InMemoryAnslagStore();
    const clock = new FixedClock(new Date('2027-01-10T12:00:00Z'));
    const { notice } = addNotice(store, [board('justera', 'Anslagstavlan')], {
      state: 'scheduled',
      // Dates that would be due if the state were not checked first.
      postedDate: '2026-12-01',
      lastAppealDay: '2026-12-22',
      takeDownDate: '2026-12-23',
      awaitingPostings: false,
    });
    const takeDown = new TakeDownNotice(store, clock);
    expect(await takeDown.execute({ noticeId: notice.id })).toEqual({ status: 'skipped', detail: 'notice is scheduled' });
    expect(store.notices[0].state).toBe('scheduled');
    expect(await takeDown.execute({ noticeId: testId() })).toEqual({ status: 'skipped', detail: 'notice gone' });
    expect(store.events).toEqual([]);
  });

  it('asks the clock of the notice’s own organisation (a test clock may differ per organisation)', async () => {
    const store = new InMemoryAnslagStore();
    const OTHER = '00000000-0000-4000-8000-00000000a009';
    const asked: (string | undefined)[] = [];
    const clock: Clock = {
      now: (scope) => {
        asked.push(scope);
        return new Date(scope === OTHER ? '2026-12-23T23:00:00Z' : '2026-12-20T12:00:00Z');
      },
    };
    const dates = { postedDate: '2026-12-02', lastAppealDay: '2026-12-23', takeDownDate: '2026-12-24' };
    const mine = posted(store, dates);
    const theirs = posted(store, dates, OTHER);
    const takeDown = new TakeDownNotice(store, clock);
    expect((await takeDown.execute({ noticeId: mine.id })).status).toBe('skipped');
    expect((await takeDown.execute({ noticeId: theirs.id })).status).toBe('done');
    expect(asked).toEqual([ORG, OTHER]);
    expect(store.notices.map((n) => n.state)).toEqual(['current', 'archived']);
  });
});
