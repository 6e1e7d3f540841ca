import { DomainError } from '@justera/application';
import { CONFIG, FixedClock, META, addRound, secretaryCaller } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { IssueLink } from './issue-link';
import { ResendLink } from './resend-link';

const NOW = new Date('2026-11-28T10:00:00Z');
const code = (c: string) => expect.objectContaining({ constructor: DomainError, code: c });

function setup(states?: Parameters<typeof addRound>[2]) {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, {}, states);
  return { store, ...fx, useCase: new ResendLink(store, new FixedClock(NOW), new IssueLink(CONFIG)) };
}

describe(ResendLink.name, () => {
  it('supersedes the signatory’s earlier links as resent and mails a new one, scheduling its first reminder', async () => {
    const { store, useCase, protocol, round, version, sigs } = setup(['signed', 'opened', 'waiting']);
    const olle = sigs[1];
    await useCase.execute({ caller: secretaryCaller(), protocolId: protocol.id, roundId: round.id, signatoryId: olle.id, meta: META });

    const links = store.linksOf(olle.id);
    expect(links[0]).toMatchObject({ supersededAt: NOW, supersededReason: 'resent' });
    expect(links[1]).toMatchObject({ supersededAt: null, versionId: version.id });
    // Another signatory's link is left alone.
    expect(store.linksOf(sigs[0].id)[0].supersededAt).toBeNull();
    expect(store.mails.map((m) => [m.kind, m.to])).toEqual([['justering.resent', 'olle@kommun.example']]);
    // opened stays opened (a resent link never moves the state back); sentAt is the new mail's.
    expect(store.signatory(olle.id)).toMatchObject({ state: 'opened', sentAt: NOW });
    expect(store.jobs).toEqual([
      {
        name: 'justering.remind',
        payload: { roundId: round.id, signatoryId: olle.id, versionId: version.id, number: 1 },
        delayMs: 3 * 86_400_000,
      },
    ]);
    expect(store.events.map((e) => e.type)).toEqual(['link.resent']);
  });

  it('refuses a signatory who has signed or whose turn has not come', async () => {
    const { useCase, protocol, round, sigs } = setup(['signed', 'sent', 'waiting']);
    const cmd = { caller: secretaryCaller(), protocolId: protocol.id, roundId: round.id, meta: META };
    await expect(useCase.execute({ ...cmd, signatoryId: sigs[0].id })).rejects.toEqual(code('already_signed'));
    await expect(useCase.execute({ ...cmd, signatoryId: sigs[2].id })).rejects.toEqual(code('not_your_turn'));
  });
});
