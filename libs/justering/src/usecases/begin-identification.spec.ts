import { IdentityError } from '@justera/identity';
import { META } from '../testing/fixtures';
import { identityStepFixture } from '../testing/identity';
import { giveLink } from '../testing/links';
import { BeginIdentification } from './begin-identification';
import { IDENTITY_ATTEMPTS_PER_LINK, identityFailureText } from './signing-identity';

describe(BeginIdentification.name, () => {
  it('begins at the provider and keeps only hashes and the sealed pending values', async () => {
    const s = identityStepFixture();
    const r = await new BeginIdentification(s.ports).execute({ token: s.token, browserSecret: 'browser-secret', meta: META });
    expect(r).toEqual({ redirectUrl: 'https://idp.test/auth?state=state-1' });
    const [a] = s.attempts.rows;
    expect(a.linkId).toBe(s.store.linksOf(s.signer.id).at(-1)!.id);
    expect(a.stateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.browserHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.browserHash).not.toContain('browser-secret');
    for (const secret of ['state-1', 'nonce-1', 'verifier-1', s.token]) expect(a.pending).not.toContain(secret);
    expect(a.createdAt).toEqual(s.clock.t);
    expect(a.expiresAt.getTime() - a.createdAt.getTime()).toBe(10 * 60_000);
    expect(a).toMatchObject({ finishedAt: null, outcome: null, identity: null, verifiedUntil: null });
    expect(s.store.events).toEqual([
      expect.objectContaining({
        type: 'identity.started',
        actor: `signatory:${s.signer.id}`,
        ip: META.ip,
        data: { signatoryId: s.signer.id, linkId: a.linkId, provider: 'Testlegitimation', attemptId: a.id },
      }),
    ]);
    expect(s.store.locks).toEqual([s.fx.protocol.id]);
  });

  it('does not begin for a link that needs no e-legitimation, or is not open', async () => {
    const s = identityStepFixture({ level: 'e-postlank' });
    const begin = (x: typeof s, token: string) => new BeginIdentification(x.ports).execute({ token, browserSecret: 'b', meta: META });
    expect(await begin(s, s.token)).toMatchObject({ verdict: { kind: 'open' } });
    const t = identityStepFixture();
    // The sekreterare has signed with this link: its page, no identification.
    expect(await begin(t, giveLink(t.store, t.fx, t.fx.sigs[0]))).toMatchObject({ verdict: { kind: 'signed' } });
    expect(await begin(t, 'not a token')).toEqual({ verdict: { kind: 'invalid' } });
    expect([...s.attempts.rows, ...t.attempts.rows]).toHaveLength(0);
    expect([...s.store.events, ...t.store.events]).toHaveLength(0);
  });

  it('refuses with identity_unavailable when e-legitimation is required but no provider is configured', async () => {
    const s = identityStepFixture({ provider: 'none' });
    await expect(new BeginIdentification(s.ports).execute({ token: s.token, browserSecret: 'b', meta: META })).rejects.toMatchObject({
      code: 'identity_unavailable',
    });
    expect(s.attempts.rows).toHaveLength(0);
  });

  it('says the provider does not answer when it cannot start, and stores no attempt', async () => {
    const s = identityStepFixture();
    s.provider.startFault = new IdentityError('provider_unavailable', 'connect ECONNREFUSED');
    const r = await new BeginIdentification(s.ports).execute({ token: s.token, browserSecret: 'b', meta: META });
    expect(r).toMatchObject({ failure: { code: 'provider_unavailable', token: s.token, verdict: { kind: 'open' } } });
    expect('failure' in r && identityFailureText(r.failure.code)).toContain('svarar inte');
    expect(s.attempts.rows).toHaveLength(0);
    expect(s.store.events).toEqual([
      expect.objectContaining({
        type: 'identity.failed',
        data: expect.objectContaining({ provider: 'Testlegitimation', code: 'provider_unavailable', detail: 'connect ECONNREFUSED' }),
      }),
    ]);
  });

  it('an unexpected error at the start is provider_unavailable', async () => {
    const s = identityStepFixture();
    s.provider.start = async () => {
      throw new Error('socket hang up');
    };
    const r = await new BeginIdentification(s.ports).execute({ token: s.token, browserSecret: 'b', meta: META });
    expect(r).toMatchObject({ failure: { code: 'provider_unavailable' } });
    expect(s.store.events[0].data).toMatchObject({ code: 'provider_unavailable', detail: 'Error: socket hang up' });
  });

  it('throttles a link after IDENTITY_ATTEMPTS_PER_LINK attempts in a quarter of an hour', async () => {
    const s = identityStepFixture();
    const begin = new BeginIdentification(s.ports);
    const once = () => begin.execute({ token: s.token, browserSecret: 'b', meta: META });
    for (let i = 0; i < IDENTITY_ATTEMPTS_PER_LINK; i++) expect(await once()).toHaveProperty('redirectUrl');
    expect(await once()).toMatchObject({ failure: { code: 'throttled', token: s.token } });
    expect(identityFailureText('throttled')).toContain('Vänta en kvart');
    expect(s.store.events.at(-1)).toMatchObject({ type: 'identity.throttled', data: { attempts: IDENTITY_ATTEMPTS_PER_LINK } });
    expect(s.attempts.rows).toHaveLength(IDENTITY_ATTEMPTS_PER_LINK);
    // Once the first attempts are more than fifteen minutes old, the link may try again.
    s.later(15 * 60_000);
    expect(await once()).toHaveProperty('redirectUrl');
  });
});
