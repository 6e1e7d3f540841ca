import type { OrganisationsRepository } from '@justera/persistence';
import { DomainError, invalidRequest } from '@justera/application';
import type { AuthContext } from '../auth/auth-context';
import { ensureAllowed } from '../auth/policy';
import { readDto } from '../common/validation';
import type { PdfPoolService } from '../isolation/pdf-pool.service';
import type { DocxImportOutcome } from '../isolation/pdf-jobs';
import { ImportDocxDto } from './protocols.dto';
import { invalidFields, knownOrgan } from './upload-checks';
import type { UploadedFile } from './uploaded-pdf';

/** The largest Word document the import reads (below the upload limit, MAX_UPLOAD_MB, when that is lower). */
export const DOCX_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Reads a Word document into a protocol draft (docs/import.md) and returns it with the report and
 * the validation result. Nothing is saved: the secretary checks and completes the draft, then saves
 * it with POST /api/protocols. Authorised like creating a protocol in the organ. The document is
 * read in a child of the parsing pool (time and memory bounded); libs/docx-import refuses a zip bomb
 * before mammoth inflates anything.
 */
export async function importDocx(
  deps: { organisations: OrganisationsRepository; pdfPool: PdfPoolService },
  auth: AuthContext,
  raw: unknown,
  file: UploadedFile | undefined,
) {
  const { dto, issues } = readDto(ImportDocxDto, raw);
  if (issues.some((i) => i.path === 'organId')) throw invalidFields(issues);
  ensureAllowed(auth, 'protocol.write', { organisationId: auth.principal.organisationId, organId: dto.organId });
  const organ = await knownOrgan(deps.organisations, auth, dto.organId);
  if (issues.length) throw invalidFields(issues);
  const onFile = (code: 'unsupported_media_type' | 'docx_too_large' | 'docx_nothing_recognised', message: string) =>
    new DomainError(code, message, [{ path: 'file', message }]);
  if (!file)
    throw invalidRequest('file: ett Word-dokument (.docx) krävs (multipart-fältet "file").', [
      { path: 'file', message: 'Välj ett Word-dokument (.docx).' },
    ]);
  if (file.size > DOCX_MAX_BYTES)
    throw onFile('docx_too_large', `Word-dokumentet är för stort (högst ${DOCX_MAX_BYTES / 1024 / 1024} MB).`);
  const organisation = await deps.organisations.findOrganisation(auth.principal.organisationId);
  const bytes = file.buffer;
  const outcome = await deps.pdfPool.run<DocxImportOutcome>({
    kind: 'docx-import',
    bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
    defaults: {
      organisation: dto.organisation ?? organisation?.name,
      organ: dto.organ ?? organ.name,
      meetingDate: dto.meetingDate,
      meetingPlace: dto.meetingPlace,
      storagePlace: dto.storagePlace,
    },
  });
  if (!outcome.ok) {
    if (outcome.reason === 'crashed') throw onFile('unsupported_media_type', 'Word-dokumentet går inte att läsa.');
    throw onFile(
      'docx_too_large',
      'Word-dokumentet kräver mer tid eller minne än importen får använda. Dela upp det eller spara det på nytt och försök igen.',
    );
  }
  const r = outcome.value;
  if (!r.ok) {
    const code = r.code === 'not-docx' ? 'unsupported_media_type' : r.code === 'too-large' ? 'docx_too_large' : 'docx_nothing_recognised';
    throw onFile(code, r.message);
  }
  return r.result;
}

