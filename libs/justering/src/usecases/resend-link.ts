import { actorOf, type Clock, DomainError } from '@justera/application';
import { whoseTurn } from '../round';
import { findSignatory, requireOpen, secretaryAction, type SignatoryActionCommand, viewOf } from './context';
import type { IssueLink } from './issue-link';
import type { JusteringStore } from './ports';

export type ResendLinkCommand = SignatoryActionCommand;

/** ResendLink: the signatory's earlier links stop working (`resent`) and a new one is mailed. */
export class ResendLink {
  constructor(
    private readonly store: JusteringStore,
    private readonly clock: Clock,
    private readonly issueLink: IssueLink,
  ) {}

  async execute(command: ResendLinkCommand): Promise<void> {
    await secretaryAction(this.store, this.clock, command, actorOf(command.caller), async ({ uow, protocol, round, sigs, version, tx }) => {
      requireOpen(round);
      const sig = findSignatory(sigs, command.signatoryId);
      if (sig.state === 'signed') throw new DomainError('already_signed', 'Undertecknaren har redan signerat.');
      if (!whoseTurn(viewOf(round, sigs)).some((s) => s.id === sig.id))
        throw new DomainError('not_your_turn', 'Det är inte undertecknarens tur ännu; länken skickas när turen kommer.');
      await uow.supersedeLinks(round.id, 'resent', tx.now, [sig.id]);
      await this.issueLink.execute({ uow, tx, protocol, round, version, signatory: sig, kind: 'resent' });
    });
  }
}
