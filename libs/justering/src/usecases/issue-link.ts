import { randomUUID } from 'node:crypto';
import { newLinkToken } from '@justera/auth';
import { linkExpiry } from '../deadlines';
import { linkMail, type LinkMailKind } from '../mails';
import { nextReminderAt } from '../reminders';
import { markProgress, type SignerRole } from '../round';
import { protocolRef, type JusteringUseCaseConfig, type Tx } from './context';
import type { JusteringUnitOfWork, ProtocolFacts, Round, Signatory, SigningLink, Version } from './ports';

/** What a new-version mail says besides the link. */
export interface LinkMailExtra {
  reason?: string;
  hadApproved?: boolean;
  changeRequest?: { name: string; role: SignerRole; comment: string };
  changes?: string[];
}

export interface IssueLinkCommand {
  /** The unit of work of the use case the link is issued in (its protocol lock held). */
  uow: JusteringUnitOfWork;
  tx: Tx;
  protocol: ProtocolFacts;
  round: Round;
  version: Version;
  signatory: Signatory;
  kind: LinkMailKind;
  extra?: LinkMailExtra;
  /**
   * A scheduled reminder (the worker's `justering.remind` job): its number, the link's expiry (counted
   * from the invitation) and the invitation's day for the mail. Its event records the number.
   */
  scheduled?: { number: number; expiresAt: Date; invitedOn?: string };
}

/**
 * IssueLink: a fresh personal link for one signatory on one version, mailed in the same transaction.
 * The link lives until the round's deadline plus the grace days; only its hash is stored. Any mail
 * but a reminder marks the signatory sent and schedules the first reminder (`justering.remind`). The
 * event is `mail.queued`, `link.resent` or `reminded` by the mail's kind. It runs inside another use
 * case's unit of work (start, approve, freeze, remind, resend, change e-mail): it is the one place a
 * link is made.
 */
export class IssueLink {
  constructor(private readonly config: JusteringUseCaseConfig) {}

  async execute(command: IssueLinkCommand): Promise<SigningLink> {
    const { uow, tx, protocol, round, version, signatory: sig, kind, extra = {}, scheduled } = command;
    const settings = this.config.settings;
    const { token, tokenHash } = newLinkToken();
    const expiresAt = scheduled?.expiresAt ?? linkExpiry(round.deadline, settings.linkGraceDays, tx.now);
    const link: SigningLink = {
      id: randomUUID(),
      tokenHash,
      roundId: round.id,
      signatoryId: sig.id,
      versionId: version.id,
      createdAt: tx.now,
      expiresAt,
      usedAt: null,
      supersededAt: null,
      supersededReason: null,
    };
    await uow.insertLink(link);
    const sigs = await uow.signatories(round.id);
    const secretary = sigs.find((s) => s.role === 'sekreterare');
    const mail = linkMail({
      kind,
      recipientName: sig.name,
      role: sig.role,
      protocol: protocolRef(protocol, round, version.sha256),
      deadline: round.deadline,
      link: `${this.config.publicUrl}/sign/${token}`,
      secretaryName: secretary?.name,
      secretaryEmail: secretary?.email,
      ...extra,
      ...(scheduled ? { invitedOn: scheduled.invitedOn } : {}),
    });
    const deliveryId = await uow.queueMail({ organisationId: round.organisationId, kind: `justering.${kind}`, to: sig.email, ...mail });
    if (kind !== 'reminder') {
      sig.state = markProgress(sig.state, 'sent');
      sig.sentAt = tx.now;
      const next = nextReminderAt(settings.reminders, tx.now, 0, expiresAt);
      if (next && settings.reminders.max > sig.remindersSent) {
        await uow.enqueue(
          'justering.remind',
          { roundId: round.id, signatoryId: sig.id, versionId: version.id, number: sig.remindersSent + 1 },
          { delayMs: next.getTime() - tx.now.getTime() },
        );
      }
    }
    await uow.saveSignatory(sig);
    await uow.appendAudit({
      organisationId: round.organisationId,
      protocolId: round.protocolId,
      roundId: round.id,
      type: kind === 'reminder' ? 'reminded' : kind === 'resent' ? 'link.resent' : 'mail.queued',
      at: tx.now,
      actor: tx.actor,
      ip: tx.meta.ip,
      userAgent: tx.meta.userAgent,
      transactionId: tx.id,
      data: scheduled
        ? {
            signatoryId: sig.id,
            role: sig.role,
            to: sig.email,
            number: scheduled.number,
            linkId: link.id,
            versionId: version.id,
            deliveryId,
          }
        : {
            signatoryId: sig.id,
            role: sig.role,
            to: sig.email,
            mail: kind,
            linkId: link.id,
            versionId: version.id,
            deliveryId,
            expiresAt: expiresAt.toISOString(),
          },
    });
    return link;
  }
}
