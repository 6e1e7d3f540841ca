/**
 * The evidence's reads on PostgreSQL (libs/persistence TypeOrmEvidenceReads over the existing
 * repositories and TypeOrmJusteringReads, behind libs/justering's GetEvidence): plain objects, never entity instances; the
 * round's §§ parsed; versions by number; the audit chain written by the real unit of work reads back
 * verifiable (timestamps to the millisecond, data as hashed); a revision's document of another
 * organisation is not reported; a notice's postings are its own.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Notice, Posting } from '@justera/anslag';
import { SYSTEM_CLOCK } from '@justera/application';
import { GetEvidence, type ProtocolDocumentList } from '@justera/justering';
import {
  DocumentEntity,
  JusteringAuditEventEntity,
  JusteringRoundEntity,
  JusteringSignatoryEntity,
  JusteringVersionEntity,
  OrganEntity,
  OrganisationEntity,
  ProtocolEntity,
  TypeOrmAnslagRepository,
  TypeOrmAnslagStore,
  TypeOrmEvidenceReads,
  TypeOrmEvidenceRepository,
  TypeOrmJusteringReads,
  TypeOrmJusteringUnitOfWork,
  TypeOrmOrganisationsRepository,
  TypeOrmProtocolsRepository,
} from '@justera/persistence';
import { createTenant, openDataSource, Tenant } from '../support/tenants';

jest.setTimeout(60_000);

describe(TypeOrmEvidenceReads.name, () => {
  let ds: DataSource;
  let t: Tenant;
  let other: Tenant;
  let reads: TypeOrmEvidenceReads;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Underlagskommun');
    other = await createTenant(ds, 'Annan kommun');
    reads = new TypeOrmEvidenceReads(
      new TypeOrmProtocolsRepository(ds.getRepository(ProtocolEntity), ds.getRepository(DocumentEntity)),
      new TypeOrmOrganisationsRepository(ds.getRepository(OrganisationEntity), ds.getRepository(OrganEntity)),
      new TypeOrmJusteringReads(ds),
      new TypeOrmAnslagRepository(ds),
      new TypeOrmEvidenceRepository(ds),
    );
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  const at = (s: string) => new Date(`2026-11-${s}Z`);
  const doc = async (organisationId: string, sha: string, size: number) => {
    const id = randomUUID();
    await ds.getRepository(DocumentEntity).insert({
      id,
      organisationId,
      sha256: sha.repeat(64),
      size,
      mediaType: 'application/pdf',
      fileName: 'x.pdf',
      content: Buffer.from('%PDF-1.7'),
      createdAt: at('20T10:00:00'),
    });
    return id;
  };

  /** A completed § 5–6 round with two versions (stored out of order), two approvals of version 2 and a posted notice. */
  async function seed() {
    const protocolId = randomUUID();
    const roundId = randomUUID();
    const [v1, v2] = [randomUUID(), randomUUID()];
    const frozen1 = await doc(t.organisationId, '1', 100);
    const frozen2 = await doc(t.organisationId, '2', 110);
    const rev1 = await doc(t.organisationId, 'a', 200);
    // A document id of another organisation named by an event (never reported).
    const foreign = await doc(other.organisationId, 'b', 300);
    const filled = await doc(t.organisationId, 'e', 400);
    await ds.getRepository(ProtocolEntity).insert({
      id: protocolId,
      organisationId: t.organisationId,
      organId: t.organA,
      source: 'structured',
      status: 'justering',
      title: 'Kommunstyrelsen 2026-11-20',
      meetingDate: '2026-11-20',
      data: { organ: 'Kommunstyrelsen' },
      documentId: null,
      createdBy: 'test',
      createdAt: at('20T09:00:00'),
      updatedAt: at('20T09:00:00'),
    });
    await ds.getRepository(JusteringRoundEntity).insert({
      id: roundId,
      organisationId: t.organisationId,
      protocolId,
      organId: t.organA,
      identityLevel: 'e-postlank',
      paragraphs: JSON.stringify([5, 6]),
      signingOrder: 'parallel',
      status: 'completed',
      deadline: '2026-12-04',
      currentVersionId: v2,
      createdBy: 'test',
      createdAt: at('20T10:00:00.123'),
      completedAt: at('21T11:00:00'),
      cancelledAt: null,
      warnedAt: null,
      signingError: null,
      signingFailedAt: null,
      signingFailures: 0,
    });
    const version = (id: string, number: number, documentId: string, sha: string, previousSha256: string | null) => ({
      id,
      roundId,
      number,
      documentId,
      sha256: sha.repeat(64),
      size: 100 + number,
      previousSha256,
      signedDocumentId: documentId,
      reason: number === 2 ? 'Rättelse' : null,
      createdAt: at(`2${number - 1}T08:00:00`),
    });
    await ds.getRepository(JusteringVersionEntity).insert(version(v2, 2, frozen2, '2', '1'.repeat(64)));
    await ds.getRepository(JusteringVersionEntity).insert(version(v1, 1, frozen1, '1', null));
    const sig = (position: number, role: string, name: string): JusteringSignatoryEntity => ({
      id: randomUUID(),
      roundId,
      role,
      name,
      email: `${role}@test.example`,
      position,
      state: 'signed',
      sentAt: null,
      openedAt: null,
      signedAt: null,
      signedSha256: null,
      signedTransactionId: null,
      changeRequestedAt: null,
      changeComment: null,
      remindersSent: 0,
      lastRemindedAt: null,
      signatureAppliedAt: null,
      signatureMethod: null,
      identity: null,
    });
    const [ord, just] = [sig(1, 'ordforande', 'Mikael Löthstam'), sig(2, 'justerare', 'Jonas Just')];
    await ds.getRepository(JusteringSignatoryEntity).insert([just, ord]);
    const [txOrd, txJust] = [randomUUID(), randomUUID()];
    await ds.transaction(async (m) => {
      const uow = new TypeOrmJusteringUnitOfWork(m);
      const base = { protocolId, roundId, ip: null, userAgent: null };
      const append = (
        type: string,
        when: string,
        actor: string,
        transactionId: string,
        data: Record<string, unknown>,
        ip: string | null = null,
      ) => uow.appendAudit(t.organisationId, { ...base, type, at: at(when), actor, transactionId, data, ip });
      await append('round.created', '20T10:00:00.123', 'user:x', randomUUID(), { paragraphs: [5, 6] });
      await append(
        'signed',
        '21T09:00:00.456',
        `signatory:${ord.id}`,
        txOrd,
        { signatoryId: ord.id, sha256: '2'.repeat(64), versionId: v2 },
        '192.0.2.1',
      );
      await append('signature.applied', '21T09:00:07', 'system', txOrd, {
        signatoryId: ord.id,
        versionId: v2,
        signatureMethod: 'pades-b-lt',
        revisionDocumentId: rev1,
      });
      await append('signed', '21T10:00:00', `signatory:${just.id}`, txJust, {
        signatoryId: just.id,
        sha256: '2'.repeat(64),
        versionId: v2,
      });
      await append('signature.applied', '21T10:00:07', 'system', txJust, {
        signatoryId: just.id,
        versionId: v2,
        signatureMethod: 'pades-b-lt',
        revisionDocumentId: foreign,
      });
    });
    const store = new TypeOrmAnslagStore(ds);
    const n: Notice = {
      id: randomUUID(),
      organisationId: t.organisationId,
      organId: t.organA,
      protocolId,
      roundId,
      type: 'Justerat protokoll',
      organName: 'Kommunstyrelsen',
      meetingDate: '2026-11-20',
      paragraphs: '§§ 5–6',
      justeradAt: at('21T11:00:00'),
      justeradDate: '2026-11-21',
      postingDeadline: '2026-11-23',
      postAt: at('21T11:00:00'),
      postedDate: '2026-11-23',
      lastAppealDay: '2026-12-14',
      takeDownDate: '2026-12-15',
      takeDownPolicy: 'dayAfterLastAppealDay',
      awaitingPostings: false,
      storagePlace: 'Stadshuset',
      contact: null,
      publishPdf: true,
      documentId: null,
      protocolSha256: null,
      filledDocumentId: filled,
      fieldsStatus: null,
      bevisDocumentId: null,
      state: 'current',
      takenDownAt: null,
      createdAt: at('21T11:00:00'),
      updatedAt: at('21T11:00:00'),
    };
    const posting = (kind: Posting['kind'], boardName: string, postedDate: string, postedAt: Date | null): Posting => ({
      id: randomUUID(),
      noticeId: n.id,
      boardId: randomUUID(),
      boardName,
      kind,
      postedDate,
      postedAt,
      recordedBy: null,
      createdAt: n.createdAt,
    });
    expect(
      await store.unitOfWork((uow) =>
        uow.insertNotice(n, [
          posting('justera', 'Anslagstavlan', '2026-11-22', at('22T08:00:00')),
          posting('external', 'Grannkommunen', '2026-11-23', null),
        ]),
      ),
    ).toBe(true);
    return { protocolId, roundId, v1, v2, ord, just, txOrd, txJust, rev1, foreign, filled, noticeId: n.id };
  }

  const plain = (x: object) => Object.getPrototypeOf(x) === Object.prototype;

  it('reads the protocol, its round, versions, signatories, chain and notice as plain facts', async () => {
    const s = await seed();
    const p = await reads.protocol(t.organisationId, s.protocolId);
    expect(p).toEqual({
      id: s.protocolId,
      organisationId: t.organisationId,
      organId: t.organA,
      title: 'Kommunstyrelsen 2026-11-20',
      meetingDate: '2026-11-20',
      status: 'justering',
    });
    expect(await reads.protocol(other.organisationId, s.protocolId)).toBeNull();
    expect(await reads.organName(t.organisationId, t.organA)).toBe('Kommunstyrelsen');
    const rounds = await reads.rounds(t.organisationId, s.protocolId);
    expect(rounds).toEqual([expect.objectContaining({ id: s.roundId, paragraphs: [5, 6], currentVersionId: s.v2, status: 'completed' })]);
    const versions = await reads.versions([s.roundId]);
    expect(versions.map((v) => v.number)).toEqual([1, 2]);
    const sigs = await reads.signatories([s.roundId]);
    expect(sigs.map((x) => x.name)).toEqual(['Mikael Löthstam', 'Jonas Just']);
    const events = await reads.auditEvents(t.organisationId, s.protocolId);
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'round.created'],
      [2, 'signed'],
      [3, 'signature.applied'],
      [4, 'signed'],
      [5, 'signature.applied'],
    ]);
    expect(events[0].data).toEqual({ paragraphs: [5, 6] });
    expect(await reads.documents(t.organisationId, [s.rev1, s.foreign])).toEqual([{ id: s.rev1, sha256: 'a'.repeat(64), size: 200 }]);
    const [notice] = await reads.notices(t.organisationId, s.protocolId);
    expect(notice).toMatchObject({ id: s.noticeId, filledDocumentId: s.filled, postedDate: '2026-11-23', state: 'current' });
    expect((await reads.postings([s.noticeId])).map((x) => [x.boardName, x.kind])).toEqual([
      ['Anslagstavlan', 'justera'],
      ['Grannkommunen', 'external'],
    ]);
    for (const x of [p!, rounds[0], versions[0], sigs[0], events[0], notice]) expect(plain(x)).toBe(true);
  });

  it('gives GetEvidence a chain that verifies as stored and the revisions of its own organisation only', async () => {
    const s = await seed();
    const none: ProtocolDocumentList = { of: async () => [] };
    const e = await new GetEvidence(reads, none, SYSTEM_CLOCK, { publicUrl: 'https://justera.example' }).of(
      (await reads.protocol(t.organisationId, s.protocolId))!,
    );
    expect(e.audit.chainValid).toBe(true);
    expect(e.audit.events[1].at).toBe('2026-11-21T09:00:00.456Z');
    expect(e.rounds[0]).toMatchObject({ paragraphs: [5, 6], createdAt: '2026-11-20T10:00:00.123Z' });
    expect(e.versions.map((v) => [v.number, v.current])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(e.versions[1].signedRevisions).toEqual([{ sha256: 'a'.repeat(64), size: 200, transactionId: s.txOrd }]);
    expect(e.signers.map((x) => [x.name, x.revisionSha256, x.email])).toEqual([
      ['Mikael Löthstam', 'a'.repeat(64), 'ordforande@test.example'],
      ['Jonas Just', null, 'justerare@test.example'],
    ]);
    expect(e.anslag[0]).toMatchObject({
      filledDocumentSha256: 'e'.repeat(64),
      anslagsbevis: null,
      postings: [{ board: 'Anslagstavlan' }, { board: 'Grannkommunen' }],
    });

    // Changed in the database afterwards: the evidence says so.
    await ds.getRepository(JusteringAuditEventEntity).update({ protocolId: s.protocolId, seq: 2 }, { ip: '203.0.113.9' });
    const tampered = await new GetEvidence(reads, none, SYSTEM_CLOCK, { publicUrl: '' }).of(
      (await reads.protocol(t.organisationId, s.protocolId))!,
    );
    expect(tampered.audit.chainValid).toBe(false);
    expect(tampered.audit.verification.firstBad).toMatchObject({ seq: 2, problem: 'hash_mismatch' });
  });
});
