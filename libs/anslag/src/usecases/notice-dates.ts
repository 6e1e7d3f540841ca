import type { IsoDate, TakeDownPolicy } from '@justera/legal-dates';
import { DEFAULT_TAKE_DOWN_POLICY, isTakeDownPolicy, isoDateInTimeZone } from '@justera/legal-dates';
import type { Clock } from '../clock';
import { NoticeDates, TIME_ZONE, noticeDates, stateOn, takeDownInstant } from '../plan';
import type { AnslagStore, AnslagUnitOfWork, Notice, Posting } from './ports';

/** The notice's stored take-down policy; an unknown value reads as the default. */
export function takeDownPolicyOf(stored: string): TakeDownPolicy {
  return isTakeDownPolicy(stored) ? stored : DEFAULT_TAKE_DOWN_POLICY;
}

/** The Swedish calendar date of an instant. */
export const swedishToday = (now: Date): IsoDate => isoDateInTimeZone(now, TIME_ZONE);

export interface RecomputedDates extends NoticeDates {
  state: Notice['state'];
}

/**
 * The one place a notice's dates are derived and stored (posting, a recorded external posting, a
 * repair). From the postings: posted = the latest posting, the last appeal day and the take-down
 * date by the notice's policy (libs/anslag `noticeDates`). A current notice's state follows by
 * date (`stateOn`); a scheduled one stays scheduled until it is posted on Justera's board, an
 * archived one stays archived. A current notice whose dates are final gets its take-down job,
 * delayed to 00:00 Swedish time on the take-down date (a job that comes early finds it not due).
 * `notice` is updated in place.
 */
export async function applyNoticeDates(uow: AnslagUnitOfWork, notice: Notice, postings: Posting[], now: Date): Promise<RecomputedDates> {
  const d = noticeDates(
    postings.map((p) => ({ boardId: p.boardId, boardName: p.boardName, kind: p.kind, postedDate: p.postedDate })),
    notice.postingDeadline,
    takeDownPolicyOf(notice.takeDownPolicy),
  );
  const state = notice.state === 'current' ? stateOn(swedishToday(now), d) : notice.state;
  const changes = {
    postedDate: d.postedDate,
    lastAppealDay: d.lastAppealDay,
    takeDownDate: d.takeDownDate,
    awaitingPostings: d.awaitingPostings,
    state,
    updatedAt: now,
  };
  await uow.updateNotice(notice.id, changes);
  Object.assign(notice, changes);
  if (state === 'current' && d.takeDownDate && !d.awaitingPostings) {
    await uow.enqueue(
      'anslag.take-down',
      { noticeId: notice.id },
      { delayMs: Math.max(0, takeDownInstant(d.takeDownDate).getTime() - now.getTime()) },
    );
  }
  return { ...d, state };
}

export interface RecomputeNoticeDatesCommand {
  noticeId: string;
}

/**
 * Derives and stores a notice's dates from its postings, in a transaction of its own (the notice
 * locked). The other use cases call `applyNoticeDates` inside theirs; this one repairs a notice
 * whose stored dates may be stale (the reconciliation runs it).
 */
export class RecomputeNoticeDates {
  constructor(
    private readonly store: AnslagStore,
    private readonly clock: Clock,
  ) {}

  execute(command: RecomputeNoticeDatesCommand): Promise<RecomputedDates | null> {
    return this.store.unitOfWork(async (uow) => {
      const notice = await uow.lockNotice(command.noticeId);
      if (!notice) return null;
      return applyNoticeDates(uow, notice, await uow.postingsOf(notice.id), this.clock.now(notice.organisationId));
    });
  }
}
