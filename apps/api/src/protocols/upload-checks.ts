import type { OrganisationsRepository } from '@justera/persistence';
import { signatoryFieldIssues, substituteFieldIssues } from '@justera/justering';
import { invalidRequest } from '@justera/application';
import { checkUploadedPdf as checkPdf, type SignatoryFieldChecks, type UploadedPdfInspector } from '@justera/protocol';
import type { AuthContext } from '../auth/auth-context';
import type { PdfPoolService } from '../isolation/pdf-pool.service';
import type { PdfInspection } from '../isolation/pdf-jobs';
import type { UploadedFile } from './uploaded-pdf';

// The adapters of an uploaded protocol's checks (the rules are libs/protocol's: `UploadProtocolPdf`,
// `uploadMetadata`, `checkUploadedPdf`), for the protocol use cases, the Word import and the
// justering controller's corrected version.

export { invalidFields } from '@justera/protocol';

/** The justering's rules for an uploaded protocol's signatories and substitutes (libs/justering). */
export const SIGNATORY_FIELD_CHECKS: SignatoryFieldChecks = {
  signatories: (list) => signatoryFieldIssues(list),
  substitutes: (list) => substituteFieldIssues(list),
};

/**
 * The uploaded PDF read in a child process of the PDF pool (docs/security.md): a hostile file cannot
 * stall or exhaust the api, it only ends its own child. A full pool is a ServiceBusyError (503).
 */
export function pdfPoolInspector(pdfPool: PdfPoolService): UploadedPdfInspector {
  return {
    inspect: (bytes) => pdfPool.run<PdfInspection>({ kind: 'inspect', bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), timeLimitMs: pdfPool.jobTimeLimitMs }),
  };
}

/** A file as multer gave it, for the use cases. */
export const uploadedPdf = (file: UploadedFile | undefined) => (file ? { bytes: file.buffer, fileName: file.originalname } : undefined);

/** The checks every uploaded protocol PDF passes (libs/protocol `checkUploadedPdf`) in the PDF pool. */
export function checkUploadedPdf(pdfPool: PdfPoolService, file: UploadedFile | undefined): Promise<Uint8Array> {
  return checkPdf(pdfPoolInspector(pdfPool), uploadedPdf(file));
}

/** The organisation's organ, or `invalid_request` on the form's `organId` (the Word import). */
export async function knownOrgan(organisations: OrganisationsRepository, auth: AuthContext, organId: string) {
  const organ = await organisations.findOrgan(auth.principal.organisationId, organId);
  if (!organ) throw invalidRequest(`organId: okänt organ ${organId}`, [{ path: 'organId', message: 'Organet finns inte; välj ett av organen i listan.' }]);
  return organ;
}
