/**
 * The IdentityProvider port: how Justera learns who a signer is (docs/identity.md). The justering sees
 * only this port, so an OpenID Connect broker (the adapter in oidc.ts), BankID's own relying-party API
 * or the Sweden Connect signature service can stand behind it without touching the justering.
 */

/** What the caller keeps (server-side) between starting an authentication and its callback. */
export interface PendingAuthentication {
  /** Sent to the provider and expected back unchanged (random, 256 bits of entropy or more). */
  state: string;
  /** Expected in the ID token (random). */
  nonce: string;
  /** PKCE code verifier (RFC 7636); never leaves the server. */
  codeVerifier: string;
}

export interface StartedAuthentication {
  /** Where the browser goes: the provider's authorization endpoint with every parameter. */
  redirectUrl: string;
  /** Keep this server-side (never in a URL or a page) and hand it to `finish`. */
  pending: PendingAuthentication;
}

/** A person the provider verified. Holds no token and never the personal identity number itself. */
export interface VerifiedIdentity {
  /** The configured provider label shown to people ("Freja eID", "BankID via Svensk e-identitet"). */
  provider: string;
  iss: string;
  sub: string;
  /** The verified full name (the configured name claim, or given_name + family_name). */
  name: string;
  givenName?: string;
  familyName?: string;
  /** Keyed HMAC-SHA256 (hex) of the personal identity number, when the provider gives one. */
  personalNumberHash?: string;
  /** When the person authenticated at the provider (the ID token's auth_time), or null if not given. */
  authTime: Date | null;
  /** The authentication context class the provider asserts (the ID token's acr), or null. */
  acr: string | null;
  /** The claims named in ClaimRules.extraClaims that the provider gave (never the personal number). */
  extra?: Record<string, unknown>;
}

export interface IdentityProvider {
  /** The label of this provider (as in VerifiedIdentity.provider). */
  readonly label: string;
  /** Starts an authentication that returns to `redirectUri`. */
  start(redirectUri: string): Promise<StartedAuthentication>;
  /**
   * Finishes it from the callback: `callbackUrl` is the full URL the provider redirected the browser to
   * (query with code and state). Throws an IdentityError when anything does not hold.
   */
  finish(callbackUrl: URL, pending: PendingAuthentication, redirectUri: string): Promise<VerifiedIdentity>;
  /**
   * Where to send the browser to end the person's session at the provider too (RP-initiated logout),
   * or null when the provider offers no such endpoint (or cannot be reached).
   */
  endSessionUrl?(postLogoutRedirectUri: string): Promise<string | null>;
}

/** Why an authentication failed; each has a Swedish text for the signer (identityErrorText). */
export type IdentityErrorCode =
  | 'state_mismatch'
  | 'provider_error'
  | 'cancelled'
  | 'code_rejected'
  | 'nonce_mismatch'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'expired'
  | 'not_yet_valid'
  | 'unexpected_alg'
  | 'acr_not_met'
  | 'auth_too_old'
  | 'missing_claim'
  | 'invalid_token'
  | 'provider_unavailable';

export class IdentityError extends Error {
  constructor(
    readonly code: IdentityErrorCode,
    /** English detail for the log and the audit trail (never a token, never a personal number). */
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'IdentityError';
  }
}

const TEXT_SV: Record<IdentityErrorCode, string> = {
  state_mismatch: 'Inloggningen kunde inte kopplas till din länk. Börja om från länken i e-postmeddelandet.',
  provider_error: 'E-legitimationstjänsten kunde inte identifiera dig.',
  cancelled: 'Identifieringen avbröts.',
  code_rejected: 'Inloggningen har redan använts eller gått ut. Börja om från länken i e-postmeddelandet.',
  nonce_mismatch: 'Svaret från e-legitimationstjänsten hörde inte till den här inloggningen.',
  wrong_audience: 'Svaret från e-legitimationstjänsten var inte utfärdat till Justera.',
  wrong_issuer: 'Svaret kom inte från den e-legitimationstjänst som Justera använder.',
  expired: 'Svaret från e-legitimationstjänsten har gått ut.',
  not_yet_valid: 'Svaret från e-legitimationstjänsten är daterat i framtiden.',
  unexpected_alg: 'Svaret från e-legitimationstjänsten var signerat på ett sätt som Justera inte godtar.',
  acr_not_met: 'Inloggningen gjordes inte med den nivå av e-legitimation som krävs.',
  auth_too_old: 'Inloggningen är för gammal. Identifiera dig på nytt.',
  missing_claim: 'E-legitimationstjänsten lämnade inte ditt namn.',
  invalid_token: 'Svaret från e-legitimationstjänsten kunde inte kontrolleras.',
  provider_unavailable: 'E-legitimationstjänsten svarar inte just nu. Försök igen om en stund.',
};

/** The Swedish sentence a signer reads for a failed authentication (nothing technical). */
export function identityErrorText(code: IdentityErrorCode): string {
  return TEXT_SV[code];
}
