import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { KeysService } from '@justera/keys';
import { ProtocolsRepository } from '@justera/persistence';
import { renderSimpleDocumentPdf } from '@justera/pdf';
import { addDss, sealPdf } from '@justera/pades';
import { renderText, type ValidationReport } from '@justera/validation';

/** What the public may learn about a document Justera knows: only justerade protocols. */
export interface KnownDocument {
  protocolId: string;
  title: string;
  meetingDate: string;
  status: string;
}

const TIME_LIMIT_MS = 10_000;

/** Validates PDFs for auditors and the public (POST /api/validate, /validera). */
@Injectable()
export class ValidationService {
  private readonly logger = new Logger(ValidationService.name);

  constructor(
    private readonly keys: KeysService,
    private readonly protocols: ProtocolsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async validate(bytes: Buffer): Promise<ValidationReport & { knownDocument?: KnownDocument | null }> {
    const report = await this.inThread(bytes);
    return { ...report, knownDocument: await this.known(report.document?.sha256 ?? createHash('sha256').update(bytes).digest('hex')) };
  }

  /** The report as a PDF sealed by the organisation, so it can be filed and checked later. */
  async sealedReport(report: ValidationReport & { knownDocument?: KnownDocument | null }): Promise<Buffer> {
    const known = report.knownDocument;
    const lines = [
      `Validerad: ${report.validatedAt}`,
      ...(known ? [`Justera känner igen dokumentet: ${known.title} (sammanträdesdatum ${known.meetingDate}).`] : []),
      '',
      ...renderText(report).split('\n'),
      '',
      'Rapporten är förseglad av organisationen som driver Justera. Förseglingen kan kontrolleras på /validera.',
    ];
    const pdf = await renderSimpleDocumentPdf({ title: `Valideringsrapport: ${report.verdict}`, author: 'Justera', subject: `SHA-256 ${report.document.sha256}`, lines });
    const seal = this.keys.seal();
    const sealed = await sealPdf(Buffer.from(pdf), seal, { reason: 'Valideringsrapport från Justera', time: new Date() });
    // Long-term validation data (PAdES B-LT): the certificates and the CRL, so the seal can be checked offline.
    return addDss(sealed, this.keys.dss([seal.certificate]));
  }

  async known(sha256: string): Promise<KnownDocument | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    const p = await this.protocols.findPublishedBySha256(sha256);
    return p ? { protocolId: p.id, title: p.title, meetingDate: p.meetingDate, status: p.status } : null;
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
