import type { Clock } from '@justera/application';
import type { JobOutcome, JobPayloads } from '@justera/queue';
import { deadlineWarning } from '../mails';
import { newTx, protocolRef, audit, type JusteringUseCaseConfig } from './context';
import { withLockedRound } from './locked-round';
import type { JusteringStore } from './ports';

export type WarnDeadlineCommand = JobPayloads['justering.deadline-warning'];

/**
 * WarnDeadline (job `justering.deadline-warning`): warns the sekreterare once, when the deadline is
 * near and signatures are missing (a round approved by all, completed or cancelled is skipped).
 */
export class WarnDeadline {
  constructor(
    private readonly store: JusteringStore,
    private readonly clock: Clock,
    private readonly config: JusteringUseCaseConfig,
  ) {}

  async execute(command: WarnDeadlineCommand): Promise<JobOutcome> {
    return withLockedRound(this.store, command.roundId, async (uow, protocol, round) => {
      if (round.status !== 'active' && round.status !== 'change_requested') return { status: 'skipped', detail: `round ${round.status}` };
      if (round.warnedAt) return { status: 'skipped', detail: 'already warned' };
      const sigs = await uow.signatories(round.id);
      const missing = sigs.filter((s) => s.state !== 'signed');
      const secretary = sigs.find((s) => s.role === 'sekreterare')!;
      const version = (await uow.version(round.currentVersionId!))!;
      const now = this.clock.now();
      const mail = deadlineWarning({
        secretaryName: secretary.name,
        protocol: protocolRef(protocol, round, version.sha256),
        deadline: round.deadline,
        missing: missing.map((s) => ({ name: s.name, role: s.role })),
        link: `${this.config.publicUrl}/justering/${protocol.id}`,
      });
      const deliveryId = await uow.queueMail({
        organisationId: round.organisationId,
        kind: 'justering.deadline-warning',
        to: secretary.email,
        ...mail,
      });
      round.warnedAt = now;
      await uow.saveRound(round);
      await audit(uow, round, newTx('system', { ip: null, userAgent: null }, now), 'deadline.warned', {
        deadline: round.deadline,
        missing: missing.map((s) => s.id),
        to: secretary.email,
        deliveryId,
      });
      return { status: 'done', detail: `warned about ${missing.length} missing` };
    });
  }
}
