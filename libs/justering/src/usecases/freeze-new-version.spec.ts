import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Protocol } from '@justera/protocol';
import { CONFIG, FixedClock, META, USER, addRound, secretaryCaller, testId } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { FakeProtocolFreezer } from '../testing/protocol-freezer';
import { FreezeNewVersion } from './freeze-new-version';
import { IssueLink } from './issue-link';

const NOW = new Date('2026-11-28T10:00:00Z');
const code = (c: string) => expect.objectContaining({ code: c });
const PROTOCOL = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'protocols', 'v2-halsingeradet-protokoll-627-638.json'), 'utf8'),
) as Protocol;

/** The round of a structured protocol after the ordförande asked for a change (the sekreterare had approved). */
function setup(
  states: Parameters<typeof addRound>[2] = ['signed', 'change_requested', 'waiting'],
  over: Parameters<typeof addRound>[1] = { status: 'change_requested' },
) {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, over, states);
  fx.protocol.data = structuredClone(PROTOCOL);
  const olle = store.signatory(fx.sigs[1].id);
  if (olle.state === 'change_requested') Object.assign(olle, { changeRequestedAt: NOW, changeComment: 'Fel datum i § 628' });
  const freezer = new FakeProtocolFreezer();
  const useCase = new FreezeNewVersion(store, new FixedClock(NOW), freezer, new IssueLink(CONFIG));
  const cmd = { caller: secretaryCaller(), protocolId: fx.protocol.id, roundId: fx.round.id, meta: META };
  return { store, ...fx, freezer, useCase, cmd };
}

function corrected(): Protocol {
  const p = structuredClone(PROTOCOL);
  p.paragraphs[1] = { ...p.paragraphs[1], title: `${p.paragraphs[1].title} (rättad)` };
  return p;
}

describe(FreezeNewVersion.name, () => {
  it('freezes the corrected protocol as version 2, voids the approvals, supersedes every link and mails who is due now the change request and what changed', async () => {
    const { store, useCase, cmd, round, version, sigs, protocol, freezer } = setup();
    await useCase.execute({ ...cmd, protocol: corrected(), reason: ' Datum rättat ' });

    const r = store.round(round.id);
    const next = store.versions.find((v) => v.id === r.currentVersionId)!;
    const [doc] = store.documents;
    expect(next).toMatchObject({
      roundId: round.id,
      number: 2,
      documentId: doc.id,
      signedDocumentId: doc.id,
      sha256: doc.sha256,
      previousSha256: version.sha256,
      reason: ' Datum rättat ',
      createdAt: NOW,
    });
    expect(r.status).toBe('active');
    expect(freezer.requests[0].render).toEqual({ protocol: corrected(), paragraphs: null });
    expect(store.protocols.find((p) => p.id === protocol.id)!.data).toEqual(corrected());
    // Everyone starts over; the sekreterare is due first again.
    expect(sigs.map((s) => [store.signatory(s.id).state, store.signatory(s.id).signedAt])).toEqual([
      ['sent', null],
      ['waiting', null],
      ['waiting', null],
    ]);
    const earlier = store.links.filter((l) => l.versionId === version.id);
    expect(earlier.length).toBeGreaterThan(0);
    expect(earlier.every((l) => l.supersededReason === 'replaced' && l.supersededAt === NOW)).toBe(true);
    expect(store.links.filter((l) => l.versionId === next.id).map((l) => [l.signatoryId, l.supersededAt])).toEqual([[sigs[0].id, null]]);
    expect(store.mails.map((m) => [m.kind, m.to])).toEqual([['justering.replaced', 'sara@kommun.example']]);
    expect(store.mails[0].text).toContain('Fel datum i § 628');
    expect(store.mails[0].text).toContain('(rättad)');
    const changes = [`§ 628 ${corrected().paragraphs[1].title}: ändrad`];
    expect(store.events.map((e) => [e.type, e.actor])).toEqual([
      ['version.frozen', `user:${USER}`],
      ['mail.queued', `user:${USER}`],
    ]);
    expect(store.events[0].data).toEqual({
      versionId: next.id,
      number: 2,
      documentId: doc.id,
      sha256: doc.sha256,
      size: doc.size,
      previousSha256: version.sha256,
      reason: ' Datum rättat ',
      voidedApprovals: [sigs[0].id],
      changes,
      changeRequest: { name: 'Olle Ordförande', role: 'ordforande', comment: 'Fel datum i § 628' },
    });
    expect(store.events[1].data).toEqual(expect.objectContaining({ mail: 'replaced', versionId: next.id, to: 'sara@kommun.example' }));
  });

  it('refuses (`stale`) when another version was frozen while this one was rendered, and writes nothing', async () => {
    const { store, useCase, cmd, freezer, round, protocol } = setup();
    const other = corrected();
    other.paragraphs[2] = { ...other.paragraphs[2], title: `${other.paragraphs[2].title} (annan rättelse)` };
    // Another secretary's corrected version commits between this one's rendering and its lock.
    freezer.during = () => useCase.execute({ ...cmd, protocol: other, reason: 'Den andra' });
    const err = await useCase.execute({ ...cmd, protocol: corrected(), reason: 'Den här' }).catch((e: unknown) => e);
    expect(err).toEqual(code('stale'));
    expect((err as Error).message).toBe('Protokollet ändrades medan PDF:en skapades; försök igen.');
    // Only the other version: number 2, its protocol, its mail and event.
    expect(store.versions.filter((v) => v.roundId === round.id).map((v) => [v.number, v.reason])).toEqual([
      [1, null],
      [2, 'Den andra'],
    ]);
    expect(store.documents).toHaveLength(1);
    expect(store.protocols.find((p) => p.id === protocol.id)!.data).toEqual(other);
    expect(store.events.filter((e) => e.type === 'version.frozen')).toHaveLength(1);
  });

  it('refuses a version identical to the current one, and writes nothing', async () => {
    const { store, useCase, cmd } = setup();
    await useCase.execute({ ...cmd, protocol: corrected() });
    const before = {
      versions: store.versions.length,
      events: store.events.length,
      mails: store.mails.length,
      documents: store.documents.length,
    };
    // The stored protocol is now the corrected one: rendered again it is the same PDF.
    await expect(useCase.execute(cmd)).rejects.toEqual(
      expect.objectContaining({
        code: 'version_identical',
        message: 'Den nya versionen är identisk med den nuvarande; ändra protokollet först.',
      }),
    );
    await expect(useCase.execute({ ...cmd, protocol: corrected() })).rejects.toEqual(code('version_identical'));
    expect({
      versions: store.versions.length,
      events: store.events.length,
      mails: store.mails.length,
      documents: store.documents.length,
    }).toEqual(before);
  });

  it('takes a corrected PDF of an uploaded protocol, which becomes the protocol’s document', async () => {
    const { store, useCase, cmd, protocol, freezer } = setup();
    Object.assign(
      store.protocols.find((p) => p.id === protocol.id)!,
      { source: 'uploaded', documentId: testId(), data: { organ: 'Kommunstyrelsen' } },
    );
    const bytes = new TextEncoder().encode('%PDF-1.7 rättad');
    let reads = 0;
    const upload = { read: async () => (reads++, bytes), fileName: 'rattad.pdf' };
    await useCase.execute({ ...cmd, upload, reason: 'Ny bilaga' });

    const [doc] = store.documents;
    expect(doc).toMatchObject({ fileName: 'rattad.pdf', size: bytes.length });
    expect(store.protocols.find((p) => p.id === protocol.id)!.documentId).toBe(doc.id);
    expect(store.events[0].data).toEqual(expect.objectContaining({ changes: ['Ny PDF: rattad.pdf'], reason: 'Ny bilaga' }));
    expect(freezer.requests).toEqual([]);
    // The same file again is identical.
    await expect(useCase.execute({ ...cmd, upload })).rejects.toEqual(
      expect.objectContaining({
        code: 'version_identical',
        message: 'Den uppladdade PDF-filen är identisk med den nuvarande versionen; ladda upp den rättade filen.',
      }),
    );
    // A corrected structured protocol cannot be given for an uploaded one.
    await expect(useCase.execute({ ...cmd, protocol: corrected() })).rejects.toEqual(code('uploaded'));
    expect(reads).toBe(2);
  });

  it('refuses a PDF for a structured protocol before reading it, an invalid correction, and a round of another protocol', async () => {
    const { store, useCase, cmd } = setup();
    let reads = 0;
    await expect(
      useCase.execute({ ...cmd, upload: { read: async () => (reads++, new Uint8Array(1)), fileName: 'x.pdf' } }),
    ).rejects.toEqual(code('structured'));
    expect(reads).toBe(0);
    await expect(useCase.execute({ ...cmd, protocol: { formatVersion: 2 } })).rejects.toEqual(
      expect.objectContaining({ code: 'invalid_request', message: expect.stringContaining('Protokollet är ogiltigt') }),
    );
    const other = addRound(store);
    await expect(useCase.execute({ ...cmd, roundId: other.round.id })).rejects.toEqual(code('not_found'));
    expect(store.events).toEqual([]);
  });

  it('refuses a round whose approvals are all in or that is closed', async () => {
    const a = setup(['signed', 'signed', 'signed'], { status: 'signing' });
    await expect(a.useCase.execute({ ...a.cmd, protocol: corrected() })).rejects.toEqual(code('round_closed'));
    const b = setup(['sent', 'waiting', 'waiting'], { status: 'cancelled' });
    await expect(b.useCase.execute({ ...b.cmd, protocol: corrected() })).rejects.toEqual(code('round_closed'));
    expect([a.store.versions.length, a.store.documents, b.store.documents]).toEqual([1, [], []]);
  });

  it('renders an omedelbar justering’s excerpt again, and a parallel round starts over with the sekreterare', async () => {
    const { store, useCase, cmd, freezer, sigs } = setup(['signed', 'signed', 'change_requested'], {
      status: 'change_requested',
      paragraphs: [628],
      signingOrder: 'parallel',
    });
    await useCase.execute({ ...cmd, protocol: corrected() });
    expect(freezer.requests[0].render!.paragraphs).toEqual([628]);
    expect(store.events[0].data).toEqual(expect.objectContaining({ voidedApprovals: [sigs[0].id, sigs[1].id] }));
    // Parallel: the sekreterare first, as at the start.
    expect(store.mails.map((m) => m.to)).toEqual(['sara@kommun.example']);
    expect(store.mails[0].text).toContain('§ 628');
  });
});
