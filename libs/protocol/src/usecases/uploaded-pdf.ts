import { DomainError, invalidRequest } from '@justera/application';
import type { UploadedPdfInspector } from './ports';

/** An uploaded file's bytes and its name as the browser gave it. */
export interface UploadedPdf {
  bytes: Uint8Array;
  fileName: string;
}

type FileErrorCode = 'unsupported_media_type' | 'unreadable_pdf' | 'encrypted_pdf' | 'signed_pdf' | 'pdf_too_complex';

/** The file's error, naming the field `file` in its details (for the workspace's form). */
function onFile(code: FileErrorCode, message?: string): DomainError {
  const err = new DomainError(code, message);
  return new DomainError(code, err.message, [{ path: 'file', message: err.message }]);
}

/**
 * The checks every uploaded protocol PDF passes before anything is stored (a new protocol, or a
 * corrected version during a round): present, a PDF, readable, not encrypted, not already signed. The size limit is the
 * api's (multer, `MAX_UPLOAD_MB`, 413). The file is read by the inspector (the api's PDF pool, a child
 * process: docs/security.md), so a hostile file cannot stall or exhaust the api.
 */
export async function checkUploadedPdf(inspector: UploadedPdfInspector, file: UploadedPdf | undefined): Promise<Uint8Array> {
  if (!file) throw invalidRequest('file: en PDF-fil krävs (multipart-fältet "file").', [{ path: 'file', message: 'Välj en PDF-fil.' }]);
  const { bytes } = file;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) throw onFile('unsupported_media_type', 'Filen är inte en PDF.');
  const outcome = await inspector.inspect(bytes);
  if (!outcome.ok) {
    const why = outcome.reason === 'timeout' ? 'den tar för lång tid att läsa' : outcome.reason === 'memory' ? 'den kräver mer minne än uppladdningen får använda' : 'ett internt fel uppstod vid läsningen';
    throw onFile(outcome.reason === 'crashed' ? 'unreadable_pdf' : 'pdf_too_complex', `PDF-filen kan inte tas emot: ${why}. Spara den på nytt (till exempel som PDF/A) och ladda upp igen.`);
  }
  const inspection = outcome.value;
  if (!inspection.ok) throw onFile('unreadable_pdf', `PDF-filen går inte att läsa: ${inspection.message}.`);
  if (inspection.encrypted) throw onFile('encrypted_pdf');
  // The justering's first signature certifies the document, which a file signed before cannot take.
  if (inspection.signed) throw onFile('signed_pdf');
  return bytes;
}
