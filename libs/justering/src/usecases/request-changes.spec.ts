import { DomainError } from '@justera/application';
import { CONFIG, FixedClock, META, addRound } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { giveLink, verifiedIdentity } from '../testing/links';
import { ClassifyLink } from './classify-link';
import { RequestChanges } from './request-changes';

const NOW = new Date('2026-11-28T10:00:00Z');
const code = (c: string) => expect.objectContaining({ constructor: DomainError, code: c });

function setup(over: Parameters<typeof addRound>[1] = {}, states: Parameters<typeof addRound>[2] = ['signed', 'opened', 'waiting']) {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, over, states);
  return {
    store,
    fx,
    useCase: new RequestChanges(store, new FixedClock(NOW), CONFIG),
    classify: new ClassifyLink(store, new FixedClock(NOW)),
  };
}

describe(RequestChanges.name, () => {
  it('stops the round, records the comment and mails it to the sekreterare', async () => {
    const { store, fx, useCase } = setup();
    const olle = fx.sigs[1];
    const v = await useCase.execute({ token: giveLink(store, fx, olle), comment: 'Fel datum i § 3', meta: META });
    expect(v.kind).toBe('change_requested');
    expect(v.kind === 'change_requested' && v.ctx.round.status).toBe('change_requested');
    expect(store.signatory(olle.id)).toMatchObject({ state: 'change_requested', changeRequestedAt: NOW, changeComment: 'Fel datum i § 3' });
    expect(store.round(fx.round.id).status).toBe('change_requested');
    expect(store.locks).toEqual([fx.protocol.id]);
    expect(store.events).toEqual([
      expect.objectContaining({
        type: 'change.requested',
        actor: `signatory:${olle.id}`,
        data: {
          signatoryId: olle.id,
          role: 'ordforande',
          name: olle.name,
          comment: 'Fel datum i § 3',
          versionId: fx.version.id,
          sha256: fx.version.sha256,
        },
      }),
    ]);
    expect(store.mails.map((m) => [m.kind, m.to])).toEqual([['justering.change-requested', 'sara@kommun.example']]);
    expect(store.mails[0].text).toContain('Fel datum i § 3');
    expect(store.mails[0].text).toContain(`https://justera.example/justering/${fx.protocol.id}`);
    expect(store.jobs).toEqual([]);
  });

  it('every other link of the round then shows the change request, and a second request is refused the same way', async () => {
    const { store, fx, useCase, classify } = setup({}, ['signed', 'opened', 'waiting']);
    const olleToken = giveLink(store, fx, fx.sigs[1]);
    await useCase.execute({ token: olleToken, comment: 'Ändra', meta: META });
    expect((await classify.execute({ token: giveLink(store, fx, fx.sigs[2]) })).kind).toBe('change_requested');
    expect((await useCase.execute({ token: olleToken, comment: 'Igen', meta: META })).kind).toBe('change_requested');
    expect(store.events).toHaveLength(1);
    expect(store.mails).toHaveLength(1);
  });

  it('keeps the comment to 4000 characters', async () => {
    const { store, fx, useCase } = setup();
    await useCase.execute({ token: giveLink(store, fx, fx.sigs[1]), comment: 'x'.repeat(5000), meta: META });
    expect(store.signatory(fx.sigs[1].id).changeComment).toHaveLength(4000);
  });

  it('only the signer whose turn it is may ask; an expired link may not', async () => {
    const { store, fx, useCase } = setup();
    expect((await useCase.execute({ token: giveLink(store, fx, fx.sigs[2]), comment: 'x', meta: META })).kind).toBe('waiting');
    expect((await useCase.execute({ token: giveLink(store, fx, fx.sigs[1], { expiresAt: NOW }), comment: 'x', meta: META })).kind).toBe(
      'expired',
    );
    expect(store.round(fx.round.id).status).toBe('active');
    expect([store.events, store.mails]).toEqual([[], []]);
  });

  it('a round with e-legitimation needs the signatory’s verified identity and audits it', async () => {
    const { store, fx, useCase } = setup({ identityLevel: 'e-legitimation' });
    const token = giveLink(store, fx, fx.sigs[1]);
    await expect(useCase.execute({ token, comment: 'x', meta: META })).rejects.toEqual(code('identity_required'));
    await expect(useCase.execute({ token, comment: 'x', meta: META, identity: verifiedIdentity('Sara Sekreterare') })).rejects.toEqual(
      code('identity_required'),
    );
    expect(store.round(fx.round.id).status).toBe('active');
    await useCase.execute({ token, comment: 'x', meta: META, identity: verifiedIdentity('Olle Ordförande') });
    expect(store.events[0].data.identity).toMatchObject({ name: 'Olle Ordförande', provider: 'Testlegitimation' });
  });
});
