import { DomainError } from '@justera/application';
import { CONFIG, FixedClock, META, addRound, secretaryCaller } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { IssueLink } from './issue-link';
import { ReplaceSignatory } from './replace-signatory';

const NOW = new Date('2026-11-28T10:00:00Z');
const code = (c: string) => expect.objectContaining({ constructor: DomainError, code: c });

function setup(states?: Parameters<typeof addRound>[2], over?: Parameters<typeof addRound>[1]) {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, over, states);
  const cmd = { caller: secretaryCaller(), protocolId: fx.protocol.id, roundId: fx.round.id, meta: META };
  return { store, ...fx, cmd, useCase: new ReplaceSignatory(store, new FixedClock(NOW), new IssueLink(CONFIG)) };
}

describe(ReplaceSignatory.name, () => {
  it('puts the ersättare in the same role and position, stops the earlier person’s links and invites the ersättare when it is their turn', async () => {
    const { store, useCase, cmd, sigs } = setup(['signed', 'opened', 'waiting']);
    const olle = sigs[1];
    await useCase.execute({ ...cmd, signatoryId: olle.id, name: ' Erik Ersättare ', email: 'erik@kommun.example ' });

    expect(store.signatory(olle.id)).toMatchObject({
      name: 'Erik Ersättare',
      email: 'erik@kommun.example',
      role: 'ordforande',
      position: 1,
      state: 'sent',
      sentAt: NOW,
      openedAt: null,
      remindersSent: 0,
    });
    const [old, fresh] = store.linksOf(olle.id);
    expect(old).toMatchObject({ supersededAt: NOW, supersededReason: 'replaced_signatory' });
    expect(fresh.supersededAt).toBeNull();
    expect(store.mails.map((m) => [m.kind, m.to])).toEqual([['justering.invitation', 'erik@kommun.example']]);
    expect(store.events.map((e) => [e.type, e.data])).toEqual([
      [
        'signatory.replaced',
        {
          signatoryId: olle.id,
          role: 'ordforande',
          from: { name: 'Olle Ordförande', email: 'olle@kommun.example' },
          to: { name: 'Erik Ersättare', email: 'erik@kommun.example' },
          supersededLinks: 1,
        },
      ],
      ['mail.queued', expect.objectContaining({ mail: 'invitation', to: 'erik@kommun.example' })],
    ]);
  });

  it('mails nothing before the position’s turn, and keeps a change request standing', async () => {
    const a = setup();
    await a.useCase.execute({ ...a.cmd, signatoryId: a.sigs[2].id, name: 'Eva', email: 'eva@kommun.example' });
    expect(a.store.mails).toEqual([]);
    expect(a.store.signatory(a.sigs[2].id).state).toBe('waiting');
    const b = setup(['sent', 'change_requested', 'waiting'], { status: 'change_requested' });
    await b.useCase.execute({ ...b.cmd, signatoryId: b.sigs[1].id, name: 'Eva', email: 'eva@kommun.example' });
    expect(b.store.signatory(b.sigs[1].id).state).toBe('change_requested');
    expect(b.store.mails).toEqual([]);
  });

  it('refuses the sekreterare, a signatory who has signed, and another signatory’s address', async () => {
    const { store, useCase, cmd, sigs } = setup(['sent', 'waiting', 'waiting']);
    await expect(useCase.execute({ ...cmd, signatoryId: sigs[0].id, name: 'X', email: 'x@kommun.example' })).rejects.toEqual(
      code('secretary_not_replaceable'),
    );
    await expect(useCase.execute({ ...cmd, signatoryId: sigs[1].id, name: 'X', email: 'SARA@kommun.example' })).rejects.toEqual(
      code('invalid_request'),
    );
    const signed = setup(['signed', 'signed', 'sent']);
    await expect(
      signed.useCase.execute({ ...signed.cmd, signatoryId: signed.sigs[1].id, name: 'X', email: 'x@kommun.example' }),
    ).rejects.toEqual(code('already_signed'));
    expect(store.events).toEqual([]);
  });
});
