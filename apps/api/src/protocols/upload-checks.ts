import type { OrganisationsRepository } from '@justera/persistence';
import { signatoryFieldIssues, substituteFieldIssues } from '@justera/justering';
import { DomainError, invalidRequest } from '@justera/application';
import type { AuthContext } from '../auth/auth-context';
import type { FieldIssue } from '../common/validation';
import type { PdfPoolService } from '../isolation/pdf-pool.service';
import type { PdfInspection } from '../isolation/pdf-jobs';
import type { UploadMetadataDto } from './protocols.dto';
import type { UploadedFile } from './uploaded-pdf';

// The checks of an uploaded protocol's form and file (a new upload, its metadata edited, a corrected
// version's PDF), for ProtocolsService and the justering controller.

/** Signatories of an uploaded protocol (the rest of its metadata is in UploadProtocolDto). */
interface UploadSignatory {
  role: 'sekreterare' | 'ordforande' | 'justerare';
  name: string;
  email?: string;
}

/** What an uploaded protocol's `data` holds (its PDF is the document). */
export interface UploadMetadata {
  organ: string;
  meetingDate: string;
  meetingTime: string | null;
  paragraphs: string | null;
  storagePlace: string;
  justeringPlace: string | null;
  justeringDate: string | null;
  justeringTime: string | null;
  order: 'sequential' | 'parallel';
  signatories: UploadSignatory[];
  substitutes: { name: string; email?: string }[];
}

/** The one answer to a form with mistakes: every field issue in `details`. */
export function invalidFields(issues: FieldIssue[]): DomainError {
  return invalidRequest(`Uppgifterna är ogiltiga: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

/** The organisation's organ, or `invalid_request` on the form's `organId`. */
export async function knownOrgan(organisations: OrganisationsRepository, auth: AuthContext, organId: string) {
  const organ = await organisations.findOrgan(auth.principal.organisationId, organId);
  if (!organ) throw invalidRequest(`organId: okänt organ ${organId}`, [{ path: 'organId', message: 'Organet finns inte; välj ett av organen i listan.' }]);
  return organ;
}

/**
 * Parses and checks the signatories and substitutes of an uploaded protocol (JSON-encoded form
 * fields) and builds its stored metadata: the data, or the field issues.
 */
export function uploadMetadata(organName: string, dto: UploadMetadataDto): { data: UploadMetadata; issues: [] } | { data?: undefined; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const parseList = (field: 'signatories' | 'substitutes'): unknown[] => {
    const raw = dto[field];
    // Not a string: the DTO check has said so already.
    if (raw === undefined || raw === '' || typeof raw !== 'string') return [];
    try {
      return JSON.parse(raw) as unknown[];
    } catch {
      issues.push({ path: field, message: 'Ogiltig JSON.' });
      return [];
    }
  };
  const signatories = parseList('signatories');
  const substitutes = parseList('substitutes');
  issues.push(...signatoryFieldIssues(signatories), ...substituteFieldIssues(substitutes));
  if (issues.length) return { issues };
  const clean = <T extends { name: string; email?: string }>(s: T) => ({ ...s, name: s.name.trim(), ...(s.email?.trim() ? { email: s.email.trim() } : { email: undefined }) });
  return {
    issues: [],
    data: {
      organ: organName,
      meetingDate: dto.meetingDate,
      meetingTime: dto.meetingTime ?? null,
      paragraphs: dto.paragraphs ?? null,
      storagePlace: dto.storagePlace,
      justeringPlace: dto.justeringPlace ?? null,
      justeringDate: dto.justeringDate ?? null,
      justeringTime: dto.justeringTime ?? null,
      order: dto.order ?? 'sequential',
      signatories: (signatories as UploadSignatory[]).map((s) => clean({ role: s.role, name: s.name, email: s.email })),
      substitutes: (substitutes as { name: string; email?: string }[]).map((s) => clean({ name: s.name, email: s.email })),
    },
  };
}


/**
 * The checks every uploaded protocol PDF passes before anything is stored (a new protocol, or a
 * corrected version during a round): present, a PDF, readable, not encrypted. The size limit is
 * multer's (`MAX_UPLOAD_MB`, 413). The file is parsed in a child process of the PDF pool
 * (docs/security.md): a hostile file cannot stall or exhaust the api, it only ends its own child.
 * Each error names the field `file` in its details, for the workspace's form.
 */
export async function checkUploadedPdf(pdfPool: PdfPoolService, file: UploadedFile | undefined): Promise<Buffer> {
  const onFile = (code: 'unsupported_media_type' | 'unreadable_pdf' | 'encrypted_pdf' | 'pdf_too_complex', message?: string) => {
    const err = new DomainError(code, message);
    return new DomainError(code, err.message, [{ path: 'file', message: err.message }]);
  };
  if (!file) throw invalidRequest('file: en PDF-fil krävs (multipart-fältet "file").', [{ path: 'file', message: 'Välj en PDF-fil.' }]);
  const bytes = file.buffer;
  const head = bytes.subarray(0, 1024).toString('latin1');
  if (!head.includes('%PDF-')) throw onFile('unsupported_media_type', 'Filen är inte en PDF.');
  const outcome = await pdfPool.run<PdfInspection>({ kind: 'inspect', bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), timeLimitMs: pdfPool.jobTimeLimitMs });
  if (!outcome.ok) {
    const why = outcome.reason === 'timeout' ? 'den tar för lång tid att läsa' : outcome.reason === 'memory' ? 'den kräver mer minne än uppladdningen får använda' : 'ett internt fel uppstod vid läsningen';
    throw onFile(outcome.reason === 'crashed' ? 'unreadable_pdf' : 'pdf_too_complex', `PDF-filen kan inte tas emot: ${why}. Spara den på nytt (till exempel som PDF/A) och ladda upp igen.`);
  }
  const inspection = outcome.value;
  if (!inspection.ok) throw onFile('unreadable_pdf', `PDF-filen går inte att läsa: ${inspection.message}.`);
  if (inspection.encrypted) throw onFile('encrypted_pdf');
  return bytes;
}

