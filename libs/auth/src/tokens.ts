import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Opaque bearer tokens (sessions, e-mailed signing links, password-reset links).
 *
 * A token is random bytes in base64url, at least 128 bits. The database stores only
 * `hashToken(token)`, a SHA-256 hex digest, so a leaked database or backup gives no usable tokens.
 *
 * Why a fast hash is right here and scrypt would be wrong: slow hashes exist to make guessing a
 * low-entropy secret (a password) expensive. A 256-bit random token cannot be guessed, fast hash or
 * not: 2^256 pre-images are out of reach. A fast hash also lets us look a token up by its digest
 * with an ordinary unique index, which a salted slow hash would not allow.
 */

export const MIN_TOKEN_BYTES = 16;
export const DEFAULT_TOKEN_BYTES = 32;

/** A fresh random token, base64url without padding. `bytes` must be at least 16 (128 bits). */
export function newToken(bytes: number = DEFAULT_TOKEN_BYTES): string {
  if (!Number.isInteger(bytes) || bytes < MIN_TOKEN_BYTES || bytes > 1024) {
    throw new RangeError(`token size must be an integer from ${MIN_TOKEN_BYTES} to 1024 bytes, got ${bytes}`);
  }
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of the token's UTF-8 bytes as 64 lower-case hex characters: what the database stores. */
export function hashToken(token: string): string {
  if (typeof token !== 'string') throw new TypeError('token must be a string');
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Constant-time string comparison. Both sides are hashed first, so neither the content nor the
 * length of the expected value leaks through timing. Non-strings compare unequal.
 */
export function constantTimeEqual(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  // The hash comparison alone decides; `a === b` after it would reintroduce early exit on length.
  return timingSafeEqual(ha, hb);
}

/** True when `token` hashes to `storedHash` (hex), compared in constant time. */
export function tokenMatchesHash(token: unknown, storedHash: unknown): boolean {
  if (typeof token !== 'string' || typeof storedHash !== 'string') return false;
  return constantTimeEqual(hashToken(token), storedHash.toLowerCase());
}

/** Shape check before any lookup: base64url, 22 to 1400 characters. Rejects without throwing. */
export function looksLikeToken(raw: unknown): raw is string {
  return typeof raw === 'string' && /^[A-Za-z0-9_-]{22,1400}$/.test(raw);
}

export interface IssuedToken {
  /** Give this to the user (cookie, e-mail link) exactly once; never store or log it. */
  token: string;
  /** Store this; look the token up by `hashToken(presented)`. */
  tokenHash: string;
}

/**
 * A signing-link token for the e-mailed justering links: 256 random bits, only the hash is stored.
 *
 * No HMAC "tamper-evident" variant: an HMAC over (round id, signer, expiry) would let the server
 * check a link without a database read, but every link is checked against its database row anyway
 * (is the round still open? has this signer already signed? was the link revoked by a new version?),
 * and an unguessable random token that exists only as a hash in that row already proves the holder
 * received the e-mail. An HMAC would add a second secret to rotate and nothing an attacker could not
 * already fail to forge.
 */
export function newLinkToken(): IssuedToken {
  const token = newToken(DEFAULT_TOKEN_BYTES);
  return { token, tokenHash: hashToken(token) };
}

/** A session token for the session cookie: 256 random bits, only the hash is stored. */
export function newSessionToken(): IssuedToken {
  const token = newToken(DEFAULT_TOKEN_BYTES);
  return { token, tokenHash: hashToken(token) };
}
