import { createHmac } from 'node:crypto';
import { constantTimeEqual } from './tokens';
import { deriveKey } from './secret';

/**
 * Sessions, their cookie and CSRF protection.
 *
 * The session cookie carries a random token (`newSessionToken()` in tokens.ts); the database keeps
 * its SHA-256 plus an id, the user, and the times below. CSRF uses the synchroniser-token pattern
 * bound to the session: the token is an HMAC of the session id under a key derived from
 * JUSTERA_SECRET, so it needs no storage, cannot be forged without the secret, and is worthless for
 * any other session. Forms carry it in a hidden field, fetch() calls in an `x-csrf-token` header.
 * SameSite=Lax on the cookie is a second, independent layer.
 */

export const SESSION_IDLE_TIMEOUT_MS = 2 * 60 * 60 * 1000; // 2 h without activity
export const SESSION_ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000; // 12 h after login, whatever happens
/** Rewrite lastSeenAt at most this often, to avoid a database write on every request. */
export const SESSION_TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FORM_FIELD = '_csrf';

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  /** Set when the user logs out or an admin revokes the session. */
  revokedAt?: Date | null;
}

export type SessionState = 'active' | 'revoked' | 'idle-expired' | 'expired';

export interface SessionLimits {
  /** Default SESSION_IDLE_TIMEOUT_MS. */
  idleMs?: number;
  /** Default SESSION_ABSOLUTE_TIMEOUT_MS; pass the configured session lifetime (SESSION_HOURS). */
  absoluteMs?: number;
}

/**
 * Where a session stands at `now`. Only 'active' may authenticate a request. Invalid dates count
 * as expired (fail closed).
 */
export function sessionState(s: SessionTimes, now: Date, limits: SessionLimits = {}): SessionState {
  if (s.revokedAt) return 'revoked';
  const idleMs = limits.idleMs ?? SESSION_IDLE_TIMEOUT_MS;
  const absoluteMs = limits.absoluteMs ?? SESSION_ABSOLUTE_TIMEOUT_MS;
  const t = now.getTime();
  const created = s.createdAt?.getTime?.();
  const seen = s.lastSeenAt?.getTime?.();
  if (!Number.isFinite(t) || !Number.isFinite(created) || !Number.isFinite(seen)) return 'expired';
  if (t - (created as number) >= absoluteMs) return 'expired';
  if (t - (seen as number) >= idleMs) return 'idle-expired';
  return 'active';
}

/** True when lastSeenAt is old enough that the request handler should write `now` to it. */
export function shouldTouchSession(s: SessionTimes, now: Date): boolean {
  return now.getTime() - s.lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS;
}

export interface SessionCookie {
  name: string;
  /** Options in the shape Express's `res.cookie(name, value, options)` takes. */
  options: {
    httpOnly: true;
    secure: boolean;
    sameSite: 'lax';
    path: '/';
    maxAge: number;
  };
}

/**
 * The session cookie: HttpOnly always, Secure in production, SameSite=Lax (the e-mailed links are
 * top-level GET navigations, which Lax allows; cross-site POSTs do not carry the cookie), path /.
 * `production` means "serve the cookie Secure" (the api passes config.secureCookies, on when
 * PUBLIC_URL is https). `maxAgeMs` should equal the session's absolute lifetime.
 * With Secure the name gets the `__Host-` prefix, which makes browsers refuse it unless it is Secure,
 * host-only and path=/ — so a sibling subdomain cannot plant a session cookie.
 */
export function sessionCookie(opts: { production: boolean; maxAgeMs?: number }): SessionCookie {
  const secure = opts.production;
  return {
    name: secure ? '__Host-justera_session' : 'justera_session',
    options: { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: opts.maxAgeMs ?? SESSION_ABSOLUTE_TIMEOUT_MS },
  };
}

function csrfMac(sessionId: string, secret: string | Buffer): string {
  return createHmac('sha256', deriveKey(secret, 'csrf/v1')).update(sessionId, 'utf8').digest('base64url');
}

/**
 * The CSRF token for a session: base64url(HMAC-SHA256(HKDF(secret, "csrf/v1"), sessionId)).
 * `sessionId` is the session's stable database id (not the cookie token, which must never be put in
 * a page). Deterministic, so every page of the session shows the same token.
 */
export function csrfTokenFor(sessionId: string, secret: string | Buffer): string {
  if (typeof sessionId !== 'string' || sessionId === '') throw new TypeError('sessionId must be a non-empty string');
  return csrfMac(sessionId, secret);
}

/** True when `token` is the CSRF token of `sessionId`. Constant-time; never throws on bad input. */
export function verifyCsrf(sessionId: unknown, token: unknown, secret: string | Buffer): boolean {
  if (typeof sessionId !== 'string' || sessionId === '' || typeof token !== 'string' || token.length > 128) return false;
  return constantTimeEqual(csrfMac(sessionId, secret), token);
}

/** Methods that change state and therefore need a valid CSRF token when authenticated by cookie. */
export function requiresCsrf(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}
