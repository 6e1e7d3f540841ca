import { FixedClock, META, addRound, secretaryCaller } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { CancelJustering } from './cancel-justering';

const NOW = new Date('2026-11-28T10:00:00Z');

function setup(states?: Parameters<typeof addRound>[2], over?: Parameters<typeof addRound>[1]) {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, over, states);
  const cmd = { caller: secretaryCaller(), callerName: 'Anna Admin', protocolId: fx.protocol.id, roundId: fx.round.id, meta: META };
  return { store, ...fx, cmd, useCase: new CancelJustering(store, new FixedClock(NOW)) };
}

describe(CancelJustering.name, () => {
  it('cancels the round, stops every link, puts the protocol back to draft and tells those who had a link, with the reason', async () => {
    const { store, useCase, cmd, round, protocol, sigs } = setup(['signed', 'sent', 'waiting']);
    await useCase.execute({ ...cmd, reason: '  Fel bilaga  ' });

    expect(store.round(round.id)).toMatchObject({ status: 'cancelled', cancelledAt: NOW });
    expect(store.links.every((l) => l.supersededReason === 'cancelled' && l.supersededAt === NOW)).toBe(true);
    expect(store.protocols.find((p) => p.id === protocol.id)!.status).toBe('draft');
    expect(store.mails.map((m) => [m.kind, m.to])).toEqual([
      ['justering.cancelled', 'sara@kommun.example'],
      ['justering.cancelled', 'olle@kommun.example'],
    ]);
    expect(store.mails[0].text).toContain('Fel bilaga');
    expect(store.events.map((e) => [e.type, e.actor, e.data])).toEqual([
      ['cancelled', 'user:00000000-0000-4000-8000-00000000c001', { reason: 'Fel bilaga', notified: [sigs[0].id, sigs[1].id] }],
    ]);
  });

  it('keeps the protocol’s status for an omedelbar justering, and says no reason was given', async () => {
    const { store, useCase, cmd, protocol } = setup(undefined, { paragraphs: [3] });
    await useCase.execute(cmd);
    expect(store.protocols.find((p) => p.id === protocol.id)!.status).toBe('draft'); // as it was
    expect(store.mails[0].text).toContain('Ingen anledning angavs.');
    expect(store.events[0].data).toEqual(expect.objectContaining({ reason: null }));
  });

  it('refuses a round that is signing or closed', async () => {
    const { store, useCase, cmd } = setup(['signed', 'signed', 'signed'], { status: 'signing' });
    await expect(useCase.execute(cmd)).rejects.toEqual(expect.objectContaining({ name: 'JusteringRuleError', code: 'round_closed' }));
    expect(store.events).toEqual([]);
  });
});
