/**
 * The per-protocol audit chain on PostgreSQL: an append is linked to the head under the protocol's row
 * lock even when the caller did not take it (the signing page's first opening reads without locks).
 * A transaction that appends while another one holds the lock and has appended waits for it and links
 * to its event, instead of reading the same head and failing on the unique (protocol, seq) index.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { verifyChain } from '@justera/justering';
import { JusteringAuditEventEntity, ProtocolEntity, TypeOrmJusteringRepository } from '@justera/persistence';
import { createTenant, openDataSource, Tenant } from '../support/tenants';

jest.setTimeout(60_000);

describe('JusteringUnitOfWork.appendAudit', () => {
  let ds: DataSource;
  let t: Tenant;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Kedjekommun');
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  const event = (protocolId: string, type: string) => ({
    protocolId,
    roundId: randomUUID(),
    type,
    at: new Date(),
    actor: 'system',
    ip: null,
    userAgent: null,
    transactionId: randomUUID(),
    data: { type },
  });

  it('links an append made without the lock after a concurrent locked one: one linear chain', async () => {
    const now = new Date();
    const protocolId = randomUUID();
    await ds.getRepository(ProtocolEntity).insert({ id: protocolId, organisationId: t.organisationId, organId: t.organA, source: 'uploaded', status: 'justering', title: 'Kedjan', meetingDate: '2026-11-24', data: {}, documentId: null, createdBy: 'test', createdAt: now, updatedAt: now });
    const repo = new TypeOrmJusteringRepository(ds);
    await repo.unitOfWork((uow) => uow.appendAudit(t.organisationId, event(protocolId, 'round.created')));

    // A: an approval in progress (holds the lock and has appended, not yet committed).
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let appendedA!: () => void;
    const aAppended = new Promise<void>((r) => (appendedA = r));
    const a = repo.unitOfWork(async (uow) => {
      await uow.lockProtocol(t.organisationId, protocolId);
      await uow.appendAudit(t.organisationId, event(protocolId, 'signature.approved'));
      appendedA();
      await held;
    });
    await aAppended;
    // B: a first opening, which does not lock before appending.
    let bDone = false;
    const b = repo.unitOfWork((uow) => uow.appendAudit(t.organisationId, event(protocolId, 'link.opened'))).finally(() => (bDone = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(bDone).toBe(false); // waiting for A's lock, not racing it
    release();
    await a;
    await b;

    const rows = await ds.getRepository(JusteringAuditEventEntity).find({ where: { protocolId }, order: { seq: 'ASC' } });
    expect(rows.map((r) => [r.seq, r.type])).toEqual([
      [1, 'round.created'],
      [2, 'signature.approved'],
      [3, 'link.opened'],
    ]);
    expect(verifyChain(rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }))).ok).toBe(true);
  });
});
