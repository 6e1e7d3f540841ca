import { IdentityError, VerifiedIdentity } from './identity-provider';
import { hashPersonalNumber } from './personal-number';

/** Which claims carry what, and what the ID token must satisfy (from AppConfig's identity section). */
export interface ClaimRules {
  /** Provider label (VerifiedIdentity.provider). */
  label: string;
  /** The expected issuer (exactly as discovered). */
  issuer: string;
  clientId: string;
  /** Claim with the full name (default "name"); given_name + family_name when it is absent. */
  nameClaim: string;
  /** Claim with the personal identity number, if the provider gives one. */
  personalNumberClaim?: string;
  /** Acceptable acr values; empty: any. */
  acrValues: string[];
  /** Allowed JWS algorithms of the ID token. */
  algorithms: string[];
  /** Clock skew tolerated on exp, nbf, iat and auth_time, seconds. */
  skewSeconds: number;
  /** The authentication must be at most this old when the callback arrives, seconds (0: not checked). */
  maxAuthAgeSeconds: number;
  /**
   * Further claims to hand back as they are (VerifiedIdentity.extra), e.g. `email` and
   * `email_verified` for staff single sign-on; asked from userinfo when the ID token lacks them.
   */
  extraClaims?: string[];
}

type Claims = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Checks an ID token's claims (already signature-verified by the adapter) independently of the OIDC
 * library: issuer, audience (and azp with several audiences), nonce, expiry, not-before, issued-at
 * and auth_time with the skew, the acr, and the header's algorithm. Throws an IdentityError.
 */
export function checkIdToken(header: { alg?: unknown }, claims: Claims, rules: ClaimRules, expectedNonce: string, now: Date): void {
  const alg = typeof header.alg === 'string' ? header.alg : '';
  if (!rules.algorithms.includes(alg))
    throw new IdentityError('unexpected_alg', `ID token signed with "${alg || 'none'}", allowed: ${rules.algorithms.join(', ')}`);
  if (claims.iss !== rules.issuer) throw new IdentityError('wrong_issuer', `iss ${JSON.stringify(claims.iss)} is not ${rules.issuer}`);
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(rules.clientId))
    throw new IdentityError('wrong_audience', `aud ${JSON.stringify(claims.aud)} does not include the client id`);
  if (aud.length > 1 && claims.azp !== rules.clientId)
    throw new IdentityError('wrong_audience', 'several audiences and azp is not the client id');
  if (claims.nonce !== expectedNonce) throw new IdentityError('nonce_mismatch', 'the nonce is not the one sent');
  const t = now.getTime() / 1000;
  const skew = rules.skewSeconds;
  const exp = num(claims.exp);
  if (exp === undefined) throw new IdentityError('invalid_token', 'no exp');
  if (exp <= t - skew) throw new IdentityError('expired', `exp ${exp} is before now ${Math.floor(t)}`);
  const nbf = num(claims.nbf);
  if (nbf !== undefined && nbf > t + skew) throw new IdentityError('not_yet_valid', `nbf ${nbf} is after now ${Math.floor(t)}`);
  const iat = num(claims.iat);
  if (iat === undefined) throw new IdentityError('invalid_token', 'no iat');
  if (iat > t + skew) throw new IdentityError('not_yet_valid', `iat ${iat} is after now ${Math.floor(t)}`);
  const authTime = num(claims.auth_time);
  if (authTime !== undefined && authTime > t + skew) throw new IdentityError('not_yet_valid', `auth_time ${authTime} is after now`);
  if (rules.maxAuthAgeSeconds > 0) {
    if (authTime === undefined) throw new IdentityError('missing_claim', 'no auth_time (max_age was requested)');
    if (authTime < t - rules.maxAuthAgeSeconds - skew)
      throw new IdentityError('auth_too_old', `auth_time ${authTime} is older than ${rules.maxAuthAgeSeconds} s`);
  }
  if (rules.acrValues.length) {
    const acr = str(claims.acr);
    if (!acr || !rules.acrValues.includes(acr))
      throw new IdentityError('acr_not_met', `acr ${JSON.stringify(claims.acr ?? null)} is not one of ${rules.acrValues.join(', ')}`);
  }
}

/**
 * The verified identity from the ID token's claims (merged with the userinfo claims, the ID token
 * winning): the name from the configured claim (else given_name + family_name), the personal identity
 * number only as a keyed hash. Throws missing_claim without sub or a name.
 */
export function mapClaims(claims: Claims, rules: ClaimRules, personalNumberKey: Buffer): VerifiedIdentity {
  const sub = str(claims.sub);
  if (!sub) throw new IdentityError('missing_claim', 'no sub');
  const givenName = str(claims.given_name);
  const familyName = str(claims.family_name);
  const name = str(claims[rules.nameClaim]) ?? (givenName && familyName ? `${givenName} ${familyName}` : undefined);
  if (!name) throw new IdentityError('missing_claim', `no "${rules.nameClaim}" claim and no given_name + family_name`);
  if (name.length > 200) throw new IdentityError('invalid_token', 'the name is longer than 200 characters');
  let personalNumberHash: string | undefined;
  if (rules.personalNumberClaim) {
    const raw = claims[rules.personalNumberClaim];
    const pnr = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
    personalNumberHash = (pnr && hashPersonalNumber(pnr, personalNumberKey)) || undefined;
  }
  const authTime = num(claims.auth_time);
  const extra: Record<string, unknown> = {};
  for (const c of rules.extraClaims ?? []) if (claims[c] !== undefined && c !== rules.personalNumberClaim) extra[c] = claims[c];
  return {
    provider: rules.label,
    iss: String(claims.iss),
    sub,
    name,
    ...(givenName ? { givenName } : {}),
    ...(familyName ? { familyName } : {}),
    ...(personalNumberHash ? { personalNumberHash } : {}),
    authTime: authTime !== undefined ? new Date(authTime * 1000) : null,
    acr: str(claims.acr) ?? null,
    ...(rules.extraClaims?.length ? { extra } : {}),
  };
}
