import type { JobOutcome } from '@justera/queue';
import type { Clock } from '../clock';
import { stateOn } from '../plan';
import { swedishToday } from './notice-dates';
import type { AnslagStore } from './ports';

export interface TakeDownNoticeCommand {
  noticeId: string;
}

/**
 * Archives a current notice once its take-down date has come by the organisation's clock (00:00
 * Swedish time), and records the actual instant as a `taken-down` event. An early, repeated or
 * stale job (the dates moved after a recorded external posting) finds it not due and is skipped.
 */
export class TakeDownNotice {
  constructor(
    private readonly store: AnslagStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: TakeDownNoticeCommand): Promise<JobOutcome> {
    return this.store.unitOfWork(async (uow) => {
      const n = await uow.lockNotice(command.noticeId);
      if (!n) return { status: 'skipped', detail: 'notice gone' };
      if (n.state !== 'current') return { status: 'skipped', detail: `notice is ${n.state}` };
      const now = this.clock.now(n.organisationId);
      const today = swedishToday(now);
      if (stateOn(today, n) !== 'archived')
        return { status: 'skipped', detail: `not due (take-down ${n.takeDownDate ?? 'unknown'}, today ${today})` };
      await uow.updateNotice(n.id, { state: 'archived', takenDownAt: now, updatedAt: now });
      await uow.appendAudit({
        organisationId: n.organisationId,
        noticeId: n.id,
        kind: 'taken-down',
        at: now,
        actor: 'system',
        detail: { takeDownDate: n.takeDownDate, lastAppealDay: n.lastAppealDay, at: now.toISOString() },
      });
      return { status: 'done', detail: `notice ${n.id} taken down ${today}` };
    });
  }
}
