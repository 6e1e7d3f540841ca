import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import {
  LOGIN_PER_ACCOUNT_AND_IP,
  LOGIN_PER_IP,
  Principal,
  ThrottleRule,
  ThrottleState,
  csrfTokenFor,
  hashPassword,
  hashToken,
  isRole,
  looksLikeToken,
  needsRehash,
  newSessionToken,
  parseApiKey,
  parseThrottleState,
  releaseFailure,
  reserveAttempt,
  sessionState,
  shouldTouchSession,
  throttleKey,
  ttlMs,
  verifyApiKeySecret,
  verifyPasswordOrDummy,
} from '@justera/auth';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { AccessRepository, OrganisationsRepository } from '@justera/persistence';
import type { UserEntity } from '@justera/persistence';
import { redisOptions } from '@justera/queue';
import { DomainError } from '@justera/application';
import type { AuthContext } from './auth-context';
import { LoginAuditService } from './login-audit.service';

export interface LoginResult {
  token: string;
  sessionId: string;
  expiresAt: Date;
}

/**
 * Compare-and-set over several keys in one step: writes every key, or none when any of them no
 * longer holds the value the caller read. The throttle rule itself stays in libs/auth/src/throttle.ts;
 * this only makes "read, compute, write" atomic. Why a script and not WATCH/MULTI/EXEC: WATCH
 * belongs to a connection, and this service shares one ioredis connection between all requests, so
 * one request's WATCH would guard (or be cleared by) another's transaction; a script needs no
 * connection of its own.
 *
 * KEYS[i]: a throttle key. ARGV[3i-2]: the value read ('' = no key), ARGV[3i-1]: the value to
 * write, ARGV[3i]: its expiry in milliseconds (0 = delete). Returns 1 when written, 0 on a conflict.
 */
const COMPARE_AND_SET = `
for i = 1, #KEYS do
  if (redis.call('GET', KEYS[i]) or '') ~= ARGV[3 * i - 2] then return 0 end
end
for i = 1, #KEYS do
  local ttl = tonumber(ARGV[3 * i])
  if ttl > 0 then redis.call('SET', KEYS[i], ARGV[3 * i - 1], 'PX', ttl) else redis.call('DEL', KEYS[i]) end
end
return 1
`;

/**
 * Tries of the compare-and-set before giving up. Each conflict means another attempt on the same
 * key won, so a burst of n parallel attempts needs up to min(n, limit + 1) tries; what is still
 * losing after this many is answered 429 (it is a flood from one address) without password work.
 */
const MAX_THROTTLE_TRIES = 20;

interface ThrottleRedis extends Redis {
  throttleCompareAndSet(numKeys: number, ...keysAndArgs: string[]): Promise<number>;
}

type Throttled<T> = { done: true; value: T } | { done: false };

/** Password login with sessions, API keys, and the login throttle (state in Redis). */
@Injectable()
export class AuthService implements OnModuleDestroy {
  private readonly logger = new Logger(AuthService.name);
  private readonly redis: ThrottleRedis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessRepository,
    private readonly organisations: OrganisationsRepository,
    @Optional() private readonly loginAudit?: LoginAuditService,
  ) {
    this.redis = new Redis(
      redisOptions(config.redis.url!, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }),
    ) as ThrottleRedis;
    this.redis.on('error', () => undefined); // health reports Redis; do not crash on a lost connection
    this.redis.defineCommand('throttleCompareAndSet', { lua: COMPARE_AND_SET });
  }

  async onModuleDestroy() {
    this.redis.disconnect();
  }

  /**
   * Reads the throttle keys and Redis's clock, lets `decide` compute (with the pure calculator) what
   * to answer and what to store, and stores it only if no other attempt wrote the keys meanwhile;
   * otherwise reads again. Redis's clock (TIME, read after the keys) is the one clock of every api
   * process, so a stored failure is never "in the future" for the next reader. Throws when Redis
   * cannot be reached; `{ done: false }` when other attempts kept winning for MAX_THROTTLE_TRIES.
   */
  private async updateThrottle<T>(
    keys: string[],
    decide: (states: Array<ThrottleState | null>, now: number) => { value: T; write?: Array<{ state: ThrottleState; ttlMs: number }> },
  ): Promise<Throttled<T>> {
    const redisKeys = keys.map((k) => `${this.config.redis.prefix}:${k}`);
    for (let attempt = 0; attempt < MAX_THROTTLE_TRIES; attempt++) {
      const replies = await this.redis
        .multi()
        .mget(...redisKeys)
        .time()
        .exec();
      if (!replies) throw new Error('login throttle: the read transaction was aborted');
      for (const [err] of replies) if (err) throw err;
      const raws = replies[0][1] as Array<string | null>;
      const [seconds, micros] = replies[1][1] as [string, string];
      const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
      const { value, write } = decide(raws.map(parseThrottleState), now);
      if (!write) return { done: true, value };
      const args = write.flatMap((w, i) => [raws[i] ?? '', JSON.stringify(w.state), String(Math.max(0, Math.ceil(w.ttlMs)))]);
      if ((await this.redis.throttleCompareAndSet(redisKeys.length, ...redisKeys, ...args)) === 1) return { done: true, value };
    }
    return { done: false };
  }

  /**
   * Counts an attempt as a failure before any password (or provider) work, so parallel attempts
   * cannot all pass the check on the same old state; a success takes it back (releaseAttempt).
   * Throws too_many_attempts; returns the reservation's time, or null when Redis is away (fail open).
   */
  async reserveAttempt(keys: string[], rules: ThrottleRule[], ip: string): Promise<number | null> {
    let reservedAt: number | null = null;
    let retryAfterMs = 0;
    try {
      const outcome = await this.updateThrottle<{ reservedAt: number | null; retryAfterMs: number }>(keys, (states, now) => {
        const r = reserveAttempt(states, now, rules);
        if (!r.allowed) return { value: { reservedAt: null, retryAfterMs: r.retryAfterMs } };
        return { value: { reservedAt: now, retryAfterMs: 0 }, write: r.states.map((state, i) => ({ state, ttlMs: r.ttlsMs[i] })) };
      });
      if (outcome.done) {
        ({ reservedAt, retryAfterMs } = outcome.value);
      } else {
        this.logger.warn(`login throttle: too many parallel attempts from ${ip}; answered 429`);
        retryAfterMs = 1000;
      }
    } catch (err) {
      // Redis away: fail open (see docs/security.md, "Rate limits"). The password check still
      // applies and the general per-IP limit is kept in memory, but there is no brute-force limit
      // per account, so every such attempt is logged.
      this.logger.warn(`login throttle unavailable (Redis), attempt from ${ip} allowed without the brute-force limit: ${String(err)}`);
    }
    if (retryAfterMs > 0) {
      const minutes = Math.ceil(retryAfterMs / 60_000);
      throw new DomainError(
        'too_many_attempts',
        `För många misslyckade inloggningar. Försök igen om ${minutes} ${minutes === 1 ? 'minut' : 'minuter'}.`,
        {
          retryAfterSeconds: Math.ceil(retryAfterMs / 1000),
        },
      );
    }
    return reservedAt;
  }

  async login(emailRaw: string, password: string, ip: string, userAgent: string | undefined): Promise<LoginResult> {
    const email = String(emailRaw ?? '')
      .trim()
      .toLowerCase();
    const keys = [throttleKey('login:account-ip', { account: email, ip }), throttleKey('login:ip', { ip })];
    const rules = [LOGIN_PER_ACCOUNT_AND_IP, LOGIN_PER_IP];
    const reservedAt = await this.reserveAttempt(keys, rules, ip);

    const user = email ? await this.access.findUserByEmail(email) : null;
    const plain = String(password ?? '');
    const ok = await verifyPasswordOrDummy(plain, user?.passwordHash);
    if (!ok || !user || user.disabled) {
      // The reservation stays: it is this failure.
      if (user)
        await this.loginAudit?.record({
          organisationId: user.organisationId,
          userId: user.id,
          method: 'password',
          ip,
          refused: ok ? 'disabled' : 'wrong_password',
        });
      throw new DomainError('invalid_credentials', 'Fel e-postadress eller lösenord.');
    }
    // Only after the right password: a wrong one must not tell which organisation an address is in.
    if (!(await this.passwordLoginAllowed(user.organisationId))) {
      this.logger.warn(`password login refused for user ${user.id}: the organisation allows only single sign-on`);
      await this.loginAudit?.record({
        organisationId: user.organisationId,
        userId: user.id,
        method: 'password',
        ip,
        refused: 'password_login_off',
      });
      throw new DomainError(
        'forbidden',
        'Inloggning med lösenord är avstängd för din organisation. Logga in med organisationens inloggning.',
      );
    }
    if (reservedAt !== null) await this.releaseReservation(keys, rules, reservedAt, ip);
    if (needsRehash(user.passwordHash)) await this.upgradePasswordHash(user, plain);
    const session = await this.createSession(user, ip, userAgent, 'password');
    await this.loginAudit?.record({ organisationId: user.organisationId, userId: user.id, method: 'password', ip });
    return session;
  }

  /** Whether the organisation lets its staff log in with a password (default yes). */
  async passwordLoginAllowed(organisationId: string): Promise<boolean> {
    const org = await this.organisations.findOrganisation(organisationId);
    return org?.passwordLogin !== false;
  }

  /** Whether any organisation of the installation still lets its staff log in with a password. */
  async anyPasswordLogin(): Promise<boolean> {
    return this.organisations.anyPasswordLogin();
  }

  /** A new session of the user (the cookie gets the token). */
  async createSession(user: UserEntity, ip: string, userAgent: string | undefined, loginMethod: 'password' | 'sso'): Promise<LoginResult> {
    const { token, tokenHash } = newSessionToken();
    const now = Date.now();
    const createdAt = new Date(now);
    const expiresAt = new Date(now + this.config.sessionHours * 3600_000);
    const sessionId = randomUUID();
    await this.access.saveSession({
      id: sessionId,
      tokenHash,
      userId: user.id,
      createdAt,
      lastSeenAt: createdAt,
      expiresAt,
      ip: ip.slice(0, 64),
      userAgent: userAgent?.slice(0, 400) ?? null,
      loginMethod,
    });
    return { token, sessionId, expiresAt };
  }

  /** Takes back a reserved attempt after a success (the login throttle's window stays otherwise). */
  async releaseAttempt(keys: string[], rules: ThrottleRule[], reservedAt: number | null, ip: string) {
    if (reservedAt !== null) await this.releaseReservation(keys, rules, reservedAt, ip);
  }

  /** Keeps a value in Redis for `ttlMs` under a new random id, to be taken once (takeOnce). */
  async keepOnce(kind: string, value: unknown, ttlMs: number): Promise<string> {
    const id = randomUUID();
    await this.redis.set(`${this.config.redis.prefix}:${kind}:${id}`, JSON.stringify(value), 'PX', ttlMs);
    return id;
  }

  /** The value kept under the id, deleted in the same step (a second take gets null). */
  async takeOnce<T>(kind: string, id: string | undefined): Promise<T | null> {
    if (!id || !/^[0-9a-f-]{36}$/.test(id)) return null;
    const key = `${this.config.redis.prefix}:${kind}:${id}`;
    const replies = await this.redis.multi().get(key).del(key).exec();
    const raw = replies?.[0]?.[1];
    return typeof raw === 'string' ? (JSON.parse(raw) as T) : null;
  }

  /** A successful login takes back the failure reserved for it; the rest of the window stays. */
  private async releaseReservation(keys: string[], rules: ThrottleRule[], reservedAt: number, ip: string) {
    try {
      await this.updateThrottle(keys, (states, now) => {
        const next = states.map((s, i) => releaseFailure(s, reservedAt, now, rules[i]));
        const changed = next.some((s, i) => s.failures.length !== (states[i]?.failures.length ?? 0));
        return { value: undefined, write: changed ? next.map((state, i) => ({ state, ttlMs: ttlMs(state, now, rules[i]) })) : undefined };
      });
    } catch (err) {
      // The login still succeeds; its attempt just stays counted as a failure until the window ends.
      this.logger.warn(`login throttle unavailable (Redis), successful login from ${ip} stays counted: ${String(err)}`);
    }
  }

  /**
   * The stored hash was made with other (older) scrypt parameters: store a new one of the password
   * just verified. Costs one more hash, once per user; a failure here never fails the login.
   */
  private async upgradePasswordHash(user: UserEntity, password: string) {
    try {
      const fresh = await hashPassword(password);
      if (await this.access.replacePasswordHash(user.id, user.passwordHash, fresh)) {
        this.logger.log(`password hash of user ${user.id} upgraded to the current scrypt parameters`);
      }
    } catch (err) {
      this.logger.warn(`could not upgrade the password hash of user ${user.id}: ${String(err)}`);
    }
  }

  /** Ends the session; tells how it was made (an SSO session's logout also goes to the provider). */
  async logout(sessionId: string): Promise<'password' | 'sso' | null> {
    const session = await this.access.findSession(sessionId);
    await this.access.deleteSession(sessionId);
    return session?.loginMethod ?? null;
  }

  /** The caller behind a session cookie, or null. */
  async fromSession(token: string | undefined): Promise<AuthContext | null> {
    if (!looksLikeToken(token)) return null;
    const session = await this.access.findSessionByTokenHash(hashToken(token));
    if (!session) return null;
    const now = new Date();
    if (sessionState({ createdAt: session.createdAt, lastSeenAt: session.lastSeenAt }, now) !== 'active' || session.expiresAt <= now) {
      await this.access.deleteSession(session.id);
      return null;
    }
    const user = await this.access.findUser(session.userId);
    if (!user || user.disabled || !isRole(user.role)) return null;
    if (shouldTouchSession({ createdAt: session.createdAt, lastSeenAt: session.lastSeenAt }, now)) {
      await this.access.touchSession(session.id, now);
    }
    const principal: Principal = {
      userId: user.id,
      organisationId: user.organisationId,
      role: user.role,
      organIds: await this.access.organIdsOf(user.id),
    };
    return { principal, name: user.name, via: 'session', sessionId: session.id, csrfToken: csrfTokenFor(session.id, this.config.secret) };
  }

  /** The caller behind an API key (Authorization: Bearer jst_… or X-Api-Key), or null. */
  async fromApiKey(raw: string | undefined): Promise<AuthContext | null> {
    const parsed = parseApiKey(raw);
    if (!parsed) return null;
    const key = await this.access.findApiKeyByPublicId(parsed.publicId);
    if (!key || key.revokedAt || !verifyApiKeySecret(parsed.secret, key.secretHash) || !isRole(key.role)) return null;
    const now = new Date();
    // "Last used" on the admin page: at most one write a minute per key, never failing the request.
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > 60_000) {
      await this.access
        .touchApiKey(key.id, now)
        .catch((err: unknown) => this.logger.warn(`could not record the use of API key ${key.publicId}: ${String(err)}`));
    }
    let organIds: string[] = [];
    try {
      organIds = JSON.parse(key.organIds) as string[];
    } catch {
      organIds = [];
    }
    return {
      principal: { userId: `apikey:${key.id}`, organisationId: key.organisationId, role: key.role, organIds },
      name: key.name,
      via: 'apiKey',
    };
  }
}
