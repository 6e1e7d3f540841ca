import type { SigningIdentityAttempts } from '@justera/justering';
import type { AccessRepository } from '@justera/persistence';
import { IDENTITY_ATTEMPT_KEEP_MS, PurgeSessionsHandler } from './purge-sessions.handler';

describe(PurgeSessionsHandler.name, () => {
  it('deletes the expired sessions and the e-legitimation attempts that expired more than an hour ago', async () => {
    const sessionsBefore: Date[] = [];
    const attemptsBefore: Date[] = [];
    const access = { deleteExpiredSessions: async (d: Date) => (sessionsBefore.push(d), 2) } as unknown as AccessRepository;
    const attempts = { deleteExpired: async (d: Date) => (attemptsBefore.push(d), 5) } as unknown as SigningIdentityAttempts;
    const t0 = Date.now();
    const out = await new PurgeSessionsHandler(access, attempts).handle();
    expect(out).toEqual({ status: 'done', detail: '2 sessions and 5 identity attempts removed' });
    expect(sessionsBefore[0].getTime()).toBeGreaterThanOrEqual(t0);
    expect(attemptsBefore).toHaveLength(1);
    // Kept at least as long as the per-link throttle (15 minutes) counts them.
    expect(IDENTITY_ATTEMPT_KEEP_MS).toBeGreaterThanOrEqual(15 * 60_000);
    expect(Math.abs(sessionsBefore[0].getTime() - IDENTITY_ATTEMPT_KEEP_MS - attemptsBefore[0].getTime())).toBeLessThan(1000);
  });
});
