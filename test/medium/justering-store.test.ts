/**
 * The justering use cases' ports on PostgreSQL (libs/persistence TypeOrmJusteringStore, wired with
 * libs/queue's sealed mail outbox): a use case's rows, its mail, its outbox jobs and its audit events
 * commit together or not at all; the protocol lock makes a second unit of work wait; the outbox relay
 * takes a committed use case's jobs to BullMQ (Redis) with their delays, and nothing of a rolled-back
 * one; the store hands out plain domain objects.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type ConnectionOptions, Queue } from 'bullmq';
import { CancelJustering, IssueLink, type JusteringStore, newSignatory, ResendLink, type SignerRole } from '@justera/justering';
import {
  AnslagBoardEntity,
  JusteringAuditEventEntity,
  JusteringRoundEntity,
  JusteringSignatoryEntity,
  JusteringVersionEntity,
  MailDeliveryEntity,
  OutboxMessageEntity,
  ProtocolEntity,
  SigningLinkEntity,
} from '@justera/persistence';
import { justeringStoreProvider, OutboxRelay, QUEUES, type QueueName, redisOptions, useMailBodySecret } from '@justera/queue';
import { createTenant, openDataSource, Tenant } from '../support/tenants';

jest.setTimeout(60_000);

describe('TypeOrmJusteringStore', () => {
  let ds: DataSource;
  let t: Tenant;
  let store: JusteringStore;

  beforeAll(async () => {
    useMailBodySecret('m'.repeat(32));
    ds = await openDataSource();
    t = await createTenant(ds, 'Justeringskommun');
    store = justeringStoreProvider.useFactory(ds);
  });
  afterAll(async () => {
    // No worker runs here, but leave no job behind for the e2e tiers' relays.
    const mails = await ds.getRepository(MailDeliveryEntity).findBy({ organisationId: t.organisationId });
    const jobs = await ds.getRepository(OutboxMessageEntity).findBy({ jobName: 'mail.send' });
    const ours = jobs.filter((j) => mails.some((m) => j.payload.includes(m.id))).map((j) => j.id);
    if (ours.length) await ds.getRepository(OutboxMessageEntity).delete(ours);
    await ds?.destroy();
  });

  /** A protocol under justering with a round of two signatories, the first mailed a link. */
  async function seed(paragraphs: number[] | null = null) {
    const now = new Date('2026-11-26T08:00:00Z');
    const protocolId = randomUUID();
    const roundId = randomUUID();
    const versionId = randomUUID();
    await ds.getRepository(ProtocolEntity).insert({
      id: protocolId,
      organisationId: t.organisationId,
      organId: t.organA,
      source: 'structured',
      status: 'justering',
      title: 'Protokoll',
      meetingDate: '2026-11-25',
      data: { organ: 'Kommunstyrelsen' },
      documentId: null,
      createdBy: 'test',
      createdAt: now,
      updatedAt: now,
    });
    await ds.getRepository(JusteringRoundEntity).insert({
      id: roundId,
      organisationId: t.organisationId,
      protocolId,
      organId: t.organA,
      identityLevel: 'e-postlank',
      paragraphs: paragraphs ? JSON.stringify(paragraphs) : null,
      signingOrder: 'sequential',
      status: 'active',
      deadline: '2026-12-09',
      currentVersionId: versionId,
      createdBy: 'test',
      createdAt: now,
      completedAt: null,
      cancelledAt: null,
      warnedAt: null,
      signingError: null,
      signingFailedAt: null,
      signingFailures: 0,
    });
    await ds.getRepository(JusteringVersionEntity).insert({
      id: versionId,
      roundId,
      number: 1,
      documentId: randomUUID(),
      sha256: 'a'.repeat(64),
      size: 10,
      previousSha256: null,
      signedDocumentId: randomUUID(),
      reason: null,
      createdAt: now,
    });
    const sig = (position: number, role: SignerRole, email: string): JusteringSignatoryEntity => ({
      ...newSignatory({ id: randomUUID(), roundId, role, name: `${role} ${position}`, email, position }),
      state: position === 0 ? 'sent' : 'waiting',
      sentAt: position === 0 ? now : null,
    });
    const sigs = [sig(0, 'sekreterare', 'sek@test.example'), sig(1, 'justerare', 'jus@test.example')];
    await ds.getRepository(JusteringSignatoryEntity).insert(sigs);
    await ds.getRepository(SigningLinkEntity).insert({
      id: randomUUID(),
      tokenHash: randomUUID(),
      roundId,
      signatoryId: sigs[0].id,
      versionId,
      createdAt: now,
      expiresAt: new Date('2026-12-09T23:00:00Z'),
      usedAt: null,
      supersededAt: null,
      supersededReason: null,
    });
    return { protocolId, roundId, versionId, sigs };
  }

  const caller = () => ({
    principal: { userId: t.sekA.id, organisationId: t.organisationId, role: 'sekreterare' as const, organIds: [t.organA] },
    via: 'session' as const,
  });

  it('commits a use case’s rows, sealed mail, mail.send job and audit event in one transaction', async () => {
    const { protocolId, roundId, sigs } = await seed();
    await new CancelJustering(store, { now: () => new Date() }).execute({
      caller: caller(),
      callerName: 'Sek',
      protocolId,
      roundId,
      reason: 'Fel sammanträdesdatum',
      meta: { ip: null, userAgent: null },
    });

    expect(await ds.getRepository(JusteringRoundEntity).findOneByOrFail({ id: roundId })).toMatchObject({
      status: 'cancelled',
      paragraphs: null,
    });
    expect((await ds.getRepository(ProtocolEntity).findOneByOrFail({ id: protocolId })).status).toBe('draft');
    expect(await ds.getRepository(SigningLinkEntity).findBy({ roundId })).toEqual([
      expect.objectContaining({ supersededReason: 'cancelled' }),
    ]);
    const mails = await ds
      .getRepository(MailDeliveryEntity)
      .findBy({ organisationId: t.organisationId, toAddress: sigs[0].email, kind: 'justering.cancelled' });
    expect(mails).toHaveLength(1);
    expect(mails[0].textBody).not.toContain('sammanträdesdatum'); // sealed: the reason is not readable in the row
    const jobs = await ds.getRepository(OutboxMessageEntity).findBy({ jobName: 'mail.send' });
    expect(jobs.filter((j) => j.payload.includes(mails[0].id))).toHaveLength(1);
    const events = await ds.getRepository(JusteringAuditEventEntity).findBy({ protocolId });
    expect(events.map((e) => [e.seq, e.type, e.actor])).toEqual([[1, 'cancelled', `user:${t.sekA.id}`]]);
  });

  it('rolls all of it back when the use case fails after writing', async () => {
    const { protocolId, roundId, sigs } = await seed([4]);
    const failing: JusteringStore = {
      ...store,
      findProtocol: (o, p) => store.findProtocol(o, p),
      findRound: (r) => store.findRound(r),
      unitOfWork: (fn) =>
        store.unitOfWork(async (uow) => {
          await fn(uow);
          throw new Error('boom after the writes');
        }),
    };
    await expect(
      new CancelJustering(failing, { now: () => new Date() }).execute({
        caller: caller(),
        callerName: 'Sek',
        protocolId,
        roundId,
        meta: { ip: null, userAgent: null },
      }),
    ).rejects.toThrow('boom');
    expect((await ds.getRepository(JusteringRoundEntity).findOneByOrFail({ id: roundId })).status).toBe('active');
    expect(await ds.getRepository(SigningLinkEntity).findBy({ roundId })).toEqual([expect.objectContaining({ supersededAt: null })]);
    expect(
      await ds
        .getRepository(MailDeliveryEntity)
        .countBy({ toAddress: sigs[0].email, kind: 'justering.cancelled', organisationId: t.organisationId }),
    ).toBe(1); // the first test's only
    expect(await ds.getRepository(JusteringAuditEventEntity).countBy({ protocolId })).toBe(0);
  });

  it('hands out plain domain objects and makes a second unit of work wait for the protocol lock', async () => {
    const { protocolId, roundId } = await seed([2, 3]);
    const round = (await store.findRound(roundId))!;
    expect(round.paragraphs).toEqual([2, 3]);
    expect(Object.getPrototypeOf(round)).toBe(Object.prototype);

    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const a = store.unitOfWork(async (uow) => {
      await uow.lockProtocol(t.organisationId, protocolId);
      const r = (await uow.round(roundId))!;
      await uow.saveRound({ ...r, warnedAt: new Date('2026-12-01T08:00:00Z') });
      locked();
      await held;
    });
    await isLocked;
    let seen: Date | null | undefined;
    const b = store.unitOfWork(async (uow) => {
      await uow.lockProtocol(t.organisationId, protocolId);
      seen = (await uow.round(roundId))!.warnedAt;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toBeUndefined(); // waiting for A
    release();
    await a;
    await b;
    expect(seen).toEqual(new Date('2026-12-01T08:00:00Z')); // B read A's committed change
    expect((await ds.getRepository(JusteringRoundEntity).findOneByOrFail({ id: roundId })).paragraphs).toBe('[2,3]');
  });

  // The signing job's ports (AppendSignatures, CompleteRound, ReconcileSigning).
  it('reads and writes what appending a signature needs as plain objects: versions, documents with bytes, boards, waiting rounds', async () => {
    const { roundId, versionId, sigs } = await seed();
    const version = (await store.findVersion(versionId))!;
    expect(Object.getPrototypeOf(version)).toBe(Object.prototype);
    expect((await store.signatoriesOf(roundId)).map((s) => s.role)).toEqual(['sekreterare', 'justerare']);
    expect(await store.findOrganisation(t.organisationId)).toEqual({ id: t.organisationId, name: t.organisationName });

    const content = Buffer.from('%PDF-1.7\n%sig');
    const doc = {
      id: randomUUID(),
      organisationId: t.organisationId,
      sha256: 'c'.repeat(64),
      size: content.length,
      mediaType: 'application/pdf' as const,
      fileName: 'protokoll.pdf',
      content: new Uint8Array(content),
      createdAt: new Date('2026-11-26T09:00:00Z'),
    };
    const boards = [
      ['justera', 'Egen tavla', 'nextWorkingDayAt', 8, true],
      ['external', 'Grannens tavla', 'immediate', null, true],
      ['external', 'Nedlagd tavla', 'immediate', null, false],
    ] as const;
    await ds.getRepository(AnslagBoardEntity).insert(
      boards.map(([kind, name, postingMode, postingHour, active], i) => ({
        id: randomUUID(),
        organisationId: t.organisationId,
        organId: t.organB,
        name,
        kind,
        url: null,
        postingMode,
        postingHour,
        takeDownPolicy: 'default',
        publishPdf: true,
        contact: null,
        active,
        createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
      })),
    );
    const seen = await store.unitOfWork(async (uow) => {
      await uow.insertDocument(doc);
      await uow.saveVersion({ ...version, signedDocumentId: doc.id });
      return uow.postingBoards(t.organisationId, t.organB);
    });
    expect(seen).toEqual([
      { kind: 'justera', name: 'Egen tavla', postingMode: 'nextWorkingDayAt', postingHour: 8 },
      { kind: 'external', name: 'Grannens tavla', postingMode: 'immediate', postingHour: null },
    ]);
    expect((await ds.getRepository(JusteringVersionEntity).findOneByOrFail({ id: versionId })).signedDocumentId).toBe(doc.id);
    const stored = (await store.findDocument(t.organisationId, doc.id))!;
    expect(Buffer.from(stored.content).toString()).toBe('%PDF-1.7\n%sig');
    expect(stored).toMatchObject({ sha256: 'c'.repeat(64), fileName: 'protokoll.pdf' });
    expect(await store.findDocument(randomUUID(), doc.id)).toBeNull();

    // An approval twenty minutes old whose signature is not in the PDF: the reconciliation's round.
    const before = new Date('2026-11-26T10:00:00Z');
    await ds.getRepository(JusteringSignatoryEntity).update(
      { id: sigs[0].id },
      { state: 'signed', signedAt: new Date('2026-11-26T09:40:00Z'), signedSha256: 'a'.repeat(64) },
    );
    expect((await store.roundsAwaitingSignatures(before)).filter((r) => r.id === roundId)).toEqual([
      expect.objectContaining({ id: roundId, currentVersionId: versionId, paragraphs: null }),
    ]);
    await ds.getRepository(JusteringSignatoryEntity).update({ id: sigs[0].id }, { signatureAppliedAt: new Date('2026-11-26T09:41:00Z') });
    expect((await store.roundsAwaitingSignatures(before)).filter((r) => r.id === roundId)).toEqual([]);
  });

  it('relays a committed use case’s jobs to BullMQ once, with their delays, and nothing of a rolled-back one', async () => {
    const prefix = `jucases-medium-${randomUUID().slice(0, 8)}`;
    const queues = Object.fromEntries(
      QUEUES.map((q) => [q, new Queue(q, { connection: redisOptions(process.env.TEST_REDIS_URL!) as ConnectionOptions, prefix })]),
    ) as Record<QueueName, Queue>;
    try {
      const { protocolId, roundId, sigs } = await seed();
      const settings = { reminders: { firstAfterDays: 3, everyDays: 2, max: 3 }, linkGraceDays: 0, warnWorkingDaysBefore: 2 };
      const issueLink = new IssueLink({ settings, publicUrl: 'https://justera.example' });
      const now = new Date('2026-11-27T10:00:00Z');
      const cmd = { caller: caller(), protocolId, roundId, signatoryId: sigs[0].id, meta: { ip: null, userAgent: null } };
      const failing: JusteringStore = {
        ...store,
        findProtocol: (o, p) => store.findProtocol(o, p),
        findRound: (r) => store.findRound(r),
        unitOfWork: (fn) =>
          store.unitOfWork(async (uow) => {
            await fn(uow);
            throw new Error('rolled back');
          }),
      };
      await expect(new ResendLink(failing, { now: () => now }, issueLink).execute(cmd)).rejects.toThrow('rolled back');
      await new ResendLink(store, { now: () => now }, issueLink).execute(cmd);

      const relay = new OutboxRelay(ds, queues);
      while ((await relay.relayOnce()).relayed > 0);
      const reminders = (await queues.justering.getDelayed()).filter((j) => (j.data as { roundId?: string }).roundId === roundId);
      expect(reminders.map((j) => [j.name, j.data, j.opts.delay])).toEqual([
        ['justering.remind', { roundId, signatoryId: sigs[0].id, versionId: reminders[0]?.data.versionId, number: 1 }, 3 * 86_400_000],
      ]);
      const delivery = await ds.getRepository(MailDeliveryEntity).findOneByOrFail({ toAddress: sigs[0].email, kind: 'justering.resent' });
      const mails = (await queues.mail.getWaiting()).filter((j) => (j.data as { deliveryId?: string }).deliveryId === delivery.id);
      expect(mails.map((j) => j.name)).toEqual(['mail.send']);
      // The BullMQ job id is the outbox row id: relaying again adds nothing.
      await ds.getRepository(OutboxMessageEntity).update({ id: mails[0].id! }, { relayedAt: null });
      await relay.relayOnce();
      expect((await queues.mail.getWaiting()).filter((j) => (j.data as { deliveryId?: string }).deliveryId === delivery.id)).toHaveLength(
        1,
      );
    } finally {
      for (const q of Object.values(queues)) {
        await q.obliterate({ force: true });
        await q.close();
      }
    }
  });
});
