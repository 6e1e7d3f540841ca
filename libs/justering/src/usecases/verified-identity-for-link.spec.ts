import { META } from '../testing/fixtures';
import { identityStepFixture } from '../testing/identity';
import { BeginIdentification } from './begin-identification';
import { ClassifyLink } from './classify-link';
import { CompleteIdentification } from './complete-identification';
import { VerifiedIdentityForLink } from './verified-identity-for-link';

/** Verifies the link's signer in `browserSecret`. */
async function verify(s: ReturnType<typeof identityStepFixture>, browserSecret = 'browser-secret') {
  const r = await new BeginIdentification(s.ports).execute({ token: s.token, browserSecret, meta: META });
  const state = 'redirectUrl' in r ? new URL(r.redirectUrl).searchParams.get('state')! : '';
  const done = await new CompleteIdentification(s.ports).execute({
    callback: new URLSearchParams({ code: 'c', state }),
    browserSecret,
    meta: META,
  });
  expect(done).toEqual({ token: s.token });
}

describe(VerifiedIdentityForLink.name, () => {
  it('on an open link of an e-legitimation round: required, with the provider and who was verified in this browser', async () => {
    const s = identityStepFixture();
    const useCase = new VerifiedIdentityForLink(s.ports);
    expect(await useCase.execute({ token: s.token, browserSecret: 'browser-secret' })).toEqual({
      required: true,
      provider: 'Testlegitimation',
      verified: null,
    });
    await verify(s);
    const step = await useCase.execute({ token: s.token, browserSecret: 'browser-secret' });
    expect(step).toMatchObject({ required: true, verified: { name: 'Jana Justerare' } });
    // With the verdict the page already has, the same answer.
    const verdict = await new ClassifyLink(s.store, s.clock).execute({ token: s.token });
    expect(await useCase.execute({ token: s.token, browserSecret: 'browser-secret', verdict })).toEqual(step);
  });

  it('an identity past its fifteen minutes no longer counts', async () => {
    const s = identityStepFixture();
    const useCase = new VerifiedIdentityForLink(s.ports);
    await verify(s);
    s.later(15 * 60_000 - 1);
    expect((await useCase.execute({ token: s.token, browserSecret: 'browser-secret' })).verified).not.toBeNull();
    s.later(1);
    expect((await useCase.execute({ token: s.token, browserSecret: 'browser-secret' })).verified).toBeNull();
    expect(await useCase.execute({ token: 'not a token', browserSecret: 'browser-secret' })).toEqual({ required: false, verified: null });
  });

  it('not required on a round by link alone or a link that is not open: no identity, even one verified before', async () => {
    const s = identityStepFixture();
    const useCase = new VerifiedIdentityForLink(s.ports);
    await verify(s);
    s.store.round(s.fx.round.id).status = 'change_requested';
    expect(await useCase.execute({ token: s.token, browserSecret: 'browser-secret' })).toEqual({ required: false, verified: null });
    const t = identityStepFixture({ level: 'e-postlank' });
    expect(await new VerifiedIdentityForLink(t.ports).execute({ token: t.token, browserSecret: 'b' })).toEqual({
      required: false,
      verified: null,
    });
  });

  it('names the step e-legitimation when no provider is configured', async () => {
    const s = identityStepFixture({ provider: 'none' });
    expect(await new VerifiedIdentityForLink(s.ports).execute({ token: s.token, browserSecret: undefined })).toEqual({
      required: true,
      provider: 'e-legitimation',
      verified: null,
    });
  });
});
