import { randomUUID } from 'node:crypto';
import { actorOf, type Caller, type Clock, DomainError, invalidRequest, type RequestMeta } from '@justera/application';
import { describeChanges, type Protocol, type ProtocolLike, validateProtocol } from '@justera/protocol';
import { newVersion } from '../round';
import { audit, manageableProtocol, requireOpen, secretaryAction, viewOf } from './context';
import { freezeProtocol, frozenDocument, requireUnchanged } from './frozen-pdf';
import type { IssueLink } from './issue-link';
import type { JusteringStore, ProtocolFreezer, Version } from './ports';

export interface FreezeNewVersionCommand {
  caller: Caller;
  protocolId: string;
  roundId: string;
  /** Why (shown to the signers in the mail). */
  reason?: string;
  /** The corrected structured protocol, unchecked; absent: the stored protocol is rendered again. */
  protocol?: unknown;
  /**
   * A corrected PDF of an uploaded protocol: `read` gives its checked bytes and is called only after
   * the access checks (the file is parsed then, not before).
   */
  upload?: { read: () => Promise<Uint8Array>; fileName: string };
  meta: RequestMeta;
}

/**
 * FreezeNewVersion: after a change request (or on the secretary's own initiative) while the round
 * is open, a corrected version is frozen: a structured protocol rendered again (corrected, or as
 * stored) or an uploaded protocol's corrected PDF, which also becomes the protocol's own. A version
 * identical to the current one is refused (`version_identical`). Every approval of the earlier
 * version is void, every earlier link superseded (`replaced`), everyone starts over in order: those
 * whose turn it is get the new-version mail (the reason, the change request, what changed).
 */
export class FreezeNewVersion {
  constructor(
    private readonly store: JusteringStore,
    private readonly clock: Clock,
    private readonly freezer: ProtocolFreezer,
    private readonly issueLink: IssueLink,
  ) {}

  async execute(command: FreezeNewVersionCommand): Promise<void> {
    const p = await manageableProtocol(this.store, command.caller, command.protocolId);
    const round0 = await this.store.findRound(command.roundId);
    if (!round0 || round0.protocolId !== p.id) throw new DomainError('not_found', 'Justeringen finns inte.');
    const { upload } = command;
    if (upload && p.source !== 'uploaded')
      throw new DomainError('structured', 'Ett skrivet protokoll rättas i redigeraren; en ny version görs av det rättade protokollet.');
    let data: Protocol | undefined;
    if (command.protocol) {
      if (p.source !== 'structured')
        throw new DomainError('uploaded', 'Ett uppladdat protokoll kan inte redigeras här; ladda upp en ny PDF som ett nytt protokoll.');
      const v = validateProtocol(command.protocol);
      if (!v.ok) throw invalidRequest(`Protokollet är ogiltigt: ${v.errors.map((e) => `${e.path}: ${e.messageSv}`).join('; ')}`, v.errors);
      data = v.protocol;
    }
    const frozen = upload
      ? { bytes: await upload.read(), fileName: upload.fileName }
      : await freezeProtocol(this.store, this.freezer, p, round0.paragraphs, round0.identityLevel, data);
    const changes = upload
      ? [`Ny PDF: ${upload.fileName}`]
      : data
        ? describeChanges(p.data as ProtocolLike, data as unknown as ProtocolLike)
        : [];
    await secretaryAction(
      this.store,
      this.clock,
      command,
      actorOf(command.caller),
      async ({ uow, protocol: locked, round, sigs, version, tx }) => {
        requireOpen(round);
        requireUnchanged(p, locked);
        const doc = frozenDocument(locked, frozen.bytes, frozen.fileName, tx.now);
        if (doc.sha256 === version.sha256)
          throw new DomainError(
            'version_identical',
            upload
              ? 'Den uppladdade PDF-filen är identisk med den nuvarande versionen; ladda upp den rättade filen.'
              : 'Den nya versionen är identisk med den nuvarande; ändra protokollet först.',
          );
        await uow.insertDocument(doc);
        const requested = sigs.find((s) => s.state === 'change_requested' && s.changeComment);
        const changeRequest = requested ? { name: requested.name, role: requested.role, comment: requested.changeComment! } : undefined;
        // The corrected file becomes the protocol's document (what the preview and a later start show);
        // a corrected structured protocol its data.
        if (upload) {
          locked.documentId = doc.id;
          await uow.updateProtocolContent(locked.id, { documentId: doc.id }, tx.now);
        }
        if (data) {
          locked.data = data;
          await uow.updateProtocolContent(locked.id, { data }, tx.now);
        }
        const next: Version = {
          id: randomUUID(),
          roundId: round.id,
          // The current version is always the round's latest.
          number: version.number + 1,
          documentId: doc.id,
          sha256: doc.sha256,
          size: doc.size,
          previousSha256: version.sha256,
          signedDocumentId: doc.id,
          reason: command.reason ?? null,
          createdAt: tx.now,
        };
        await uow.saveVersion(next);
        const voided = sigs.filter((s) => s.state === 'signed').map((s) => s.id);
        const t = newVersion(viewOf(round, sigs));
        round.status = 'active';
        round.currentVersionId = next.id;
        await uow.saveRound(round);
        await uow.supersedeLinks(round.id, 'replaced', tx.now);
        for (const s of sigs) {
          s.state = 'waiting';
          s.sentAt = null;
          s.openedAt = null;
          s.signedAt = null;
          s.signedSha256 = null;
          s.signedTransactionId = null;
          s.signatureAppliedAt = null;
          s.signatureMethod = null;
          s.remindersSent = 0;
          s.lastRemindedAt = null;
          await uow.saveSignatory(s);
        }
        await audit(uow, round, tx, 'version.frozen', {
          versionId: next.id,
          number: next.number,
          documentId: doc.id,
          sha256: next.sha256,
          size: next.size,
          previousSha256: version.sha256,
          reason: next.reason,
          voidedApprovals: voided,
          changes,
          ...(changeRequest ? { changeRequest } : {}),
        });
        for (const due of t.nowDue) {
          const s = sigs.find((x) => x.id === due.id)!;
          await this.issueLink.execute({
            uow,
            tx,
            protocol: locked,
            round,
            version: next,
            signatory: s,
            kind: 'replaced',
            extra: { reason: command.reason, hadApproved: voided.includes(s.id), changeRequest, changes },
          });
        }
      },
      p,
    );
  }
}
