import { FixedClock, addNotice, board } from '../testing/fixtures';
import { InMemoryAnslagStore } from '../testing/in-memory-store';
import type { MakeNoticeDocuments, UseCaseLog } from './make-notice-documents';
import { PostNotice } from './post-notice';
import { ReconcileNotices } from './reconcile-notices';
import { TakeDownNotice } from './take-down-notice';

/**
 * The reconciliation's own rules: which notices it posts, takes down and hands to the documents, and
 * that one failing notice does not stop the others. Making the documents is MakeNoticeDocuments'
 * spec; here it is a stand-in that records which notices it was asked about (and can fail one).
 */
class RecordingDocuments {
  asked: string[] = [];
  failing = new Set<string>();
  async execute({ noticeId }: { noticeId: string }) {
    this.asked.push(noticeId);
    if (this.failing.has(noticeId)) throw new Error('sealing failed');
  }
}

function setup(now: string) {
  const store = new InMemoryAnslagStore();
  const clock = new FixedClock(new Date(now));
  const logged: { level: string; detail: object; message: string }[] = [];
  const log: UseCaseLog = {
    warn: (detail, message) => void logged.push({ level: 'warn', detail, message }),
    error: (detail, message) => void logged.push({ level: 'error', detail, message }),
  };
  const documents = new RecordingDocuments();
  const docs = documents as unknown as MakeNoticeDocuments;
  const reconcile = new ReconcileNotices(
    store,
    clock,
    new PostNotice(store, clock, docs, log),
    new TakeDownNotice(store, clock),
    docs,
    log,
  );
  return { store, clock, documents, logged, reconcile };
}

/**
 * Justerat Friday 2027-02-05 after the board's hour: due Monday 2027-02-08 at 08:00 Swedish time
 * (07:00 UTC), deadline Tuesday 2027-02-09. Its delayed `anslag.post-notice` job was lost (Redis
 * flushed, the worker down when it fell due): the notice is still `scheduled`.
 */
function scheduledNotice(store: InMemoryAnslagStore) {
  return addNotice(store, [board('justera', 'Anslagstavlan', { postingMode: 'nextWorkingDayAt', postingHour: 8 })], {
    state: 'scheduled',
    justeradAt: new Date('2027-02-05T13:10:00Z'),
    justeradDate: '2027-02-05',
    postingDeadline: '2027-02-09',
    postAt: new Date('2027-02-08T07:00:00Z'),
    awaitingPostings: true,
  });
}

describe(ReconcileNotices.name, () => {
  it('posts a notice whose posting job was lost once its hour has come, derives its dates and schedules its take-down', async () => {
    const { store, documents, reconcile } = setup('2027-02-08T09:30:00Z');
    const { notice } = scheduledNotice(store);

    expect(await reconcile.execute()).toEqual({ status: 'done', detail: '1 looked at, 1 posted, 0 taken down, 0 failed' });
    expect(store.notices[0]).toMatchObject({
      state: 'current',
      postedDate: '2027-02-08',
      lastAppealDay: '2027-03-01',
      takeDownDate: '2027-03-02',
      awaitingPostings: false,
    });
    expect(store.postings[0]).toMatchObject({ postedDate: '2027-02-08', postedAt: new Date('2027-02-08T09:30:00Z'), recordedBy: 'system' });
    expect(store.jobs).toEqual([
      {
        name: 'anslag.take-down',
        payload: { noticeId: notice.id },
        delayMs: Date.parse('2027-03-01T23:00:00Z') - Date.parse('2027-02-08T09:30:00Z'),
      },
    ]);
    expect(store.eventsOf(notice.id)).toEqual([
      expect.objectContaining({ kind: 'posted', actor: 'system', detail: expect.objectContaining({ date: '2027-02-08', late: false }) }),
    ]);
    expect(documents.asked).toEqual([notice.id]);

    // The next hour's run finds nothing to post again.
    expect((await reconcile.execute()).detail).toBe('1 looked at, 0 posted, 0 taken down, 0 failed');
    expect(store.events.filter((e) => e.kind === 'posted')).toHaveLength(1);
  });

  it('leaves a scheduled notice alone until its hour (08:00 Swedish time) has come', async () => {
    const { store, reconcile } = setup('2027-02-08T06:59:00Z');
    scheduledNotice(store);
    expect((await reconcile.execute()).detail).toBe('1 looked at, 0 posted, 0 taken down, 0 failed');
    expect(store.notices[0]).toMatchObject({ state: 'scheduled', postedDate: null });
    expect(store.postings[0].postedDate).toBeNull();
    expect(store.events).toEqual([]);
  });

  it('posts a notice days after its deadline when the worker was down, and records and logs it as late', async () => {
    const { store, logged, reconcile } = setup('2027-02-11T10:00:00Z');
    const { notice } = scheduledNotice(store);
    expect((await reconcile.execute()).detail).toBe('1 looked at, 1 posted, 0 taken down, 0 failed');
    expect(store.notices[0]).toMatchObject({ state: 'current', postedDate: '2027-02-11' });
    expect(store.eventsOf(notice.id)[0].detail).toMatchObject({ date: '2027-02-11', late: true, deadline: '2027-02-09' });
    expect(logged).toEqual([
      {
        level: 'warn',
        detail: { noticeId: notice.id, today: '2027-02-11', deadline: '2027-02-09' },
        message: 'notice posted after the legal posting deadline',
      },
    ]);
  });

  it('counts and logs a notice that fails, and goes on with the others', async () => {
    const { store, documents, logged, reconcile } = setup('2026-12-24T00:00:00Z');
    const justera = () => [board('justera', 'Anslagstavlan')];
    const dates = { postedDate: '2026-12-02', lastAppealDay: '2026-12-23', takeDownDate: '2026-12-24', awaitingPostings: false };
    const first = addNotice(store, justera(), dates, { Anslagstavlan: '2026-12-02' }).notice;
    const second = addNotice(store, justera(), dates, { Anslagstavlan: '2026-12-02' }).notice;
    documents.failing.add(first.id);

    expect((await reconcile.execute()).detail).toBe('2 looked at, 0 posted, 2 taken down, 1 failed');
    expect(store.notices.map((n) => n.state)).toEqual(['archived', 'archived']);
    expect(documents.asked).toEqual([first.id, second.id]);
    expect(logged).toEqual([
      { level: 'error', detail: { err: new Error('sealing failed'), noticeId: first.id }, message: 'reconciling a notice failed' },
    ]);
  });

  it('does not look at an archived notice that has its anslagsbevis', async () => {
    const { store, documents, reconcile } = setup('2027-01-10T12:00:00Z');
    addNotice(
      store,
      [board('justera', 'Anslagstavlan')],
      { state: 'archived', postedDate: '2026-12-02', lastAppealDay: '2026-12-23', takeDownDate: '2026-12-24', bevisDocumentId: 'bevis' },
      { Anslagstavlan: '2026-12-02' },
    );
    expect((await reconcile.execute()).detail).toBe('0 looked at, 0 posted, 0 taken down, 0 failed');
    expect(documents.asked).toEqual([]);
  });
});
