import { CONFIG, FixedClock, addRound } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { WarnDeadline } from './warn-deadline';

const NOW = new Date('2026-12-07T07:00:00Z');

function setup(states?: Parameters<typeof addRound>[2], over?: Parameters<typeof addRound>[1]) {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, over, states);
  return { store, ...fx, useCase: new WarnDeadline(store, new FixedClock(NOW), CONFIG) };
}

describe(WarnDeadline.name, () => {
  it('warns the sekreterare once, naming who is missing, and audits it as the system', async () => {
    const { store, useCase, round, sigs, protocol } = setup(['signed', 'opened', 'waiting']);
    expect(await useCase.execute({ roundId: round.id })).toEqual({ status: 'done', detail: 'warned about 2 missing' });
    expect(store.mails).toHaveLength(1);
    expect(store.mails[0]).toMatchObject({ kind: 'justering.deadline-warning', to: 'sara@kommun.example' });
    expect(store.mails[0].text).toContain('Olle Ordförande');
    expect(store.mails[0].text).toContain(`https://justera.example/justering/${protocol.id}`);
    expect(store.round(round.id).warnedAt).toEqual(NOW);
    expect(store.events).toEqual([
      expect.objectContaining({
        type: 'deadline.warned',
        actor: 'system',
        data: { deadline: '2026-12-09', missing: [sigs[1].id, sigs[2].id], to: 'sara@kommun.example', deliveryId: 'mail-1' },
      }),
    ]);
    expect(await useCase.execute({ roundId: round.id })).toEqual({ status: 'skipped', detail: 'already warned' });
    expect(store.mails).toHaveLength(1);
  });

  it('skips a round that is signing, completed or cancelled', async () => {
    const { store, useCase, round } = setup(['signed', 'signed', 'signed'], { status: 'signing' });
    expect(await useCase.execute({ roundId: round.id })).toEqual({ status: 'skipped', detail: 'round signing' });
    expect(store.mails).toEqual([]);
  });
});
