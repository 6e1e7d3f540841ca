import { hashToken } from '@justera/auth';
import { CONFIG, META, ORG, USER, addRound } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { newTx } from './context';
import { IssueLink, type IssueLinkCommand } from './issue-link';
import type { JusteringUseCaseConfig } from './context';

const NOW = new Date('2026-11-27T10:00:00Z');

/** A sequential round (the sekreterare sent, the others waiting) and a way to issue a link in a unit of work. */
function setup(config: JusteringUseCaseConfig = CONFIG, over: Parameters<typeof addRound>[1] = {}) {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, over);
  const useCase = new IssueLink(config);
  const tx = newTx(`user:${USER}`, META, NOW);
  const issue = (command: Pick<IssueLinkCommand, 'signatory' | 'kind'> & Partial<IssueLinkCommand>) =>
    store.unitOfWork((uow) => useCase.execute({ uow, tx, protocol: fx.protocol, round: fx.round, version: fx.version, ...command }));
  /** The token in the signing URL of the mail. */
  const tokenOf = (text: string) => /\/sign\/([A-Za-z0-9_-]+)/.exec(text)![1];
  return { store, tx, issue, tokenOf, ...fx };
}

describe(IssueLink.name, () => {
  it('stores only the hash of a new link to the version, mails the token, marks the signatory sent and schedules the first reminder', async () => {
    const { store, tx, issue, tokenOf, round, version, sigs } = setup();
    const olle = store.signatory(sigs[1].id);
    const link = await issue({ signatory: { ...olle }, kind: 'invitation' });

    expect(store.linksOf(olle.id)).toEqual([link]);
    expect(link).toMatchObject({
      roundId: round.id,
      signatoryId: olle.id,
      versionId: version.id,
      createdAt: NOW,
      // The end of the deadline day (2026-12-09) in Stockholm.
      expiresAt: new Date('2026-12-09T23:00:00Z'),
      usedAt: null,
      supersededAt: null,
    });
    expect(store.mails).toHaveLength(1);
    const mail = store.mails[0];
    expect(mail).toMatchObject({ organisationId: ORG, kind: 'justering.invitation', to: 'olle@kommun.example' });
    const token = tokenOf(mail.text);
    expect(mail.text).toContain(`${CONFIG.publicUrl}/sign/${token}`);
    expect(link.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(store.links)).not.toContain(token);
    // The mail names the sekreterare to ask.
    expect(mail.text).toContain('Sara Sekreterare');
    expect(store.signatory(olle.id)).toMatchObject({ state: 'sent', sentAt: NOW, remindersSent: 0 });
    expect(store.jobs).toEqual([
      {
        name: 'justering.remind',
        payload: { roundId: round.id, signatoryId: olle.id, versionId: version.id, number: 1 },
        delayMs: 3 * 86_400_000,
      },
    ]);
    expect(store.events).toEqual([
      expect.objectContaining({
        type: 'mail.queued',
        organisationId: ORG,
        roundId: round.id,
        actor: `user:${USER}`,
        ip: META.ip,
        transactionId: tx.id,
        data: {
          signatoryId: olle.id,
          role: 'ordforande',
          to: 'olle@kommun.example',
          mail: 'invitation',
          linkId: link.id,
          versionId: version.id,
          deliveryId: 'mail-1',
          expiresAt: '2026-12-09T23:00:00.000Z',
        },
      }),
    ]);
  });

  it('gives two links two different tokens', async () => {
    const { store, issue, tokenOf, sigs } = setup();
    await issue({ signatory: store.signatory(sigs[1].id), kind: 'invitation' });
    await issue({ signatory: store.signatory(sigs[1].id), kind: 'resent' });
    const [a, b] = store.mails.map((m) => tokenOf(m.text));
    expect(a).not.toBe(b);
    expect(new Set(store.linksOf(sigs[1].id).map((l) => l.tokenHash)).size).toBe(2);
  });

  it('keeps the link the grace days after the deadline, and a week from now when the deadline has passed', async () => {
    const grace = setup({ ...CONFIG, settings: { ...CONFIG.settings, linkGraceDays: 2 } });
    const a = await grace.issue({ signatory: grace.store.signatory(grace.sigs[1].id), kind: 'invitation' });
    expect(a.expiresAt).toEqual(new Date('2026-12-11T23:00:00Z'));

    // Deadline 2026-11-20 has passed on 2026-11-27: the link lives to the end of 2026-12-04.
    const late = setup(CONFIG, { deadline: '2026-11-20' });
    const b = await late.issue({ signatory: late.store.signatory(late.sigs[1].id), kind: 'invitation' });
    expect(b.expiresAt).toEqual(new Date('2026-12-04T23:00:00Z'));
    // The first reminder (3 days) would come before that: it is scheduled.
    expect(late.store.jobs).toHaveLength(1);
  });

  it('schedules no reminder when every reminder is sent or the first would come after the link expired', async () => {
    const sent = setup();
    const olle = sent.store.signatory(sent.sigs[1].id);
    olle.remindersSent = CONFIG.settings.reminders.max;
    await sent.issue({ signatory: { ...olle }, kind: 'invitation' });
    expect(sent.store.jobs).toEqual([]);
    expect(sent.store.signatory(olle.id).state).toBe('sent');

    // The deadline is tomorrow: the link expires before the first reminder (3 days).
    const soon = setup(CONFIG, { deadline: '2026-11-28' });
    await soon.issue({ signatory: soon.store.signatory(soon.sigs[1].id), kind: 'invitation' });
    expect(soon.store.jobs).toEqual([]);
    expect(soon.store.mails).toHaveLength(1);
  });

  it('a resent link is `link.resent` and never moves an opened signatory back to sent', async () => {
    const { store, issue, sigs } = setup();
    const sara = store.signatory(sigs[0].id);
    sara.state = 'opened';
    await issue({ signatory: { ...sara }, kind: 'resent' });
    expect(store.signatory(sara.id)).toMatchObject({ state: 'opened', sentAt: NOW });
    expect(store.mails.map((m) => m.kind)).toEqual(['justering.resent']);
    expect(store.events.map((e) => [e.type, e.data.mail])).toEqual([['link.resent', 'resent']]);
  });

  it('a scheduled reminder uses the given expiry and invitation day, records its number and changes neither state nor schedule', async () => {
    const { store, issue, version, sigs } = setup();
    const sara = store.signatory(sigs[0].id);
    const expiresAt = new Date('2026-12-09T23:00:00Z');
    const link = await issue({
      signatory: { ...sara, remindersSent: 1 },
      kind: 'reminder',
      scheduled: { number: 1, expiresAt, invitedOn: '2026-11-26' },
    });

    expect(link.expiresAt).toEqual(expiresAt);
    expect(store.mails.map((m) => m.kind)).toEqual(['justering.reminder']);
    expect(store.mails[0].text).toContain('inbjudan skickades torsdag 26 november 2026');
    // The reminder job schedules the next one itself.
    expect(store.jobs).toEqual([]);
    expect(store.signatory(sara.id)).toMatchObject({ state: 'sent', sentAt: sara.sentAt, remindersSent: 1 });
    expect(store.events.map((e) => [e.type, e.data])).toEqual([
      [
        'reminded',
        {
          signatoryId: sara.id,
          role: 'sekreterare',
          to: 'sara@kommun.example',
          number: 1,
          linkId: link.id,
          versionId: version.id,
          deliveryId: 'mail-1',
        },
      ],
    ]);
  });

  it('a new-version mail carries the reason, the change request and the changes', async () => {
    const { store, issue, sigs } = setup();
    await issue({
      signatory: store.signatory(sigs[1].id),
      kind: 'replaced',
      extra: {
        reason: 'Rättat datum',
        hadApproved: true,
        changeRequest: { name: 'Jana Justerare', role: 'justerare', comment: 'Fel datum i § 3' },
        changes: ['§ 3: beslutet ändrat'],
      },
    });
    const [mail] = store.mails;
    expect(mail.kind).toBe('justering.replaced');
    for (const text of ['Rättat datum', 'Fel datum i § 3', '§ 3: beslutet ändrat']) expect(mail.text).toContain(text);
    expect(store.events[0]).toMatchObject({ type: 'mail.queued', data: { mail: 'replaced' } });
  });
});
