import { createHmac, timingSafeEqual } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DomainError } from '@justera/application';
import type { ValidationReport } from '@justera/validation';
import type { KnownInReport } from './validation.service';

/**
 * The result of an upload on /validera, carried by the page itself so that "Ladda ned rapporten som
 * PDF" works without uploading the file again and without Justera keeping the file or the result: the
 * report (only its public part: no evidence) as gzipped JSON, base64url, with its expiry and an HMAC
 * under a key derived from JUSTERA_SECRET. The server seals only a report it made itself, within
 * REPORT_TOKEN_TTL_MS of the upload (docs/validation.md, "The report as a PDF").
 */
export type TokenReport = ValidationReport & { knownDocument?: KnownInReport | null };

/** How long the result page's PDF button works. */
export const REPORT_TOKEN_TTL_MS = 60 * 60 * 1000;
/** Above this the token is not offered (the form body limit is 1 MB); the page offers the upload instead. */
export const REPORT_TOKEN_MAX_CHARS = 900_000;
/** The largest report a token may unpack to. */
const MAX_JSON_BYTES = 16 * 2 ** 20;

const keyFor = (secret: string) => createHmac('sha256', secret).update('justera-validation-report-token-v1').digest();
const mac = (secret: string, payload: string) => createHmac('sha256', keyFor(secret)).update(payload).digest('base64url');

/** The report without what only an authorised caller may see (the evidence), for the token and the sealed PDF. */
export function publicReport(report: TokenReport): TokenReport {
  if (!report.knownDocument) return report;
  const { evidence: _evidence, ...known } = report.knownDocument;
  return { ...report, knownDocument: known as KnownInReport };
}

/** A token of the report, or null when it would be too large for the page's form. */
export function reportToken(report: TokenReport, secret: string, now = Date.now()): string | null {
  const json = JSON.stringify({ exp: now + REPORT_TOKEN_TTL_MS, report: publicReport(report) });
  const payload = gzipSync(Buffer.from(json, 'utf8')).toString('base64url');
  const token = `${payload}.${mac(secret, payload)}`;
  return token.length <= REPORT_TOKEN_MAX_CHARS ? token : null;
}

/** The report of a token made by reportToken; a forged, damaged or expired token is refused in Swedish. */
export function openReportToken(token: unknown, secret: string, now = Date.now()): TokenReport {
  const bad = () =>
    new DomainError('invalid_request', 'Rapporten kunde inte skapas: resultatet känns inte igen. Ladda upp filen igen.', [
      { path: 'rapport', message: 'invalid' },
    ]);
  if (typeof token !== 'string' || token.length > REPORT_TOKEN_MAX_CHARS) throw bad();
  const [payload, tag, ...rest] = token.split('.');
  if (!payload || !tag || rest.length) throw bad();
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(tag);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw bad();
  let parsed: { exp: number; report: TokenReport };
  try {
    parsed = JSON.parse(
      gunzipSync(Buffer.from(payload, 'base64url'), { maxOutputLength: MAX_JSON_BYTES }).toString('utf8'),
    ) as typeof parsed;
  } catch {
    throw bad();
  }
  if (typeof parsed.exp !== 'number' || parsed.exp < now)
    throw new DomainError(
      'invalid_request',
      'Resultatet är för gammalt för att bli en rapport (det gäller en timme). Ladda upp filen igen.',
      [{ path: 'rapport', message: 'expired' }],
    );
  return parsed.report;
}
