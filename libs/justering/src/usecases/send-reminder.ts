import type { Clock } from '@justera/application';
import { isoDateInTimeZone } from '@justera/legal-dates';
import type { JobOutcome, JobPayloads } from '@justera/queue';
import { linkExpiry } from '../deadlines';
import { nextReminderAt } from '../reminders';
import { whoseTurn } from '../round';
import { newTx, viewOf, type JusteringUseCaseConfig } from './context';
import type { IssueLink } from './issue-link';
import { withLockedRound } from './locked-round';
import type { JusteringStore } from './ports';

export type SendReminderCommand = JobPayloads['justering.remind'];

/**
 * SendReminder (job `justering.remind`): reminder number N to a signatory whose turn it is and who
 * has not acted, with a fresh link, and the next reminder scheduled. Idempotent: the whole step
 * commits in one unit of work, and a job whose number is not the signatory's next one (a retry after
 * a commit, a stale job after a new version or a manual reminder) is skipped, as is one for a round
 * that is not active, a version replaced, or links that have expired.
 */
export class SendReminder {
  constructor(
    private readonly store: JusteringStore,
    private readonly clock: Clock,
    private readonly config: JusteringUseCaseConfig,
    private readonly issueLink: IssueLink,
  ) {}

  async execute(command: SendReminderCommand): Promise<JobOutcome> {
    const settings = this.config.settings;
    return withLockedRound(this.store, command.roundId, async (uow, protocol, round) => {
      if (round.status !== 'active') return { status: 'skipped', detail: `round ${round.status}` };
      if (round.currentVersionId !== command.versionId) return { status: 'skipped', detail: 'version replaced' };
      const sigs = await uow.signatories(round.id);
      const sig = sigs.find((s) => s.id === command.signatoryId);
      if (!sig) return { status: 'skipped', detail: 'signatory gone' };
      if (sig.state !== 'sent' && sig.state !== 'opened') return { status: 'skipped', detail: `signatory ${sig.state}` };
      if (sig.remindersSent !== command.number - 1)
        return { status: 'skipped', detail: `reminder ${command.number} not next (sent ${sig.remindersSent})` };
      if (!whoseTurn(viewOf(round, sigs)).some((s) => s.id === sig.id)) return { status: 'skipped', detail: 'not their turn' };
      const version = (await uow.version(round.currentVersionId))!;
      const now = this.clock.now();
      const expiresAt = linkExpiry(round.deadline, settings.linkGraceDays, sig.sentAt ?? now);
      if (now.getTime() >= expiresAt.getTime()) return { status: 'skipped', detail: 'links expired' };
      sig.remindersSent = command.number;
      sig.lastRemindedAt = now;
      await this.issueLink.execute({
        uow,
        tx: newTx('system', { ip: null, userAgent: null }, now),
        protocol,
        round,
        version,
        signatory: sig,
        kind: 'reminder',
        scheduled: { number: command.number, expiresAt, invitedOn: sig.sentAt ? isoDateInTimeZone(sig.sentAt) : undefined },
      });
      const next = nextReminderAt(settings.reminders, sig.sentAt ?? now, command.number, expiresAt);
      if (next)
        await uow.enqueue(
          'justering.remind',
          { ...command, number: command.number + 1 },
          { delayMs: Math.max(0, next.getTime() - now.getTime()) },
        );
      return { status: 'done', detail: `reminder ${command.number} to ${sig.id}` };
    });
  }
}
