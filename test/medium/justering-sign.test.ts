/**
 * The justering.sign job (AppendSignatures over TypeOrmJusteringStore) against PostgreSQL: parallel jobs for one version append each approval's
 * signature exactly once, in approval order, on a linear chain of revisions, and complete the round
 * once; a failing signer (a TSA that answers 500) makes the job throw, keeps the failure on the round,
 * audits it once per streak and mails the secretary when a job's tries are used up. The signer is a
 * stand-in that appends a marker line (the PAdES signer itself is tested in libs/pades and the e2e
 * tests); the database, its locks and the outbox are real.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@justera/config';
import { DocumentSigner, type JusteringStore, newSignatory, SignDocumentInput, verifyChain } from '@justera/justering';
import {
  DocumentEntity,
  JusteringAuditEventEntity,
  JusteringRoundEntity,
  JusteringSignatoryEntity,
  JusteringVersionEntity,
  MailDeliveryEntity,
  OrganisationEntity,
  OutboxMessageEntity,
  ProtocolEntity,
} from '@justera/persistence';
import { JOBS, justeringStoreProvider, useMailBodySecret } from '@justera/queue';
import { JusteringSignHandler } from '../../apps/worker/src/handlers/justering-sign.handler';
import { signingUseCase } from '../../apps/worker/src/handlers/justering.handlers';
import { createTenant, openDataSource, Tenant } from '../support/tenants';

jest.setTimeout(60_000);

/** Appends "%sig <name> [certify] [final]" to the PDF after a random pause; fails `failNext` times first. */
class MarkerSigner extends DocumentSigner {
  calls: SignDocumentInput[] = [];
  failNext = 0;
  async sign(input: SignDocumentInput) {
    this.calls.push(input);
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('the TSA answered HTTP 500');
    }
    const mark = `\n%sig ${input.signer.name}${input.certify ? ' certify' : ''}${input.final ? ' final' : ''} @${input.signedAt.toISOString()} tx=${input.transactionId}`;
    return { pdf: Buffer.concat([Buffer.from(input.pdf), Buffer.from(mark)]), method: input.final ? 'marker+lt' : 'marker' };
  }
}

const BASE = Buffer.from('%PDF-1.7\n% a frozen version\n');
const T0 = Date.parse('2026-11-25T09:00:00Z');

interface Seeded {
  protocolId: string;
  roundId: string;
  versionId: string;
  baseDocumentId: string;
  sigs: JusteringSignatoryEntity[];
}

/** A round of sekreterare, ordförande and justerare; `approvedAtMin[i]` minutes after T0 (null: not yet). */
async function seed(ds: DataSource, t: Tenant, approvedAtMin: (number | null)[]): Promise<Seeded> {
  const now = new Date(T0);
  const protocolId = randomUUID();
  const roundId = randomUUID();
  const versionId = randomUUID();
  const sha256 = createHash('sha256').update(BASE).update(protocolId).digest('hex');
  const content = Buffer.concat([BASE, Buffer.from(protocolId)]);
  await ds
    .getRepository(ProtocolEntity)
    .insert({
      id: protocolId,
      organisationId: t.organisationId,
      organId: t.organA,
      source: 'uploaded',
      status: 'justering',
      title: 'Kommunstyrelsen 2026-11-24',
      meetingDate: '2026-11-24',
      data: { organ: 'Kommunstyrelsen' },
      documentId: null,
      createdBy: 'test',
      createdAt: now,
      updatedAt: now,
    });
  const doc: DocumentEntity = {
    id: randomUUID(),
    organisationId: t.organisationId,
    sha256: createHash('sha256').update(content).digest('hex'),
    size: content.length,
    mediaType: 'application/pdf',
    fileName: 'protokoll.pdf',
    content,
    createdAt: now,
  };
  await ds.getRepository(DocumentEntity).insert(doc);
  const all = approvedAtMin.every((m) => m !== null);
  await ds
    .getRepository(JusteringRoundEntity)
    .insert({
      id: roundId,
      organisationId: t.organisationId,
      protocolId,
      organId: t.organA,
      paragraphs: null,
      signingOrder: 'parallel',
      status: all ? 'signing' : 'active',
      deadline: '2026-12-08',
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
  await ds
    .getRepository(JusteringVersionEntity)
    .insert({
      id: versionId,
      roundId,
      number: 1,
      documentId: doc.id,
      sha256,
      size: doc.size,
      previousSha256: null,
      signedDocumentId: doc.id,
      reason: null,
      createdAt: now,
    });
  const people = [
    ['sekreterare', 'Thomas Norgren'],
    ['ordforande', 'Mikael Löthstam'],
    ['justerare', 'Åsa Öberg'],
  ] as const;
  const sigs: JusteringSignatoryEntity[] = people.map(([role, name], position) => {
    const at = approvedAtMin[position];
    return newSignatory(
      { id: randomUUID(), roundId, role, name, email: `${role}-${roundId.slice(0, 8)}@test.example`, position },
      {
        state: at === null ? 'sent' : 'signed',
        sentAt: now,
        signedAt: at === null ? null : new Date(T0 + at * 60_000),
        signedSha256: at === null ? null : sha256,
        signedTransactionId: at === null ? null : randomUUID(),
      },
    );
  });
  await ds.getRepository(JusteringSignatoryEntity).insert(sigs);
  return { protocolId, roundId, versionId, baseDocumentId: doc.id, sigs };
}

describe('justering.sign on PostgreSQL', () => {
  let ds: DataSource;
  let t: Tenant;
  let store: JusteringStore;
  const config = { publicUrl: 'https://justera.test.example' } as AppConfig;

  beforeAll(async () => {
    useMailBodySecret('medium-test-secret-0123456789abcdefghijklmnop'); // what runProcess does at boot
    ds = await openDataSource();
    t = await createTenant(ds);
    store = justeringStoreProvider.useFactory(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  const events = async (protocolId: string) =>
    ds.getRepository(JusteringAuditEventEntity).find({ where: { protocolId }, order: { seq: 'ASC' } });
  const round = async (id: string) => (await ds.getRepository(JusteringRoundEntity).findOneBy({ id }))!;
  const finalContent = async (s: Seeded) => {
    const v = (await ds.getRepository(JusteringVersionEntity).findOneBy({ id: s.versionId }))!;
    const rows = (await ds.query('SELECT content FROM documents WHERE id = $1', [v.signedDocumentId])) as { content: Buffer }[];
    return rows[0].content.toString('utf8');
  };

  it('three jobs at once append each approval once, in approval order, on one chain of revisions, and complete the round once', async () => {
    // Approved in the order ordförande (min 1), sekreterare (min 2), justerare (min 5).
    const s = await seed(ds, t, [2, 1, 5]);
    const signer = new MarkerSigner();
    const handler = new JusteringSignHandler(signingUseCase(store, signer, config));
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => handler.handle({ roundId: s.roundId, versionId: s.versionId }, { jobId: randomUUID(), attempt: 1 })),
    );
    expect(outcomes.some((o) => o.status === 'done')).toBe(true);

    const marks = (await finalContent(s)).split('\n').filter((l) => l.startsWith('%sig'));
    expect(marks.map((m) => m.replace(/ @.*$/, ''))).toEqual(['%sig Mikael Löthstam', '%sig Thomas Norgren', '%sig Åsa Öberg final']);
    // Each carries its approval's time and transaction id, not the time the job ran.
    for (const sig of s.sigs)
      expect(marks.find((m) => m.includes(sig.name))).toContain(`@${sig.signedAt!.toISOString()} tx=${sig.signedTransactionId}`);

    const r = await round(s.roundId);
    expect(r.status).toBe('completed');
    expect(r.completedAt!.toISOString()).toBe(new Date(T0 + 5 * 60_000).toISOString());
    expect((await ds.getRepository(ProtocolEntity).findOneBy({ id: s.protocolId }))!.status).toBe('justerat');
    const applied = await ds.getRepository(JusteringSignatoryEntity).findBy({ roundId: s.roundId });
    expect(applied.every((x) => x.signatureAppliedAt)).toBe(true);
    expect(applied.find((x) => x.role === 'justerare')!.signatureMethod).toBe('marker+lt');

    const ev = await events(s.protocolId);
    expect(ev.map((e) => e.type)).toEqual(['signature.applied', 'signature.applied', 'signature.applied', 'completed']);
    expect(verifyChain(ev.map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }))).ok).toBe(true);
    // Each revision builds on the one before: three documents after the frozen one, each one mark longer.
    const revIds = ev
      .filter((e) => e.type === 'signature.applied')
      .map((e) => (JSON.parse(e.data) as { revisionDocumentId: string }).revisionDocumentId);
    const sizes = (await ds.query('SELECT id, size FROM documents WHERE id = ANY($1)', [revIds])) as { id: string; size: number }[];
    const ordered = revIds.map((id) => sizes.find((x) => x.id === id)!.size);
    expect([...ordered].sort((a, b) => a - b)).toEqual(ordered);

    const posts = await ds.getRepository(OutboxMessageEntity).find({ where: { jobName: 'anslag.post-notice' } });
    expect(posts.filter((p) => (JSON.parse(p.payload) as { roundId: string }).roundId === s.roundId)).toHaveLength(1);
    const mails = await ds.getRepository(MailDeliveryEntity).findBy({ kind: 'justering.completed', toAddress: s.sigs[0].email });
    expect(mails).toHaveLength(1);

    // A job that comes late (a retry, the hourly reconcile) finds nothing to do.
    const calls = signer.calls.length;
    expect(await handler.handle({ roundId: s.roundId, versionId: s.versionId }, { jobId: 'late', attempt: 1 })).toMatchObject({
      status: 'skipped',
    });
    expect(signer.calls.length).toBe(calls);
  });

  it("passes the protocol's organisation as stored to the signer, read for each job (a rename names the new name in the next job)", async () => {
    const orgs = ds.getRepository(OrganisationEntity);
    const before = (await orgs.findOneByOrFail({ id: t.organisationId })).name;
    const signer = new MarkerSigner();
    const handler = new JusteringSignHandler(signingUseCase(store, signer, config));
    const first = await seed(ds, t, [1, null, null]);
    await handler.handle({ roundId: first.roundId, versionId: first.versionId }, { jobId: randomUUID(), attempt: 1 });
    expect(signer.calls.map((c) => c.organisation)).toEqual([{ id: t.organisationId, name: before }]);
    await orgs.update(t.organisationId, { name: 'Omdöpta kommunen' });
    try {
      const second = await seed(ds, t, [1, null, null]);
      await handler.handle({ roundId: second.roundId, versionId: second.versionId }, { jobId: randomUUID(), attempt: 1 });
      expect(signer.calls.map((c) => c.organisation.name)).toEqual([before, 'Omdöpta kommunen']);
    } finally {
      await orgs.update(t.organisationId, { name: before });
    }
  });

  it('a failing signer fails the job; the failure is kept on the round, audited once per streak, mailed when the tries are used up, cleared by the next success', async () => {
    const s = await seed(ds, t, [0, null, null]);
    const signer = new MarkerSigner();
    const handler = new JusteringSignHandler(signingUseCase(store, signer, config));
    const job = (attempt: number) => handler.handle({ roundId: s.roundId, versionId: s.versionId }, { jobId: 'j', attempt });
    signer.failNext = 3;
    await expect(job(1)).rejects.toThrow('HTTP 500');
    await expect(job(2)).rejects.toThrow('HTTP 500');
    let r = await round(s.roundId);
    expect(r).toMatchObject({ status: 'active', signingFailures: 2, signingError: 'the TSA answered HTTP 500' });
    expect((await ds.getRepository(JusteringVersionEntity).findOneBy({ id: s.versionId }))!.signedDocumentId).toBe(s.baseDocumentId);
    expect((await events(s.protocolId)).map((e) => e.type)).toEqual(['signing.failed']);
    expect(
      await ds.getRepository(MailDeliveryEntity).findBy({ kind: 'justering.signing-delayed', toAddress: s.sigs[0].email }),
    ).toHaveLength(0);

    // The last of a job's tries fails: the secretary is told, once.
    await ds.getRepository(JusteringRoundEntity).update({ id: s.roundId }, { signingFailures: JOBS['justering.sign'].attempts - 1 });
    await expect(job(JOBS['justering.sign'].attempts)).rejects.toThrow('HTTP 500');
    const delayed = await ds.getRepository(MailDeliveryEntity).findBy({ kind: 'justering.signing-delayed', toAddress: s.sigs[0].email });
    expect(delayed).toHaveLength(1);
    expect(delayed[0].subject).toMatch(/^Underskrifterna dröjer/);

    expect(await job(1)).toMatchObject({ status: 'done' });
    r = await round(s.roundId);
    expect(r).toMatchObject({ status: 'active', signingFailures: 0, signingError: null, signingFailedAt: null });
    expect((await events(s.protocolId)).map((e) => e.type)).toEqual(['signing.failed', 'signature.applied']);
    expect(await finalContent(s)).toContain('%sig Thomas Norgren certify @');
  });

  it('does nothing for a replaced version or a cancelled round', async () => {
    const s = await seed(ds, t, [0, null, null]);
    const signer = new MarkerSigner();
    const handler = new JusteringSignHandler(signingUseCase(store, signer, config));
    expect(await handler.handle({ roundId: s.roundId, versionId: randomUUID() }, { jobId: 'j', attempt: 1 })).toMatchObject({
      status: 'skipped',
      detail: 'version replaced',
    });
    await ds.getRepository(JusteringRoundEntity).update({ id: s.roundId }, { status: 'cancelled' });
    expect(await handler.handle({ roundId: s.roundId, versionId: s.versionId }, { jobId: 'j', attempt: 1 })).toMatchObject({
      status: 'skipped',
    });
    expect(signer.calls).toHaveLength(0);
  });
});
