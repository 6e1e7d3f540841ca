import { FixedClock, META, addRound } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { giveLink } from '../testing/links';
import { OpenLink } from './open-link';

const NOW = new Date('2026-11-28T10:00:00Z');

function setup(states?: Parameters<typeof addRound>[2]) {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, {}, states);
  return { store, fx, useCase: new OpenLink(store, new FixedClock(NOW)) };
}

describe(OpenLink.name, () => {
  it('the first opening marks the signatory öppnad under the protocol lock and is audited once', async () => {
    const { store, fx, useCase } = setup();
    const token = giveLink(store, fx, fx.sigs[0]);
    const v = await useCase.execute({ token, meta: META });
    expect(v.kind).toBe('open');
    expect(v.kind === 'open' && v.ctx.signatory.state).toBe('opened');
    expect(store.signatory(fx.sigs[0].id)).toMatchObject({ state: 'opened', openedAt: NOW });
    expect(store.locks).toEqual([fx.protocol.id]);
    const link = store.linksOf(fx.sigs[0].id).at(-1)!;
    expect(store.events).toEqual([
      expect.objectContaining({
        type: 'link.opened',
        actor: `signatory:${fx.sigs[0].id}`,
        ip: META.ip,
        at: NOW,
        data: { signatoryId: fx.sigs[0].id, linkId: link.id, versionId: fx.version.id },
      }),
    ]);
    // Opening again changes nothing and takes no lock.
    expect((await useCase.execute({ token, meta: META })).kind).toBe('open');
    expect(store.events).toHaveLength(1);
    expect(store.locks).toHaveLength(1);
  });

  it('a link that is not open (not the turn, expired, invalid) is shown, never marked', async () => {
    const { store, fx, useCase } = setup();
    expect((await useCase.execute({ token: giveLink(store, fx, fx.sigs[1]), meta: META })).kind).toBe('waiting');
    expect((await useCase.execute({ token: giveLink(store, fx, fx.sigs[0], { expiresAt: NOW }), meta: META })).kind).toBe('expired');
    expect(await useCase.execute({ token: 'x', meta: META })).toEqual({ kind: 'invalid' });
    expect(store.signatories.map((s) => s.state)).toEqual(['sent', 'waiting', 'waiting']);
    expect(store.events).toEqual([]);
  });
});
