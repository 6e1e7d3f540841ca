/**
 * The child process of the PDF pool (child-pool.ts): answers exactly one job and is then killed by the
 * parent. It holds nothing of the api (no database, no secrets beyond the public trust anchors).
 */
import { PdfDict, PdfReadError, PdfReader } from '@justera/pdf-reader';
import { validatePdf, type ValidationReport } from '@justera/validation';
import type { DocxImportOutcome, PdfJob, PdfInspection } from './pdf-jobs';

function inspect(bytes: Uint8Array, timeLimitMs: number): PdfInspection {
  try {
    const reader = PdfReader.open(bytes, { timeLimitMs });
    if (reader.encrypted) return { ok: true, encrypted: true, signed: false, pages: 0 };
    const pages = reader.pages().length;
    if (pages === 0) return { ok: false, message: 'dokumentet har inga sidor' };
    // A signature field with a value: the justering's first signature certifies the document (DocMDP),
    // which only the first signature of a document may do (libs/pades sign.ts).
    const signed = reader.fields().some((f) => f.type === 'Sig' && reader.resolve(f.value) instanceof PdfDict);
    return { ok: true, encrypted: false, signed, pages };
  } catch (err) {
    return { ok: false, message: err instanceof PdfReadError ? err.message : err instanceof Error ? err.message : 'okänt fel' };
  }
}

async function importDocx(job: Extract<PdfJob, { kind: 'docx-import' }>): Promise<DocxImportOutcome> {
  // Loaded only by a child that imports: the PDF jobs do not pay for mammoth.
  const { importDocx: run, DocxImportError } = await import('@justera/docx-import');
  try {
    return {
      ok: true,
      result: await run(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength), { defaults: job.defaults }),
    };
  } catch (err) {
    if (err instanceof DocxImportError) return { ok: false, code: err.code, message: err.message };
    return {
      ok: false,
      code: 'not-docx',
      message: `Filen är inte ett Word-dokument (.docx) som går att läsa: ${err instanceof Error ? err.message.slice(0, 200) : 'okänt fel'}.`,
    };
  }
}

async function answer(job: PdfJob): Promise<ValidationReport | PdfInspection | DocxImportOutcome> {
  if (job.kind === 'docx-import') return importDocx(job);
  if (job.kind === 'validate') return validatePdf(job.bytes, { trustAnchors: job.trustAnchors, timeLimitMs: job.timeLimitMs, maxBytes: job.maxBytes, at: job.at ? new Date(job.at) : undefined });
  return inspect(job.bytes, job.timeLimitMs);
}

// The parent gone (api stopped or killed): nothing left to answer.
process.on('disconnect', () => process.exit(0));
process.once('message', (m: { job: PdfJob }) => {
  void answer(m.job).then((result) => process.send!({ result }));
});
