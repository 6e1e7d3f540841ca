import { actorOf, type Clock, DomainError, invalidRequest } from '@justera/application';
import { whoseTurn } from '../round';
import { audit, findSignatory, requireOpen, secretaryAction, type SignatoryActionCommand, viewOf } from './context';
import type { IssueLink } from './issue-link';
import type { JusteringStore, Signatory } from './ports';

export interface ChangeSignatoryEmailCommand extends SignatoryActionCommand {
  email: string;
}

/** Two signatories of a round never share an e-mail address (their links and mail would mix). */
export function ensureEmailFree(sigs: Pick<Signatory, 'id' | 'email'>[], sig: Pick<Signatory, 'id'>, email: string): void {
  const message = 'En annan undertecknare har redan den e-postadressen.';
  if (sigs.some((s) => s.id !== sig.id && s.email.toLowerCase() === email.toLowerCase()))
    throw invalidRequest(message, [{ path: 'email', message }]);
}

/**
 * ChangeSignatoryEmail: before the signatory has signed. Their earlier links stop working
 * (`email_changed`); when it is their turn in an active round a new link goes to the new address.
 */
export class ChangeSignatoryEmail {
  constructor(
    private readonly store: JusteringStore,
    private readonly clock: Clock,
    private readonly issueLink: IssueLink,
  ) {}

  async execute(command: ChangeSignatoryEmailCommand): Promise<void> {
    await secretaryAction(this.store, this.clock, command, actorOf(command.caller), async ({ uow, protocol, round, sigs, version, tx }) => {
      requireOpen(round);
      const sig = findSignatory(sigs, command.signatoryId);
      if (sig.state === 'signed')
        throw new DomainError('already_signed', 'Undertecknaren har redan signerat; e-postadressen kan inte ändras.');
      const next = command.email.trim();
      ensureEmailFree(sigs, sig, next);
      const before = sig.email;
      sig.email = next;
      await uow.saveSignatory(sig);
      const superseded = await uow.supersedeLinks(round.id, 'email_changed', tx.now, [sig.id]);
      await audit(uow, round, tx, 'email.changed', { signatoryId: sig.id, from: before, to: next, supersededLinks: superseded });
      if (round.status === 'active' && whoseTurn(viewOf(round, sigs)).some((s) => s.id === sig.id))
        await this.issueLink.execute({ uow, tx, protocol, round, version, signatory: sig, kind: 'resent' });
    });
  }
}
