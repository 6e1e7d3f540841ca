import { SYSTEM_CLOCK } from '@justera/application';
import { chainEvent, GetEvidence, type JusteringReads, ProtocolDocuments } from '@justera/justering';
import { TypeOrmEvidenceReads } from '@justera/persistence';
import type {
  AnslagRepository,
  EvidenceRepository,
  OrganisationsRepository,
  ProtocolsRepository,
} from '@justera/persistence';
import type { AuthContext } from '../auth/auth-context';
import type { SealedDocumentService } from '../common/sealed-document.service';
import type { SimpleDocument } from '@justera/pdf';
import type { AppConfig } from '@justera/config';
import { EvidencePdfService } from './evidence-pdf.service';
import { EvidenceService } from './evidence.service';

const ORG = 'org-1';
const P = 'prot-1';
const R = 'round-1';
const V = 'ver-1';
const TX = '11111111-2222-4333-8444-555555555555';
const FINAL = 'f'.repeat(64);
const FROZEN = 'a'.repeat(64);

/** In-memory fakes shaped like the TypeORM rows; only the queries EvidenceService uses. */
function setup(opts: { protocolStatus?: string; roundStatus?: string; tamper?: boolean; sealed?: SealedDocumentService } = {}) {
  const protocol = {
    id: P,
    organisationId: ORG,
    organId: 'organ-a',
    title: 'Kommunstyrelsen 2026-11-20',
    meetingDate: '2026-11-20',
    status: opts.protocolStatus ?? 'justerat',
    documentId: null,
  };
  const round = {
    id: R,
    organisationId: ORG,
    protocolId: P,
    organId: 'organ-a',
    paragraphs: null,
    signingOrder: 'sequential',
    status: opts.roundStatus ?? 'completed',
    deadline: '2026-12-04',
    currentVersionId: V,
    createdAt: new Date('2026-11-20T10:00:00Z'),
    completedAt: new Date('2026-11-21T10:00:00Z'),
  };
  const version = {
    id: V,
    roundId: R,
    number: 1,
    documentId: 'doc-frozen',
    sha256: FROZEN,
    size: 100,
    previousSha256: null,
    signedDocumentId: 'doc-final',
    reason: null,
    createdAt: new Date('2026-11-20T10:00:00Z'),
  };
  const signatory = { id: 'sig-1', roundId: R, role: 'ordforande', name: 'Mikael Löthstam', email: 'ord@kommun.example', position: 1 };
  const base = { protocolId: P, roundId: R, actor: 'signatory:sig-1', userAgent: 'Firefox', data: {} };
  const e1 = chainEvent(null, {
    ...base,
    type: 'round.created',
    at: new Date('2026-11-20T10:00:00Z'),
    ip: '10.0.0.1',
    transactionId: 'tx-0',
  });
  const e2 = chainEvent(e1, {
    ...base,
    type: 'signed',
    at: new Date('2026-11-21T10:00:00Z'),
    ip: '192.0.2.7',
    transactionId: TX,
    data: { signatoryId: 'sig-1', role: 'ordforande', name: 'Mikael Löthstam', sha256: FROZEN, versionId: V, identifiedBy: 'e-postlänk' },
  });
  if (opts.tamper) e2.ip = '203.0.113.9';
  // The worker appends the signature later, under the approval's transaction id.
  const e3 = chainEvent(e2, {
    ...base,
    actor: 'system',
    userAgent: null,
    type: 'signature.applied',
    at: new Date('2026-11-21T10:00:05Z'),
    ip: null,
    transactionId: TX,
    data: { signatoryId: 'sig-1', versionId: V, signatureMethod: 'pades-b-b+lt', revisionDocumentId: 'doc-final' },
  });
  const rows = [e1, e2, e3].map((e) => ({ ...e, id: `ev-${e.seq}`, organisationId: ORG, data: JSON.stringify(e.data) }));
  const docs = [
    { id: 'doc-frozen', organisationId: ORG, sha256: FROZEN, size: 100 },
    { id: 'doc-final', organisationId: ORG, sha256: FINAL, size: 200 },
  ];
  const protocols = {
    find: async (o: string, id: string) => (o === ORG && id === P ? protocol : null),
    findPublishedBySha256: async () => null,
  } as unknown as ProtocolsRepository;
  const anslag = {
    listNoticesOfProtocol: async () => [
      {
        id: 'n1',
        roundId: R,
        state: 'current',
        justeradAt: new Date('2026-11-21T10:00:00Z'),
        postedDate: '2026-11-21',
        lastAppealDay: '2026-12-14',
        takeDownDate: '2026-12-15',
        takenDownAt: null,
        storagePlace: 'Stadshuset',
        documentId: 'doc-final',
        publishPdf: true,
        filledDocumentId: null,
        bevisDocumentId: null,
      },
    ],
    postingsOf: async () => [],
    findOrganisation: async () => ({ id: ORG, slug: 'kommunen', name: 'Kommunen' }),
  } as unknown as AnslagRepository;
  const evidence = {
    documentsBySha256: async (sha: string) => docs.filter((d) => d.sha256 === sha),
    documentsByIds: async (_o: string, ids: string[]) => docs.filter((d) => ids.includes(d.id)),
    placesOfDocuments: async (ds: { id: string }[]) =>
      ds.map((d) =>
        d.id === 'doc-final'
          ? { organisationId: ORG, protocolId: P, roundId: R, versionId: V, kind: 'signed', documentId: d.id, transactionId: TX }
          : { organisationId: ORG, protocolId: P, roundId: R, versionId: V, kind: 'frozen', documentId: d.id, transactionId: null },
      ),
    signedEventByTransaction: async (tx: string) =>
      rows.find((r) => r.transactionId === tx && r.type === 'signature.applied') ??
      rows.find((r) => r.transactionId === tx && r.type === 'signed') ??
      null,
  } as unknown as EvidenceRepository;
  const organisations = {
    findOrgan: async () => ({ name: 'Kommunstyrelsen' }),
    findOrganisation: async (id: string) => (id === ORG ? { id: ORG, name: 'Demo kommun' } : null),
  } as unknown as OrganisationsRepository;
  const config = { publicUrl: 'https://justera.example' } as AppConfig;
  const justeringReads = {
    roundsOfProtocols: async () => [round],
    versionsOfRounds: async () => [version],
    signatoriesOfRounds: async () => [signatory],
    auditRecords: async () => [e1, e2, e3],
    noticesOfProtocols: async (o: string, ids: string[]) =>
      (await anslag.listNoticesOfProtocol(o, ids[0])).map((n) => ({ ...n, protocolId: P })),
    documentInfos: async (_o: string, ids: string[]) => docs.filter((d) => ids.includes(d.id)),
    organisationSlug: async () => 'kommunen',
  } as unknown as JusteringReads;
  const documents = new ProtocolDocuments(justeringReads, config);
  const reads = new TypeOrmEvidenceReads(protocols, organisations, justeringReads, anslag, evidence);
  const getEvidence = new GetEvidence(reads, documents, SYSTEM_CLOCK, config);
  const service = new EvidenceService(protocols, evidence, reads, getEvidence, documents);
  return Object.assign(service, {
    build: (p: { id: string; organisationId: string; organId: string; title: string; meetingDate: string; status: string }) => getEvidence.of(p),
    pdf: new EvidencePdfService(organisations, opts.sealed ?? ({} as SealedDocumentService)),
  });
}

const who = (role: 'sekreterare' | 'revisor', organisationId = ORG, organIds: string[] = []): AuthContext => ({
  principal: { userId: 'u1', organisationId, role, organIds },
  name: 'x',
  via: 'apiKey',
});

describe(EvidenceService.name, () => {
  it('names protocol, version and the signature that produced the revision; the public part has no IP, e-mail or user agent', async () => {
    const k = await setup().knownBySha256(FINAL);
    expect(k).toMatchObject({
      protocolId: P,
      organ: 'Kommunstyrelsen',
      match: { kind: 'signed', versionNumber: 1, transactionId: TX, afterSignatureOf: { name: 'Mikael Löthstam', role: 'ordforande' } },
      version: { number: 1, sha256: FROZEN, current: true },
    });
    expect(k!.anslag).toEqual([{ postedDate: '2026-11-21', lastAppealDay: '2026-12-14', takeDownDate: '2026-12-15' }]);
    const json = JSON.stringify(k);
    for (const secret of ['192.0.2.7', '10.0.0.1', 'ord@kommun.example', 'Firefox']) expect(json).not.toContain(secret);
    expect(k!.evidence).toBeUndefined();
  });

  it('adds the evidence only for a caller allowed evidence.read on that organ', async () => {
    expect((await setup().knownBySha256(FINAL, who('revisor')))!.evidence?.signers[0]).toMatchObject({
      ip: '192.0.2.7',
      email: 'ord@kommun.example',
      userAgent: 'Firefox',
      transactionId: TX,
      revisionSha256: FINAL,
      method: 'pades-b-b+lt',
      signedAt: '2026-11-21T10:00:00.000Z',
      signatureAppliedAt: '2026-11-21T10:00:05.000Z',
    });
    expect((await setup().knownBySha256(FINAL, who('sekreterare', ORG, ['organ-a'])))!.evidence).toBeDefined();
    expect((await setup().knownBySha256(FINAL, who('sekreterare', ORG, ['organ-b'])))!.evidence).toBeUndefined();
    expect((await setup().knownBySha256(FINAL, who('revisor', 'other-org')))!.evidence).toBeUndefined();
  });

  it('keeps a running justering unknown to the public but not to its secretary', async () => {
    const running = () => setup({ protocolStatus: 'justering', roundStatus: 'active' });
    expect(await running().knownBySha256(FROZEN)).toBeNull();
    expect(await running().knownByTransaction(TX)).toBeNull();
    expect((await running().knownBySha256(FROZEN, who('sekreterare', ORG, ['organ-a'])))?.match.kind).toBe('frozen');
  });

  it('finds a signature by transaction id and rejects malformed input', async () => {
    expect((await setup().knownByTransaction(TX))?.signers.map((s) => s.transactionId)).toEqual([TX]);
    expect(await setup().knownByTransaction('not-a-uuid')).toBeNull();
    expect(await setup().knownBySha256('F'.repeat(64))).toBeNull();
  });

  it('lists the documents, each with its own SHA-256, size and download, and what it contains', async () => {
    const e = await setup().build({
      id: P,
      organisationId: ORG,
      organId: 'organ-a',
      title: 't',
      meetingDate: '2026-11-20',
      status: 'justerat',
    });
    expect(e.documents).toEqual([
      expect.objectContaining({
        kind: 'frozen',
        title: 'Version 1 att justera (osignerad)',
        sha256: FROZEN,
        size: 100,
        url: `https://justera.example/api/protocols/${P}/documents/doc-frozen`,
        current: true,
        containsSha256: null,
        relation: null,
      }),
      expect.objectContaining({
        kind: 'justerat',
        title: 'Justerat protokoll',
        sha256: FINAL,
        size: 200,
        url: `https://justera.example/api/protocols/${P}/documents/doc-final`,
        // The notice was made from this file and the board publishes it under its own name.
        publicUrl: 'https://justera.example/anslagstavla/kommunen/anslag/n1/protokoll.pdf',
        containsSha256: FROZEN,
        relation: `Innehåller den osignerade versionen oförändrad (de första 100 byten, SHA-256 ${FROZEN}); underskrifterna är tillagda efter den.`,
      }),
    ]);
  });

  it('says which of the named documents a recognised file is', async () => {
    expect((await setup().knownBySha256(FINAL))?.document).toEqual({
      kind: 'justerat',
      name: 'Justerat protokoll',
      description: expect.stringContaining('underskrifter'),
    });
    expect((await setup().knownBySha256(FROZEN))?.document).toMatchObject({ kind: 'frozen', name: 'Version 1 att justera (osignerad)' });
  });

  it("dates the sealed Verifieringsunderlag by the time it states (its PDF/A document date) and seals it with the protocol's organisation", async () => {
    const rendered: SimpleDocument[] = [];
    const sealedBy: unknown[] = [];
    const sealed = {
      render: async (doc: SimpleDocument, _reason: string, organisation: unknown) => {
        rendered.push(doc);
        sealedBy.push(organisation);
        return Buffer.alloc(0);
      },
    } as unknown as SealedDocumentService;
    const service = setup({ sealed });
    const e = await service.build({
      id: P,
      organisationId: ORG,
      organId: 'organ-a',
      title: 't',
      meetingDate: '2026-11-20',
      status: 'justerat',
    });
    await service.pdf.sealedPdf(e, ORG);
    expect(rendered[0].date?.toISOString()).toBe(new Date(e.generatedAt).toISOString());
    expect(sealedBy).toEqual([{ id: ORG, name: 'Demo kommun' }]);
    expect(rendered[0].lines.at(-1)).toContain('förseglat med organisationens elektroniska stämpel (Demo kommun)');
  });

  it('reports a tampered audit chain', async () => {
    const e = await setup({ tamper: true }).build({
      id: P,
      organisationId: ORG,
      organId: 'organ-a',
      title: 't',
      meetingDate: '2026-11-20',
      status: 'justerat',
    });
    expect(e.audit.chainValid).toBe(false);
    expect(e.audit.verification.firstBad?.seq).toBe(2);
    expect(
      (
        await setup().build({
          id: P,
          organisationId: ORG,
          organId: 'organ-a',
          title: 't',
          meetingDate: '2026-11-20',
          status: 'justerat',
        })
      ).audit.chainValid,
    ).toBe(true);
  });
});
