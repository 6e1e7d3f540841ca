import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { LOGIN_PER_IP, throttleKey } from '@justera/auth';
import { APP_CONFIG, AppConfig } from '@justera/config';
import {
  IdentityError,
  IdentityErrorCode,
  matchStaffUser,
  OidcIdentityProvider,
  PendingAuthentication,
  personalNumberKey,
  staffLoginKey,
  staffRefusalText,
} from '@justera/identity';
import { AccessRepository } from '@justera/persistence';
import { AuthService, LoginResult } from './auth.service';
import { LoginAuditService } from './login-audit.service';

/** How long a started single sign-on may take at the provider. */
const PENDING_TTL_MS = 10 * 60_000;

interface Pending extends PendingAuthentication {
  next: string;
}

/** A single sign-on that gives no session: the page's status and Swedish text. */
export class StaffSsoFailure extends Error {
  constructor(
    readonly status: number,
    readonly textSv: string,
    /** English, for the log. */
    readonly detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
  }
}

const FAULT_SV: Partial<Record<IdentityErrorCode, string>> = {
  state_mismatch:
    'Inloggningen kunde inte slutföras: den hade redan använts, hade gått ut eller startades i en annan webbläsare. Börja om från inloggningssidan.',
  code_rejected: 'Inloggningen har redan använts eller gått ut. Börja om från inloggningssidan.',
  cancelled: 'Inloggningen avbröts.',
  provider_unavailable: 'Organisationens inloggning svarar inte just nu. Försök igen om en stund.',
};
/** Justera's own store of pending logins (Redis) does not answer: the provider is not to blame. */
const STORE_DOWN_SV = 'Inloggningen kan inte genomföras just nu på grund av ett tekniskt fel i Justera. Försök igen om en stund.';
const FAULT_OTHER_SV =
  'Svaret från organisationens inloggning kunde inte godtas. Försök igen, och kontakta administratören om det upprepas.';

/**
 * Staff single sign-on through the organisation's OpenID provider (docs/identity.md, "Staff single
 * sign-on"): the authorization code flow with PKCE, state and nonce through the IdentityProvider
 * port's OIDC adapter; the verified person is matched to a Justera user by e-mail; nobody is created.
 */
@Injectable()
export class StaffSsoService {
  private readonly logger = new Logger('StaffSso');
  private readonly provider?: OidcIdentityProvider;
  private readonly matchClaim: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly access: AccessRepository,
    @Optional() private readonly loginAudit?: LoginAuditService,
  ) {
    const sso = config.staffSso;
    this.matchClaim = sso?.matchClaim ?? 'email';
    if (sso)
      this.provider = new OidcIdentityProvider({
        ...sso,
        personalNumberKey: personalNumberKey(config.secret),
        extraClaims: [...new Set([sso.matchClaim, 'email_verified'])],
        freshLogin: false,
      });
  }

  get enabled(): boolean {
    return !!this.provider;
  }

  get label(): string {
    return this.provider?.label ?? '';
  }

  get redirectUri(): string {
    return `${this.config.publicUrl}/login/sso/tillbaka`;
  }

  /** Where the provider sends the browser back after its logout. */
  get postLogoutRedirectUri(): string {
    return `${this.config.publicUrl}/login`;
  }

  /** Starts a login: the provider's URL, and the id of what is kept server-side (for a cookie). */
  async start(next: string): Promise<{ redirectUrl: string; pendingId: string }> {
    if (!this.provider) throw new StaffSsoFailure(404, 'Inloggning via organisationen är inte inställd.', 'staff SSO is not configured');
    let started;
    try {
      started = await this.provider.start(this.redirectUri);
    } catch (err) {
      const e = err instanceof IdentityError ? err : new IdentityError('provider_unavailable', String(err));
      this.logger.warn(`staff sso start failed: ${e.code}: ${e.detail}`);
      throw new StaffSsoFailure(503, FAULT_SV.provider_unavailable!, e.detail);
    }
    // Our own store of the pending login is away (Redis): not the provider's fault, and not a 500.
    let pendingId: string;
    try {
      pendingId = await this.auth.keepOnce('sso-pending', { ...started.pending, next } satisfies Pending, PENDING_TTL_MS);
    } catch (err) {
      this.logger.error(`staff sso start failed: the pending login could not be kept (Redis): ${String(err)}`);
      throw new StaffSsoFailure(503, STORE_DOWN_SV, 'store unavailable');
    }
    return { redirectUrl: started.redirectUrl, pendingId };
  }

  /**
   * Finishes a login from the provider's callback: a session, or a StaffSsoFailure. Throttled like
   * password login (every attempt counts per IP address until it succeeds); every outcome is logged
   * with the provider's iss and sub (never a token).
   */
  async finish(
    callbackUrl: URL,
    pendingId: string | undefined,
    ip: string,
    userAgent: string | undefined,
  ): Promise<LoginResult & { next: string }> {
    if (!this.provider) throw new StaffSsoFailure(404, 'Inloggning via organisationen är inte inställd.', 'staff SSO is not configured');
    const keys = [throttleKey('login:ip', { ip })];
    const rules = [LOGIN_PER_IP];
    let reservedAt: number | null;
    try {
      reservedAt = await this.auth.reserveAttempt(keys, rules, ip);
    } catch (err) {
      const retry = (err as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds;
      this.logger.warn(`staff sso refused from ${ip}: throttled`);
      throw new StaffSsoFailure(429, (err as Error).message, 'throttled', retry);
    }
    // Taken once: a replayed callback (the same code and state again) finds nothing.
    let pending: Pending | null;
    try {
      pending = await this.auth.takeOnce<Pending>('sso-pending', pendingId);
    } catch (err) {
      this.logger.error(`staff sso refused from ${ip}: the pending login could not be read (Redis): ${String(err)}`);
      throw new StaffSsoFailure(503, STORE_DOWN_SV, 'store unavailable');
    }
    let identity;
    try {
      if (!pending)
        throw new IdentityError(
          'state_mismatch',
          pendingId ? 'no pending login for this browser (used or expired)' : 'no pending-login cookie',
        );
      identity = await this.provider.finish(callbackUrl, pending, this.redirectUri);
    } catch (err) {
      const e = err instanceof IdentityError ? err : new IdentityError('invalid_token', String(err));
      this.logger.warn(`staff sso refused from ${ip}: ${e.code}: ${e.detail}`);
      throw new StaffSsoFailure(
        e.code === 'provider_unavailable' ? 503 : e.code === 'cancelled' ? 401 : 400,
        FAULT_SV[e.code] ?? FAULT_OTHER_SV,
        e.code,
      );
    }
    const who = `iss=${identity.iss} sub=${identity.sub}`;
    const key = staffLoginKey(identity, this.matchClaim);
    const match = key.ok ? matchStaffUser(key.email, await this.access.findUserByEmail(key.email)) : key;
    if (!match.ok) {
      this.logger.warn(`staff sso refused from ${ip}: ${match.reason} (${match.detail}) ${who}`);
      // Recorded in the organisation of the account the provider's address names, when there is one.
      const claimed = key.ok ? key.email : addressOf(identity.extra?.[this.matchClaim]);
      const account = claimed ? await this.access.findUserByEmail(claimed) : null;
      if (account)
        await this.loginAudit?.record({
          organisationId: account.organisationId,
          userId: account.id,
          method: 'sso',
          ip,
          refused: match.reason,
          iss: identity.iss,
          sub: identity.sub,
        });
      throw new StaffSsoFailure(403, staffRefusalText(match.reason), match.reason);
    }
    await this.auth.releaseAttempt(keys, rules, reservedAt, ip);
    const session = await this.auth.createSession(match.user, ip, userAgent, 'sso');
    this.logger.log(`staff sso login: user ${match.user.id} ${who} from ${ip}`);
    await this.loginAudit?.record({
      organisationId: match.user.organisationId,
      userId: match.user.id,
      method: 'sso',
      ip,
      iss: identity.iss,
      sub: identity.sub,
    });
    return { ...session, next: pending!.next };
  }

  /** The provider's end-session URL (RP-initiated logout), or null when it offers none. */
  async endSessionUrl(): Promise<string | null> {
    return this.provider ? this.provider.endSessionUrl(this.postLogoutRedirectUri) : null;
  }
}

/** A claim's value as a lower-case e-mail address, or null. */
function addressOf(v: unknown): string | null {
  return typeof v === 'string' && /^[^\s@]+@[^\s@]+$/.test(v.trim()) ? v.trim().toLowerCase().slice(0, 254) : null;
}
