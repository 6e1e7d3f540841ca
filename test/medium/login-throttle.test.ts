/**
 * AuthService.login against PostgreSQL and Redis: parallel failed logins are all counted (the
 * throttle's read-modify-write is atomic, and an attempt is reserved before any password work), a
 * successful login takes back its own reservation, a hash made with older scrypt parameters is
 * upgraded at login, and when Redis is unreachable logins fail open with a warning per attempt.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { LOGIN_PER_ACCOUNT_AND_IP, hashPassword, needsRehash, throttleKey, verifyPassword, type ThrottleState } from '@justera/auth';
import { AppConfig, loadConfig } from '@justera/config';
import {
  ApiKeyEntity,
  OrganEntity,
  OrganisationEntity,
  SessionEntity,
  TypeOrmAccessRepository,
  TypeOrmOrganisationsRepository,
  UserEntity,
  UserOrganEntity,
} from '@justera/persistence';
import { AuthService } from '../../apps/api/src/auth/auth.service';
import { DomainError } from '@justera/application';
import { httpStatusOf } from '../../apps/api/src/common/errors';
import { freePort, waitFor } from '../support/processes';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(60_000);

const PREFIX = `medium-login-${randomBytes(6).toString('hex')}`;

function configFor(redisUrl: string): AppConfig {
  return loadConfig({
    ...process.env,
    JUSTERA_SECRET: 'medium-secret-0123456789abcdefghijklmnopqrstuvwxyz',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: PREFIX,
  });
}

/** A fresh address per test, so the per-IP window of one test does not reach into another. */
function freshIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

/** The HTTP status the login would answer (200 for a session), and the error for a 4xx. */
async function attempt(auth: AuthService, email: string, password: string, ip: string): Promise<{ status: number; error?: DomainError }> {
  try {
    await auth.login(email, password, ip, 'jest');
    return { status: 200 };
  } catch (err) {
    if (err instanceof DomainError) return { status: httpStatusOf(err), error: err };
    throw err;
  }
}

describe('password login on PostgreSQL and Redis', () => {
  let ds: DataSource;
  let t: Tenant;
  let access: TypeOrmAccessRepository;
  let auth: AuthService;
  let redis: Redis;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds);
    access = new TypeOrmAccessRepository(
      ds.getRepository(UserEntity),
      ds.getRepository(UserOrganEntity),
      ds.getRepository(SessionEntity),
      ds.getRepository(ApiKeyEntity),
    );
    auth = new AuthService(
      configFor(process.env.TEST_REDIS_URL!),
      access,
      new TypeOrmOrganisationsRepository(ds.getRepository(OrganisationEntity), ds.getRepository(OrganEntity)),
    );
    // The service connects at construction and, with no offline queue, fails open until it is ready.
    await waitFor("the service's Redis connection", async () => (auth as unknown as { redis: Redis }).redis.status === 'ready');
    redis = new Redis(process.env.TEST_REDIS_URL!);
  });

  afterAll(async () => {
    await auth?.onModuleDestroy();
    if (redis) {
      const keys = await redis.keys(`${PREFIX}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
    await ds?.destroy();
  });

  const stored = async (key: string): Promise<ThrottleState | null> => {
    const raw = await redis.get(`${PREFIX}:${key}`);
    return raw ? (JSON.parse(raw) as ThrottleState) : null;
  };

  it('counts every one of 25 parallel wrong passwords: only the limit gets a password check, then even the right one is refused', async () => {
    const ip = freshIp();
    const results = await Promise.all(Array.from({ length: 25 }, () => attempt(auth, t.sekA.email, 'wrong-password-123', ip)));
    const statuses = results.map((r) => r.status);
    // At most `limit` attempts reach the password check (401); the rest are refused before it (429).
    expect(statuses.filter((s) => s === 401)).toHaveLength(LOGIN_PER_ACCOUNT_AND_IP.limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25 - LOGIN_PER_ACCOUNT_AND_IP.limit);
    expect((await stored(throttleKey('login:account-ip', { account: t.sekA.email, ip })))?.failures).toHaveLength(
      LOGIN_PER_ACCOUNT_AND_IP.limit,
    );
    expect((await stored(throttleKey('login:ip', { ip })))?.failures).toHaveLength(LOGIN_PER_ACCOUNT_AND_IP.limit);
    const ttl = await redis.pttl(`${PREFIX}:${throttleKey('login:account-ip', { account: t.sekA.email, ip })}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(LOGIN_PER_ACCOUNT_AND_IP.windowMs);

    const right = await attempt(auth, t.sekA.email, t.sekA.password, ip);
    expect(right.status).toBe(429);
    expect(right.error?.code).toBe('too_many_attempts');
    expect(right.error?.message).toMatch(/Försök igen om 1[45] minuter/);
    const { retryAfterSeconds } = right.error?.details as { retryAfterSeconds: number };
    expect(retryAfterSeconds).toBeGreaterThan(0);
    expect(retryAfterSeconds).toBeLessThanOrEqual(LOGIN_PER_ACCOUNT_AND_IP.windowMs / 1000);
    // Another address is not blocked for the same account.
    expect((await attempt(auth, t.sekA.email, t.sekA.password, freshIp())).status).toBe(200);
  });

  it('counts parallel failures for different accounts from one address under the per-IP rule', async () => {
    const ip = freshIp();
    const emails = Array.from({ length: 12 }, (_, i) => `nobody-${i}-${randomBytes(3).toString('hex')}@test.example`);
    const statuses = (await Promise.all(emails.map((e) => attempt(auth, e, 'wrong-password-123', ip)))).map((r) => r.status);
    expect(statuses).toEqual(emails.map(() => 401));
    expect((await stored(throttleKey('login:ip', { ip })))?.failures).toHaveLength(12);
    for (const e of emails) expect((await stored(throttleKey('login:account-ip', { account: e, ip })))?.failures).toHaveLength(1);
  });

  it('takes back the reservation of a successful login and keeps the earlier failures', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) expect((await attempt(auth, t.admin.email, 'wrong-password-123', ip)).status).toBe(401);
    const key = throttleKey('login:account-ip', { account: t.admin.email, ip });
    const before = await stored(key);
    expect(before?.failures).toHaveLength(3);
    expect((await attempt(auth, t.admin.email, t.admin.password, ip)).status).toBe(200);
    expect(await stored(key)).toEqual(before);
    expect((await stored(throttleKey('login:ip', { ip })))?.failures).toEqual(before?.failures);
  });

  it('upgrades a hash made with older scrypt parameters at the first successful login, and only then', async () => {
    const password = `Äldre-${randomBytes(9).toString('base64url')}`;
    const oldHash = await hashPassword(password, { logN: 12, r: 8, p: 1 });
    expect(needsRehash(oldHash)).toBe(true);
    const user: UserEntity = {
      id: randomUUID(),
      organisationId: t.organisationId,
      email: `old-hash-${randomBytes(4).toString('hex')}@test.example`,
      name: 'Gammal Hash',
      role: 'revisor',
      passwordHash: oldHash,
      disabled: false,
      createdAt: new Date(),
    };
    await ds.getRepository(UserEntity).insert(user);
    const row = async () => (await ds.getRepository(UserEntity).findOneByOrFail({ id: user.id })).passwordHash;

    expect((await attempt(auth, user.email, 'wrong-password-123', freshIp())).status).toBe(401);
    expect(await row()).toBe(oldHash);

    expect((await attempt(auth, user.email, password, freshIp())).status).toBe(200);
    const upgraded = await row();
    expect(upgraded).not.toBe(oldHash);
    expect(upgraded).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(needsRehash(upgraded)).toBe(false);
    await expect(verifyPassword(password, upgraded)).resolves.toBe(true);

    // The new hash logs in, and is not replaced again.
    expect((await attempt(auth, user.email, password, freshIp())).status).toBe(200);
    expect(await row()).toBe(upgraded);
  });

  it("does not overwrite a password changed between the login's read and its re-hash", async () => {
    const oldHash = await hashPassword('whatever-password-1', { logN: 12, r: 8, p: 1 });
    const user: UserEntity = {
      id: randomUUID(),
      organisationId: t.organisationId,
      email: `race-${randomBytes(4).toString('hex')}@test.example`,
      name: 'Ny Lösen',
      role: 'revisor',
      passwordHash: oldHash,
      disabled: false,
      createdAt: new Date(),
    };
    await ds.getRepository(UserEntity).insert(user);
    const changed = await hashPassword('a-new-password-by-admin');
    await ds.getRepository(UserEntity).update({ id: user.id }, { passwordHash: changed });
    await expect(access.replacePasswordHash(user.id, oldHash, await hashPassword('whatever-password-1'))).resolves.toBe(false);
    expect((await ds.getRepository(UserEntity).findOneByOrFail({ id: user.id })).passwordHash).toBe(changed);
    const fresh = await hashPassword('a-newer-password-2');
    await expect(access.replacePasswordHash(user.id, changed, fresh)).resolves.toBe(true);
    expect((await ds.getRepository(UserEntity).findOneByOrFail({ id: user.id })).passwordHash).toBe(fresh);
  });
});

describe('password login while Redis is unreachable', () => {
  let ds: DataSource;
  let t: Tenant;
  let auth: AuthService;
  let warn: jest.SpyInstance;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds);
    const access = new TypeOrmAccessRepository(
      ds.getRepository(UserEntity),
      ds.getRepository(UserOrganEntity),
      ds.getRepository(SessionEntity),
      ds.getRepository(ApiKeyEntity),
    );
    // Nothing listens on a port just released: a Redis that is down.
    auth = new AuthService(
      configFor(`redis://127.0.0.1:${await freePort()}`),
      access,
      new TypeOrmOrganisationsRepository(ds.getRepository(OrganisationEntity), ds.getRepository(OrganEntity)),
    );
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterAll(async () => {
    warn?.mockRestore();
    await auth?.onModuleDestroy();
    await ds?.destroy();
  });

  it('fails open: the password decides, there is no brute-force limit, and each attempt logs a warning', async () => {
    const ip = freshIp();
    warn.mockClear();
    const attempts = LOGIN_PER_ACCOUNT_AND_IP.limit + 2;
    for (let i = 0; i < attempts; i++) expect((await attempt(auth, t.sekA.email, 'wrong-password-123', ip)).status).toBe(401);
    expect((await attempt(auth, t.sekA.email, t.sekA.password, ip)).status).toBe(200);
    const throttleWarnings = warn.mock.calls.filter(
      ([m]) => typeof m === 'string' && m.startsWith('login throttle unavailable (Redis), attempt from'),
    );
    expect(throttleWarnings).toHaveLength(attempts + 1);
    expect(String(throttleWarnings[0][0])).toContain(ip);
  });
});
