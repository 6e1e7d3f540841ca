import { createHmac } from 'node:crypto';
import { deriveKey } from '@justera/auth';

/**
 * The personal identity number (personnummer, samordningsnummer) is never stored, printed or logged:
 * only a keyed HMAC-SHA256 of its twelve digits, with a key derived from JUSTERA_SECRET for this one
 * purpose (HKDF, purpose "identity/personal-number"). Without the secret the hash cannot be turned
 * back into a number by trying the few billion possible numbers; with it, an installation can still
 * recognise the same person again (docs/identity.md).
 */
export function personalNumberKey(secret: string): Buffer {
  return deriveKey(secret, 'identity/personal-number');
}

/**
 * The twelve digits of a Swedish personal identity number (YYYYMMDDNNNC), or null when the value is not
 * one. Ten-digit forms ("YYMMDD-NNNC", "YYMMDD+NNNC") are widened with the century the sign implies,
 * relative to `today`.
 */
export function normalisePersonalNumber(raw: string, today: Date = new Date()): string | null {
  const s = raw.trim();
  let m = /^(\d{8})-?(\d{4})$/.exec(s);
  if (m) return m[1] + m[2];
  m = /^(\d{6})([-+]?)(\d{4})$/.exec(s);
  if (!m) return null;
  const yy = Number(m[1].slice(0, 2));
  const year = today.getUTCFullYear();
  let century = Math.floor(year / 100) * 100;
  if (century + yy > year) century -= 100;
  if (m[2] === '+') century -= 100;
  return String(century + yy) + m[1].slice(2) + m[3];
}

/** HMAC-SHA256 (hex) of the normalised number with the purpose key; null when it is not a number. */
export function hashPersonalNumber(raw: string, key: Buffer): string | null {
  const digits = normalisePersonalNumber(raw);
  if (!digits) return null;
  return createHmac('sha256', key).update(digits).digest('hex');
}
