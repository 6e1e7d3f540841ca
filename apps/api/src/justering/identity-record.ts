import type { VerifiedIdentity } from '@justera/identity';

/** A verified identity as stored (JSON) on an attempt and on the approving signatory. */
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

export function storedIdentity(i: VerifiedIdentity): StoredIdentity {
  return { ...i, authTime: i.authTime ? i.authTime.toISOString() : null };
}

export function fromStored(s: StoredIdentity): VerifiedIdentity {
  return { ...s, authTime: s.authTime ? new Date(s.authTime) : null };
}

/** What the audit trail and the evidence keep of an identity: never a token, never the personal number (nor its hash). */
export function auditedIdentity(i: VerifiedIdentity) {
  return { provider: i.provider, iss: i.iss, sub: i.sub, name: i.name, authTime: i.authTime ? i.authTime.toISOString() : null, acr: i.acr };
}
