import { addRound, ORG, secretaryCaller, testId } from '../testing/fixtures';
import { InMemoryJusteringReads } from '../testing/in-memory-reads';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import type { FrozenDocument } from '../usecases/ports';
import { ProtocolDocuments, ProtocolDocumentsList, protocolDocumentFileName, protocolDocuments, type ProtocolDocumentFacts } from './protocol-documents';
import type { DocumentNotice } from './ports';

const PUBLIC = 'https://justera.example';
const P = 'prot-1';
const doc = (id: string, size = 100) => ({ id, sha256: id.slice(-1).repeat(64), size });

/** A whole-protocol round with versions 1 and 2 (2 current), stored in reverse order. */
function twoVersions(status: 'active' | 'completed', over: Partial<ProtocolDocumentFacts> = {}): ProtocolDocumentFacts {
  return {
    protocolId: P,
    rounds: [{ id: 'r1', paragraphs: null, status, currentVersionId: 'v2' }],
    versions: [
      { id: 'v2', roundId: 'r1', number: 2, documentId: 'doc-frozen-2', signedDocumentId: 'doc-signed-2' },
      { id: 'v1', roundId: 'r1', number: 1, documentId: 'doc-frozen-1', signedDocumentId: 'doc-signed-1' },
    ],
    notices: [],
    documents: ['doc-frozen-1', 'doc-signed-1', 'doc-frozen-2', 'doc-signed-2'].map((id) => doc(id)),
    organisationSlug: 'kommunen',
    publicUrl: PUBLIC,
    ...over,
  };
}

const notice = (over: Partial<DocumentNotice> = {}): DocumentNotice => ({
  id: 'n1',
  protocolId: P,
  roundId: 'r1',
  publishPdf: true,
  documentId: 'doc-signed-2',
  filledDocumentId: 'doc-posted',
  bevisDocumentId: 'doc-bevis',
  ...over,
});

const BOARD = `${PUBLIC}/anslagstavla/kommunen/anslag/n1`;

describe(protocolDocuments.name, () => {
  it('lists a running round’s frozen versions by number, the replaced one not current, and no justerat PDF before the round is completed', () => {
    const docs = protocolDocuments(twoVersions('active'));
    expect(docs.map((d) => [d.kind, d.versionNumber, d.current, d.titleSv])).toEqual([
      ['frozen', 1, false, 'Version 1 att justera (osignerad)'],
      ['frozen', 2, true, 'Version 2 att justera (osignerad)'],
    ]);
    expect(docs[0]).toEqual({
      kind: 'frozen',
      nameSv: 'Version att justera (osignerad)',
      descriptionSv: expect.stringContaining('utan underskrifter'),
      titleSv: 'Version 1 att justera (osignerad)',
      relationSv: null,
      documentId: 'doc-frozen-1',
      sha256: '1'.repeat(64),
      size: 100,
      roundId: 'r1',
      paragraphs: null,
      versionNumber: 1,
      current: false,
      noticeId: null,
      url: `/api/protocols/${P}/documents/doc-frozen-1`,
      publicUrl: null,
      contains: null,
    });
  });

  it('adds the justerat PDF of the current version once the round is completed, containing that frozen version', () => {
    const docs = protocolDocuments(twoVersions('completed'));
    expect(docs.map((d) => d.kind)).toEqual(['frozen', 'frozen', 'justerat']);
    expect(docs[2]).toMatchObject({
      documentId: 'doc-signed-2',
      titleSv: 'Justerat protokoll',
      versionNumber: 2,
      current: true,
      publicUrl: null,
      contains: { documentId: 'doc-frozen-2', sha256: '2'.repeat(64), size: 100 },
      relationSv: `Innehåller den osignerade versionen oförändrad (de första 100 byten, SHA-256 ${'2'.repeat(64)}); underskrifterna är tillagda efter den.`,
    });
    // A cancelled round keeps its frozen versions and has no justerat PDF.
    expect(protocolDocuments({ ...twoVersions('active'), rounds: [{ id: 'r1', paragraphs: null, status: 'cancelled', currentVersionId: 'v2' }] }).map((d) => d.kind)).toEqual(['frozen', 'frozen']);
  });

  it('gives the posted PDF and the anslagsbevis after the justerat PDF, each with its relation and public URL', () => {
    const documents = [...twoVersions('completed').documents, doc('doc-posted', 120), doc('doc-bevis', 30)];
    const docs = protocolDocuments(twoVersions('completed', { notices: [notice()], documents }));
    expect(docs.map((d) => [d.kind, d.noticeId, d.publicUrl])).toEqual([
      ['frozen', null, null],
      ['frozen', null, null],
      ['justerat', null, `${BOARD}/justerat-protokoll.pdf`],
      ['posted', 'n1', `${BOARD}/protokoll.pdf`],
      ['anslagsbevis', 'n1', `${BOARD}/anslagsbevis.pdf`],
    ]);
    const signed = { documentId: 'doc-signed-2', sha256: '2'.repeat(64), size: 100 };
    expect(docs[3]).toMatchObject({
      titleSv: 'Protokoll med anslagsuppgifter',
      versionNumber: 2,
      size: 120,
      contains: signed,
      relationSv: `Innehåller det justerade protokollet oförändrat (de första 100 byten, SHA-256 ${signed.sha256}); anslagsdatumen är ifyllda och förseglade efter det.`,
    });
    expect(docs[4]).toMatchObject({
      titleSv: 'Anslagsbevis',
      versionNumber: null,
      contains: null,
      relationSv: `Avser det justerade protokollet med SHA-256 ${signed.sha256}.`,
    });
    // Before the ANSLAG fields are filled the board serves the justerat PDF itself as protokoll.pdf.
    const unfilled = protocolDocuments(twoVersions('completed', { notices: [notice({ filledDocumentId: null, bevisDocumentId: null })] }));
    expect(unfilled.map((d) => [d.kind, d.publicUrl])).toEqual([
      ['frozen', null],
      ['frozen', null],
      ['justerat', `${BOARD}/protokoll.pdf`],
    ]);
  });

  it('gives public URLs only where the body publishes PDFs (the anslagsbevis always), and none without a slug', () => {
    const documents = [...twoVersions('completed').documents, doc('doc-posted'), doc('doc-bevis')];
    const unpublished = protocolDocuments(twoVersions('completed', { notices: [notice({ publishPdf: false })], documents }));
    expect(unpublished.map((d) => [d.kind, d.publicUrl])).toEqual([
      ['frozen', null],
      ['frozen', null],
      ['justerat', null],
      ['posted', null],
      ['anslagsbevis', `${BOARD}/anslagsbevis.pdf`],
    ]);
    const noSlug = protocolDocuments(twoVersions('completed', { notices: [notice()], documents, organisationSlug: null }));
    expect(noSlug.map((d) => d.publicUrl)).toEqual([null, null, null, null, null]);
  });

  it('after an archive renewal the justerat PDF is a newer file than the notice’s, so only the posted PDF is public', () => {
    const documents = [...twoVersions('completed').documents, doc('doc-posted'), doc('doc-bevis'), doc('doc-old-signed-9')];
    const renewed = protocolDocuments(twoVersions('completed', { notices: [notice({ documentId: 'doc-old-signed-9' })], documents }));
    expect(renewed.map((d) => [d.kind, d.documentId, d.publicUrl])).toEqual([
      ['frozen', 'doc-frozen-1', null],
      ['frozen', 'doc-frozen-2', null],
      ['justerat', 'doc-signed-2', null],
      ['posted', 'doc-posted', `${BOARD}/protokoll.pdf`],
      ['anslagsbevis', 'doc-bevis', `${BOARD}/anslagsbevis.pdf`],
    ]);
    // The posted PDF and the anslagsbevis name the file the notice was made from.
    expect(renewed[3].contains).toEqual({ documentId: 'doc-old-signed-9', sha256: '9'.repeat(64), size: 100 });
    expect(renewed[4].relationSv).toContain('9'.repeat(64));
  });

  it('names the §§ of an omedelbar justering in every title, round by round, each round’s notice after its justerat PDF', () => {
    const f: ProtocolDocumentFacts = {
      protocolId: P,
      rounds: [
        { id: 'r-5', paragraphs: [5], status: 'completed', currentVersionId: 'v-5' },
        { id: 'r-all', paragraphs: null, status: 'active', currentVersionId: 'v-all' },
        { id: 'r-78', paragraphs: [7, 8], status: 'completed', currentVersionId: 'v-78' },
      ],
      versions: [
        { id: 'v-78', roundId: 'r-78', number: 1, documentId: 'f-78', signedDocumentId: 's-78' },
        { id: 'v-all', roundId: 'r-all', number: 1, documentId: 'f-all', signedDocumentId: 'f-all' },
        { id: 'v-5', roundId: 'r-5', number: 1, documentId: 'f-5', signedDocumentId: 's-5' },
      ],
      notices: [notice({ id: 'n-5', roundId: 'r-5', documentId: 's-5', filledDocumentId: 'p-5', bevisDocumentId: null })],
      documents: ['f-5', 's-5', 'p-5', 'f-all', 'f-78', 's-78'].map((id) => doc(id)),
      organisationSlug: 'kommunen',
      publicUrl: PUBLIC,
    };
    const docs = protocolDocuments(f);
    expect(docs.map((d) => [d.roundId, d.kind, d.titleSv, d.paragraphs])).toEqual([
      ['r-5', 'frozen', 'Version 1 att justera (osignerad), § 5', [5]],
      ['r-5', 'justerat', 'Justerat protokoll, § 5', [5]],
      ['r-5', 'posted', 'Protokoll med anslagsuppgifter, § 5', [5]],
      ['r-all', 'frozen', 'Version 1 att justera (osignerad)', null],
      ['r-78', 'frozen', 'Version 1 att justera (osignerad), §§ 7–8', [7, 8]],
      ['r-78', 'justerat', 'Justerat protokoll, §§ 7–8', [7, 8]],
    ]);
    expect(docs[1].publicUrl).toBe(`${PUBLIC}/anslagstavla/kommunen/anslag/n-5/justerat-protokoll.pdf`);
    expect(protocolDocumentFileName(docs[1], '2026-11-20')).toBe('justerat-protokoll-paragraf-5-2026-11-20.pdf');
    expect(protocolDocumentFileName(docs[4], '2026-11-20')).toBe('osignerad-version-1-paragraf-7-8-2026-11-20.pdf');
    expect(protocolDocumentFileName(docs[2], '2026-11-20')).toBe('protokoll-med-anslagsuppgifter-paragraf-5-2026-11-20.pdf');
    // With the organ (as the download names it): two organs' protocols of one day differ.
    expect(protocolDocumentFileName(docs[1], '2026-11-20', 'Bygg- och miljönämnden')).toBe('justerat-protokoll-bygg-och-miljonamnden-paragraf-5-2026-11-20.pdf');
    expect(protocolDocumentFileName(docs[4], '2026-11-20', 'Kommunstyrelsen')).toBe('osignerad-version-1-kommunstyrelsen-paragraf-7-8-2026-11-20.pdf');
  });

  it('leaves out a document whose stored row is missing (another organisation’s id is never found)', () => {
    const f = twoVersions('completed', { documents: [doc('doc-frozen-2'), doc('doc-signed-2')] });
    expect(protocolDocuments(f).map((d) => d.documentId)).toEqual(['doc-frozen-2', 'doc-signed-2']);
  });
});

/** A completed round of a new protocol whose frozen and signed PDFs are stored, and its notice's posted PDF and anslagsbevis. */
function justerat(store: InMemoryJusteringStore, reads: InMemoryJusteringReads, organisationId = ORG) {
  const fx = addRound(store, { status: 'completed', completedAt: new Date('2026-11-27T08:00:00Z') }, ['signed', 'signed', 'signed']);
  fx.protocol.organisationId = organisationId;
  fx.round.organisationId = organisationId;
  const stored = (id: string, text: string): FrozenDocument => {
    const content = new TextEncoder().encode(text);
    return { id, organisationId, sha256: id.slice(-2).padStart(64, '0'), size: content.length, mediaType: 'application/pdf', fileName: null, content, createdAt: new Date() };
  };
  const posted = testId();
  const bevis = testId();
  store.documents.push(stored(fx.version.documentId, '%PDF frozen'), stored(fx.version.signedDocumentId, '%PDF frozen+signed'), stored(posted, '%PDF posted'), stored(bevis, '%PDF bevis'));
  reads.notices.push({ organisationId, id: testId(), protocolId: fx.protocol.id, roundId: fx.round.id, publishPdf: true, documentId: fx.version.signedDocumentId, filledDocumentId: posted, bevisDocumentId: bevis });
  return fx;
}

function setup() {
  const store = new InMemoryJusteringStore();
  const reads = new InMemoryJusteringReads(store);
  reads.slugs.set(ORG, 'kommunen');
  return { store, reads, one: new ProtocolDocuments(reads, { publicUrl: PUBLIC }), list: new ProtocolDocumentsList(reads, { publicUrl: PUBLIC }) };
}

describe(ProtocolDocuments.name, () => {
  it('lists a readable protocol’s documents; another organisation’s protocol is not_found, another organ’s forbidden', async () => {
    const { store, reads, one } = setup();
    const fx = justerat(store, reads);
    const docs = await one.execute({ caller: secretaryCaller(), protocolId: fx.protocol.id });
    expect(docs.map((d) => d.kind)).toEqual(['frozen', 'justerat', 'posted', 'anslagsbevis']);
    expect(docs[1].publicUrl).toMatch(/^https:\/\/justera\.example\/anslagstavla\/kommunen\/anslag\/.+\/justerat-protokoll\.pdf$/);
    await expect(one.execute({ caller: secretaryCaller([testId()]), protocolId: fx.protocol.id })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(one.execute({ caller: secretaryCaller(undefined, testId()), protocolId: fx.protocol.id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('gives the bytes and file name of a listed document only', async () => {
    const { store, reads, one } = setup();
    const fx = justerat(store, reads);
    const caller = secretaryCaller();
    const file = await one.file({ caller, protocolId: fx.protocol.id, documentId: fx.version.signedDocumentId });
    expect(new TextDecoder().decode(file.bytes)).toBe('%PDF frozen+signed');
    expect(file.fileName).toBe('justerat-protokoll-kommunstyrelsen-2026-11-25.pdf');
    expect(file.document).toMatchObject({ kind: 'justerat', documentId: fx.version.signedDocumentId });
    // A stored document of the organisation that is not one of this protocol's is not handed out.
    const other = justerat(store, reads);
    await expect(one.file({ caller, protocolId: fx.protocol.id, documentId: other.version.documentId })).rejects.toMatchObject({ code: 'not_found' });
    await expect(one.file({ caller: secretaryCaller([testId()]), protocolId: fx.protocol.id, documentId: fx.version.documentId })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe(ProtocolDocumentsList.name, () => {
  it('gives each protocol of a list its own documents, in the same few reads however long the list', async () => {
    const { store, reads, one, list } = setup();
    const a = justerat(store, reads);
    const running = addRound(store);
    const caller = secretaryCaller();

    reads.queries = 0;
    const single = await list.execute({ caller, protocolIds: [a.protocol.id] });
    const forOne = reads.queries;
    const b = justerat(store, reads);
    reads.queries = 0;
    const many = await list.execute({ caller, protocolIds: [a.protocol.id, running.protocol.id, b.protocol.id] });
    expect(reads.queries).toBe(forOne);
    expect(forOne).toBeLessThanOrEqual(6);

    expect(many.get(a.protocol.id)).toEqual(single.get(a.protocol.id));
    expect(many.get(a.protocol.id)).toEqual(await one.execute({ caller, protocolId: a.protocol.id }));
    expect(many.get(b.protocol.id)!.map((d) => d.url)).toEqual((await one.execute({ caller, protocolId: b.protocol.id })).map((d) => d.url));
    expect(many.get(b.protocol.id)!.every((d) => d.url.startsWith(`/api/protocols/${b.protocol.id}/`))).toBe(true);
    // The running round's frozen PDF is not stored in this spec: nothing listed, nothing of the others mixed in.
    expect(many.get(running.protocol.id)).toEqual([]);
    expect(await list.execute({ caller, protocolIds: [] })).toEqual(new Map());
  });

  it('refuses a list with a protocol the caller may not read', async () => {
    const { store, reads, list } = setup();
    const a = justerat(store, reads);
    await expect(list.execute({ caller: secretaryCaller([testId()]), protocolIds: [a.protocol.id] })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
