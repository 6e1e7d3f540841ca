import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deriveKey } from './secret';

/**
 * Text kept encrypted at rest with a key that is not in the database: AES-256-GCM under a key derived
 * from JUSTERA_SECRET (HKDF, purpose "sealed-text/v1"), bound to a context string (e.g. the row id)
 * as associated data, so a sealed value cannot be moved to another row. Used for queued mail bodies,
 * which carry live signing links until they are sent (docs/security.md).
 *
 * Format: `sealed:v1:<iv>:<tag>:<ciphertext>`, each base64url.
 */
const PREFIX = 'sealed:v1:';

export function isSealedText(value: string): boolean {
  return value.startsWith(PREFIX);
}

export function sealText(secret: string | Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secret, 'sealed-text/v1'), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${ct.toString('base64url')}`;
}

/** The plaintext; throws when the value was not sealed with this secret and context, or was altered. */
export function openText(secret: string | Buffer, sealed: string, context: string): string {
  if (!isSealedText(sealed)) throw new Error('not a sealed value');
  const [iv, tag, ct] = sealed.slice(PREFIX.length).split(':');
  if (!iv || !tag || ct === undefined) throw new Error('malformed sealed value');
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(secret, 'sealed-text/v1'), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}
