import { createHash, randomUUID } from 'node:crypto';
import { DssData, PdfUpdateError, Signer, TimestampAuthority, TsaError, addLta, fillFieldsAndSeal, sealPdf } from '@justera/pades';
import { renderAnslagsbevisPdf } from '../bevis';
import type { Clock } from '../clock';
import type { AnslagStore, Notice, NoticeEvent, StoredDocument } from './ports';

/** The installation's keys the documents are sealed with (libs/keys `KeysService` in the worker). */
export interface SealKeys {
  /** The seal of this organisation, naming it as stored now (its own seal certificate; docs/signatures.md). */
  seal(organisation: { id: string; name: string }): Signer;
  timestamping(): TimestampAuthority;
  dss(extraCerts?: Buffer[]): DssData;
}

/** Where a use case writes what it cannot answer for in its outcome (Nest's Logger in the apps). */
export interface UseCaseLog {
  warn(detail: object, message: string): void;
  error(detail: object, message: string): void;
}

export const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export interface MakeNoticeDocumentsCommand {
  noticeId: string;
}

/** A notice's dates are final: posted, no board awaiting, the take-down date known. */
export const datesFinal = (n: Notice) =>
  !!n.postedDate && !!n.lastAppealDay && !!n.takeDownDate && !n.awaitingPostings && n.state !== 'scheduled';

/**
 * Once a notice's dates are final, its documents: the anslagsbevis (rendered, sealed by the
 * organisation with a signature time-stamp, then DSS and a document time-stamp: PAdES B-LTA) and the
 * justerat PDF with its ANSLAG fields filled in a new revision, sealed the same way. Each is made
 * once (a repeated run finds it made). An uploaded PDF without the fields is `no-fields`, any other
 * failure `failed` (not retried); a time-stamp authority outage throws, so the job is retried.
 */
export class MakeNoticeDocuments {
  constructor(
    private readonly store: AnslagStore,
    private readonly clock: Clock,
    private readonly keys: SealKeys,
    private readonly publicUrl: string,
    private readonly log: UseCaseLog,
  ) {}

  async execute(command: MakeNoticeDocumentsCommand): Promise<void> {
    const n = await this.store.findNotice(command.noticeId);
    if (!n || !datesFinal(n)) return;
    const now = this.clock.now(n.organisationId);
    if (!n.bevisDocumentId) await this.bevis(n, now);
    if (n.fieldsStatus === null && n.documentId) await this.fields(n, now);
  }

  private async bevis(n: Notice, now: Date): Promise<void> {
    const organisation = await this.store.findOrganisation(n.organisationId);
    const postings = await this.store.postingsOf(n.id);
    const pdf = await renderAnslagsbevisPdf({
      organisationName: organisation?.name ?? '',
      organName: n.organName,
      type: n.type,
      meetingDate: n.meetingDate,
      paragraphs: n.paragraphs,
      justeradDate: n.justeradDate,
      protocolSha256: n.protocolSha256 ?? 'okänd',
      postings: postings.map((p) => ({ boardName: p.boardName, postedDate: p.postedDate })),
      postedDate: n.postedDate!,
      lastAppealDay: n.lastAppealDay!,
      takeDownDate: n.takeDownDate!,
      storagePlace: n.storagePlace,
      issuedAt: now,
      noticeUrl: `${this.publicUrl}/anslagstavla/${organisation?.slug ?? ''}/anslag/${n.id}`,
    });
    const tsa = this.keys.timestamping();
    const seal = this.keys.seal({ id: n.organisationId, name: organisation?.name ?? '' });
    const sealed = await addLta(
      await sealPdf(Buffer.from(pdf), seal, { reason: 'Anslagsbevis', location: organisation?.name, time: now, tsa }),
      {
        dss: this.keys.dss([seal.certificate]),
        tsa,
      },
    );
    const doc = this.document(n, sealed, `anslagsbevis-${n.organName}-${n.meetingDate}.pdf`, now);
    await this.store.unitOfWork(async (uow) => {
      // Under the notice's lock: a concurrent run that made it first wins, this one writes nothing.
      const locked = await uow.lockNotice(n.id);
      if (!locked || locked.bevisDocumentId) return;
      await uow.insertDocument(doc);
      await uow.updateNotice(n.id, { bevisDocumentId: doc.id, updatedAt: now });
      await uow.appendAudit(this.event(n, 'bevis-sealed', now, { documentId: doc.id, sha256: doc.sha256 }));
    });
  }

  private async fields(n: Notice, now: Date): Promise<void> {
    const signed = await this.store.findDocument(n.organisationId, n.documentId!);
    let status: 'sealed' | 'no-fields' | 'failed' = 'failed';
    let detail: Record<string, unknown> = { error: 'signed document missing' };
    let doc: StoredDocument | null = null;
    if (signed) {
      try {
        const organisation = await this.store.findOrganisation(n.organisationId);
        const tsa = this.keys.timestamping();
        const seal = this.keys.seal({ id: n.organisationId, name: organisation?.name ?? '' });
        const filled = await addLta(
          await fillFieldsAndSeal(
            Buffer.from(signed.content),
            { 'anslag.uppsattande': n.postedDate!, 'anslag.nedtagande': n.takeDownDate!, 'anslag.sistaDagOverklagande': n.lastAppealDay! },
            seal,
            { reason: 'Anslag registrerat', time: now, tsa },
          ),
          { dss: this.keys.dss([seal.certificate]), tsa },
        );
        doc = this.document(n, filled, signed.fileName, now);
        status = 'sealed';
        detail = { documentId: doc.id, sha256: doc.sha256, from: signed.id };
      } catch (err) {
        // A time-stamp authority outage: fail the job so that it is retried (no silent fallback).
        if (err instanceof TsaError) throw err;
        // An uploaded protocol made elsewhere has no ANSLAG fields: the notice and the anslagsbevis carry the dates.
        status = err instanceof PdfUpdateError ? 'no-fields' : 'failed';
        detail = { error: err instanceof Error ? err.message : String(err) };
        if (status === 'failed') this.log.error({ err, noticeId: n.id }, 'filling the ANSLAG fields failed');
      }
    }
    await this.store.unitOfWork(async (uow) => {
      const locked = await uow.lockNotice(n.id);
      if (!locked || locked.fieldsStatus !== null) return;
      if (doc) await uow.insertDocument(doc);
      await uow.updateNotice(n.id, { fieldsStatus: status, filledDocumentId: doc?.id ?? null, updatedAt: now });
      await uow.appendAudit(this.event(n, status === 'sealed' ? 'fields-sealed' : `fields-${status}`, now, detail));
    });
  }

  private document(n: Notice, content: Uint8Array, fileName: string | null, now: Date): StoredDocument {
    return {
      id: randomUUID(),
      organisationId: n.organisationId,
      sha256: sha256Hex(content),
      size: content.length,
      mediaType: 'application/pdf',
      fileName,
      content,
      createdAt: now,
    };
  }

  private event(n: Notice, kind: NoticeEvent['kind'], at: Date, detail: Record<string, unknown>): NoticeEvent {
    return { organisationId: n.organisationId, noticeId: n.id, kind, at, actor: 'system', detail };
  }
}
