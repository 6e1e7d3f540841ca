import { type Clock, DomainError, type RequestMeta } from '@justera/application';
import { auditedIdentity, storedIdentity, type VerifiedIdentity } from '@justera/identity';
import { signedNotice } from '../mails';
import { sign } from '../round';
import { IDENTIFIED_BY_EMAIL_LINK, identifiedByElegitimation } from '../signer';
import { classifyLink, type LinkVerdict, requireIdentity, withOpenLink } from './classify-link';
import { audit, newTx, protocolRef, type JusteringUseCaseConfig, viewOf } from './context';
import type { IssueLink, LinkMailExtra } from './issue-link';
import type { JusteringStore, RecordedEvent } from './ports';

export interface ApproveVersionCommand {
  token: string;
  /** The SHA-256 the page showed (the form's hidden field); a different one is `hash_mismatch`. */
  confirmedSha256?: string;
  meta: RequestMeta;
  /** The identity verified for this link in this browser (rounds with e-legitimation), or null. */
  identity?: VerifiedIdentity | null;
}

/**
 * What the version.frozen event of a later version recorded (its reason, the change request and the
 * changes), who had a link to an earlier version and whose approval it voided: the new-version mail
 * of a signer whose turn comes later says the same as the one mailed at the freeze.
 */
export function frozenDetails(events: RecordedEvent[], versionId: string) {
  const frozen = events
    .filter((e) => e.type === 'version.frozen')
    .map((e) => e.data)
    .reverse()
    .find((d) => d.versionId === versionId);
  const d = frozen ?? {};
  const hadEarlierLink = new Set(
    events
      .filter((e) => e.type === 'mail.queued' || e.type === 'link.resent')
      .map((e) => e.data)
      .filter((x) => x.versionId !== versionId && typeof x.signatoryId === 'string')
      .map((x) => x.signatoryId as string),
  );
  const extra: LinkMailExtra = {
    reason: typeof d.reason === 'string' ? d.reason : undefined,
    changeRequest: d.changeRequest as LinkMailExtra['changeRequest'],
    changes: Array.isArray(d.changes) ? (d.changes as string[]) : undefined,
  };
  return { hadEarlierLink, voided: Array.isArray(d.voidedApprovals) ? (d.voidedApprovals as string[]) : [], extra };
}

/**
 * ApproveVersion: the signer approves exactly the frozen version's SHA-256. Under the protocol lock
 * the link must be open (the signer's turn, not expired, superseded or used), the confirmed SHA-256
 * the current version's and, in a round with e-legitimation, the verified identity the signatory's.
 * The link is claimed with a conditional update, so two simultaneous clicks give one approval. The
 * approval is the legal act and is recorded here (`signed`); the cryptographic signature is appended
 * to the PDF by the `justering.sign` job enqueued in the same transaction. The sekreterare is told of
 * each approval but the last and their own; the signers now due get their link; the last approval
 * moves the round to 'signing' (`approved.all`), and the job completes it.
 */
export class ApproveVersion {
  constructor(
    private readonly store: JusteringStore,
    private readonly clock: Clock,
    private readonly config: JusteringUseCaseConfig,
    private readonly issueLink: IssueLink,
  ) {}

  async execute(command: ApproveVersionCommand): Promise<LinkVerdict> {
    return withOpenLink(this.store, this.clock, command.token, async ({ uow, ctx, now }) => {
      const { link, round, version, signatory: sig, signatories: sigs, protocol: p } = ctx;
      if (command.confirmedSha256 !== undefined && command.confirmedSha256 !== version.sha256)
        throw new DomainError('hash_mismatch', 'Dokumentet har ändrats sedan sidan visades. Ladda om sidan.');
      const verified = requireIdentity(round, sig, command.identity ?? null);
      const t = sign(viewOf(round, sigs), sig.id);
      if (!(await uow.claimLink(link.id, now))) return classifyLink(uow, link.id, now, false);
      const tx = newTx(`signatory:${sig.id}`, command.meta, now);
      sig.state = 'signed';
      sig.signedAt = now;
      sig.signedSha256 = version.sha256;
      sig.signedTransactionId = tx.id;
      sig.signatureAppliedAt = null;
      sig.signatureMethod = null;
      sig.identity = verified ? JSON.stringify(storedIdentity(verified)) : null;
      await uow.saveSignatory(sig);
      await audit(uow, round, tx, 'signed', {
        signatoryId: sig.id,
        role: sig.role,
        name: sig.name,
        sha256: version.sha256,
        versionId: version.id,
        identifiedBy: verified ? identifiedByElegitimation(verified.provider) : IDENTIFIED_BY_EMAIL_LINK,
        identityLevel: verified ? 'e-legitimation' : 'e-postlank',
        ...(verified ? { identity: auditedIdentity(verified) } : {}),
      });
      await uow.enqueue('justering.sign', { roundId: round.id, versionId: version.id });
      const secretary = sigs.find((s) => s.role === 'sekreterare')!;
      if (!t.allApproved && sig.id !== secretary.id) {
        const remaining = t.round.signatories
          .filter((s) => s.state !== 'signed')
          .map((s) => sigs.find((x) => x.id === s.id)!)
          .map((s) => ({ name: s.name, role: s.role }));
        const mail = signedNotice({
          secretaryName: secretary.name,
          signer: { name: sig.name, role: sig.role },
          protocol: protocolRef(p, round, version.sha256),
          signedAt: now,
          remaining,
          link: `${this.config.publicUrl}/justering/${p.id}`,
        });
        await uow.queueMail({ organisationId: round.organisationId, kind: 'justering.signed', to: secretary.email, ...mail });
      }
      // In a later version, a signer who had a link to an earlier one gets the new-version mail (the
      // change request and what changed) whether it goes out at the freeze or when their turn comes;
      // one who never had a link gets the plain invitation.
      const later = version.number > 1 ? frozenDetails(await uow.auditEvents(p.id), version.id) : null;
      for (const due of t.nowDue) {
        const next = sigs.find((s) => s.id === due.id)!;
        if (later?.hadEarlierLink.has(next.id))
          await this.issueLink.execute({
            uow,
            tx,
            protocol: p,
            round,
            version,
            signatory: next,
            kind: 'replaced',
            extra: { ...later.extra, hadApproved: later.voided.includes(next.id) },
          });
        else await this.issueLink.execute({ uow, tx, protocol: p, round, version, signatory: next, kind: 'invitation' });
      }
      if (t.allApproved) {
        round.status = 'signing';
        await uow.saveRound(round);
        await audit(uow, round, tx, 'approved.all', { versionId: version.id, sha256: version.sha256, approvedAt: now.toISOString() });
      }
      return { kind: 'signed', ctx: { ...ctx, signatory: sig } };
    });
  }
}
