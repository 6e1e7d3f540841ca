import { DomainError } from '@justera/application';
import { CONFIG, FixedClock, META, addRound, secretaryCaller } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { ChangeSignatoryEmail } from './change-signatory-email';
import { IssueLink } from './issue-link';

const NOW = new Date('2026-11-28T10:00:00Z');
const code = (c: string) => expect.objectContaining({ constructor: DomainError, code: c });

function setup(states?: Parameters<typeof addRound>[2], over?: Parameters<typeof addRound>[1]) {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, over, states);
  const cmd = { caller: secretaryCaller(), protocolId: fx.protocol.id, roundId: fx.round.id, meta: META };
  return { store, ...fx, cmd, useCase: new ChangeSignatoryEmail(store, new FixedClock(NOW), new IssueLink(CONFIG)) };
}

describe(ChangeSignatoryEmail.name, () => {
  it('changes the address, supersedes the old links and mails a new link when it is their turn', async () => {
    const { store, useCase, cmd, sigs } = setup();
    const sara = sigs[0];
    await useCase.execute({ ...cmd, signatoryId: sara.id, email: '  ny@kommun.example ' });

    expect(store.signatory(sara.id).email).toBe('ny@kommun.example');
    const [old, fresh] = store.linksOf(sara.id);
    expect(old).toMatchObject({ supersededAt: NOW, supersededReason: 'email_changed' });
    expect(fresh.supersededAt).toBeNull();
    expect(store.mails.map((m) => [m.kind, m.to])).toEqual([['justering.resent', 'ny@kommun.example']]);
    expect(store.events.map((e) => [e.type, e.data])).toEqual([
      ['email.changed', { signatoryId: sara.id, from: 'sara@kommun.example', to: 'ny@kommun.example', supersededLinks: 1 }],
      ['link.resent', expect.objectContaining({ to: 'ny@kommun.example', linkId: fresh.id })],
    ]);
    // One transaction: both events carry its id.
    expect(store.events[0].transactionId).toBe(store.events[1].transactionId);
  });

  it('mails nothing to a signatory whose turn has not come, nor while a change is requested', async () => {
    const a = setup();
    await a.useCase.execute({ ...a.cmd, signatoryId: a.sigs[2].id, email: 'jana2@kommun.example' });
    expect(a.store.signatory(a.sigs[2].id).email).toBe('jana2@kommun.example');
    expect(a.store.mails).toEqual([]);
    const b = setup(['change_requested', 'waiting', 'waiting'], { status: 'change_requested' });
    await b.useCase.execute({ ...b.cmd, signatoryId: b.sigs[0].id, email: 'sara2@kommun.example' });
    expect(b.store.mails).toEqual([]);
    expect(b.store.events.map((e) => e.type)).toEqual(['email.changed']);
  });

  it('refuses another signatory’s address (any case) and a signatory who has signed', async () => {
    const { store, useCase, cmd, sigs } = setup(['signed', 'sent', 'waiting']);
    await expect(useCase.execute({ ...cmd, signatoryId: sigs[1].id, email: 'JANA@kommun.example' })).rejects.toEqual(
      expect.objectContaining({
        code: 'invalid_request',
        details: [{ path: 'email', message: 'En annan undertecknare har redan den e-postadressen.' }],
      }),
    );
    await expect(useCase.execute({ ...cmd, signatoryId: sigs[0].id, email: 'x@kommun.example' })).rejects.toEqual(code('already_signed'));
    expect(store.events).toEqual([]);
  });
});
