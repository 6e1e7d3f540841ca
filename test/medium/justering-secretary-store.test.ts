/**
 * The ports of the secretary's StartJustering and FreezeNewVersion on PostgreSQL (libs/persistence
 * TypeOrmJusteringStore): the organ's identity level, the protocol's rounds, the frozen document
 * (bytes and SHA-256), version rows, the protocol's status and, for a corrected PDF, its document
 * and row version; a refused version leaves nothing behind.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { FreezeNewVersion, IssueLink, type JusteringStore, type ProtocolFreezer, StartJustering } from '@justera/justering';
import {
  DocumentEntity,
  JusteringAuditEventEntity,
  JusteringRoundEntity,
  JusteringSignatoryEntity,
  JusteringVersionEntity,
  MailDeliveryEntity,
  OrganEntity,
  OutboxMessageEntity,
  ProtocolEntity,
  SigningLinkEntity,
  TypeOrmProtocolsRepository,
} from '@justera/persistence';
import { justeringStoreProvider, useMailBodySecret } from '@justera/queue';
import { createTenant, openDataSource, Tenant } from '../support/tenants';

jest.setTimeout(60_000);

const SIGNATORIES = [
  { role: 'sekreterare', name: 'Sara Sekreterare', email: 'sara@test.example' },
  { role: 'ordforande', name: 'Olle Ordförande', email: 'olle@test.example' },
  { role: 'justerare', name: 'Jana Justerare', email: 'jana@test.example' },
];

describe('TypeOrmJusteringStore for StartJustering and FreezeNewVersion', () => {
  let ds: DataSource;
  let t: Tenant;
  let store: JusteringStore;
  const settings = { reminders: { firstAfterDays: 3, everyDays: 2, max: 3 }, linkGraceDays: 0, warnWorkingDaysBefore: 2 };
  const issueLink = new IssueLink({ settings, publicUrl: 'https://justera.example' });
  const clock = { now: () => new Date() };
  /** The uploaded protocol's stored PDF, read as the api's freezer reads it. */
  const freezer: ProtocolFreezer = {
    freeze: async ({ protocol }) => {
      const doc = await ds
        .getRepository(DocumentEntity)
        .createQueryBuilder('d')
        .addSelect('d.content')
        .where('d.id = :id', { id: protocol.documentId })
        .getOneOrFail();
      return { bytes: doc.content, fileName: doc.fileName ?? 'protokoll.pdf' };
    },
  };

  beforeAll(async () => {
    useMailBodySecret('m'.repeat(32));
    ds = await openDataSource();
    t = await createTenant(ds, 'Startkommun');
    store = justeringStoreProvider.useFactory(ds);
  });
  afterAll(async () => {
    // No worker runs here: leave no job of ours behind for the e2e tiers' relays.
    const mails = await ds.getRepository(MailDeliveryEntity).findBy({ organisationId: t.organisationId });
    const rounds = await ds.getRepository(JusteringRoundEntity).findBy({ organisationId: t.organisationId });
    const jobs = await ds.getRepository(OutboxMessageEntity).find();
    const ours = jobs
      .filter((j) => mails.some((m) => j.payload.includes(m.id)) || rounds.some((r) => j.payload.includes(r.id)))
      .map((j) => j.id);
    if (ours.length) await ds.getRepository(OutboxMessageEntity).delete(ours);
    await ds?.destroy();
  });

  const caller = () => ({
    principal: { userId: t.sekA.id, organisationId: t.organisationId, role: 'sekreterare' as const, organIds: [t.organA] },
    via: 'session' as const,
  });

  async function uploadedProtocol() {
    const now = new Date();
    const bytes = Buffer.from(`%PDF-1.7 protokoll ${randomUUID()}`);
    const documentId = randomUUID();
    await ds.getRepository(DocumentEntity).insert({
      id: documentId,
      organisationId: t.organisationId,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      mediaType: 'application/pdf',
      fileName: 'protokoll.pdf',
      content: bytes,
      createdAt: now,
    });
    const id = randomUUID();
    await ds.getRepository(ProtocolEntity).insert({
      id,
      organisationId: t.organisationId,
      organId: t.organA,
      source: 'uploaded',
      status: 'draft',
      title: 'Protokoll',
      meetingDate: '2026-11-25',
      data: { organ: 'Kommunstyrelsen', signatories: SIGNATORIES },
      documentId,
      createdBy: 'test',
      createdAt: now,
      updatedAt: now,
    });
    return { id, documentId, bytes };
  }

  it('starts a round: the organ’s identity level, the stored document, version 1, the signatories, the protocol under justering', async () => {
    await ds.getRepository(OrganEntity).update({ id: t.organA }, { identityLevel: 'e-legitimation' });
    expect(await store.organIdentityLevel(t.organisationId, t.organA)).toBe('e-legitimation');
    expect(await store.organIdentityLevel(t.organisationId, t.organB)).toBe('e-postlank'); // the column's default
    expect(await store.organIdentityLevel(randomUUID(), t.organA)).toBeNull();
    await ds.getRepository(OrganEntity).update({ id: t.organA }, { identityLevel: 'e-postlank' });

    const p = await uploadedProtocol();
    const start = new StartJustering(store, clock, freezer, issueLink, { settings, eLegitimation: false });
    const roundId = await start.execute({ caller: caller(), protocolId: p.id, meta: { ip: null, userAgent: null } });

    const round = await ds.getRepository(JusteringRoundEntity).findOneByOrFail({ id: roundId });
    expect(round).toMatchObject({ status: 'active', identityLevel: 'e-postlank', paragraphs: null, createdBy: `user:${t.sekA.id}` });
    const version = await ds.getRepository(JusteringVersionEntity).findOneByOrFail({ id: round.currentVersionId! });
    const frozen = await ds
      .getRepository(DocumentEntity)
      .createQueryBuilder('d')
      .addSelect('d.content')
      .where('d.id = :id', { id: version.documentId })
      .getOneOrFail();
    expect(frozen.id).not.toBe(p.documentId); // a document of its own, with the same bytes
    expect(Buffer.compare(frozen.content, p.bytes)).toBe(0);
    expect(frozen).toMatchObject({
      organisationId: t.organisationId,
      sha256: version.sha256,
      size: p.bytes.length,
      fileName: 'protokoll.pdf',
    });
    expect(version.sha256).toBe(createHash('sha256').update(p.bytes).digest('hex'));
    expect(
      (await ds.getRepository(JusteringSignatoryEntity).find({ where: { roundId }, order: { position: 'ASC' } })).map((s) => [
        s.role,
        s.state,
      ]),
    ).toEqual([
      ['sekreterare', 'sent'],
      ['ordforande', 'waiting'],
      ['justerare', 'waiting'],
    ]);
    expect((await ds.getRepository(ProtocolEntity).findOneByOrFail({ id: p.id })).status).toBe('justering');
    expect(
      (await ds.getRepository(JusteringAuditEventEntity).find({ where: { protocolId: p.id }, order: { seq: 'ASC' } })).map((e) => e.type),
    ).toEqual(['round.created', 'version.frozen', 'mail.queued']);
    expect((await store.roundsOfProtocol(t.organisationId, p.id)).map((r) => [r.id, r.paragraphs])).toEqual([[roundId, null]]);
    expect(await store.roundsOfProtocol(randomUUID(), p.id)).toEqual([]);
    const inTx = await store.unitOfWork((uow) => uow.roundsOfProtocol(p.id));
    expect(inTx.map((r) => r.id)).toEqual([roundId]);
    expect(Object.getPrototypeOf(inTx[0])).toBe(Object.prototype);

    // A second start is refused under the lock, and nothing of it is stored.
    const documents = await ds.getRepository(DocumentEntity).countBy({ organisationId: t.organisationId });
    await expect(start.execute({ caller: caller(), protocolId: p.id, meta: { ip: null, userAgent: null } })).rejects.toEqual(
      expect.objectContaining({ code: 'not_draft' }),
    );
    expect(await ds.getRepository(DocumentEntity).countBy({ organisationId: t.organisationId })).toBe(documents);
  });

  it('refuses a start (`stale`) when the protocol was saved between freezing its PDF and the lock, and stores nothing of it', async () => {
    const p = await uploadedProtocol();
    const repo = new TypeOrmProtocolsRepository(ds.getRepository(ProtocolEntity), ds.getRepository(DocumentEntity));
    let saveDuringFreeze = true;
    const saving: ProtocolFreezer = {
      freeze: async (request) => {
        const frozen = await freezer.freeze(request);
        if (saveDuringFreeze) {
          saveDuringFreeze = false;
          // The editor's save (an optimistic update: it moves the row version) commits meanwhile.
          const row = (await repo.find(t.organisationId, p.id))!;
          row.title = 'Protokoll (rättad titel)';
          expect(await repo.update(row)).toBe(true);
        }
        return frozen;
      },
    };
    const start = new StartJustering(store, clock, saving, issueLink, { settings, eLegitimation: false });
    const documents = await ds.getRepository(DocumentEntity).countBy({ organisationId: t.organisationId });
    await expect(start.execute({ caller: caller(), protocolId: p.id, meta: { ip: null, userAgent: null } })).rejects.toEqual(
      expect.objectContaining({ code: 'stale', message: 'Protokollet ändrades medan PDF:en skapades; försök igen.' }),
    );
    expect(await ds.getRepository(JusteringRoundEntity).countBy({ protocolId: p.id })).toBe(0);
    expect(await ds.getRepository(DocumentEntity).countBy({ organisationId: t.organisationId })).toBe(documents);
    expect(await ds.getRepository(JusteringAuditEventEntity).countBy({ protocolId: p.id })).toBe(0);
    expect((await ds.getRepository(ProtocolEntity).findOneByOrFail({ id: p.id })).status).toBe('draft');

    // Tried again, it starts.
    const roundId = await start.execute({ caller: caller(), protocolId: p.id, meta: { ip: null, userAgent: null } });
    expect((await ds.getRepository(JusteringRoundEntity).findOneByOrFail({ id: roundId })).status).toBe('active');
  });

  it('freezes a corrected PDF: version 2, the protocol’s document and row version; an identical one stores nothing', async () => {
    const p = await uploadedProtocol();
    const meta = { ip: null, userAgent: null };
    const roundId = await new StartJustering(store, clock, freezer, issueLink, { settings, eLegitimation: false }).execute({
      caller: caller(),
      protocolId: p.id,
      meta,
    });
    const before = await ds.getRepository(ProtocolEntity).findOneByOrFail({ id: p.id });
    const freeze = new FreezeNewVersion(store, clock, freezer, issueLink);
    const corrected = Buffer.from(`%PDF-1.7 rättad ${randomUUID()}`);
    await freeze.execute({
      caller: caller(),
      protocolId: p.id,
      roundId,
      reason: 'Ny bilaga',
      upload: { read: async () => corrected, fileName: 'rattad.pdf' },
      meta,
    });

    const round = await ds.getRepository(JusteringRoundEntity).findOneByOrFail({ id: roundId });
    const versions = await ds.getRepository(JusteringVersionEntity).find({ where: { roundId }, order: { number: 'ASC' } });
    expect(versions.map((v) => [v.number, v.reason])).toEqual([
      [1, null],
      [2, 'Ny bilaga'],
    ]);
    expect(round.currentVersionId).toBe(versions[1].id);
    expect(versions[1]).toMatchObject({ previousSha256: versions[0].sha256, sha256: createHash('sha256').update(corrected).digest('hex') });
    const after = await ds.getRepository(ProtocolEntity).findOneByOrFail({ id: p.id });
    expect(after.documentId).toBe(versions[1].documentId);
    expect(after.rowVersion).toBe(before.rowVersion + 1); // an editor holding the old row is told it is stale
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    expect(
      (await ds.getRepository(SigningLinkEntity).findBy({ roundId, versionId: versions[0].id })).every(
        (l) => l.supersededReason === 'replaced',
      ),
    ).toBe(true);

    const documents = await ds.getRepository(DocumentEntity).countBy({ organisationId: t.organisationId });
    await expect(
      freeze.execute({
        caller: caller(),
        protocolId: p.id,
        roundId,
        upload: { read: async () => corrected, fileName: 'rattad.pdf' },
        meta,
      }),
    ).rejects.toEqual(expect.objectContaining({ code: 'version_identical' }));
    expect(await ds.getRepository(DocumentEntity).countBy({ organisationId: t.organisationId })).toBe(documents);
    expect(await ds.getRepository(JusteringVersionEntity).countBy({ roundId })).toBe(2);
  });
});
