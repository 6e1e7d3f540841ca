/**
 * The e-legitimation step's attempts port (libs/justering SigningIdentityAttempts) on PostgreSQL
 * (libs/persistence TypeOrmSigningIdentityAttempts): an attempt is found by its state's hash, claimed by
 * exactly one of two concurrent callbacks, its outcome and verified identity recorded, the newest
 * verified one of a link and browser found, the throttle's count taken, and the expired ones purged.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SigningIdentityAttempt } from '@justera/justering';
import { SigningIdentityAttemptEntity, TypeOrmSigningIdentityAttempts } from '@justera/persistence';
import { openDataSource } from '../support/tenants';

jest.setTimeout(60_000);

describe(TypeOrmSigningIdentityAttempts.name, () => {
  let ds: DataSource;
  let repo: TypeOrmSigningIdentityAttempts;
  const linkId = randomUUID();
  const otherLink = randomUUID();

  beforeAll(async () => {
    ds = await openDataSource();
    repo = new TypeOrmSigningIdentityAttempts(ds);
  });
  afterAll(async () => {
    await ds.getRepository(SigningIdentityAttemptEntity).delete({ linkId });
    await ds.getRepository(SigningIdentityAttemptEntity).delete({ linkId: otherLink });
    await ds?.destroy();
  });

  const attempt = (over: Partial<SigningIdentityAttempt> = {}): SigningIdentityAttempt => {
    const createdAt = over.createdAt ?? new Date();
    return {
      id: randomUUID(),
      linkId,
      stateHash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
      browserHash: 'b'.repeat(64),
      pending: 'sealed',
      createdAt,
      expiresAt: new Date(createdAt.getTime() + 10 * 60_000),
      finishedAt: null,
      outcome: null,
      identity: null,
      verifiedUntil: null,
      ...over,
    };
  };

  it('stores an attempt, finds it by the state hash, and lets one of two concurrent callbacks claim it', async () => {
    const a = attempt();
    await repo.insert(a);
    const found = await repo.findByStateHash(a.stateHash);
    expect(found).toEqual(a);
    expect(found).not.toBeInstanceOf(SigningIdentityAttemptEntity);
    expect(await repo.findByStateHash('f'.repeat(64))).toBeNull();
    // A state is unique: a second attempt with it is refused by the database.
    await expect(repo.insert(attempt({ stateHash: a.stateHash }))).rejects.toThrow();

    const at = new Date();
    const claims = await Promise.all([repo.claim(a.id, at), repo.claim(a.id, at), repo.claim(a.id, at)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await repo.findByStateHash(a.stateHash))!.finishedAt!.getTime()).toBe(at.getTime());
  });

  it('records the outcome and finds the newest verified attempt of a link in a browser', async () => {
    const old = attempt({ createdAt: new Date(Date.now() - 60_000) });
    const fresh = attempt();
    const elsewhere = attempt({ browserHash: 'c'.repeat(64) });
    const failed = attempt({ createdAt: new Date(Date.now() + 1000) });
    for (const a of [old, fresh, elsewhere, failed]) await repo.insert(a);
    const until = new Date(Date.now() + 15 * 60_000);
    await repo.setOutcome(old.id, 'verified', { identity: '{"name":"Gammal"}', verifiedUntil: until });
    await repo.setOutcome(fresh.id, 'verified', { identity: '{"name":"Ny"}', verifiedUntil: until });
    await repo.setOutcome(elsewhere.id, 'verified', { identity: '{"name":"Annan"}', verifiedUntil: until });
    await repo.setOutcome(failed.id, 'name_mismatch');

    const v = await repo.latestVerified(linkId, 'b'.repeat(64));
    expect(v).toMatchObject({ id: fresh.id, outcome: 'verified', identity: '{"name":"Ny"}' });
    expect(v!.verifiedUntil!.getTime()).toBe(until.getTime());
    expect((await repo.findByStateHash(failed.stateHash))!).toMatchObject({
      outcome: 'name_mismatch',
      identity: null,
      verifiedUntil: null,
    });
    expect(await repo.latestVerified(otherLink, 'b'.repeat(64))).toBeNull();
  });

  it('counts the attempts of a link since a time (the throttle)', async () => {
    const t0 = new Date(Date.now() - 20 * 60_000);
    await repo.insert(attempt({ linkId: otherLink, createdAt: t0 }));
    await repo.insert(attempt({ linkId: otherLink, createdAt: new Date(Date.now() - 5 * 60_000) }));
    await repo.insert(attempt({ linkId: otherLink }));
    expect(await repo.countSince(otherLink, new Date(Date.now() - 15 * 60_000))).toBe(2);
    expect(await repo.countSince(otherLink, new Date(t0.getTime() - 1))).toBe(3);
  });

  it('purges the attempts that expired, and a verified one only once its identity may no longer be used', async () => {
    const now = Date.now();
    const hourAgo = new Date(now - 60 * 60_000);
    const expired = attempt({ createdAt: new Date(now - 3 * 60 * 60_000) });
    const usedUp = attempt({ createdAt: new Date(now - 3 * 60 * 60_000) });
    const stillUsable = attempt({ createdAt: new Date(now - 3 * 60 * 60_000) });
    const live = attempt();
    for (const a of [expired, usedUp, stillUsable, live]) await repo.insert(a);
    await repo.setOutcome(usedUp.id, 'verified', { identity: '{}', verifiedUntil: new Date(now - 2 * 60 * 60_000) });
    await repo.setOutcome(stillUsable.id, 'verified', { identity: '{}', verifiedUntil: new Date(now + 60_000) });

    expect(await repo.deleteExpired(hourAgo)).toBeGreaterThanOrEqual(2);
    const left = new Set((await ds.getRepository(SigningIdentityAttemptEntity).findBy({ linkId })).map((a) => a.id));
    expect(left.has(expired.id)).toBe(false);
    expect(left.has(usedUp.id)).toBe(false);
    expect(left.has(stillUsable.id)).toBe(true);
    expect(left.has(live.id)).toBe(true);
    expect(await repo.deleteExpired(hourAgo)).toBe(0);
  });
});
