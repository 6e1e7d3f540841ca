import { IdentityError } from '@justera/identity';
import { META } from '../testing/fixtures';
import { identityStepFixture } from '../testing/identity';
import { BeginIdentification } from './begin-identification';
import { CompleteIdentification } from './complete-identification';
import { VerifiedIdentityForLink } from './verified-identity-for-link';

type Fixture = ReturnType<typeof identityStepFixture>;

/** Begins, and returns the callback's query as the provider would send it. */
async function begun(s: Fixture, browserSecret = 'browser-secret') {
  const r = await new BeginIdentification(s.ports).execute({ token: s.token, browserSecret, meta: META });
  if (!('redirectUrl' in r)) throw new Error(JSON.stringify(r));
  const state = new URL(r.redirectUrl).searchParams.get('state')!;
  return new URLSearchParams({ code: 'the-code', state });
}

function setup(opts: Parameters<typeof identityStepFixture>[0] = {}) {
  const s = identityStepFixture(opts);
  const warnings: string[] = [];
  const complete = new CompleteIdentification(s.ports, { warn: (_d, m) => void warnings.push(m) });
  const verified = new VerifiedIdentityForLink(s.ports);
  return {
    ...s,
    warnings,
    /** Null: the browser sent no binding cookie. */
    complete: (callback: URLSearchParams, browserSecret: string | null = 'browser-secret') =>
      complete.execute({ callback, browserSecret: browserSecret ?? undefined, meta: META }),
    verifiedIn: async (browserSecret: string | undefined, token = s.token) => (await verified.execute({ token, browserSecret })).verified,
  };
}

describe(CompleteIdentification.name, () => {
  it('completes in the same browser: the identity is bound to the link for fifteen minutes', async () => {
    const s = setup();
    const q = await begun(s);
    expect(await s.verifiedIn('browser-secret')).toBeNull();
    expect(await s.complete(q)).toEqual({ token: s.token });
    expect(s.provider.finished[0].pending).toEqual({ state: 'state-1', nonce: 'nonce-1', codeVerifier: 'verifier-1', token: s.token });
    expect(s.provider.finished[0].url.href).toBe('https://justera.example/sign/identitet/tillbaka?code=the-code&state=state-1');
    expect(s.provider.finished[0].redirectUri).toBe('https://justera.example/sign/identitet/tillbaka');
    const v = await s.verifiedIn('browser-secret');
    expect(v).toMatchObject({ name: 'Jana Justerare', sub: 'sub-1', acr: 'loa3' });
    expect(v!.authTime!.toISOString()).toBe('2026-11-28T09:55:00.000Z');
    // Not in another browser.
    expect(await s.verifiedIn('other-browser')).toBeNull();
    expect(await s.verifiedIn(undefined)).toBeNull();
    const verifiedEvent = s.store.events.find((e) => e.type === 'identity.verified')!;
    expect(verifiedEvent.actor).toBe(`signatory:${s.signer.id}`);
    expect(verifiedEvent.data).toMatchObject({ provider: 'Testlegitimation', iss: 'https://idp.test', sub: 'sub-1', acr: 'loa3' });
    // The audit trail never has the personal number's hash.
    expect(JSON.stringify(s.store.events)).not.toContain('ab'.repeat(32));
    const [a] = s.attempts.rows;
    expect(a.outcome).toBe('verified');
    expect(a.finishedAt).toEqual(s.clock.t);
    expect(a.verifiedUntil!.getTime() - a.finishedAt!.getTime()).toBe(15 * 60_000);
    expect(s.store.mails).toEqual([]);
  });

  it('refuses a callback in another browser, a replayed one, an unknown state, and an expired attempt', async () => {
    const s = setup();
    const q = await begun(s);
    expect(await s.complete(q, 'another-browser')).toMatchObject({ failure: { code: 'state_mismatch', token: s.token } });
    expect(await s.complete(q, null)).toMatchObject({ failure: { code: 'state_mismatch' } });
    expect(await s.complete(q)).toEqual({ token: s.token });
    expect(await s.complete(q)).toMatchObject({ failure: { code: 'code_rejected' } });
    expect(await s.complete(new URLSearchParams({ state: 'forged' }))).toMatchObject({ failure: { code: 'state_mismatch', token: null } });
    expect(s.warnings).toEqual(['identity callback with an unknown state']);
    expect(await s.complete(new URLSearchParams({ state: 'x'.repeat(600) }))).toMatchObject({ failure: { code: 'state_mismatch' } });
    expect(await s.complete(new URLSearchParams({ code: 'c' }))).toMatchObject({ failure: { code: 'state_mismatch', token: null } });
    const q2 = await begun(s);
    s.later(10 * 60_000);
    expect(await s.complete(q2)).toMatchObject({ failure: { code: 'auth_too_old', token: s.token } });
    expect(s.provider.finished).toHaveLength(1);
    const failed = s.store.events.filter((e) => e.type === 'identity.failed').map((e) => e.data.code);
    expect(failed).toEqual(['state_mismatch', 'state_mismatch', 'code_rejected', 'auth_too_old']);
  });

  it('of two concurrent callbacks of one attempt exactly one finishes it', async () => {
    const s = setup();
    const q = await begun(s);
    const results = await Promise.all([s.complete(q), s.complete(q)]);
    expect(results.filter((r) => 'failure' in r)).toEqual([
      expect.objectContaining({ failure: expect.objectContaining({ code: 'code_rejected' }) }),
    ]);
    expect(s.provider.finished).toHaveLength(1);
  });

  it('a pending value that does not open (another secret) binds nothing', async () => {
    const s = setup();
    const q = await begun(s);
    s.ports.config = { ...s.ports.config, secret: 't'.repeat(40) };
    expect(await new CompleteIdentification(s.ports).execute({ callback: q, browserSecret: 'browser-secret', meta: META })).toEqual({
      failure: { code: 'state_mismatch', token: null },
    });
    expect(s.provider.finished).toHaveLength(0);
  });

  it('a name that does not match binds nothing, is audited and mails the secretary', async () => {
    const s = setup();
    s.provider.identity = { ...s.provider.identity, name: 'Kerstin Falk', givenName: 'Kerstin', familyName: 'Falk' };
    const q = await begun(s);
    const r = await s.complete(q);
    expect(r).toMatchObject({ failure: { code: 'name_mismatch', names: { verified: 'Kerstin Falk', expected: 'Jana Justerare' } } });
    expect(await s.verifiedIn('browser-secret')).toBeNull();
    expect(s.attempts.rows[0].outcome).toBe('name_mismatch');
    expect(s.store.events.find((e) => e.type === 'identity.mismatch')!.data).toMatchObject({
      expectedName: 'Jana Justerare',
      name: 'Kerstin Falk',
    });
    expect(s.store.mails).toEqual([
      expect.objectContaining({
        to: 'sara@kommun.example',
        kind: 'justering.identity-mismatch',
        organisationId: s.fx.round.organisationId,
      }),
    ]);
    expect(s.store.mails[0].subject).toContain('Namnet stämmer inte');
    expect(s.store.mails[0].text).toContain('Kerstin Falk');
    expect(s.store.mails[0].text).toContain(`https://justera.example/justering/${s.fx.protocol.id}`);
  });

  it('a provider fault at the callback is the fault code, audited, nothing bound', async () => {
    const s = setup();
    s.provider.finishFault = new IdentityError('nonce_mismatch', 'nonce');
    const q = await begun(s);
    expect(await s.complete(q)).toMatchObject({ failure: { code: 'nonce_mismatch', token: s.token, verdict: { kind: 'open' } } });
    expect(s.attempts.rows[0].outcome).toBe('nonce_mismatch');
    expect(s.store.events.at(-1)).toMatchObject({ type: 'identity.failed', data: { code: 'nonce_mismatch', detail: 'nonce' } });
    // An unexpected error is an invalid token, not a crash.
    s.provider.finishFault = new Error('boom');
    expect(await s.complete(await begun(s))).toMatchObject({ failure: { code: 'invalid_token' } });
    expect(await s.verifiedIn('browser-secret')).toBeNull();
  });

  it('a link closed while the signer was at the provider: its page, no identity', async () => {
    const s = setup();
    const q = await begun(s);
    s.store.round(s.fx.round.id).status = 'cancelled';
    expect(await s.complete(q)).toMatchObject({ verdict: { kind: 'cancelled' }, token: s.token });
    expect(s.attempts.rows[0].outcome).toBe('link_closed');
    expect(s.provider.finished).toHaveLength(0);
  });
});
