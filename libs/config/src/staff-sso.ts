/**
 * Staff single sign-on through the organisation's OpenID provider (JUSTERA_SSO_*; docs/identity.md,
 * "Staff single sign-on"). A client of its own, separate from the signer's e-legitimation
 * (JUSTERA_OIDC_*): the staff log in at the municipality's provider (Entra ID, AD FS, Keycloak),
 * the signers usually at a BankID/Freja broker. The variables are the JUSTERA_OIDC_* ones with the
 * prefix JUSTERA_SSO_ and the same checks, with other defaults, plus the claim that carries the
 * e-mail address a user is matched by.
 */
import { oidcConfig, type OidcConfig } from './identity';

type Env = Record<string, string | undefined>;

export interface StaffSsoConfig extends OidcConfig {
  /** The claim holding the e-mail address a Justera user is matched by (JUSTERA_SSO_MATCH_CLAIM, default "email", which also needs email_verified). */
  matchClaim: string;
}

const PREFIX = 'JUSTERA_SSO_';

export function staffSsoConfig(env: Env, production: boolean, problems: string[]): StaffSsoConfig | undefined {
  const own: Env = {};
  for (const [k, v] of Object.entries(env))
    if (k.startsWith(PREFIX) && k !== 'JUSTERA_SSO_MATCH_CLAIM') own[`JUSTERA_OIDC_${k.slice(PREFIX.length)}`] = v;
  if (!own.JUSTERA_OIDC_ISSUER?.trim()) {
    // Reports "JUSTERA_SSO_ISSUER is required with …" for any other JUSTERA_SSO_* variable set.
    if (env.JUSTERA_SSO_MATCH_CLAIM) own.JUSTERA_OIDC_MATCH_CLAIM = env.JUSTERA_SSO_MATCH_CLAIM;
    oidcConfigOf(own, production, problems);
    return undefined;
  }
  // Staff defaults: the e-mail scope, and no max_age (the provider's own session is what single sign-on is for).
  own.JUSTERA_OIDC_SCOPES ||= 'openid profile email';
  own.JUSTERA_OIDC_MAX_AGE_SECONDS ||= '0';
  own.JUSTERA_OIDC_PROVIDER_LABEL ||= 'organisationens inloggning';
  const base = oidcConfigOf(own, production, problems);
  if (!base) return undefined;
  const matchClaim = env.JUSTERA_SSO_MATCH_CLAIM?.trim() || 'email';
  if (!/^[A-Za-z0-9_.:/#-]{1,200}$/.test(matchClaim)) problems.push('JUSTERA_SSO_MATCH_CLAIM is not a claim name');
  if (base.personalNumberClaim) problems.push('JUSTERA_SSO_PNR_CLAIM is not used for staff single sign-on');
  return { ...base, matchClaim };
}

/** oidcConfig over the renamed variables, with the problems named by the staff variables. */
function oidcConfigOf(own: Env, production: boolean, problems: string[]): OidcConfig | undefined {
  const mine: string[] = [];
  const c = oidcConfig(own, production, mine);
  problems.push(...mine.map((p) => p.replace(/JUSTERA_OIDC_/g, PREFIX)));
  return c;
}
