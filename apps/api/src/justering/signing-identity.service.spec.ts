import { randomBytes } from 'node:crypto';
import type { AppConfig } from '@justera/config';
import { IdentityError, type IdentityProvider, type PendingAuthentication, type VerifiedIdentity } from '@justera/identity';
import type { MailToQueue } from '@justera/application';
import type { ClassifyLink, JusteringStore, LinkVerdict } from '@justera/justering';
import { type SigningIdentityAttempt, SigningIdentityAttemptsRepository } from '@justera/persistence';
import { IDENTITY_ATTEMPTS_PER_LINK, SigningIdentityService } from './signing-identity.service';

/** The attempts port in memory (the PostgreSQL one: test/medium/signing-identity-attempts.test.ts). */
class MemoryAttempts extends SigningIdentityAttemptsRepository {
  rows: SigningIdentityAttempt[] = [];
  async countSince(linkId: string, since: Date) {
    return this.rows.filter((a) => a.linkId === linkId && a.createdAt > since).length;
  }
  async insert(a: SigningIdentityAttempt) {
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
  async deleteExpired() {
    return 0;
  }
}

/** A provider that hands out a fixed identity, or fails as told. */
class FakeProvider implements IdentityProvider {
  readonly label = 'Testlegitimation';
  identity: VerifiedIdentity = {
    provider: 'Testlegitimation',
    iss: 'https://idp.test',
    sub: 'sub-1',
    name: 'Anna Maria Berg',
    givenName: 'Anna Maria',
    familyName: 'Berg',
    personalNumberHash: 'ab'.repeat(32),
    authTime: new Date('2026-12-01T10:00:00Z'),
    acr: 'loa3',
  };
  startFault?: IdentityError;
  finishFault?: Error;
  finished: { url: URL; pending: PendingAuthentication }[] = [];
  n = 0;
  async start() {
    if (this.startFault) throw this.startFault;
    const state = `state-${++this.n}`;
    return {
      redirectUrl: `https://idp.test/auth?state=${state}`,
      pending: { state, nonce: `nonce-${this.n}`, codeVerifier: `verifier-${this.n}` },
    };
  }
  async finish(url: URL, pending: PendingAuthentication) {
    this.finished.push({ url, pending });
    if (this.finishFault) throw this.finishFault;
    return this.identity;
  }
}

const TOKEN = randomBytes(32).toString('base64url');
const LINK = { id: 'link-1', roundId: 'round-1', signatoryId: 'sig-2', versionId: 'v-1' };
const SIGNATORIES = [
  { id: 'sig-1', role: 'sekreterare', name: 'Sara Sekreterare', email: 'sara@kommun.test' },
  { id: 'sig-2', role: 'justerare', name: 'Anna Berg', email: 'anna@kommun.test' },
];

function setup(opts: { level?: string; provider?: FakeProvider | null } = {}) {
  const attempts = new MemoryAttempts();
  const provider = opts.provider === undefined ? new FakeProvider() : opts.provider;
  const audit: { type: string; data: Record<string, unknown> }[] = [];
  const mails: MailToQueue[] = [];
  let verdictKind: LinkVerdict['kind'] = 'open';
  const ctx = {
    link: LINK,
    round: { id: 'round-1', identityLevel: opts.level ?? 'e-legitimation', organisationId: 'org-1', protocolId: 'p-1', paragraphs: null },
    signatory: SIGNATORIES[1],
    signatories: SIGNATORIES,
  };
  const classifyLink = {
    execute: async ({ token }: { token: string }) =>
      token === TOKEN ? ({ kind: verdictKind, ctx } as unknown as LinkVerdict) : ({ kind: 'invalid' } as LinkVerdict),
  } as unknown as ClassifyLink;
  const uow = {
    queueMail: async (m: MailToQueue) => {
      mails.push(m);
      return `mail-${mails.length}`;
    },
    link: async () => LINK,
    round: async () => ctx.round,
    lockProtocol: async () => ({ id: 'p-1', title: 'Kommunstyrelsen', meetingDate: '2026-12-01', data: { organ: 'Kommunstyrelsen' } }),
    signatories: async () => SIGNATORIES,
    version: async () => ({ id: 'v-1', sha256: 'a'.repeat(64) }),
    appendAudit: async (e: { type: string; data: Record<string, unknown> }) => void audit.push(e),
  };
  const store = {
    unitOfWork: async <T>(fn: (u: typeof uow) => Promise<T>) => fn(uow),
    findLinkByTokenHash: async () => LINK,
  } as unknown as JusteringStore;
  const config = { secret: 's'.repeat(40), publicUrl: 'https://justera.test', oidc: undefined } as unknown as AppConfig;
  const service = new SigningIdentityService(store, attempts, classifyLink, config, provider);
  const meta = { ip: '10.0.0.1', userAgent: 'jest' };
  return {
    service,
    attempts,
    provider: provider!,
    audit,
    mails,
    meta,
    close: (k: LinkVerdict['kind']) => (verdictKind = k),
  };
}

/** Begin, and the callback's query as the provider would send it. */
async function begun(s: ReturnType<typeof setup>, browser = 'browser-secret') {
  const r = await s.service.begin(TOKEN, browser, s.meta);
  if (!('redirectUrl' in r)) throw new Error(JSON.stringify(r));
  const state = new URL(r.redirectUrl).searchParams.get('state')!;
  return new URLSearchParams({ code: 'the-code', state });
}

describe(SigningIdentityService.name, () => {
  it('begins at the provider and keeps only hashes and the sealed pending values', async () => {
    const s = setup();
    const r = await s.service.begin(TOKEN, 'browser-secret', s.meta);
    expect(r).toEqual({ redirectUrl: 'https://idp.test/auth?state=state-1' });
    const [a] = s.attempts.rows;
    expect(a.linkId).toBe('link-1');
    expect(a.stateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.browserHash).not.toContain('browser-secret');
    for (const secret of ['state-1', 'nonce-1', 'verifier-1', TOKEN]) expect(a.pending).not.toContain(secret);
    expect(a.expiresAt.getTime() - a.createdAt.getTime()).toBe(10 * 60_000);
    expect(s.audit.map((e) => e.type)).toEqual(['identity.started']);
  });

  it('does not begin for a link that needs no e-legitimation, or is not open', async () => {
    const s = setup({ level: 'e-postlank' });
    expect(await s.service.begin(TOKEN, 'b', s.meta)).toMatchObject({ verdict: { kind: 'open' } });
    const t = setup();
    t.close('signed');
    expect(await t.service.begin(TOKEN, 'b', t.meta)).toMatchObject({ verdict: { kind: 'signed' } });
    expect([...s.attempts.rows, ...t.attempts.rows]).toHaveLength(0);
  });

  it('refuses with identity_unavailable when e-legitimation is required but no provider is configured', async () => {
    const s = setup({ provider: null });
    await expect(s.service.begin(TOKEN, 'b', s.meta)).rejects.toMatchObject({ code: 'identity_unavailable' });
  });

  it('says the provider does not answer when it cannot start, and stores no attempt', async () => {
    const s = setup();
    s.provider.startFault = new IdentityError('provider_unavailable', 'connect ECONNREFUSED');
    const r = await s.service.begin(TOKEN, 'b', s.meta);
    expect(r).toMatchObject({ failure: { code: 'provider_unavailable', token: TOKEN } });
    expect('failure' in r && r.failure.message).toContain('svarar inte');
    expect(s.attempts.rows).toHaveLength(0);
    expect(s.audit).toEqual([
      expect.objectContaining({ type: 'identity.failed', data: expect.objectContaining({ code: 'provider_unavailable' }) }),
    ]);
  });

  it('throttles a link after IDENTITY_ATTEMPTS_PER_LINK attempts', async () => {
    const s = setup();
    for (let i = 0; i < IDENTITY_ATTEMPTS_PER_LINK; i++) expect(await s.service.begin(TOKEN, 'b', s.meta)).toHaveProperty('redirectUrl');
    expect(await s.service.begin(TOKEN, 'b', s.meta)).toMatchObject({ failure: { code: 'throttled' } });
    expect(s.audit.at(-1)!.type).toBe('identity.throttled');
  });

  it('completes in the same browser: the identity is bound to the link for fifteen minutes', async () => {
    const s = setup();
    const q = await begun(s);
    expect(await s.service.verifiedFor(TOKEN, 'browser-secret')).toBeNull();
    expect(await s.service.complete(q, 'browser-secret', s.meta)).toEqual({ token: TOKEN });
    expect(s.provider.finished[0].pending).toEqual({ state: 'state-1', nonce: 'nonce-1', codeVerifier: 'verifier-1', token: TOKEN });
    expect(s.provider.finished[0].url.href).toBe('https://justera.test/sign/identitet/tillbaka?code=the-code&state=state-1');
    const v = await s.service.verifiedFor(TOKEN, 'browser-secret');
    expect(v).toMatchObject({ name: 'Anna Maria Berg', sub: 'sub-1', acr: 'loa3' });
    expect(v!.authTime!.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    // Not in another browser.
    expect(await s.service.verifiedFor(TOKEN, 'other-browser')).toBeNull();
    expect(await s.service.verifiedFor(TOKEN, undefined)).toBeNull();
    const verified = s.audit.find((e) => e.type === 'identity.verified')!;
    expect(verified.data).toMatchObject({ provider: 'Testlegitimation', iss: 'https://idp.test', sub: 'sub-1', acr: 'loa3' });
    // The audit trail never has the personal number's hash.
    expect(JSON.stringify(s.audit)).not.toContain('ab'.repeat(32));
    const [a] = s.attempts.rows;
    expect(a.outcome).toBe('verified');
    expect(a.verifiedUntil!.getTime() - a.finishedAt!.getTime()).toBe(15 * 60_000);
  });

  it('refuses a callback in another browser, a replayed one, an unknown state, and an expired attempt', async () => {
    const s = setup();
    const q = await begun(s);
    expect(await s.service.complete(q, 'another-browser', s.meta)).toMatchObject({ failure: { code: 'state_mismatch', token: TOKEN } });
    expect(await s.service.complete(q, undefined, s.meta)).toMatchObject({ failure: { code: 'state_mismatch' } });
    expect(await s.service.complete(q, 'browser-secret', s.meta)).toEqual({ token: TOKEN });
    expect(await s.service.complete(q, 'browser-secret', s.meta)).toMatchObject({ failure: { code: 'code_rejected' } });
    expect(await s.service.complete(new URLSearchParams({ state: 'forged' }), 'browser-secret', s.meta)).toMatchObject({
      failure: { code: 'state_mismatch', token: null },
    });
    expect(await s.service.complete(new URLSearchParams({ state: 'x'.repeat(600) }), 'browser-secret', s.meta)).toMatchObject({
      failure: { code: 'state_mismatch' },
    });
    const q2 = await begun(s);
    s.attempts.rows.at(-1)!.expiresAt = new Date(Date.now() - 1);
    expect(await s.service.complete(q2, 'browser-secret', s.meta)).toMatchObject({ failure: { code: 'auth_too_old' } });
    expect(s.provider.finished).toHaveLength(1);
  });

  it('a name that does not match binds nothing, is audited and mails the secretary', async () => {
    const s = setup();
    s.provider.identity = { ...s.provider.identity, name: 'Kerstin Falk', givenName: 'Kerstin', familyName: 'Falk' };
    const q = await begun(s);
    const r = await s.service.complete(q, 'browser-secret', s.meta);
    expect(r).toMatchObject({ failure: { code: 'name_mismatch', names: { verified: 'Kerstin Falk', expected: 'Anna Berg' } } });
    expect(await s.service.verifiedFor(TOKEN, 'browser-secret')).toBeNull();
    expect(s.audit.find((e) => e.type === 'identity.mismatch')!.data).toMatchObject({ expectedName: 'Anna Berg', name: 'Kerstin Falk' });
    expect(s.mails).toEqual([expect.objectContaining({ to: 'sara@kommun.test', kind: 'justering.identity-mismatch' })]);
    expect(s.mails[0].subject).toContain('Namnet stämmer inte');
  });

  it('a provider fault at the callback is the fault code, audited, nothing bound', async () => {
    const s = setup();
    s.provider.finishFault = new IdentityError('nonce_mismatch', 'nonce');
    const q = await begun(s);
    expect(await s.service.complete(q, 'browser-secret', s.meta)).toMatchObject({ failure: { code: 'nonce_mismatch', token: TOKEN } });
    expect(s.attempts.rows[0].outcome).toBe('nonce_mismatch');
    // An unexpected error is an invalid token, not a crash.
    s.provider.finishFault = new Error('boom');
    expect(await s.service.complete(await begun(s), 'browser-secret', s.meta)).toMatchObject({ failure: { code: 'invalid_token' } });
    expect(await s.service.verifiedFor(TOKEN, 'browser-secret')).toBeNull();
  });

  it('a link closed while the signer was at the provider: its page, no identity', async () => {
    const s = setup();
    const q = await begun(s);
    s.close('cancelled');
    expect(await s.service.complete(q, 'browser-secret', s.meta)).toMatchObject({ verdict: { kind: 'cancelled' }, token: TOKEN });
    expect(s.attempts.rows[0].outcome).toBe('link_closed');
    expect(s.provider.finished).toHaveLength(0);
  });

  it('an identity past its fifteen minutes no longer counts', async () => {
    const s = setup();
    await s.service.complete(await begun(s), 'browser-secret', s.meta);
    s.attempts.rows[0].verifiedUntil = new Date(Date.now() - 1);
    expect(await s.service.verifiedFor(TOKEN, 'browser-secret')).toBeNull();
    expect(await s.service.verifiedFor('not a token', 'browser-secret')).toBeNull();
  });
});
