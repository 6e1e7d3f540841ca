import { DomainError } from '@justera/application';
import { hashToken } from '@justera/auth';
import { CONFIG, FixedClock, META, ORG, addRound, secretaryCaller } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { IssueLink } from './issue-link';
import { RemindSignatory } from './remind-signatory';

const NOW = new Date('2026-11-28T10:00:00Z');
const code = (c: string) => expect.objectContaining({ constructor: DomainError, code: c });

function setup(states?: Parameters<typeof addRound>[2], over?: Parameters<typeof addRound>[1]) {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, over, states);
  return { store, ...fx, useCase: new RemindSignatory(store, new FixedClock(NOW), new IssueLink(CONFIG)) };
}

describe(RemindSignatory.name, () => {
  it('mails a reminder with a fresh link to the signatory whose turn it is, counts it and audits it under the protocol lock', async () => {
    const { store, useCase, protocol, round, version, sigs } = setup();
    const [sara] = sigs;
    await useCase.execute({ caller: secretaryCaller(), protocolId: protocol.id, roundId: round.id, signatoryId: sara.id, meta: META });

    expect(store.locks).toEqual([protocol.id]);
    expect(store.signatory(sara.id)).toMatchObject({ remindersSent: 1, lastRemindedAt: NOW, state: 'sent' });
    const links = store.linksOf(sara.id);
    expect(links).toHaveLength(2);
    expect(links.every((l) => !l.supersededAt)).toBe(true); // earlier links keep working
    expect(store.mails).toHaveLength(1);
    const mail = store.mails[0];
    expect(mail).toMatchObject({ organisationId: ORG, kind: 'justering.reminder', to: 'sara@kommun.example' });
    const token = /\/sign\/([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    expect(hashToken(token)).toBe(links[1].tokenHash);
    expect(links[1]).toMatchObject({ versionId: version.id, createdAt: NOW });
    // A reminder schedules no further reminder (the worker's schedule runs from the invitation).
    expect(store.jobs).toEqual([]);
    expect(store.events).toEqual([
      expect.objectContaining({
        type: 'reminded',
        actor: 'user:00000000-0000-4000-8000-00000000c001',
        ip: META.ip,
        data: expect.objectContaining({ signatoryId: sara.id, mail: 'reminder', linkId: links[1].id, deliveryId: mail.deliveryId }),
      }),
    ]);
  });

  it('refuses a signatory whose turn has not come, and a closed round, writing nothing', async () => {
    const { store, useCase, protocol, round, sigs } = setup();
    await expect(
      useCase.execute({ caller: secretaryCaller(), protocolId: protocol.id, roundId: round.id, signatoryId: sigs[1].id, meta: META }),
    ).rejects.toEqual(code('not_your_turn'));
    const closed = setup(['signed', 'signed', 'signed'], { status: 'signing' });
    await expect(
      closed.useCase.execute({
        caller: secretaryCaller(),
        protocolId: closed.protocol.id,
        roundId: closed.round.id,
        signatoryId: closed.sigs[0].id,
        meta: META,
      }),
    ).rejects.toEqual(code('round_closed'));
    expect(store.mails).toEqual([]);
    expect(store.events).toEqual([]);
  });

  it('hides another organisation’s protocol and refuses a caller without the organ', async () => {
    const { useCase, protocol, round, sigs } = setup();
    const cmd = { protocolId: protocol.id, roundId: round.id, signatoryId: sigs[0].id, meta: META };
    await expect(useCase.execute({ ...cmd, caller: secretaryCaller(undefined, '00000000-0000-4000-8000-00000000a999') })).rejects.toEqual(
      code('not_found'),
    );
    await expect(useCase.execute({ ...cmd, caller: secretaryCaller(['00000000-0000-4000-8000-00000000b999']) })).rejects.toEqual(
      code('forbidden'),
    );
    await expect(useCase.execute({ ...cmd, caller: secretaryCaller(), roundId: '00000000-0000-4000-8000-000000000999' })).rejects.toEqual(
      code('not_found'),
    );
  });
});
