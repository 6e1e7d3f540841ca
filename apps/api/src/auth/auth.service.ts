import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import {
  LOGIN_PER_ACCOUNT_AND_IP,
  LOGIN_PER_IP,
  Principal,
  ThrottleState,
  checkThrottle,
  csrfTokenFor,
  hashToken,
  isRole,
  looksLikeToken,
  newSessionToken,
  parseApiKey,
  recordFailure,
  sessionState,
  shouldTouchSession,
  throttleKey,
  ttlMs,
  verifyApiKeySecret,
  verifyPasswordOrDummy,
} from '@justera/auth';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { AccessRepository } from '@justera/persistence';
import { redisOptions } from '@justera/queue';
import { AppError } from '../common/errors';
import type { AuthContext } from './auth-context';

export interface LoginResult {
  token: string;
  sessionId: string;
  expiresAt: Date;
}

/** Password login with sessions, API keys, and the login throttle (state in Redis). */
@Injectable()
export class AuthService implements OnModuleDestroy {
  private readonly logger = new Logger(AuthService.name);
  private readonly redis: Redis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessRepository,
  ) {
    this.redis = new Redis(redisOptions(config.redis.url!, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }));
    this.redis.on('error', () => undefined); // health reports Redis; do not crash on a lost connection
  }

  async onModuleDestroy() {
    this.redis.disconnect();
  }

  private async throttleState(key: string): Promise<ThrottleState | null> {
    try {
      const raw = await this.redis.get(`${this.config.redis.prefix}:${key}`);
      return raw ? (JSON.parse(raw) as ThrottleState) : null;
    } catch (err) {
      // Redis away: let the login through (the password check still applies) and say so in the log.
      this.logger.warn(`login throttle unavailable: ${String(err)}`);
      return null;
    }
  }

  private async saveThrottle(key: string, state: ThrottleState, ttl: number) {
    try {
      await this.redis.set(`${this.config.redis.prefix}:${key}`, JSON.stringify(state), 'PX', Math.max(1, ttl));
    } catch {
      /* see throttleState */
    }
  }

  async login(emailRaw: string, password: string, ip: string, userAgent: string | undefined): Promise<LoginResult> {
    const email = String(emailRaw ?? '').trim().toLowerCase();
    const now = Date.now();
    const keys = [
      { key: throttleKey('login:account-ip', { account: email, ip }), rule: LOGIN_PER_ACCOUNT_AND_IP },
      { key: throttleKey('login:ip', { ip }), rule: LOGIN_PER_IP },
    ];
    const states = await Promise.all(keys.map((k) => this.throttleState(k.key)));
    for (let i = 0; i < keys.length; i++) {
      const verdict = checkThrottle(states[i], now, keys[i].rule);
      if (!verdict.allowed) {
        throw new AppError(429, 'too_many_attempts', `För många misslyckade inloggningar. Försök igen om ${Math.ceil(verdict.retryAfterMs / 60000)} minuter.`);
      }
    }
    const user = email ? await this.access.findUserByEmail(email) : null;
    const ok = await verifyPasswordOrDummy(String(password ?? ''), user?.passwordHash);
    if (!ok || !user || user.disabled) {
      await Promise.all(
        keys.map((k, i) => {
          const next = recordFailure(states[i], now, k.rule);
          return this.saveThrottle(k.key, next, ttlMs(next, now, k.rule));
        }),
      );
      throw new AppError(401, 'invalid_credentials', 'Fel e-postadress eller lösenord.');
    }
    const { token, tokenHash } = newSessionToken();
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
    });
    return { token, sessionId, expiresAt };
  }

  async logout(sessionId: string) {
    await this.access.deleteSession(sessionId);
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
    const principal: Principal = { userId: user.id, organisationId: user.organisationId, role: user.role, organIds: await this.access.organIdsOf(user.id) };
    return { principal, name: user.name, via: 'session', sessionId: session.id, csrfToken: csrfTokenFor(session.id, this.config.secret) };
  }

  /** The caller behind an API key (Authorization: Bearer jst_… or X-Api-Key), or null. */
  async fromApiKey(raw: string | undefined): Promise<AuthContext | null> {
    const parsed = parseApiKey(raw);
    if (!parsed) return null;
    const key = await this.access.findApiKeyByPublicId(parsed.publicId);
    if (!key || key.revokedAt || !verifyApiKeySecret(parsed.secret, key.secretHash) || !isRole(key.role)) return null;
    let organIds: string[] = [];
    try {
      organIds = JSON.parse(key.organIds) as string[];
    } catch {
      organIds = [];
    }
    return { principal: { userId: `apikey:${key.id}`, organisationId: key.organisationId, role: key.role, organIds }, name: key.name, via: 'apiKey' };
  }
}
