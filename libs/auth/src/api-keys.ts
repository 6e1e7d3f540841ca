import { randomBytes } from 'node:crypto';
import { constantTimeEqual, hashToken } from './tokens';

/**
 * API keys for machine clients (a municipality's website fetching notices, an archive system).
 *
 *   jst_<publicId>_<secret>
 *
 * `publicId` is 16 hex characters (64 random bits): it names the key in lists, logs and the
 * database lookup, and is not secret. `secret` is 64 hex characters (256 random bits); only its
 * SHA-256 is stored. Hex keeps the `_` separators unambiguous and the key copy-paste safe (no `-`,
 * `+`, `/` or `=` that some tools break lines on). The `jst_` prefix lets secret scanners recognise a
 * leaked key. The full key is shown once, at creation.
 */

export const API_KEY_PREFIX = 'jst';
const PUBLIC_ID_BYTES = 8;
const SECRET_BYTES = 32;
const API_KEY_RE = /^jst_([0-9a-f]{16})_([0-9a-f]{64})$/;

export interface NewApiKey {
  /** The full key. Show it to the user once; never store or log it. */
  key: string;
  /** Store this (unique index); it is how a presented key is found. */
  publicId: string;
  /** Store this: SHA-256 hex of the secret part. */
  secretHash: string;
}

export interface ParsedApiKey {
  publicId: string;
  secret: string;
}

export function newApiKey(): NewApiKey {
  const publicId = randomBytes(PUBLIC_ID_BYTES).toString('hex');
  const secret = randomBytes(SECRET_BYTES).toString('hex');
  return { key: `${API_KEY_PREFIX}_${publicId}_${secret}`, publicId, secretHash: hashToken(secret) };
}

/**
 * Splits a presented key into its parts, or returns null when it is not a well-formed key (wrong
 * prefix, wrong lengths, upper-case or non-hex characters, surrounding whitespace, non-string).
 * Never throws, so it can be called on any header value.
 */
export function parseApiKey(raw: unknown): ParsedApiKey | null {
  if (typeof raw !== 'string' || raw.length !== 85) return null;
  const m = API_KEY_RE.exec(raw);
  if (!m) return null;
  return { publicId: m[1], secret: m[2] };
}

/** True when the secret part of a presented key hashes to the stored `secretHash` (constant time). */
export function verifyApiKeySecret(secret: string, secretHash: string): boolean {
  if (typeof secret !== 'string' || typeof secretHash !== 'string') return false;
  return constantTimeEqual(hashToken(secret), secretHash.toLowerCase());
}

/**
 * Full check of a presented key against the stored row found by its publicId:
 * `verifyApiKey(raw, row.publicId, row.secretHash)`.
 */
export function verifyApiKey(raw: unknown, publicId: string, secretHash: string): boolean {
  const parsed = parseApiKey(raw);
  if (!parsed) return false;
  const idOk = constantTimeEqual(parsed.publicId, publicId);
  const secretOk = verifyApiKeySecret(parsed.secret, secretHash);
  return idOk && secretOk;
}

/** What a UI may display about a key after creation: `jst_<publicId>_…`. */
export function apiKeyHint(publicId: string): string {
  return `${API_KEY_PREFIX}_${publicId}_…`;
}
