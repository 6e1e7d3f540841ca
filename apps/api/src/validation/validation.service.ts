import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { KeysService } from '@justera/keys';
import { renderText, type ValidationReport } from '@justera/validation';
import type { AuthContext } from '../auth/auth-context';
import { SealedDocumentService } from '../common/sealed-document.service';
import { EvidenceService, type KnownDocument } from '../evidence/evidence.service';

export type { KnownDocument } from '../evidence/evidence.service';

const TIME_LIMIT_MS = 10_000;

/** Validates PDFs for auditors and the public (POST /api/validate, /validera). */
@Injectable()
export class ValidationService {
  private readonly logger = new Logger(ValidationService.name);

  constructor(
    private readonly keys: KeysService,
    private readonly evidence: EvidenceService,
    private readonly sealed: SealedDocumentService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Validates; names the protocol, version and revision when Justera knows the file, with the evidence for an authorised caller. */
  async validate(bytes: Buffer, auth?: AuthContext): Promise<ValidationReport & { knownDocument?: (KnownDocument & { revision?: number | null }) | null }> {
    const report = await this.inThread(bytes);
    const known = await this.known(report.document?.sha256 ?? createHash('sha256').update(bytes).digest('hex'), auth);
    // Which revision of the file: the whole file is the last one; each signature names the revision it covers.
    return { ...report, knownDocument: known ? { ...known, revision: report.document?.revisions ?? null } : null };
  }

  /** The report as a PDF sealed by the organisation, so it can be filed and checked later. */
  async sealedReport(report: ValidationReport & { knownDocument?: (KnownDocument & { revision?: number | null }) | null }): Promise<Buffer> {
    const known = report.knownDocument;
    const lines = [
      `Validerad: ${report.validatedAt}`,
      ...(known ? [`Justera känner igen dokumentet: ${known.title} (${known.organ}, sammanträdesdatum ${known.meetingDate}), version ${known.match.versionNumber ?? '–'}.`] : []),
      ...(known ? known.signers.map((s) => `Signerat av ${s.name} (${s.role}) ${s.signedAt}, transaktion ${s.transactionId}`) : []),
      '',
      ...renderText(report).split('\n'),
      '',
      'Rapporten är förseglad av organisationen som driver Justera. Förseglingen kan kontrolleras på /validera.',
    ];
    return this.sealed.render({ title: `Valideringsrapport: ${report.verdict}`, author: 'Justera', subject: `SHA-256 ${report.document.sha256}`, lines }, 'Valideringsrapport från Justera');
  }

  /** A frozen version, a signed revision, the PDF with the ANSLAG fields, or an uploaded justerat protocol. */
  known(sha256: string, auth?: AuthContext): Promise<KnownDocument | null> {
    return this.evidence.knownBySha256(sha256, auth);
  }

  /** The transaction id printed in a signature's appearance. */
  knownByTransaction(transactionId: string, auth?: AuthContext): Promise<KnownDocument | null> {
    return this.evidence.knownByTransaction(transactionId.trim(), auth);
  }

  private inThread(bytes: Buffer): Promise<ValidationReport> {
    const trustAnchors = [this.keys.rootPem()];
    return new Promise((resolve) => {
      const worker = new Worker(join(__dirname, 'validate.thread.js'), {
        workerData: { bytes: new Uint8Array(bytes), trustAnchors, timeLimitMs: TIME_LIMIT_MS, maxBytes: this.config.maxUploadBytes },
        resourceLimits: { maxOldGenerationSizeMb: Math.max(256, Math.ceil((bytes.length * 6) / 2 ** 20)) },
      });
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const unreadable = (why: string): ValidationReport => ({
        schema: 'justera.validation/1',
        validatedAt: new Date().toISOString(),
        verdict: 'KAN INTE LÄSAS',
        summary: { sv: `Dokumentet kunde inte valideras: ${why}`, en: `The document could not be validated: ${why}` },
        document: { sha256, size: bytes.length, revisions: 0, encrypted: false, xrefRecovered: false, structureWarnings: [] },
        signatures: [],
        attacks: [],
        findings: [],
        durationMs: 0,
      } as unknown as ValidationReport);
      const timer = setTimeout(() => {
        void worker.terminate();
        resolve(unreadable('tidsgränsen överskreds'));
      }, TIME_LIMIT_MS + 2_000);
      worker.once('message', (r: ValidationReport) => {
        clearTimeout(timer);
        void worker.terminate();
        resolve(r);
      });
      worker.once('error', (err) => {
        clearTimeout(timer);
        this.logger.warn(`validation thread failed: ${err.message}`);
        resolve(unreadable('internt fel vid läsning'));
      });
    });
  }
}
