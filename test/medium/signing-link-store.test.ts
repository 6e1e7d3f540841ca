/**
 * The signer side's ports on PostgreSQL (libs/persistence TypeOrmJusteringStore): finding a link by
 * its token's hash, claiming it inside the protocol lock (two simultaneous approvals of one link give
 * one), and what a used, superseded or expired link leads to, through the use cases themselves.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashToken, newLinkToken } from '@justera/auth';
import { ApproveVersion, ClassifyLink, IssueLink, type JusteringStore, newSignatory, type SignerRole } from '@justera/justering';
import {
  JusteringAuditEventEntity,
  JusteringRoundEntity,
  JusteringSignatoryEntity,
  JusteringVersionEntity,
  MailDeliveryEntity,
  OutboxMessageEntity,
  ProtocolEntity,
  SigningLinkEntity,
} from '@justera/persistence';
import { justeringStoreProvider, useMailBodySecret } from '@justera/queue';
import { createTenant, openDataSource, Tenant } from '../support/tenants';

jest.setTimeout(60_000);

const SETTINGS = { reminders: { firstAfterDays: 3, everyDays: 2, max: 3 }, linkGraceDays: 0, warnWorkingDaysBefore: 2 };
const CONFIG = { settings: SETTINGS, publicUrl: 'https://justera.example' };
const META = { ip: '192.0.2.7', userAgent: 'medium' };
const NOW = new Date('2026-11-28T10:00:00Z');

describe('TypeOrmJusteringStore: the signing link', () => {
  let ds: DataSource;
  let t: Tenant;
  let store: JusteringStore;
  const clock = { now: () => NOW };
  const roundIds: string[] = [];

  beforeAll(async () => {
    useMailBodySecret('m'.repeat(32));
    ds = await openDataSource();
    t = await createTenant(ds, 'Länkkommun');
    store = justeringStoreProvider.useFactory(ds);
  });
  afterAll(async () => {
    // Leave no job (mail, signature, reminder) behind for the e2e tiers' relays.
    const mails = await ds.getRepository(MailDeliveryEntity).findBy({ organisationId: t.organisationId });
    const jobs = await ds.getRepository(OutboxMessageEntity).find();
    const ours = jobs.filter((j) => [...mails.map((m) => m.id), ...roundIds].some((id) => j.payload.includes(id))).map((j) => j.id);
    if (ours.length) await ds.getRepository(OutboxMessageEntity).delete(ours);
    await ds?.destroy();
  });

  /** A protocol under justering, sequential, sekreterare then justerare; the sekreterare holds `token`. */
  async function seed() {
    const at = new Date('2026-11-26T08:00:00Z');
    const protocolId = randomUUID();
    const roundId = randomUUID();
    roundIds.push(roundId);
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
      createdAt: at,
      updatedAt: at,
    });
    await ds.getRepository(JusteringRoundEntity).insert({
      id: roundId,
      organisationId: t.organisationId,
      protocolId,
      organId: t.organA,
      identityLevel: 'e-postlank',
      paragraphs: null,
      signingOrder: 'sequential',
      status: 'active',
      deadline: '2026-12-09',
      currentVersionId: versionId,
      createdBy: 'test',
      createdAt: at,
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
      createdAt: at,
    });
    const sig = (position: number, role: SignerRole, name: string, email: string): JusteringSignatoryEntity => ({
      ...newSignatory({ id: randomUUID(), roundId, role, name, email, position }),
      state: position === 0 ? 'sent' : 'waiting',
      sentAt: position === 0 ? at : null,
    });
    const sigs = [
      sig(0, 'sekreterare', 'Sara Sekreterare', 'sara@lank.example'),
      sig(1, 'justerare', 'Jana Justerare', 'jana@lank.example'),
    ];
    await ds.getRepository(JusteringSignatoryEntity).insert(sigs);
    const link = async (over: Partial<SigningLinkEntity> = {}) => {
      const { token, tokenHash } = newLinkToken();
      const row: SigningLinkEntity = {
        id: randomUUID(),
        tokenHash,
        roundId,
        signatoryId: sigs[0].id,
        versionId,
        createdAt: at,
        expiresAt: new Date('2026-12-09T23:00:00Z'),
        usedAt: null,
        supersededAt: null,
        supersededReason: null,
        ...over,
      };
      await ds.getRepository(SigningLinkEntity).insert(row);
      return { token, row };
    };
    return { protocolId, roundId, versionId, sigs, link };
  }

  it('finds a link by its token’s hash as a plain object, and claims it exactly once', async () => {
    const { link } = await seed();
    const { token, row } = await link();
    const found = (await store.findLinkByTokenHash(hashToken(token)))!;
    expect(found).toEqual(row);
    expect(Object.getPrototypeOf(found)).toBe(Object.prototype);
    expect(await store.findLinkByTokenHash(hashToken(newLinkToken().token))).toBeNull();

    expect(await store.unitOfWork((uow) => uow.claimLink(row.id, NOW))).toBe(true);
    expect(await store.unitOfWork((uow) => uow.claimLink(row.id, new Date(NOW.getTime() + 1000)))).toBe(false);
    expect((await ds.getRepository(SigningLinkEntity).findOneByOrFail({ id: row.id })).usedAt).toEqual(NOW);
    expect((await store.unitOfWork((uow) => uow.link(row.id)))!.usedAt).toEqual(NOW);
  });

  it('two simultaneous approvals of one link, serialised by the protocol lock, record one approval', async () => {
    const { protocolId, roundId, sigs, link } = await seed();
    const { token, row } = await link();
    const approve = new ApproveVersion(store, clock, CONFIG, new IssueLink(CONFIG));
    const results = await Promise.all([approve.execute({ token, meta: META }), approve.execute({ token, meta: META })]);
    expect(results.map((r) => r.kind)).toEqual(['signed', 'signed']);

    const events = await ds.getRepository(JusteringAuditEventEntity).find({ where: { protocolId }, order: { seq: 'ASC' } });
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'signed'],
      [2, 'mail.queued'],
    ]);
    expect(events[0].actor).toBe(`signatory:${sigs[0].id}`);
    expect((await ds.getRepository(SigningLinkEntity).findOneByOrFail({ id: row.id })).usedAt).toEqual(NOW);
    expect(await ds.getRepository(JusteringSignatoryEntity).findOneByOrFail({ id: sigs[0].id })).toMatchObject({
      state: 'signed',
      signedSha256: 'a'.repeat(64),
    });
    const signJobs = (await ds.getRepository(OutboxMessageEntity).findBy({ jobName: 'justering.sign' })).filter((j) =>
      j.payload.includes(roundId),
    );
    expect(signJobs).toHaveLength(1);
    expect(
      await ds
        .getRepository(MailDeliveryEntity)
        .countBy({ organisationId: t.organisationId, toAddress: sigs[1].email, kind: 'justering.invitation' }),
    ).toBe(1);
    // The events read back through the port, parsed, in chain order.
    const read = await store.unitOfWork((uow) => uow.auditEvents(protocolId));
    expect(read.map((e) => [e.seq, e.type, e.data.signatoryId])).toEqual([
      [1, 'signed', sigs[0].id],
      [2, 'mail.queued', sigs[1].id],
    ]);
  });

  it('classifies a used, a superseded and an expired link on the stored rows', async () => {
    const { protocolId, sigs, link } = await seed();
    const classify = new ClassifyLink(store, clock);
    const expired = await link({ expiresAt: NOW });
    expect((await classify.execute({ token: expired.token })).kind).toBe('expired');
    const superseded = await link({ supersededAt: NOW, supersededReason: 'resent' });
    expect(await classify.execute({ token: superseded.token })).toMatchObject({ kind: 'superseded', reason: 'resent', next: 'mailed' });
    const live = await link();
    const open = await classify.execute({ token: live.token });
    expect(open.kind).toBe('open');
    if (open.kind === 'open') {
      expect(open.ctx.protocol).toMatchObject({ id: protocolId, data: { organ: 'Kommunstyrelsen' } });
      expect(open.ctx.round.paragraphs).toBeNull();
      expect(open.ctx.signatories.map((s) => s.id)).toEqual(sigs.map((s) => s.id));
    }
    await new ApproveVersion(store, clock, CONFIG, new IssueLink(CONFIG)).execute({ token: live.token, meta: META });
    expect((await classify.execute({ token: live.token })).kind).toBe('signed');
    // The justerare's link: now their turn.
    const jana = await link({ signatoryId: sigs[1].id });
    expect((await classify.execute({ token: jana.token })).kind).toBe('open');
  });
});
