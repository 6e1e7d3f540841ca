import { actorOf, type Clock, DomainError } from '@justera/application';
import { whoseTurn } from '../round';
import { ensureEmailFree } from './change-signatory-email';
import { audit, findSignatory, requireOpen, secretaryAction, type SignatoryActionCommand, viewOf } from './context';
import type { IssueLink } from './issue-link';
import type { JusteringStore } from './ports';

export interface ReplaceSignatoryCommand extends SignatoryActionCommand {
  /** The substitute (ersättare). */
  name: string;
  email: string;
}

/**
 * ReplaceSignatory: a substitute (ersättare) takes the place of a signatory who has not signed, in
 * the same role and position (never the sekreterare). The earlier person's links stop working
 * (`replaced_signatory`); when it is the position's turn in an active round the substitute gets an
 * invitation. Audited as `signatory.replaced` with both persons.
 */
export class ReplaceSignatory {
  constructor(
    private readonly store: JusteringStore,
    private readonly clock: Clock,
    private readonly issueLink: IssueLink,
  ) {}

  async execute(command: ReplaceSignatoryCommand): Promise<void> {
    await secretaryAction(this.store, this.clock, command, actorOf(command.caller), async ({ uow, protocol, round, sigs, version, tx }) => {
      requireOpen(round);
      const sig = findSignatory(sigs, command.signatoryId);
      if (sig.state === 'signed') throw new DomainError('already_signed', 'Undertecknaren har redan signerat och kan inte ersättas.');
      if (sig.role === 'sekreterare') throw new DomainError('secretary_not_replaceable');
      const name = command.name.trim();
      const email = command.email.trim();
      ensureEmailFree(sigs, sig, email);
      const before = { name: sig.name, email: sig.email };
      sig.name = name;
      sig.email = email;
      if (sig.state !== 'change_requested') sig.state = 'waiting';
      sig.sentAt = null;
      sig.openedAt = null;
      sig.remindersSent = 0;
      sig.lastRemindedAt = null;
      await uow.saveSignatory(sig);
      const superseded = await uow.supersedeLinks(round.id, 'replaced_signatory', tx.now, [sig.id]);
      await audit(uow, round, tx, 'signatory.replaced', {
        signatoryId: sig.id,
        role: sig.role,
        from: before,
        to: { name, email },
        supersededLinks: superseded,
      });
      if (round.status === 'active' && whoseTurn(viewOf(round, sigs)).some((s) => s.id === sig.id))
        await this.issueLink.execute({ uow, tx, protocol, round, version, signatory: sig, kind: 'invitation' });
    });
  }
}
