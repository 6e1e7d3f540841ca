import { newLinkToken } from '@justera/auth';
import type { VerifiedIdentity } from '@justera/identity';
import type { Signatory, SigningLink } from '../usecases/ports';
import type { RoundFixture } from './fixtures';
import { testId } from './fixtures';
import type { InMemoryJusteringStore } from './in-memory-store';

/**
 * Gives `sig` a live link to the round's current version and returns its token (the store keeps only
 * the hash, as the real one does). `over` changes the link, e.g. an earlier expiry or a version.
 */
export function giveLink(store: InMemoryJusteringStore, fx: RoundFixture, sig: Signatory, over: Partial<SigningLink> = {}): string {
  const { token, tokenHash } = newLinkToken();
  store.links.push({
    id: testId(),
    tokenHash,
    roundId: fx.round.id,
    signatoryId: sig.id,
    versionId: fx.version.id,
    createdAt: new Date('2026-11-26T08:00:00Z'),
    expiresAt: new Date('2026-12-09T23:00:00Z'),
    usedAt: null,
    supersededAt: null,
    supersededReason: null,
    ...over,
  });
  return token;
}

/** A verified e-legitimation of `name` (the identity step's outcome). */
export function verifiedIdentity(name: string): VerifiedIdentity {
  const [givenName, ...rest] = name.split(' ');
  return {
    provider: 'Testlegitimation',
    iss: 'https://idp.test',
    sub: 'sub-1',
    name,
    givenName,
    familyName: rest.join(' '),
    personalNumberHash: 'ab'.repeat(32),
    authTime: new Date('2026-11-28T09:55:00Z'),
    acr: 'loa3',
  };
}
