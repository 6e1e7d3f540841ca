/**
 * The signer's e-legitimation through an OpenID provider (JUSTERA_OIDC_*; docs/identity.md). Absent
 * when JUSTERA_OIDC_ISSUER is unset: organs can then only use the e-mailed link.
 */
type Env = Record<string, string | undefined>;

export interface OidcConfig {
  /** Issuer identifier; its /.well-known/openid-configuration is discovered (JUSTERA_OIDC_ISSUER). */
  issuer: string;
  clientId: string;
  /** The client secret (JUSTERA_OIDC_CLIENT_SECRET): from the environment only, never logged. */
  clientSecret: string;
  /** Space-separated scopes, always with openid (JUSTERA_OIDC_SCOPES, default "openid profile"). */
  scopes: string;
  /** Claim with the full name (JUSTERA_OIDC_NAME_CLAIM, default "name"). */
  nameClaim: string;
  /** Claim with the personal identity number, if any (JUSTERA_OIDC_PNR_CLAIM). */
  personalNumberClaim?: string;
  /** acr values requested and required (JUSTERA_OIDC_ACR_VALUES, space or comma separated; none: any). */
  acrValues: string[];
  /** Shown to people: "Identifierad med e-legitimation (<label>)" (JUSTERA_OIDC_PROVIDER_LABEL, default the issuer's host). */
  label: string;
  /** Accepted ID token algorithms (JUSTERA_OIDC_ID_TOKEN_ALGS, default RS256,PS256,ES256; never none or HS*). */
  algorithms: string[];
  /** Timeout of each request to the provider (JUSTERA_OIDC_TIMEOUT_MS, default 10000). */
  timeoutMs: number;
  /** Clock skew tolerated on the ID token's times (JUSTERA_OIDC_CLOCK_SKEW_SECONDS, default 60). */
  skewSeconds: number;
  /** The authentication must be at most this old (max_age; JUSTERA_OIDC_MAX_AGE_SECONDS, default 600, 0: not asked). */
  maxAuthAgeSeconds: number;
  /** http:// issuer allowed (only a loopback issuer outside production). */
  allowHttp: boolean;
}

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

function whole(env: Env, name: string, def: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return def;
  if (!/^\s*\d+\s*$/.test(raw)) {
    problems.push(`${name} must be a whole number, got "${raw}"`);
    return def;
  }
  const n = Number(raw);
  if (n < min || n > max) problems.push(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

const list = (raw: string | undefined): string[] =>
  (raw ?? '')
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export function oidcConfig(env: Env, production: boolean, problems: string[]): OidcConfig | undefined {
  const names = Object.keys(env).filter((k) => k.startsWith('JUSTERA_OIDC_') && env[k]);
  const issuerRaw = env.JUSTERA_OIDC_ISSUER?.trim();
  if (!issuerRaw) {
    if (names.length) problems.push(`JUSTERA_OIDC_ISSUER is required with ${names.join(', ')}`);
    return undefined;
  }
  let issuer = issuerRaw;
  let allowHttp = false;
  let host = '';
  try {
    const u = new URL(issuerRaw);
    host = u.hostname;
    if (u.search || u.hash) problems.push('JUSTERA_OIDC_ISSUER must not have a query or a fragment');
    if (u.protocol === 'http:') {
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
      if (production || !loopback)
        problems.push('JUSTERA_OIDC_ISSUER must be https:// (http:// only for a loopback test provider outside production)');
      allowHttp = true;
    } else if (u.protocol !== 'https:') problems.push('JUSTERA_OIDC_ISSUER must start with https://');
  } catch {
    problems.push('JUSTERA_OIDC_ISSUER is not a valid URL');
    issuer = '';
  }
  const clientId = env.JUSTERA_OIDC_CLIENT_ID?.trim() ?? '';
  if (!clientId) problems.push('JUSTERA_OIDC_CLIENT_ID is required with JUSTERA_OIDC_ISSUER');
  const clientSecret = env.JUSTERA_OIDC_CLIENT_SECRET ?? '';
  if (!clientSecret) problems.push('JUSTERA_OIDC_CLIENT_SECRET is required with JUSTERA_OIDC_ISSUER');
  const scopes = list(env.JUSTERA_OIDC_SCOPES || 'openid profile');
  if (!scopes.includes('openid')) scopes.unshift('openid');
  if (scopes.some((s) => !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(s)))
    problems.push('JUSTERA_OIDC_SCOPES holds a character a scope may not have');
  const claimName = (name: string, def?: string): string | undefined => {
    const v = env[name]?.trim() || def;
    if (v !== undefined && !/^[A-Za-z0-9_.:/#-]{1,200}$/.test(v)) problems.push(`${name} is not a claim name`);
    return v;
  };
  const algorithms = list(env.JUSTERA_OIDC_ID_TOKEN_ALGS || 'RS256,PS256,ES256');
  for (const a of algorithms)
    if (!ALGORITHMS.includes(a)) problems.push(`JUSTERA_OIDC_ID_TOKEN_ALGS: "${a}" is not accepted (one of ${ALGORITHMS.join(', ')})`);
  const label = (env.JUSTERA_OIDC_PROVIDER_LABEL ?? '').trim() || host || 'e-legitimation';
  if (label.length > 60) problems.push('JUSTERA_OIDC_PROVIDER_LABEL must be at most 60 characters (it is printed in every signature)');
  const pnr = claimName('JUSTERA_OIDC_PNR_CLAIM');
  return {
    issuer,
    clientId,
    clientSecret,
    scopes: scopes.join(' '),
    nameClaim: claimName('JUSTERA_OIDC_NAME_CLAIM', 'name')!,
    ...(pnr ? { personalNumberClaim: pnr } : {}),
    acrValues: list(env.JUSTERA_OIDC_ACR_VALUES),
    label,
    algorithms,
    timeoutMs: whole(env, 'JUSTERA_OIDC_TIMEOUT_MS', 10_000, 100, 120_000, problems),
    skewSeconds: whole(env, 'JUSTERA_OIDC_CLOCK_SKEW_SECONDS', 60, 0, 300, problems),
    maxAuthAgeSeconds: whole(env, 'JUSTERA_OIDC_MAX_AGE_SECONDS', 600, 0, 86_400, problems),
    allowHttp,
  };
}
