/**
 * The child process of the PDF pool (child-pool.ts): answers exactly one job and is then killed by the
 * parent. It holds nothing of the api (no database, no secrets beyond the public trust anchors).
 */
import { PdfReadError, PdfReader } from '@justera/pdf-reader';
import { validatePdf, type ValidationReport } from '@justera/validation';
import type { PdfJob, PdfInspection } from './pdf-jobs';

function inspect(bytes: Uint8Array, timeLimitMs: number): PdfInspection {
  try {
    const reader = PdfReader.open(bytes, { timeLimitMs });
    if (reader.encrypted) return { ok: true, encrypted: true, pages: 0 };
    const pages = reader.pages().length;
    if (pages === 0) return { ok: false, message: 'dokumentet har inga sidor' };
    return { ok: true, encrypted: false, pages };
  } catch (err) {
    return { ok: false, message: err instanceof PdfReadError ? err.message : err instanceof Error ? err.message : 'okänt fel' };
  }
}

function answer(job: PdfJob): ValidationReport | PdfInspection {
  if (job.kind === 'validate') return validatePdf(job.bytes, { trustAnchors: job.trustAnchors, timeLimitMs: job.timeLimitMs, maxBytes: job.maxBytes, at: job.at ? new Date(job.at) : undefined });
  return inspect(job.bytes, job.timeLimitMs);
}

// The parent gone (api stopped or killed): nothing left to answer.
process.on('disconnect', () => process.exit(0));
process.once('message', (m: { job: PdfJob }) => {
  process.send!({ result: answer(m.job) });
});
