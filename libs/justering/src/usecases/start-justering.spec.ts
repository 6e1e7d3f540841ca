import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@justera/application';
import type { Protocol } from '@justera/protocol';
import { CONFIG, FixedClock, META, ORG, ORGAN, USER, addRound, secretaryCaller, testId } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { FakeProtocolFreezer } from '../testing/protocol-freezer';
import { IssueLink } from './issue-link';
import type { ProtocolFacts } from './ports';
import { StartJustering } from './start-justering';

const NOW = new Date('2026-11-26T08:00:00Z');
const code = (c: string) => expect.objectContaining({ code: c });
/** A complete structured protocol (Hälsingerådet, §§ 627–638, sekreterare, ordförande and one justerare with addresses). */
const PROTOCOL = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'protocols', 'v2-halsingeradet-protokoll-627-638.json'), 'utf8'),
) as Protocol;

function setup(over: Partial<ProtocolFacts> = {}, eLegitimation = false) {
  const store = new InMemoryJusteringStore();
  const protocol: ProtocolFacts = {
    id: testId(),
    organisationId: ORG,
    organId: ORGAN,
    title: 'Hälsingerådet 2026-11-25',
    meetingDate: '2026-11-25',
    status: 'draft',
    source: 'structured',
    data: structuredClone(PROTOCOL),
    documentId: null,
    rowVersion: 1,
    ...over,
  };
  store.protocols.push(protocol);
  const freezer = new FakeProtocolFreezer();
  const useCase = new StartJustering(store, new FixedClock(NOW), freezer, new IssueLink(CONFIG), {
    settings: CONFIG.settings,
    eLegitimation,
  });
  const cmd = { caller: secretaryCaller(), protocolId: protocol.id, meta: META };
  return { store, protocol, freezer, useCase, cmd };
}

const SIGNERS = [
  { role: 'justerare' as const, name: 'Jana Justerare', email: 'jana@kommun.example' },
  { role: 'ordforande' as const, name: 'Olle Ordförande', email: 'olle@kommun.example' },
  { role: 'sekreterare' as const, name: 'Sara Sekreterare', email: 'sara@kommun.example' },
];

describe(StartJustering.name, () => {
  it('freezes the protocol, creates the round, version 1 and the signatories in order, invites the sekreterare and sets the protocol under justering', async () => {
    const { store, protocol, freezer, useCase, cmd } = setup();
    const roundId = await useCase.execute(cmd);

    const round = store.round(roundId);
    expect(round).toMatchObject({
      protocolId: protocol.id,
      organId: ORGAN,
      paragraphs: null,
      signingOrder: 'sequential',
      identityLevel: 'e-postlank',
      status: 'active',
      deadline: '2026-12-09', // two weeks after the meeting
      createdBy: `user:${USER}`,
      createdAt: NOW,
    });
    expect(freezer.requests).toEqual([
      {
        protocol: expect.objectContaining({ id: protocol.id }),
        identityLevel: 'e-postlank',
        render: { protocol: PROTOCOL, paragraphs: null },
      },
    ]);
    const [doc] = store.documents;
    expect(doc).toMatchObject({ organisationId: ORG, mediaType: 'application/pdf', fileName: 'protokoll-2026-11-25.pdf', createdAt: NOW });
    expect(doc.sha256).toBe(createHash('sha256').update(doc.content).digest('hex'));
    expect(store.versions).toEqual([
      {
        id: round.currentVersionId,
        roundId,
        number: 1,
        documentId: doc.id,
        sha256: doc.sha256,
        size: doc.size,
        previousSha256: null,
        signedDocumentId: doc.id,
        reason: null,
        createdAt: NOW,
      },
    ]);
    const sigs = store.signatories.filter((s) => s.roundId === roundId);
    expect(sigs.map((s) => [s.position, s.role, s.name, s.email, s.state])).toEqual([
      [0, 'sekreterare', 'Thomas Norgren', 'thomas.norgren@example.se', 'sent'],
      [1, 'ordforande', 'Mikael Löthstam', 'mikael.lothstam@example.se', 'waiting'],
      [2, 'justerare', 'Håkan Englund', 'hakan.englund@example.org', 'waiting'],
    ]);
    expect(store.protocols[0].status).toBe('justering');
    expect(store.links.map((l) => [l.signatoryId, l.versionId])).toEqual([[sigs[0].id, round.currentVersionId]]);
    expect(store.mails.map((m) => [m.kind, m.to])).toEqual([['justering.invitation', 'thomas.norgren@example.se']]);
    expect(store.events.map((e) => [e.type, e.actor, e.transactionId])).toEqual([
      ['round.created', `user:${USER}`, store.events[0].transactionId],
      ['version.frozen', `user:${USER}`, store.events[0].transactionId],
      ['mail.queued', `user:${USER}`, store.events[0].transactionId],
    ]);
    expect(store.events[0].data).toEqual({
      order: 'sequential',
      identityLevel: 'e-postlank',
      deadline: '2026-12-09',
      paragraphs: null,
      signatories: sigs.map((s) => ({ id: s.id, role: s.role, name: s.name, email: s.email, position: s.position })),
    });
    expect(store.events[1].data).toEqual({
      versionId: round.currentVersionId,
      number: 1,
      documentId: doc.id,
      sha256: doc.sha256,
      size: doc.size,
      previousSha256: null,
    });
    // The first reminder, and the deadline warning two working days before the deadline, 08:00 Stockholm.
    expect(store.jobs.map((j) => [j.name, j.payload, j.delayMs])).toEqual([
      ['justering.remind', { roundId, signatoryId: sigs[0].id, versionId: round.currentVersionId, number: 1 }, 3 * 86_400_000],
      ['justering.deadline-warning', { roundId }, new Date('2026-12-07T07:00:00Z').getTime() - NOW.getTime()],
    ]);
    expect(store.locks).toEqual([protocol.id]);
  });

  it('refuses (`stale`) when the protocol was saved while its PDF was rendered, and writes nothing; a new try freezes the saved protocol', async () => {
    const { store, protocol, freezer, useCase, cmd } = setup();
    const saved = structuredClone(PROTOCOL);
    saved.paragraphs[0] = { ...saved.paragraphs[0], title: `${saved.paragraphs[0].title} (sparad)` };
    // The editor saves between the rendering and the lock (the in-memory editor save: data and row version).
    freezer.during = async () => Object.assign(store.protocols[0], { data: saved, rowVersion: 2 });
    const err = await useCase.execute(cmd).catch((e: unknown) => e);
    expect(err).toEqual(code('stale'));
    expect((err as DomainError).message).toBe('Protokollet ändrades medan PDF:en skapades; försök igen.');
    expect(store.rounds).toEqual([]);
    expect(store.documents).toEqual([]);
    expect(store.mails).toEqual([]);
    expect(store.events).toEqual([]);
    expect(store.protocols[0]).toMatchObject({ id: protocol.id, status: 'draft', rowVersion: 2 });

    const roundId = await useCase.execute(cmd);
    expect(store.round(roundId).status).toBe('active');
    expect(freezer.requests[1].render?.protocol).toEqual(saved);
    // Setting the protocol under justering is a write of its row.
    expect(store.protocols[0]).toMatchObject({ status: 'justering', rowVersion: 3 });
  });

  it('takes the given signatories in signing order and order, and writes an API key as apikey:<key id>', async () => {
    const { store, useCase, cmd } = setup();
    const caller = { principal: { ...cmd.caller.principal, userId: 'apikey:k1' }, via: 'apiKey' as const };
    const roundId = await useCase.execute({
      ...cmd,
      caller,
      order: 'parallel',
      signatories: SIGNERS.map((s) => ({ ...s, name: ` ${s.name} ` })),
    });
    expect(store.round(roundId)).toMatchObject({ signingOrder: 'parallel', createdBy: 'apikey:k1' });
    expect(store.signatories.map((s) => [s.role, s.name])).toEqual([
      ['sekreterare', 'Sara Sekreterare'],
      ['ordforande', 'Olle Ordförande'],
      ['justerare', 'Jana Justerare'],
    ]);
    expect(new Set(store.events.map((e) => e.actor))).toEqual(new Set(['apikey:k1']));
  });

  it('refuses invalid signatories with their code and the problems, and writes nothing', async () => {
    const { store, freezer, useCase, cmd } = setup();
    const twoSecretaries = [...SIGNERS, { role: 'sekreterare' as const, name: 'Sven', email: 'sven@kommun.example' }];
    await expect(useCase.execute({ ...cmd, signatories: twoSecretaries })).rejects.toEqual(
      expect.objectContaining({ code: 'invalid_signatories', message: expect.stringContaining('exakt en sekreterare krävs') }),
    );
    const sameAddress = SIGNERS.map((s) => ({ ...s, email: s.role === 'justerare' ? 'OLLE@kommun.example' : s.email }));
    await expect(useCase.execute({ ...cmd, signatories: sameAddress })).rejects.toEqual(
      expect.objectContaining({
        code: 'invalid_signatories',
        message: expect.stringContaining('två undertecknare har samma e-postadress'),
      }),
    );
    const noJusterare = SIGNERS.filter((s) => s.role !== 'justerare');
    await expect(useCase.execute({ ...cmd, signatories: noJusterare })).rejects.toEqual(
      expect.objectContaining({ code: 'invalid_signatories', message: expect.stringContaining('en eller två justerare krävs') }),
    );
    // A structured protocol whose undertecknare lack an address is not ready for justering.
    store.protocols[0].data = { ...PROTOCOL, signatories: PROTOCOL.signatories.map((s) => ({ ...s, email: undefined })) };
    await expect(useCase.execute(cmd)).rejects.toEqual(
      expect.objectContaining({ code: 'invalid_request', message: expect.stringContaining('Protokollet är inte klart för justering') }),
    );
    // Signatories given for a half-written draft: it still cannot be frozen.
    store.protocols[0].data = { organ: 'Hälsingerådet' };
    await expect(useCase.execute({ ...cmd, signatories: SIGNERS })).rejects.toEqual(
      expect.objectContaining({ code: 'invalid_request', message: expect.stringContaining('Protokollet är inte komplett') }),
    );
    expect(freezer.requests).toEqual([]);
    expect([store.rounds, store.documents, store.events, store.mails, store.jobs]).toEqual([[], [], [], [], []]);
    expect(store.protocols[0].status).toBe('draft');
  });

  it('refuses a protocol already under justering or justerat, and another organisation’s protocol', async () => {
    const a = setup();
    await a.useCase.execute(a.cmd);
    await expect(a.useCase.execute(a.cmd)).rejects.toEqual(
      expect.objectContaining({ constructor: DomainError, code: 'not_draft', message: 'Protokollet är redan under justering.' }),
    );
    const b = setup({ status: 'justerat' });
    await expect(b.useCase.execute(b.cmd)).rejects.toEqual(
      expect.objectContaining({ code: 'not_draft', message: 'Protokollet är redan justerat.' }),
    );
    // A whole-protocol round still open on a draft (the status was put back by hand): already started.
    const c = setup();
    addRound(c.store);
    c.store.rounds[0].protocolId = c.protocol.id;
    await expect(c.useCase.execute(c.cmd)).rejects.toEqual(code('already_started'));
    const d = setup({ organisationId: '00000000-0000-4000-8000-00000000a002' });
    await expect(d.useCase.execute(d.cmd)).rejects.toEqual(code('not_found'));
    expect(b.store.events).toEqual([]);
  });

  it('omedelbar justering: freezes an excerpt of the §§ (sorted, once each), keeps the protocol a draft and refuses a § already in an open round', async () => {
    const { store, freezer, useCase, cmd } = setup();
    const roundId = await useCase.execute({ ...cmd, paragraphs: [630, 628, 630] });
    expect(store.round(roundId).paragraphs).toEqual([628, 630]);
    expect(freezer.requests[0].render!.paragraphs).toEqual([628, 630]);
    expect(store.documents[0].fileName).toBe('protokollsutdrag-2026-11-25.pdf');
    expect(store.protocols[0].status).toBe('draft');
    expect(store.events[0].data).toEqual(expect.objectContaining({ paragraphs: [628, 630] }));

    await expect(useCase.execute({ ...cmd, paragraphs: [630, 631] })).rejects.toEqual(
      expect.objectContaining({ code: 'already_started', message: 'Någon av paragraferna är redan under justering.' }),
    );
    await useCase.execute({ ...cmd, paragraphs: [631] });
    // The whole protocol may start beside them; once § 628 and § 630 are justerade on their own, it says so.
    store.round(roundId).status = 'completed';
    await useCase.execute(cmd);
    const whole = freezer.requests.at(-1)!.render!.protocol;
    expect(whole.paragraphs.filter((p) => p.immediatelyAdjusted).map((p) => p.number)).toEqual([628, 630]);
    expect(store.protocols[0].status).toBe('justering');
  });

  it('freezes an uploaded PDF as it is, with the signatories of its metadata, but never an excerpt of it', async () => {
    const documentId = testId();
    const { store, freezer, useCase, cmd } = setup({
      source: 'uploaded',
      documentId,
      data: { organ: 'Kommunstyrelsen', signatories: SIGNERS },
    });
    await useCase.execute(cmd);
    expect(freezer.requests).toEqual([{ protocol: expect.objectContaining({ documentId }), identityLevel: 'e-postlank' }]);
    expect(store.signatories.map((s) => s.role)).toEqual(['sekreterare', 'ordforande', 'justerare']);

    const b = setup({ source: 'uploaded', documentId, data: { signatories: SIGNERS } });
    await expect(b.useCase.execute({ ...b.cmd, paragraphs: [3] })).rejects.toEqual(code('excerpt_of_upload'));
    const c = setup({ source: 'uploaded', documentId, data: {} });
    await expect(c.useCase.execute(c.cmd)).rejects.toEqual(code('invalid_signatories'));
    expect([b.freezer.requests, c.freezer.requests]).toEqual([[], []]);
  });

  it('takes the organ’s identity level by default, and refuses e-legitimation when no provider is configured', async () => {
    const a = setup({}, true);
    a.store.organIdentityLevels.set(ORGAN, 'e-legitimation');
    const roundId = await a.useCase.execute(a.cmd);
    expect(a.store.round(roundId).identityLevel).toBe('e-legitimation');
    expect(a.freezer.requests[0].identityLevel).toBe('e-legitimation');
    expect(a.store.events[0].data).toEqual(expect.objectContaining({ identityLevel: 'e-legitimation' }));

    const b = setup({}, false);
    b.store.organIdentityLevels.set(ORGAN, 'e-legitimation');
    await expect(b.useCase.execute(b.cmd)).rejects.toEqual(code('identity_unavailable'));
    // A round may choose its own level.
    const roundB = await b.useCase.execute({ ...b.cmd, identityLevel: 'e-postlank' });
    expect(b.store.round(roundB).identityLevel).toBe('e-postlank');
  });
});
