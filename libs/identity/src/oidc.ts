/**
 * The OpenID Connect adapter of the IdentityProvider port, on openid-client v6 (authorization code flow
 * with PKCE S256, state and nonce; docs/identity.md). openid-client is an ES module: it is loaded with a
 * dynamic import the first time a provider is used (Node's require(esm) in the compiled app), so this
 * file can be imported by code that Jest loads as long as no spec calls it. The e2e tests drive it
 * against a real provider (test/support/oidc-provider.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import type * as OpenIdClient from 'openid-client';
import { checkIdToken, ClaimRules, mapClaims } from './claims';
import { IdentityError, IdentityProvider, PendingAuthentication, StartedAuthentication, VerifiedIdentity } from './identity-provider';

export interface OidcSettings extends ClaimRules {
  clientSecret: string;
  /** Space-separated scopes; always includes openid. */
  scopes: string;
  /** Timeout of each request to the provider (discovery, token, userinfo, keys), ms. */
  timeoutMs: number;
  /** Allow http:// (only a loopback test provider outside production; AppConfig decides). */
  allowHttp: boolean;
  /** HMAC key of the personal identity number (personalNumberKey(secret)). */
  personalNumberKey: Buffer;
  /**
   * Ask for a fresh authentication (prompt=login; default true). Staff single sign-on turns it off:
   * there the provider's existing session is the point.
   */
  freshLogin?: boolean;
}

type Lib = typeof OpenIdClient;

let lib: Promise<Lib> | undefined;
const loadLib = (): Promise<Lib> => (lib ??= import('openid-client'));

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function decodeHeader(jwt: string): { alg?: unknown } {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString('utf8')) as { alg?: unknown };
  } catch {
    throw new IdentityError('invalid_token', 'the ID token header is not JSON');
  }
}

interface ErrorLike {
  code?: string;
  name?: string;
  error?: string;
  message?: string;
  claim?: string;
  cause?: unknown;
}

/**
 * An openid-client / oauth4webapi / fetch error as an IdentityError (anything unknown: invalid_token).
 * openid-client wraps oauth4webapi's errors in a ClientError with the same code and the original as
 * the cause (whose cause names the claim), so the whole cause chain is read.
 */
export function identityErrorOf(err: unknown): IdentityError {
  if (err instanceof IdentityError) return err;
  const chain: ErrorLike[] = [];
  for (let x: unknown = err; x && typeof x === 'object' && chain.length < 5; x = (x as ErrorLike).cause) chain.push(x as ErrorLike);
  const e = chain[0] ?? { message: String(err) };
  const code = chain.find((x) => x.code?.startsWith('OAUTH_'))?.code;
  const claim = chain.find((x) => typeof x.claim === 'string')?.claim;
  const oauthError = chain.find((x) => typeof x.error === 'string')?.error;
  const messages = chain.map((x) => String(x.message ?? '')).join(' / ');
  if (
    code === 'OAUTH_TIMEOUT' ||
    code === 'OAUTH_ABORT' ||
    chain.some(
      (x) =>
        x.name === 'TimeoutError' ||
        x.name === 'AbortError' ||
        /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|UND_ERR_\w+)$/.test(x.code ?? ''),
    ) ||
    /fetch failed/i.test(messages)
  ) {
    return new IdentityError('provider_unavailable', messages);
  }
  if (code === 'OAUTH_RESPONSE_BODY_ERROR') {
    return new IdentityError(
      oauthError === 'invalid_grant' ? 'code_rejected' : 'provider_error',
      `token endpoint: ${oauthError ?? messages}`,
    );
  }
  if (code === 'OAUTH_AUTHORIZATION_RESPONSE_ERROR') {
    return new IdentityError(
      oauthError === 'access_denied' ? 'cancelled' : 'provider_error',
      `authorization response: ${oauthError ?? messages}`,
    );
  }
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED') {
    const byClaim: Record<string, IdentityError['code']> = {
      aud: 'wrong_audience',
      azp: 'wrong_audience',
      nonce: 'nonce_mismatch',
      iss: 'wrong_issuer',
    };
    return new IdentityError(byClaim[claim ?? ''] ?? 'invalid_token', messages);
  }
  if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') {
    const byClaim: Record<string, IdentityError['code']> = {
      exp: 'expired',
      nbf: 'not_yet_valid',
      iat: 'expired',
      auth_time: 'auth_too_old',
    };
    return new IdentityError(byClaim[claim ?? ''] ?? 'invalid_token', messages);
  }
  if (/"alg"/.test(messages)) return new IdentityError('unexpected_alg', messages);
  if (code === 'OAUTH_RESPONSE_IS_NOT_JSON' || code === 'OAUTH_RESPONSE_IS_NOT_CONFORM')
    return new IdentityError('provider_error', messages);
  return new IdentityError('invalid_token', `${code ?? e.name ?? 'error'}: ${messages}`);
}

export class OidcIdentityProvider implements IdentityProvider {
  private configuration?: Promise<OpenIdClient.Configuration>;
  /** A discovery is under way (`configuration` is its promise). */
  private discovering = false;

  constructor(private readonly s: OidcSettings) {}

  get label(): string {
    return this.s.label;
  }

  /**
   * The provider's metadata. `finish` and `endSessionUrl` use the last discovered one (discovered when
   * there is none). `fresh` (every `start`) discovers it again: a start is the moment to find out that
   * the provider is down, before the browser is sent there (docs/identity.md, "Faults"). Bounded: one
   * discovery at a time (concurrent starts share it), each within the request timeout; a failed one
   * drops what was cached, so nothing is built on the metadata of a provider that stopped answering.
   */
  private async config(fresh = false): Promise<{ c: Lib; cfg: OpenIdClient.Configuration }> {
    const c = await loadLib();
    if (!this.configuration || (fresh && !this.discovering)) {
      const p = this.discover(c);
      this.configuration = p;
      this.discovering = true;
      p.then(
        () => {
          if (this.configuration === p) this.discovering = false;
        },
        () => {
          if (this.configuration === p) {
            this.configuration = undefined;
            this.discovering = false;
          }
        },
      );
    }
    try {
      return { c, cfg: await this.configuration };
    } catch (err) {
      throw identityErrorOf(err);
    }
  }

  private async discover(c: Lib): Promise<OpenIdClient.Configuration> {
    const metadata: Partial<OpenIdClient.ClientMetadata> = {
      client_secret: this.s.clientSecret,
      [c.clockTolerance]: this.s.skewSeconds,
    };
    if (this.s.algorithms.length === 1) metadata.id_token_signed_response_alg = this.s.algorithms[0];
    const timeout = Math.max(1, Math.ceil(this.s.timeoutMs / 1000));
    const cfg = await c.discovery(new URL(this.s.issuer), this.s.clientId, metadata, c.ClientSecretBasic(this.s.clientSecret), {
      execute: this.s.allowHttp ? [c.allowInsecureRequests] : [],
      timeout,
    });
    cfg.timeout = timeout;
    return cfg;
  }

  async start(redirectUri: string): Promise<StartedAuthentication> {
    const { c, cfg } = await this.config(true);
    const pending: PendingAuthentication = { state: c.randomState(), nonce: c.randomNonce(), codeVerifier: c.randomPKCECodeVerifier() };
    const params: Record<string, string> = {
      redirect_uri: redirectUri,
      scope: this.s.scopes,
      response_type: 'code',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await c.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      // A fresh authentication every time: a session the provider still holds is not a new e-legitimation.
      ui_locales: 'sv',
    };
    if (this.s.freshLogin !== false) params.prompt = 'login';
    if (this.s.maxAuthAgeSeconds > 0) params.max_age = String(this.s.maxAuthAgeSeconds);
    if (this.s.acrValues.length) params.acr_values = this.s.acrValues.join(' ');
    return { redirectUrl: c.buildAuthorizationUrl(cfg, params).href, pending };
  }

  async finish(callbackUrl: URL, pending: PendingAuthentication, redirectUri: string): Promise<VerifiedIdentity> {
    const q = callbackUrl.searchParams;
    const state = q.get('state');
    if (!state || !sameText(state, pending.state))
      throw new IdentityError('state_mismatch', state ? 'the state is not the one sent' : 'no state in the callback');
    const error = q.get('error');
    if (error)
      throw new IdentityError(error === 'access_denied' ? 'cancelled' : 'provider_error', `authorization response: ${error.slice(0, 100)}`);
    const { c, cfg } = await this.config();
    // The URL the provider was told, with the callback's parameters: openid-client sends it as redirect_uri.
    const current = new URL(redirectUri);
    for (const [k, v] of q) current.searchParams.append(k, v);
    let tokens: Awaited<ReturnType<Lib['authorizationCodeGrant']>>;
    try {
      tokens = await c.authorizationCodeGrant(cfg, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        ...(this.s.maxAuthAgeSeconds > 0 ? { maxAge: this.s.maxAuthAgeSeconds } : {}),
      });
    } catch (err) {
      throw identityErrorOf(err);
    }
    const idToken = tokens.id_token;
    const claims = tokens.claims() as Record<string, unknown> | undefined;
    if (!idToken || !claims) throw new IdentityError('invalid_token', 'no ID token');
    checkIdToken(decodeHeader(idToken), claims, this.s, pending.nonce, new Date());
    let merged = claims;
    const needs = [this.s.nameClaim, ...(this.s.personalNumberClaim ? [this.s.personalNumberClaim] : []), ...(this.s.extraClaims ?? [])];
    if (needs.some((n) => claims[n] === undefined) && tokens.access_token) {
      try {
        const info = (await c.fetchUserInfo(cfg, tokens.access_token, String(claims.sub))) as Record<string, unknown>;
        merged = { ...info, ...claims };
      } catch (err) {
        throw identityErrorOf(err);
      }
    }
    return mapClaims(merged, this.s, this.s.personalNumberKey);
  }

  async endSessionUrl(postLogoutRedirectUri: string): Promise<string | null> {
    let c: Lib;
    let cfg: OpenIdClient.Configuration;
    try {
      ({ c, cfg } = await this.config());
    } catch {
      return null;
    }
    if (!cfg.serverMetadata().end_session_endpoint) return null;
    // client_id rather than id_token_hint: no ID token is kept (docs/identity.md, staff single sign-on).
    return c.buildEndSessionUrl(cfg, { client_id: this.s.clientId, post_logout_redirect_uri: postLogoutRedirectUri }).href;
  }
}
