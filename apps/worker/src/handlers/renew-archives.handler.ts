import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { KeysService } from '@justera/keys';
import { archiveStatus, renewArchive } from '@justera/pades';
import { ArchiveCandidate, DocumentEntity, JusteringRepository } from '@justera/persistence';
import { JobHandler, JobOutcome } from '@justera/queue';

const DAY = 24 * 3600_000;

/** What one look at a candidate came to. */
export type RenewalResult = 'renewed' | 'not-due' | 'no-timestamp' | 'changed' | 'gone' | 'failed';

/** The audit event of a renewal (data of `document.renewed`). */
export const DOCUMENT_RENEWED = 'document.renewed';

function errorText(err: unknown): string {
  const text = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  return text.slice(0, 480);
}

/** Thrown when a renewal would not move the end of the protection (a unit or CA that ends no later). */
export class RenewalGainsNothingError extends Error {
  override name = 'RenewalGainsNothingError';
}

/**
 * PAdES-LTA archive renewal of the documents of record (docs/signatures.md, "Archive renewal"):
 * the signed PDF of every completed justering round's current version, which is what
 * `GET /api/protocols/:id/justering/:roundId/document.pdf` serves and what the anslag is built on.
 *
 * Daily, it looks at up to ARCHIVE_RENEWAL_BATCH of them (never examined, due, or failed last
 * time; least recently examined first). A document whose last document time-stamp stops protecting
 * it within ARCHIVE_RENEWAL_DAYS gets a new DSS and document time-stamp (`renewArchive`, the same
 * function as `cli renew`; TSA_URL or the installation's own unit). The renewed bytes become a new
 * documents row that the version then points to; the old row stays, so its SHA-256 is still
 * recognised. The switch is conditional, under the protocol's row lock: only if the version still
 * points at the document that was renewed — a second run (or a concurrent one) finds nothing due or
 * commits nothing. The event `document.renewed` joins the protocol's audit chain in the same
 * transaction. A failure is recorded on the document, logged, and retried on the next run; the job
 * itself does not fail for it.
 */
@Injectable()
export class RenewArchivesHandler implements JobHandler<'maintenance.renew-archives'> {
  readonly jobName = 'maintenance.renew-archives' as const;
  private readonly logger = new Logger('RenewArchives');

  constructor(
    private readonly repo: JusteringRepository,
    private readonly keys: KeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(): Promise<JobOutcome> {
    const now = new Date();
    const marginMs = this.config.archiveRenewal.days * DAY;
    const candidates = await this.repo.archiveCandidates(new Date(now.getTime() + marginMs), this.config.archiveRenewal.batch);
    const counts: Record<RenewalResult, number> = { renewed: 0, 'not-due': 0, 'no-timestamp': 0, changed: 0, gone: 0, failed: 0 };
    for (const c of candidates) counts[await this.renewOne(c, now, marginMs)]++;
    const detail = `${candidates.length} examined, ${counts.renewed} renewed, ${counts['not-due']} not due, ${counts['no-timestamp']} without a document time-stamp, ${counts.failed} failed`;
    return { status: counts.renewed ? 'done' : 'skipped', detail };
  }

  /** Looks at one candidate and renews it when due; never throws. */
  async renewOne(c: ArchiveCandidate, now: Date, marginMs: number): Promise<RenewalResult> {
    let protectedUntil: Date | null | undefined;
    try {
      const doc = await this.repo.documentWithContent(c.organisationId, c.documentId);
      if (!doc) return 'gone';
      const pdf = Buffer.from(doc.content);
      const status = archiveStatus(pdf, now, marginMs);
      protectedUntil = status.protectedUntil ?? null;
      if (!status.last) {
        // Made before documents were B-LTA: nothing to keep alive. `cli renew` can add one by hand.
        await this.repo.recordArchiveCheck(doc.id, { checkedAt: now, protectedUntil: null, error: null });
        this.logger.warn({ documentId: doc.id, protocolId: c.protocolId, roundId: c.roundId }, 'justerat document without a document time-stamp: not renewed');
        return 'no-timestamp';
      }
      if (!status.renewalDue) {
        await this.repo.recordArchiveCheck(doc.id, { checkedAt: now, protectedUntil, error: null });
        return 'not-due';
      }
      const renewal = await renewArchive(pdf, { ca: this.keys.ca(), tsa: this.keys.timestamping(now), now });
      const after = renewal.after.protectedUntil;
      if (!after || (protectedUntil && after.getTime() <= protectedUntil.getTime())) {
        throw new RenewalGainsNothingError(
          `the new document time-stamp protects no longer than the old one (until ${after?.toISOString() ?? 'unknown'}): its unit or CA ends too soon; set TSA_URL or renew the CA`,
        );
      }
      return await this.commit(c, doc, renewal, now);
    } catch (err) {
      const error = errorText(err);
      this.logger.error({ documentId: c.documentId, protocolId: c.protocolId, roundId: c.roundId, error }, 'archive renewal failed; retried on the next run');
      try {
        await this.repo.recordArchiveCheck(c.documentId, { checkedAt: now, ...(protectedUntil !== undefined ? { protectedUntil } : {}), error });
      } catch (recordErr) {
        this.logger.error({ documentId: c.documentId, error: errorText(recordErr) }, 'could not record the archive renewal failure');
      }
      return 'failed';
    }
  }

  /** Stores the renewed bytes and points the version at them, if it still points at `doc`; audits it. */
  private commit(c: ArchiveCandidate, doc: DocumentEntity, renewal: Awaited<ReturnType<typeof renewArchive>>, now: Date): Promise<RenewalResult> {
    return this.repo.unitOfWork(async (uow) => {
      const p = await uow.lockProtocol(c.organisationId, c.protocolId);
      const round = await uow.round(c.roundId);
      const version = await uow.version(c.versionId);
      if (!p || !round || !version) return 'gone';
      // Someone renewed (or changed) it since we read it: theirs stands, ours is dropped.
      if (round.status !== 'completed' || round.currentVersionId !== version.id || version.signedDocumentId !== doc.id) return 'changed';
      const bytes = renewal.pdf;
      const renewed: DocumentEntity = {
        id: randomUUID(),
        organisationId: doc.organisationId,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        size: bytes.length,
        mediaType: 'application/pdf',
        fileName: doc.fileName,
        content: bytes,
        createdAt: now,
        archiveCheckedAt: now,
        archiveProtectedUntil: renewal.after.protectedUntil ?? null,
        archiveError: null,
      };
      await uow.insertDocument(renewed);
      version.signedDocumentId = renewed.id;
      await uow.saveVersion(version);
      await uow.recordArchiveCheck(doc.id, { checkedAt: now, protectedUntil: renewal.before.protectedUntil ?? null, error: null });
      await uow.appendAudit(c.organisationId, {
        protocolId: c.protocolId,
        roundId: c.roundId,
        type: DOCUMENT_RENEWED,
        at: now,
        actor: 'system',
        ip: null,
        userAgent: null,
        transactionId: randomUUID(),
        data: {
          versionId: version.id,
          documentId: doc.id,
          sha256: doc.sha256,
          renewedDocumentId: renewed.id,
          renewedSha256: renewed.sha256,
          renewedSize: renewed.size,
          protectedUntilBefore: renewal.before.protectedUntil?.toISOString() ?? null,
          protectedUntilAfter: renewal.after.protectedUntil?.toISOString() ?? null,
          tsa: renewal.tsa,
        },
      });
      this.logger.log({ protocolId: c.protocolId, roundId: c.roundId, from: doc.sha256, to: renewed.sha256, until: renewal.after.protectedUntil }, 'justerat document renewed (PAdES-LTA)');
      return 'renewed';
    });
  }
}
