import { DomainError } from '@justera/application';
import { CONFIG, FixedClock, META, addRound } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { giveLink, verifiedIdentity } from '../testing/links';
import { ApproveVersion } from './approve-version';
import { IssueLink } from './issue-link';

const NOW = new Date('2026-11-28T10:00:00Z');
const SHA = 'a'.repeat(64);
const code = (c: string) => expect.objectContaining({ constructor: DomainError, code: c });

function setup(over: Parameters<typeof addRound>[1] = {}, states?: Parameters<typeof addRound>[2]) {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, over, states);
  return { store, fx, useCase: new ApproveVersion(store, new FixedClock(NOW), CONFIG, new IssueLink(CONFIG)) };
}

describe(ApproveVersion.name, () => {
  it('records the sekreterare’s approval of exactly this SHA-256, claims the link, enqueues the signature and invites the next', async () => {
    const { store, fx, useCase } = setup();
    const [sara, olle] = fx.sigs;
    const token = giveLink(store, fx, sara);
    const v = await useCase.execute({ token, confirmedSha256: SHA, meta: META });

    expect(v.kind).toBe('signed');
    const signed = store.signatory(sara.id);
    expect(signed).toMatchObject({ state: 'signed', signedAt: NOW, signedSha256: SHA, identity: null, signatureAppliedAt: null });
    expect(store.linksOf(sara.id).at(-1)!.usedAt).toEqual(NOW);
    expect(store.locks).toEqual([fx.protocol.id]);
    expect(store.events.map((e) => e.type)).toEqual(['signed', 'mail.queued']);
    expect(store.events[0]).toMatchObject({
      actor: `signatory:${sara.id}`,
      transactionId: signed.signedTransactionId,
      data: { signatoryId: sara.id, role: 'sekreterare', sha256: SHA, versionId: fx.version.id, identityLevel: 'e-postlank' },
    });
    expect(store.events[0].data.identifiedBy).toContain('E-postlänk');
    // The same transaction: one id on both events.
    expect(store.events[1].transactionId).toBe(store.events[0].transactionId);
    expect(store.jobs.map((j) => [j.name, j.payload])).toEqual([
      ['justering.sign', { roundId: fx.round.id, versionId: fx.version.id }],
      ['justering.remind', expect.objectContaining({ signatoryId: olle.id, number: 1 })],
    ]);
    // The sekreterare's own approval is not mailed to them; the ordförande gets the invitation.
    expect(store.mails.map((m) => [m.kind, m.to])).toEqual([['justering.invitation', olle.email]]);
    expect(store.signatory(olle.id).state).toBe('sent');
  });

  it('tells the sekreterare of another signer’s approval, with who remains', async () => {
    const { store, fx, useCase } = setup({}, ['signed', 'opened', 'waiting']);
    await useCase.execute({ token: giveLink(store, fx, fx.sigs[1]), meta: META });
    expect(store.mails.map((m) => [m.kind, m.to])).toEqual([
      ['justering.signed', 'sara@kommun.example'],
      ['justering.invitation', 'jana@kommun.example'],
    ]);
    expect(store.mails[0].text).toContain('Olle Ordförande');
    expect(store.mails[0].text).toContain('Jana Justerare');
    expect(store.mails[0].text).toContain(`https://justera.example/justering/${fx.protocol.id}`);
  });

  it('the last approval moves the round to signing (approved.all) and mails no one', async () => {
    const { store, fx, useCase } = setup({}, ['signed', 'signed', 'sent']);
    await useCase.execute({ token: giveLink(store, fx, fx.sigs[2]), meta: META });
    expect(store.round(fx.round.id).status).toBe('signing');
    expect(store.events.map((e) => e.type)).toEqual(['signed', 'approved.all']);
    expect(store.events[1].data).toEqual({ versionId: fx.version.id, sha256: SHA, approvedAt: NOW.toISOString() });
    expect(store.mails).toEqual([]);
    expect(store.jobs.map((j) => j.name)).toEqual(['justering.sign']);
  });

  it('keeps the order of signing: a signer whose turn has not come is shown the waiting page, nothing recorded', async () => {
    const { store, fx, useCase } = setup();
    const v = await useCase.execute({ token: giveLink(store, fx, fx.sigs[2]), meta: META });
    expect(v.kind).toBe('waiting');
    expect(store.events).toEqual([]);
    expect(store.jobs).toEqual([]);
    expect(store.signatory(fx.sigs[2].id).state).toBe('waiting');
  });

  it('refuses a SHA-256 other than the current version’s (hash_mismatch) and writes nothing', async () => {
    const { store, fx, useCase } = setup();
    const token = giveLink(store, fx, fx.sigs[0]);
    await expect(useCase.execute({ token, confirmedSha256: 'b'.repeat(64), meta: META })).rejects.toEqual(code('hash_mismatch'));
    expect(store.signatory(fx.sigs[0].id).state).toBe('sent');
    expect(store.linksOf(fx.sigs[0].id).at(-1)!.usedAt).toBeNull();
    expect([store.events, store.jobs, store.mails]).toEqual([[], [], []]);
  });

  it('a used link gives no second approval; an expired or superseded one none at all', async () => {
    const { store, fx, useCase } = setup();
    const token = giveLink(store, fx, fx.sigs[0]);
    await useCase.execute({ token, meta: META });
    const again = await useCase.execute({ token, meta: META });
    expect(again.kind).toBe('signed');
    expect(store.events.filter((e) => e.type === 'signed')).toHaveLength(1);
    expect(store.jobs.filter((j) => j.name === 'justering.sign')).toHaveLength(1);

    const other = setup();
    const expired = giveLink(other.store, other.fx, other.fx.sigs[0], { expiresAt: NOW });
    expect((await other.useCase.execute({ token: expired, meta: META })).kind).toBe('expired');
    const resent = giveLink(other.store, other.fx, other.fx.sigs[0], { supersededAt: NOW, supersededReason: 'resent' });
    expect((await other.useCase.execute({ token: resent, meta: META })).kind).toBe('superseded');
    // Claimed by a transaction that then failed to record the approval: no approval without the claim.
    const claimed = giveLink(other.store, other.fx, other.fx.sigs[0], { usedAt: NOW });
    expect((await other.useCase.execute({ token: claimed, meta: META })).kind).toBe('open');
    expect(other.store.events).toEqual([]);
    expect(other.store.signatory(other.fx.sigs[0].id).state).toBe('sent');
  });

  it('a round with e-legitimation needs the signatory’s own verified identity, and records it', async () => {
    const { store, fx, useCase } = setup({ identityLevel: 'e-legitimation' });
    const token = giveLink(store, fx, fx.sigs[0]);
    await expect(useCase.execute({ token, meta: META })).rejects.toEqual(code('identity_required'));
    await expect(useCase.execute({ token, meta: META, identity: verifiedIdentity('Kerstin Falk') })).rejects.toEqual(
      code('identity_required'),
    );
    expect(store.events).toEqual([]);
    await useCase.execute({ token, meta: META, identity: verifiedIdentity('Sara Sekreterare') });
    const sara = store.signatory(fx.sigs[0].id);
    expect(JSON.parse(sara.identity!)).toMatchObject({ name: 'Sara Sekreterare', provider: 'Testlegitimation' });
    expect(store.events[0].data).toMatchObject({ identityLevel: 'e-legitimation', identity: { name: 'Sara Sekreterare', sub: 'sub-1' } });
    expect(store.events[0].data.identifiedBy).toContain('Testlegitimation');
    // The audit trail never has the personal number's hash.
    expect(JSON.stringify(store.events)).not.toContain('ab'.repeat(32));
  });

  it('in a later version, a signer who had an earlier link gets the new-version mail when their turn comes', async () => {
    const { store, fx, useCase } = setup({}, ['sent', 'waiting', 'waiting']);
    const [sara, olle, jana] = fx.sigs;
    const v2 = { ...fx.version, id: 'v-2', number: 2, sha256: 'c'.repeat(64), previousSha256: SHA };
    store.versions.push(v2);
    store.round(fx.round.id).currentVersionId = v2.id;
    const ev = (type: string, data: Record<string, unknown>) =>
      store.events.push({
        organisationId: fx.round.organisationId,
        protocolId: fx.protocol.id,
        roundId: fx.round.id,
        type,
        at: NOW,
        actor: 'system',
        ip: null,
        userAgent: null,
        transactionId: 't',
        data,
      });
    ev('mail.queued', { signatoryId: olle.id, versionId: fx.version.id });
    ev('version.frozen', {
      versionId: v2.id,
      reason: 'Rättat datum',
      changeRequest: { name: olle.name, role: 'ordforande', comment: 'Fel datum i § 3' },
      voidedApprovals: [olle.id],
    });
    await useCase.execute({ token: giveLink(store, fx, sara, { versionId: v2.id }), meta: META });
    expect(store.mails.map((m) => [m.kind, m.to])).toEqual([['justering.replaced', olle.email]]);
    expect(store.mails[0].text).toContain('Fel datum i § 3');
    // One who never had a link gets the plain invitation.
    await useCase.execute({ token: giveLink(store, fx, olle, { versionId: v2.id }), meta: META });
    expect(store.mails.at(-1)).toMatchObject({ kind: 'justering.invitation', to: jana.email });
  });
});
