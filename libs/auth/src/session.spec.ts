import fc from 'fast-check';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  SESSION_ABSOLUTE_TIMEOUT_MS,
  SESSION_IDLE_TIMEOUT_MS,
  csrfTokenFor,
  requiresCsrf,
  sessionCookie,
  sessionState,
  shouldTouchSession,
  verifyCsrf,
} from './session';

const run = promisify(execFile);
const SECRET = 'k2XQm9v1sP0Zr7TtY4uW8bN3cF6hJ5dL2aE0gR9iO1pU7yV';

describe(csrfTokenFor.name, () => {
  it('is base64url(HMAC-SHA256(HKDF-SHA256(secret, info "justera/csrf/v1"), sessionId)), as OpenSSL computes it', async () => {
    const sessionId = '8f14e45f-ceea-467f-a0e6-3b0b2a9b7c11';
    const kdf = await run('openssl', [
      'kdf', '-keylen', '32', '-kdfopt', 'digest:SHA256',
      '-kdfopt', `hexkey:${Buffer.from(SECRET).toString('hex')}`,
      '-kdfopt', `hexinfo:${Buffer.from('justera/csrf/v1').toString('hex')}`,
      'HKDF',
    ]);
    const key = kdf.stdout.trim().replace(/:/g, '').toLowerCase();
    const dir = mkdtempSync(join(tmpdir(), 'justera-csrf-'));
    try {
      const file = join(dir, 'msg');
      writeFileSync(file, sessionId);
      const mac = await run('openssl', ['mac', '-digest', 'SHA256', '-macopt', `hexkey:${key}`, '-in', file, 'HMAC']);
      const expected = Buffer.from(mac.stdout.trim(), 'hex').toString('base64url');
      expect(csrfTokenFor(sessionId, SECRET)).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is stable per session, differs between sessions and between secrets', () => {
    expect(csrfTokenFor('s1', SECRET)).toBe(csrfTokenFor('s1', SECRET));
    expect(csrfTokenFor('s1', SECRET)).not.toBe(csrfTokenFor('s2', SECRET));
    expect(csrfTokenFor('s1', SECRET)).not.toBe(csrfTokenFor('s1', SECRET + 'x'));
    expect(csrfTokenFor('s1', Buffer.from(SECRET))).toBe(csrfTokenFor('s1', SECRET));
    expect(csrfTokenFor('s1', SECRET)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses an empty session id or secret', () => {
    expect(() => csrfTokenFor('', SECRET)).toThrow(TypeError);
    expect(() => csrfTokenFor('s1', '')).toThrow(TypeError);
  });
});

describe(verifyCsrf.name, () => {
  const token = csrfTokenFor('session-a', SECRET);

  it('accepts the token of the same session', () => {
    expect(verifyCsrf('session-a', token, SECRET)).toBe(true);
  });

  it.each([
    ['another session', 'session-b', token, SECRET],
    ['another secret', 'session-a', token, SECRET + '!'],
    ['a truncated token', 'session-a', token.slice(0, -1), SECRET],
    ['a token with a flipped character', 'session-a', (token[0] === 'A' ? 'B' : 'A') + token.slice(1), SECRET],
    ['an empty token', 'session-a', '', SECRET],
    ['a missing token', 'session-a', undefined, SECRET],
    ['an array token', 'session-a', [token], SECRET],
    ['a missing session', undefined, token, SECRET],
    ['an empty session', '', token, SECRET],
    ['a huge token', 'session-a', token.repeat(100), SECRET],
  ])('rejects %s', (_label, sessionId, t, secret) => {
    expect(verifyCsrf(sessionId, t, secret)).toBe(false);
  });
});

describe(`${verifyCsrf.name} (property)`, () => {
  it('accepts a session’s own token and no other session’s', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), fc.string({ minLength: 1, maxLength: 64 }), (a, b) => {
        const t = csrfTokenFor(a, SECRET);
        return verifyCsrf(a, t, SECRET) && verifyCsrf(b, t, SECRET) === (a === b);
      }),
      { numRuns: 300 },
    );
  });
});

describe(sessionState.name, () => {
  const login = new Date('2025-03-05T08:00:00Z');
  const at = (ms: number) => new Date(login.getTime() + ms);

  it.each([
    ['fresh', { createdAt: login, lastSeenAt: login }, at(0), 'active'],
    ['active just before idle timeout', { createdAt: login, lastSeenAt: login }, at(SESSION_IDLE_TIMEOUT_MS - 1), 'active'],
    ['idle timeout reached', { createdAt: login, lastSeenAt: login }, at(SESSION_IDLE_TIMEOUT_MS), 'idle-expired'],
    ['kept alive by activity', { createdAt: login, lastSeenAt: at(5 * 3600_000) }, at(6 * 3600_000), 'active'],
    ['absolute timeout despite activity', { createdAt: login, lastSeenAt: at(SESSION_ABSOLUTE_TIMEOUT_MS - 1000) }, at(SESSION_ABSOLUTE_TIMEOUT_MS), 'expired'],
    ['revoked', { createdAt: login, lastSeenAt: login, revokedAt: at(1000) }, at(2000), 'revoked'],
  ])('%s', (_label, times, now, expected) => {
    expect(sessionState(times, now)).toBe(expected);
  });

  it('takes the configured lifetime and idle timeout', () => {
    const times = { createdAt: login, lastSeenAt: at(20 * 3600_000) };
    expect(sessionState(times, at(21 * 3600_000))).toBe('expired');
    expect(sessionState(times, at(21 * 3600_000), { absoluteMs: 24 * 3600_000 })).toBe('active');
    expect(sessionState(times, at(21 * 3600_000), { absoluteMs: 24 * 3600_000, idleMs: 30 * 60_000 })).toBe('idle-expired');
  });

  it('fails closed on invalid dates', () => {
    expect(sessionState({ createdAt: new Date('nonsense'), lastSeenAt: login }, at(1))).toBe('expired');
    expect(sessionState({ createdAt: login, lastSeenAt: login }, new Date(NaN))).toBe('expired');
    expect(sessionState({ createdAt: undefined as unknown as Date, lastSeenAt: login }, at(1))).toBe('expired');
  });
});

describe(shouldTouchSession.name, () => {
  it('asks for a write at most every five minutes', () => {
    const t = new Date('2025-03-05T08:00:00Z');
    expect(shouldTouchSession({ createdAt: t, lastSeenAt: t }, new Date(t.getTime() + 299_999))).toBe(false);
    expect(shouldTouchSession({ createdAt: t, lastSeenAt: t }, new Date(t.getTime() + 300_000))).toBe(true);
  });
});

describe(sessionCookie.name, () => {
  it('is HttpOnly, SameSite=Lax, path / always; Secure with the __Host- prefix in production', () => {
    expect(sessionCookie({ production: true })).toEqual({
      name: '__Host-justera_session',
      options: { httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: SESSION_ABSOLUTE_TIMEOUT_MS },
    });
    expect(sessionCookie({ production: true, maxAgeMs: 3600_000 }).options.maxAge).toBe(3600_000);
    const dev = sessionCookie({ production: false });
    expect(dev.name).toBe('justera_session');
    expect(dev.options).toMatchObject({ httpOnly: true, secure: false, sameSite: 'lax', path: '/' });
  });
});

describe(requiresCsrf.name, () => {
  it.each([
    ['GET', false],
    ['head', false],
    ['OPTIONS', false],
    ['POST', true],
    ['put', true],
    ['PATCH', true],
    ['DELETE', true],
  ])('%s -> %s', (method, expected) => {
    expect(requiresCsrf(method)).toBe(expected);
  });
});
