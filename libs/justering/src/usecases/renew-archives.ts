import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '@justera/application';
import type { ArchiveCandidate, ArchiveRenewal, ArchiveRenewer, JusteringStore, SigningLog, StoredPdf } from './ports';

const DAY = 24 * 3600_000;

/** The audit event of a renewal (data of `document.renewed`). */
export const DOCUMENT_RENEWED = 'document.renewed';

/** What one look at a candidate came to. */
export type RenewalResult = 'renewed' | 'not-due' | 'no-timestamp' | 'changed' | 'gone' | 'failed';

/** A renewal that would not move the end of the protection (a unit or CA that ends no later). */
export class RenewalGainsNothingError extends Error {
  override name = 'RenewalGainsNothingError';
}

export interface RenewArchivesConfig {
  /** Renew when the protection ends within this many days (ARCHIVE_RENEWAL_DAYS). */
  days: number;
  /** Look at most at this many documents a run (ARCHIVE_RENEWAL_BATCH). */
  batch: number;
}

export interface RenewArchivesResult {
  examined: number;
  counts: Record<RenewalResult, number>;
  /** One line for the job's outcome. */
  detail: string;
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  return text.slice(0, 480);
}

/**
 * PAdES-LTA archive renewal of the documents of record (docs/signatures.md, "Archive renewal"): the
 * signed PDF of every completed round's current version, which the justerat download serves and the
 * anslag is built on. The worker's daily job `maintenance.renew-archives`.
 *
 * A run looks at up to `batch` candidates (never examined, due, or failed last time; least recently
 * examined first). A document whose last document time-stamp stops protecting it within `days` gets a
 * new DSS and document time-stamp (the `ArchiveRenewer`, the same mechanics as `cli renew`). The
 * renewed bytes become a new document that the version then points to; the old one stays, so its
 * SHA-256 is still recognised. The switch is conditional, under the protocol's lock: only if the
 * version still points at the document that was renewed — a second or concurrent run commits nothing.
 * `document.renewed` joins the protocol's audit chain in the same unit of work. A failure (also a
 * renewal that gains nothing) is recorded on the document, logged, and retried on the next run; the
 * run itself never throws for one document.
 */
export class RenewArchives {
  constructor(
    private readonly store: JusteringStore,
    private readonly renewer: ArchiveRenewer,
    private readonly clock: Clock,
    private readonly config: RenewArchivesConfig,
    private readonly log: SigningLog,
  ) {}

  async execute(): Promise<RenewArchivesResult> {
    const now = this.clock.now();
    const marginMs = this.config.days * DAY;
    const candidates = await this.store.archiveCandidates(new Date(now.getTime() + marginMs), this.config.batch);
    const counts: Record<RenewalResult, number> = { renewed: 0, 'not-due': 0, 'no-timestamp': 0, changed: 0, gone: 0, failed: 0 };
    for (const c of candidates) counts[await this.renewOne(c, now, marginMs)]++;
    const detail = `${candidates.length} examined, ${counts.renewed} renewed, ${counts['not-due']} not due, ${counts['no-timestamp']} without a document time-stamp, ${counts.failed} failed`;
    return { examined: candidates.length, counts, detail };
  }

  /** Looks at one candidate and renews it when due; never throws. */
  async renewOne(c: ArchiveCandidate, now: Date, marginMs: number): Promise<RenewalResult> {
    let protectedUntil: Date | null | undefined;
    try {
      const doc = await this.store.findDocument(c.organisationId, c.documentId);
      if (!doc) return 'gone';
      const state = this.renewer.state(doc.content, now, marginMs);
      protectedUntil = state.protectedUntil;
      if (!state.hasDocumentTimestamp) {
        // Made before documents were B-LTA: nothing to keep alive. `cli renew` can add one by hand.
        await this.store.recordArchiveCheck(doc.id, { checkedAt: now, protectedUntil: null, error: null });
        this.log.warn({ documentId: doc.id, protocolId: c.protocolId, roundId: c.roundId }, 'justerat document without a document time-stamp: not renewed');
        return 'no-timestamp';
      }
      if (!state.renewalDue) {
        await this.store.recordArchiveCheck(doc.id, { checkedAt: now, protectedUntil, error: null });
        return 'not-due';
      }
      const renewal = await this.renewer.renew(doc.content, now);
      const after = renewal.protectedUntilAfter;
      if (!after || (protectedUntil && after.getTime() <= protectedUntil.getTime())) {
        throw new RenewalGainsNothingError(
          `the new document time-stamp protects no longer than the old one (until ${after?.toISOString() ?? 'unknown'}): its unit or CA ends too soon; set TSA_URL or renew the CA`,
        );
      }
      return await this.commit(c, doc, renewal, now);
    } catch (err) {
      const error = errorText(err);
      this.log.error({ documentId: c.documentId, protocolId: c.protocolId, roundId: c.roundId, error }, 'archive renewal failed; retried on the next run');
      try {
        await this.store.recordArchiveCheck(c.documentId, { checkedAt: now, ...(protectedUntil !== undefined ? { protectedUntil } : {}), error });
      } catch (recordErr) {
        this.log.error({ documentId: c.documentId, error: errorText(recordErr) }, 'could not record the archive renewal failure');
      }
      return 'failed';
    }
  }

  /** Stores the renewed bytes and points the version at them, if it still points at `doc`; audits it. */
  private commit(c: ArchiveCandidate, doc: StoredPdf, renewal: ArchiveRenewal, now: Date): Promise<RenewalResult> {
    return this.store.unitOfWork(async (uow) => {
      const p = await uow.lockProtocol(c.organisationId, c.protocolId);
      const round = await uow.round(c.roundId);
      const version = await uow.version(c.versionId);
      if (!p || !round || !version) return 'gone';
      // Someone renewed (or changed) it since we read it: theirs stands, ours is dropped.
      if (round.status !== 'completed' || round.currentVersionId !== version.id || version.signedDocumentId !== doc.id) return 'changed';
      const bytes = renewal.pdf;
      const renewedId = randomUUID();
      const renewedSha256 = createHash('sha256').update(bytes).digest('hex');
      await uow.insertDocument({
        id: renewedId,
        organisationId: doc.organisationId,
        sha256: renewedSha256,
        size: bytes.length,
        mediaType: 'application/pdf',
        fileName: doc.fileName,
        content: bytes,
        createdAt: now,
      });
      await uow.recordArchiveCheck(renewedId, { checkedAt: now, protectedUntil: renewal.protectedUntilAfter, error: null });
      await uow.saveVersion({ ...version, signedDocumentId: renewedId });
      await uow.recordArchiveCheck(doc.id, { checkedAt: now, protectedUntil: renewal.protectedUntilBefore, error: null });
      await uow.appendAudit({
        organisationId: c.organisationId,
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
          renewedDocumentId: renewedId,
          renewedSha256,
          renewedSize: bytes.length,
          protectedUntilBefore: renewal.protectedUntilBefore?.toISOString() ?? null,
          protectedUntilAfter: renewal.protectedUntilAfter?.toISOString() ?? null,
          tsa: renewal.tsa,
        },
      });
      this.log.log(
        { protocolId: c.protocolId, roundId: c.roundId, from: doc.sha256, to: renewedSha256, until: renewal.protectedUntilAfter },
        'justerat document renewed (PAdES-LTA)',
      );
      return 'renewed';
    });
  }
}
