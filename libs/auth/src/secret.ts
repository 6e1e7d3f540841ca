import { hkdfSync } from 'node:crypto';

/**
 * The server secret (JUSTERA_SECRET) comes from the environment. It keys the CSRF HMAC and anything
 * else the server must be able to recompute; it never signs PDFs (that is the signing key's job).
 */

/**
 * The placeholder shipped in docker/.env.example. libs/config refuses it (and anything starting with
 * CHANGE_ME) whenever it is set, and refuses a missing secret in production.
 */
export const PLACEHOLDER_SECRET = 'CHANGE_ME_TO_A_LONG_RANDOM_VALUE';

/** Minimum length of JUSTERA_SECRET in production: 32 characters (openssl rand -base64 48 gives 64). */
export const MIN_SECRET_LENGTH = 32;

export type SecretProblemCode = 'missing' | 'placeholder' | 'too-short' | 'low-variety';

export interface SecretProblem {
  code: SecretProblemCode;
  /** English: for the operator reading the boot log. */
  message: string;
}

/**
 * Checks JUSTERA_SECRET. In production every problem is fatal (the config loader should throw with
 * the messages); outside production only a missing secret is reported, so tests and local runs may
 * use a short fixed value.
 */
export function checkServerSecret(value: string | undefined | null, opts: { production: boolean }): SecretProblem[] {
  if (typeof value !== 'string' || value.trim() === '') {
    return [{ code: 'missing', message: 'JUSTERA_SECRET is not set. Generate one with: openssl rand -base64 48' }];
  }
  if (!opts.production) return [];
  const problems: SecretProblem[] = [];
  if (value === PLACEHOLDER_SECRET || /change[-_]?me|byt[-_]?mig|placeholder|example/i.test(value)) {
    problems.push({ code: 'placeholder', message: 'JUSTERA_SECRET still holds the placeholder from .env.example. Generate a real one with: openssl rand -base64 48' });
  }
  if (value.length < MIN_SECRET_LENGTH) {
    problems.push({ code: 'too-short', message: `JUSTERA_SECRET must be at least ${MIN_SECRET_LENGTH} characters in production.` });
  }
  if (new Set(value).size < 10) {
    problems.push({ code: 'low-variety', message: 'JUSTERA_SECRET does not look random (too few distinct characters).' });
  }
  return problems;
}

/**
 * Derives an independent 32-byte key for one purpose from the server secret (HKDF-SHA256, RFC 5869),
 * so that a value computed for one purpose can never be replayed as another.
 */
export function deriveKey(secret: string | Buffer, purpose: string): Buffer {
  if ((typeof secret !== 'string' && !Buffer.isBuffer(secret)) || secret.length === 0) {
    throw new TypeError('secret must be a non-empty string or Buffer');
  }
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `justera/${purpose}`, 32));
}
