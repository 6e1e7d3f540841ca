import { addRound, secretaryCaller, testId, type RoundFixture } from '../testing/fixtures';
import { InMemoryJusteringReads } from '../testing/in-memory-reads';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { RoundDocument } from './round-document';

/** Stores the version's signed document (the PDF with the signatures appended so far). */
function storeSigned(store: InMemoryJusteringStore, fx: RoundFixture, fileName: string | null) {
  const content = new Uint8Array([0x25, 0x50, 0x44, 0x46]);
  store.documents.push({ id: fx.version.signedDocumentId, organisationId: fx.protocol.organisationId, sha256: 'c'.repeat(64), size: 4, mediaType: 'application/pdf', fileName, content, createdAt: new Date() });
  return content;
}

describe(RoundDocument.name, () => {
  it('gives the current version with the signatures so far, named justerat-… once the round is completed', async () => {
    const store = new InMemoryJusteringStore();
    const running = addRound(store);
    const done = addRound(store, { status: 'completed' }, ['signed', 'signed', 'signed']);
    const bytes = storeSigned(store, running, 'ks-2026-11-25.pdf');
    storeSigned(store, done, null);
    const query = new RoundDocument(new InMemoryJusteringReads(store));

    expect(await query.execute({ caller: secretaryCaller(), protocolId: running.protocol.id, roundId: running.round.id })).toEqual({ bytes, fileName: 'ks-2026-11-25.pdf' });
    expect((await query.execute({ caller: secretaryCaller(), protocolId: done.protocol.id, roundId: done.round.id })).fileName).toBe('justerat-protokoll.pdf');
  });

  it('answers a round of another protocol, a missing document and another organisation’s protocol with not_found', async () => {
    const store = new InMemoryJusteringStore();
    const a = addRound(store);
    const b = addRound(store);
    storeSigned(store, b, null);
    const query = new RoundDocument(new InMemoryJusteringReads(store));
    await expect(query.execute({ caller: secretaryCaller(), protocolId: a.protocol.id, roundId: b.round.id })).rejects.toMatchObject({ code: 'not_found', message: 'Justeringen finns inte.' });
    await expect(query.execute({ caller: secretaryCaller(), protocolId: a.protocol.id, roundId: a.round.id })).rejects.toMatchObject({ code: 'not_found', message: 'Dokumentet finns inte.' });
    await expect(query.execute({ caller: secretaryCaller(undefined, testId()), protocolId: b.protocol.id, roundId: b.round.id })).rejects.toMatchObject({ code: 'not_found' });
  });
});
