import { formatTimestampSv, roleSv } from '@justera/sv';
import { signatureLines } from './summary';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { KeysService } from '@justera/keys';
import { renderText, type ValidationReport } from '@justera/validation';
import type { AuthContext } from '../auth/auth-context';
import { SealedDocumentService } from '../common/sealed-document.service';
import { EvidenceService, type KnownDocument } from '../evidence/evidence.service';
import { PdfPoolService } from '../isolation/pdf-pool.service';

export type { KnownDocument } from '../evidence/evidence.service';

/** A signature of the validated file that Justera made: which signer (transaction id) and which revision. */
export interface KnownSignature {
  /** Index into report.signatures. */
  index: number;
  field: string;
  /** The 1-based revision of the file the signature covers (report.signatures[i].revision). */
  revision: number | null;
  transactionId: string;
  name: string;
  role: string;
}

export type KnownInReport = KnownDocument & { revision?: number | null; signatures?: KnownSignature[] };

/**
 * The revisions Justera stored after each signature that this file begins with, byte for byte: a stored
 * revision counts only when the file's first `size` bytes have its SHA-256. Another document of the same
 * protocol (the anslagsbevis, a sealed file of its own) shares no revision with the signed protocol,
 * however its byte ranges happen to fall. The file is hashed once, in order, keeping the running state.
 */
export function revisionsInFile<R extends { size: number; sha256: string }>(stored: readonly R[], bytes: Uint8Array): R[] {
  const out: R[] = [];
  const hash = createHash('sha256');
  let at = 0;
  for (const r of [...stored].sort((a, b) => a.size - b.size)) {
    if (r.size > bytes.length) break;
    hash.update(bytes.subarray(at, r.size));
    at = r.size;
    // Each stored revision begins with the one before it: once one is not a prefix, none after it is.
    if (hash.copy().digest('hex') !== r.sha256) break;
    out.push(r);
  }
  return out;
}

/**
 * Pairs each signature with the revision Justera stored after it: the file must begin with that
 * revision (revisionsInFile), and the signature's ByteRange ends inside that revision's appended bytes
 * (after the previous stored revision; the last one also carries the DSS and the document time-stamp,
 * which is nobody's signature and stays unpaired). The anslag seal and foreign signatures stay unpaired.
 */
export function matchSignatures(report: ValidationReport, known: KnownDocument, bytes: Uint8Array): KnownSignature[] {
  const out: KnownSignature[] = [];
  const revisions = revisionsInFile(known.signedRevisions, bytes);
  report.signatures.forEach((sig, index) => {
    if (sig.kind === 'document-timestamp') return;
    const v = sig.byteRange?.values;
    if (!v || v.length !== 4) return;
    const end = v[2] + v[3];
    const rev = revisions.find((r, i) => end <= r.size && (i === 0 || end > revisions[i - 1].size));
    const who = rev && known.signers.find((s) => s.transactionId === rev.transactionId);
    if (rev && who)
      out.push({ index, field: sig.field, revision: sig.revision, transactionId: rev.transactionId, name: who.name, role: who.role });
  });
  return out;
}

/** Validates PDFs for auditors and the public (POST /api/validate, /validera). */
@Injectable()
export class ValidationService {
  private readonly logger = new Logger(ValidationService.name);

  constructor(
    private readonly keys: KeysService,
    private readonly evidence: EvidenceService,
    private readonly sealed: SealedDocumentService,
    private readonly pdfPool: PdfPoolService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Validates; names the protocol, version and revision when Justera knows the file, with the evidence for an authorised caller. */
  async validate(bytes: Buffer, auth?: AuthContext, at?: Date): Promise<ValidationReport & { knownDocument?: KnownInReport | null }> {
    const report = await this.inThread(bytes, at);
    const known = await this.known(report.document?.sha256 ?? createHash('sha256').update(bytes).digest('hex'), auth);
    // Which revision of the file: the whole file is the last one; each signature names the revision it covers.
    if (!known) return { ...report, knownDocument: null };
    return {
      ...report,
      knownDocument: { ...known, revision: report.document?.revisions ?? null, signatures: matchSignatures(report, known, bytes) },
    };
  }

  /** The report as a PDF sealed by the organisation, so it can be filed and checked later. */
  async sealedReport(report: ValidationReport & { knownDocument?: KnownInReport | null }): Promise<Buffer> {
    const known = report.knownDocument;
    const lines = [
      `Validerad: ${formatTimestampSv(report.validatedAt)}`,
      ...(known
        ? [
            `Justera känner igen dokumentet: ${known.title} (${known.organ}, sammanträdesdatum ${known.meetingDate}), version ${known.match.versionNumber ?? '–'}.`,
            ...(known.document ? [`Filen är: ${known.document.name}. ${known.document.description}`] : []),
          ]
        : []),
      // The signatures of this file (a signer's name only where the file holds that signer's revision).
      ...signatureLines(report, known ?? null).map(
        (l) =>
          `Underskrift ${l.number}: ${l.kind === 'document-timestamp' ? 'dokumenttidsstämpel från' : 'signerad av'} ${l.name}${l.role ? ` (${l.role})` : ''}${l.when ? `, ${l.when.text} (${l.when.proof})` : ''}; ${l.status}. ${l.identification ? `Identifiering: ${l.identification.text}. ` : ''}Täcker: ${l.covers}`,
      ),
      ...(known?.signatures ?? []).map((s) => `Underskrift ${s.index + 1} (${s.name}, ${roleSv(s.role)}): transaktion ${s.transactionId}.`),
      '',
      ...renderText(report).split('\n'),
      '',
      'Rapporten är förseglad av organisationen som driver Justera. Förseglingen kan kontrolleras på /validera.',
    ];
    return this.sealed.render(
      { title: `Valideringsrapport: ${report.verdict}`, author: 'Justera', subject: `SHA-256 ${report.document.sha256}`, lines },
      'Valideringsrapport från Justera',
    );
  }

  /** A frozen version, a signed revision, the PDF with the ANSLAG fields, or an uploaded justerat protocol. */
  known(sha256: string, auth?: AuthContext): Promise<KnownDocument | null> {
    return this.evidence.knownBySha256(sha256, auth);
  }

  /** The transaction id printed in a signature's appearance. */
  knownByTransaction(transactionId: string, auth?: AuthContext): Promise<KnownDocument | null> {
    return this.evidence.knownByTransaction(transactionId.trim(), auth);
  }

  /** Runs the validation in a child process of the PDF pool; a stopped child is "KAN INTE LÄSAS". */
  private async inThread(bytes: Buffer, at?: Date): Promise<ValidationReport> {
    const trustAnchors = [this.keys.rootPem()];
    const outcome = await this.pdfPool.run<ValidationReport>({
      kind: 'validate',
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
      trustAnchors,
      timeLimitMs: this.pdfPool.jobTimeLimitMs,
      maxBytes: this.config.maxUploadBytes,
      at: at?.toISOString(),
    });
    if (outcome.ok) return outcome.value;
    const why =
      outcome.reason === 'timeout'
        ? 'tidsgränsen överskreds'
        : outcome.reason === 'memory'
          ? 'filen kräver mer minne än granskningen får använda'
          : 'internt fel vid läsning';
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return {
      schema: 'justera.validation/1',
      validatedAt: new Date().toISOString(),
      verdict: 'KAN INTE LÄSAS',
      etsi: { indication: 'INDETERMINATE', subIndication: 'GENERIC' },
      summary: { sv: `Dokumentet kunde inte valideras: ${why}.`, en: `The document could not be validated: ${outcome.reason}.` },
      document: { sha256, size: bytes.length, revisions: 0, encrypted: false, xrefRecovered: false, structureWarnings: [] },
      signatures: [],
      attacks: [],
      findings: [],
      durationMs: outcome.ms,
    } as unknown as ValidationReport;
  }
}
