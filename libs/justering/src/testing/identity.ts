import type { IdentityError, IdentityProvider, PendingAuthentication, VerifiedIdentity } from '@justera/identity';
import type { SigningIdentityAttempt, SigningIdentityAttempts } from '../usecases/identity-attempts';
import type { SigningIdentityPorts } from '../usecases/signing-identity';
import { addRound, FixedClock } from './fixtures';
import { InMemoryJusteringStore } from './in-memory-store';
import { giveLink, verifiedIdentity } from './links';

/** The attempts port in memory (the PostgreSQL one: test/medium/signing-identity-attempts.test.ts). */
export class InMemoryIdentityAttempts implements SigningIdentityAttempts {
  rows: SigningIdentityAttempt[] = [];

  async countSince(linkId: string, since: Date) {
    return this.rows.filter((a) => a.linkId === linkId && a.createdAt > since).length;
  }
  async insert(a: SigningIdentityAttempt) {
    if (this.rows.some((x) => x.stateHash === a.stateHash)) throw new Error('duplicate state hash');
    this.rows.push({ ...a });
  }
  async findByStateHash(h: string) {
    const a = this.rows.find((x) => x.stateHash === h);
    return a ? { ...a } : null;
  }
  async claim(id: string, at: Date) {
    const a = this.rows.find((x) => x.id === id);
    if (!a || a.finishedAt) return false;
    a.finishedAt = at;
    return true;
  }
  async setOutcome(id: string, outcome: string, verified?: { identity: string; verifiedUntil: Date }) {
    Object.assign(
      this.rows.find((x) => x.id === id)!,
      { outcome, ...verified },
    );
  }
  async latestVerified(linkId: string, browserHash: string) {
    const a = this.rows
      .filter((x) => x.linkId === linkId && x.browserHash === browserHash && x.outcome === 'verified')
      .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime())[0];
    return a ? { ...a } : null;
  }
  async deleteExpired(before: Date) {
    const gone = (a: SigningIdentityAttempt) => a.expiresAt < before && (!a.verifiedUntil || a.verifiedUntil < before);
    const n = this.rows.filter(gone).length;
    this.rows = this.rows.filter((a) => !gone(a));
    return n;
  }
}

/** A provider that hands out a fixed identity (`identity`), or fails as told. */
export class FakeIdentityProvider implements IdentityProvider {
  readonly label = 'Testlegitimation';
  startFault?: IdentityError;
  finishFault?: Error;
  /** What `finish` was given, in order. */
  finished: { url: URL; pending: PendingAuthentication; redirectUri: string }[] = [];
  private n = 0;

  constructor(public identity: VerifiedIdentity) {}

  async start() {
    if (this.startFault) throw this.startFault;
    const state = `state-${++this.n}`;
    return {
      redirectUrl: `https://idp.test/auth?state=${state}`,
      pending: { state, nonce: `nonce-${this.n}`, codeVerifier: `verifier-${this.n}` },
    };
  }

  async finish(url: URL, pending: PendingAuthentication, redirectUri: string) {
    this.finished.push({ url, pending, redirectUri });
    if (this.finishFault) throw this.finishFault;
    return this.identity;
  }
}

/**
 * A round that requires e-legitimation whose justerare (Jana Justerare) holds an open link (`token`),
 * with the identity step's ports in memory: the provider verifies Jana Justerare unless told otherwise.
 */
export function identityStepFixture(opts: { level?: string; provider?: 'none' } = {}) {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, { identityLevel: opts.level ?? 'e-legitimation' }, ['signed', 'signed', 'sent']);
  const signer = fx.sigs[2];
  const token = giveLink(store, fx, signer);
  const clock = new FixedClock(new Date('2026-11-28T10:00:00Z'));
  const attempts = new InMemoryIdentityAttempts();
  const provider = new FakeIdentityProvider(verifiedIdentity(signer.name));
  const ports: SigningIdentityPorts = {
    store,
    attempts,
    provider: opts.provider === 'none' ? null : provider,
    clock,
    config: { secret: 's'.repeat(40), publicUrl: 'https://justera.example' },
  };
  const later = (ms: number) => (clock.t = new Date(clock.t.getTime() + ms));
  return { store, fx, signer, token, clock, attempts, provider, ports, later };
}
