import { actorOf, type Clock, DomainError } from '@justera/application';
import { whoseTurn } from '../round';
import { findSignatory, requireOpen, secretaryAction, type SignatoryActionCommand, viewOf } from './context';
import type { IssueLink } from './issue-link';
import type { JusteringStore } from './ports';

export type RemindSignatoryCommand = SignatoryActionCommand;

/**
 * RemindSignatory (the secretary's "Påminn nu"): a reminder with a fresh link to a signatory whose
 * turn it is, counted with the scheduled ones. Earlier links keep working.
 */
export class RemindSignatory {
  constructor(
    private readonly store: JusteringStore,
    private readonly clock: Clock,
    private readonly issueLink: IssueLink,
  ) {}

  async execute(command: RemindSignatoryCommand): Promise<void> {
    await secretaryAction(this.store, this.clock, command, actorOf(command.caller), async ({ uow, protocol, round, sigs, version, tx }) => {
      requireOpen(round);
      const sig = findSignatory(sigs, command.signatoryId);
      if (!whoseTurn(viewOf(round, sigs)).some((s) => s.id === sig.id))
        throw new DomainError('not_your_turn', 'Det är inte undertecknarens tur; en påminnelse skulle inte hjälpa.');
      sig.remindersSent += 1;
      sig.lastRemindedAt = tx.now;
      await this.issueLink.execute({ uow, tx, protocol, round, version, signatory: sig, kind: 'reminder' });
    });
  }
}
