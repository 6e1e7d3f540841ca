/**
 * A verified identity as Justera keeps it (JSON on an e-legitimation attempt and on the approving
 * undertecknare, `justering_signatories.identity`), read back with its shape checked: the api (the
 * approve re-check) and the worker (the signer certificate's name, the appearance's provider) both
 * read it, and a malformed record must stop the signing rather than sign in an empty or wrong name.
 */
import type { VerifiedIdentity } from './identity-provider';

/** The stored form: `authTime` as an ISO string. No token is ever part of it. */
export interface StoredIdentity {
  provider: string;
  iss: string;
  sub: string;
  name: string;
  givenName?: string;
  familyName?: string;
  personalNumberHash?: string;
  authTime: string | null;
  acr: string | null;
}

export class StoredIdentityError extends Error {
  constructor(reason: string) {
    super(`stored identity is malformed: ${reason}`);
    this.name = 'StoredIdentityError';
  }
}

export function storedIdentity(i: VerifiedIdentity): StoredIdentity {
  return {
    provider: i.provider,
    iss: i.iss,
    sub: i.sub,
    name: i.name,
    ...(i.givenName !== undefined ? { givenName: i.givenName } : {}),
    ...(i.familyName !== undefined ? { familyName: i.familyName } : {}),
    ...(i.personalNumberHash !== undefined ? { personalNumberHash: i.personalNumberHash } : {}),
    authTime: i.authTime ? i.authTime.toISOString() : null,
    acr: i.acr,
  };
}

function text(o: Record<string, unknown>, key: string, required: true): string;
function text(o: Record<string, unknown>, key: string, required: false): string | undefined;
function text(o: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = o[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string') throw new StoredIdentityError(`${key} is not a string`);
  if (required && !v.trim()) throw new StoredIdentityError(`${key} is empty`);
  return v;
}

/**
 * The stored JSON (a string, or already parsed) back as a VerifiedIdentity; throws StoredIdentityError
 * when it is not JSON, not an object, or a field is missing or of the wrong type (provider, iss, sub
 * and name non-empty strings; authTime null or a valid ISO time; acr null or a string).
 */
export function fromStored(stored: string | unknown): VerifiedIdentity {
  let raw: unknown = stored;
  if (typeof stored === 'string') {
    try {
      raw = JSON.parse(stored);
    } catch {
      throw new StoredIdentityError('not JSON');
    }
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new StoredIdentityError('not an object');
  const o = raw as Record<string, unknown>;
  const authTimeRaw = o.authTime ?? null;
  if (authTimeRaw !== null && typeof authTimeRaw !== 'string') throw new StoredIdentityError('authTime is not a string');
  const authTime = authTimeRaw === null ? null : new Date(authTimeRaw);
  if (authTime && Number.isNaN(authTime.getTime())) throw new StoredIdentityError('authTime is not a time');
  const acr = o.acr ?? null;
  if (acr !== null && typeof acr !== 'string') throw new StoredIdentityError('acr is not a string');
  const givenName = text(o, 'givenName', false);
  const familyName = text(o, 'familyName', false);
  const personalNumberHash = text(o, 'personalNumberHash', false);
  return {
    provider: text(o, 'provider', true),
    iss: text(o, 'iss', true),
    sub: text(o, 'sub', true),
    name: text(o, 'name', true),
    ...(givenName !== undefined ? { givenName } : {}),
    ...(familyName !== undefined ? { familyName } : {}),
    ...(personalNumberHash !== undefined ? { personalNumberHash } : {}),
    authTime,
    acr,
  };
}

/** What the audit trail and the evidence keep of an identity: never a token, never the personal number (nor its hash). */
export function auditedIdentity(i: VerifiedIdentity) {
  return { provider: i.provider, iss: i.iss, sub: i.sub, name: i.name, authTime: i.authTime ? i.authTime.toISOString() : null, acr: i.acr };
}
