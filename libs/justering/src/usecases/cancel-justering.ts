import { actorOf, type Caller, type Clock, type RequestMeta } from '@justera/application';
import { roundCancelled } from '../mails';
import { cancel } from '../round';
import { audit, protocolRef, secretaryAction, viewOf } from './context';
import type { JusteringStore } from './ports';

export interface CancelJusteringCommand {
  caller: Caller;
  /** The caller's name, signed under the mail when the round has no sekreterare. */
  callerName: string;
  protocolId: string;
  roundId: string;
  reason?: string;
  meta: RequestMeta;
}

/**
 * CancelJustering: every link stops working, a whole-protocol round puts the protocol back to draft,
 * and each signatory who had been sent a link is told by mail, with the reason (the sekreterare too:
 * the person who cancels is not always the sekreterare of the round).
 */
export class CancelJustering {
  constructor(
    private readonly store: JusteringStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: CancelJusteringCommand): Promise<void> {
    const why = command.reason?.trim() ? command.reason.trim().slice(0, 2000) : null;
    await secretaryAction(this.store, this.clock, command, actorOf(command.caller), async ({ uow, protocol, round, sigs, version, tx }) => {
      cancel(viewOf(round, sigs));
      round.status = 'cancelled';
      round.cancelledAt = tx.now;
      await uow.saveRound(round);
      await uow.supersedeLinks(round.id, 'cancelled', tx.now);
      if (!round.paragraphs) await uow.setProtocolStatus(round.protocolId, 'draft');
      const secretary = sigs.find((s) => s.role === 'sekreterare');
      const told = sigs.filter((s) => s.sentAt);
      for (const s of told) {
        const mail = roundCancelled({
          recipientName: s.name,
          role: s.role,
          protocol: protocolRef(protocol, round, version.sha256),
          secretaryName: secretary?.name ?? command.callerName,
          secretaryEmail: secretary?.email,
          reason: why ?? 'Ingen anledning angavs.',
          hadApproved: s.state === 'signed',
        });
        await uow.queueMail({ organisationId: round.organisationId, kind: 'justering.cancelled', to: s.email, ...mail });
      }
      await audit(uow, round, tx, 'cancelled', { reason: why, notified: told.map((s) => s.id) });
    });
  }
}
