/**
 * The justering queries' reads on PostgreSQL (libs/persistence TypeOrmJusteringReads): a list of
 * protocols in different states gets each its own justering status, read with the same five SQL
 * queries whether the list holds one protocol or five (the dashboard's list no longer reads per
 * protocol); the audit chain is read back and verified, a changed row found; a round's document comes
 * with its bytes; nothing of another organisation is read; the port hands out plain objects.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Caller } from '@justera/application';
import { AuditTrail, chainEvent, JusteringStatus, JusteringStatusList, RoundDocument } from '@justera/justering';
import {
  DocumentEntity,
  JusteringAuditEventEntity,
  JusteringRoundEntity,
  JusteringSignatoryEntity,
  JusteringVersionEntity,
  ProtocolEntity,
  type ProtocolStatus,
  TypeOrmJusteringReads,
} from '@justera/persistence';
import { createTenant, openDataSource, Tenant } from '../support/tenants';

jest.setTimeout(60_000);

const CLOCK = { now: () => new Date('2026-12-01T10:00:00Z') };
const AT = new Date('2026-11-26T08:00:00Z');

describe('TypeOrmJusteringReads', () => {
  let ds: DataSource;
  let t: Tenant;
  let other: Tenant;
  let reads: TypeOrmJusteringReads;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Läskommun');
    other = await createTenant(ds, 'Grannkommun');
    reads = new TypeOrmJusteringReads(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  const caller = (tenant = t): Caller => ({ principal: { userId: tenant.admin.id, organisationId: tenant.organisationId, role: 'admin', organIds: [] }, via: 'session' });

  async function protocol(status: ProtocolStatus, tenant = t) {
    const id = randomUUID();
    await ds.getRepository(ProtocolEntity).insert({
      id,
      organisationId: tenant.organisationId,
      organId: tenant.organA,
      source: 'structured',
      status,
      title: `Protokoll ${status}`,
      meetingDate: '2026-11-25',
      data: { organ: 'Kommunstyrelsen' },
      documentId: null,
      createdBy: 'test',
      createdAt: AT,
      updatedAt: AT,
    });
    return id;
  }

  /** A round with `versions` versions (the last current) and a sekreterare, an ordförande and a justerare in `states`. */
  async function round(protocolId: string, status: string, states: string[], opts: { paragraphs?: number[]; createdAt?: Date; versions?: number } = {}) {
    const roundId = randomUUID();
    const versionIds = Array.from({ length: opts.versions ?? 1 }, () => randomUUID());
    await ds.getRepository(JusteringRoundEntity).insert({
      id: roundId,
      organisationId: t.organisationId,
      protocolId,
      organId: t.organA,
      identityLevel: 'e-postlank',
      paragraphs: opts.paragraphs ? JSON.stringify(opts.paragraphs) : null,
      signingOrder: 'sequential',
      status,
      deadline: '2026-12-09',
      currentVersionId: versionIds[versionIds.length - 1],
      createdBy: 'test',
      createdAt: opts.createdAt ?? AT,
      completedAt: status === 'completed' ? AT : null,
      cancelledAt: status === 'cancelled' ? AT : null,
      warnedAt: null,
      signingError: null,
      signingFailedAt: null,
      signingFailures: 0,
    });
    // Inserted newest first: the port orders them by number.
    for (let i = versionIds.length - 1; i >= 0; i--)
      await ds.getRepository(JusteringVersionEntity).insert({
        id: versionIds[i],
        roundId,
        number: i + 1,
        documentId: randomUUID(),
        sha256: String(i + 1).repeat(64),
        size: 10,
        previousSha256: i ? String(i).repeat(64) : null,
        signedDocumentId: randomUUID(),
        reason: i ? 'Rättelse' : null,
        createdAt: AT,
      });
    const roles = ['sekreterare', 'ordforande', 'justerare'];
    const sigs: JusteringSignatoryEntity[] = states.map((state, position) => ({
      id: randomUUID(),
      roundId,
      role: roles[position],
      name: `${roles[position]} ${position}`,
      email: `${roles[position]}-${roundId.slice(0, 8)}@test.example`,
      position,
      state,
      sentAt: state === 'waiting' ? null : AT,
      openedAt: null,
      signedAt: state === 'signed' ? AT : null,
      signedSha256: state === 'signed' ? '1'.repeat(64) : null,
      signedTransactionId: null,
      changeRequestedAt: null,
      changeComment: null,
      remindersSent: 0,
      lastRemindedAt: null,
      signatureAppliedAt: null,
      signatureMethod: null,
      identity: null,
    }));
    // Inserted last first: the port orders them by position.
    await ds.getRepository(JusteringSignatoryEntity).insert([...sigs].reverse());
    return { roundId, versionIds, sigs };
  }

  /** Counts the SQL statements `fn` sends. */
  async function sqlCount<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
    const logger = ds.logger;
    const original = logger.logQuery.bind(logger);
    let queries = 0;
    logger.logQuery = (...args) => {
      queries++;
      return original(...args);
    };
    try {
      return { result: await fn(), queries };
    } finally {
      logger.logQuery = original;
    }
  }

  it('gives each protocol of a list its own status, in the list’s order, in five SQL queries however long the list', async () => {
    const fresh = await protocol('draft');
    const running = await protocol('justering');
    const runningRound = await round(running, 'active', ['signed', 'sent', 'waiting']);
    const signing = await protocol('justering');
    await round(signing, 'signing', ['signed', 'signed', 'signed']);
    const done = await protocol('justerat');
    const doneRound = await round(done, 'completed', ['signed', 'signed', 'signed'], { versions: 2 });
    const partly = await protocol('draft');
    const cancelled = await round(partly, 'cancelled', ['sent', 'waiting', 'waiting'], { paragraphs: [5], createdAt: new Date('2026-11-26T09:00:00Z') });
    const excerpt = await round(partly, 'completed', ['signed', 'signed', 'signed'], { paragraphs: [3, 4] });
    const ids = [done, fresh, running, partly, signing];

    const list = new JusteringStatusList(reads, CLOCK);
    const { result, queries } = await sqlCount(() => list.execute({ caller: caller(), protocolIds: ids }));
    expect(queries).toBe(5); // protocols, rounds, signatories, versions, and the protocols again
    expect(result.map((s) => [s.protocolId, s.protocolStatus, s.rounds.map((r) => [r.status, r.paragraphs])])).toEqual([
      [done, 'justerat', [['completed', null]]],
      [fresh, 'draft', []],
      [running, 'justering', [['active', null]]],
      [partly, 'draft', [['completed', [3, 4]], ['cancelled', [5]]]],
      [signing, 'justering', [['signing', null]]],
    ]);
    expect(result[0].rounds[0].version).toMatchObject({ id: doneRound.versionIds[1], number: 2, previousSha256: '1'.repeat(64) });
    expect(result[0].rounds[0].versions.map((v) => [v.number, v.reason])).toEqual([[1, null], [2, 'Rättelse']]);
    expect(result[2].rounds[0].signatories.map((g) => [g.id, g.state, g.turn])).toEqual([
      [runningRound.sigs[0].id, 'signed', false],
      [runningRound.sigs[1].id, 'sent', true],
      [runningRound.sigs[2].id, 'waiting', false],
    ]);
    expect(result[3].rounds.map((r) => r.id)).toEqual([excerpt.roundId, cancelled.roundId]);
    expect(result[4].rounds[0].signing.pending).toBe(3);

    // One protocol costs as many queries as five, and each protocol's answer is its own status's.
    const one = new JusteringStatus(reads, CLOCK);
    const single = await sqlCount(() => one.execute({ caller: caller(), protocolId: running }));
    expect(single.queries).toBe(5);
    for (const s of result) expect(await one.execute({ caller: caller(), protocolId: s.protocolId })).toEqual(s);
  });

  it('reads nothing of another organisation: its protocol is not found, in a list too', async () => {
    const theirs = await protocol('justering', other);
    const mine = await protocol('draft');
    const list = new JusteringStatusList(reads, CLOCK);
    await expect(list.execute({ caller: caller(), protocolIds: [mine, theirs] })).rejects.toMatchObject({ code: 'not_found' });
    expect(await reads.protocolsByIds(t.organisationId, [mine, theirs])).toEqual([expect.objectContaining({ id: mine })]);
    expect(await reads.roundsOfProtocols(t.organisationId, [])).toEqual([]);
    expect(await reads.signatoriesOfRounds([])).toEqual([]);
    expect(await reads.versionsOfRounds([])).toEqual([]);
  });

  it('hands out plain objects with the stored strings read as the domain’s types', async () => {
    const p = await protocol('justering');
    const r = await round(p, 'active', ['sent', 'waiting', 'waiting'], { paragraphs: [2] });
    const [row] = await reads.roundsOfProtocols(t.organisationId, [p]);
    const [sig] = await reads.signatoriesOfRounds([r.roundId]);
    const [version] = await reads.versionsOfRounds([r.roundId]);
    const [facts] = await reads.protocolsByIds(t.organisationId, [p]);
    for (const x of [row, sig, version, facts]) expect(Object.getPrototypeOf(x)).toBe(Object.prototype);
    expect(row.paragraphs).toEqual([2]);
  });

  it('reads the audit chain back in order and names the first row changed after the fact', async () => {
    const p = await protocol('justering');
    const { roundId } = await round(p, 'active', ['sent', 'waiting', 'waiting']);
    const base = { protocolId: p, roundId, at: AT, actor: `user:${t.admin.id}`, ip: '192.0.2.1', userAgent: 'medium', transactionId: randomUUID() };
    const first = chainEvent(null, { ...base, type: 'round.created', data: { order: 'sequential' } });
    const second = chainEvent(first, { ...base, type: 'mail.queued', data: { to: 'sek@test.example', kind: 'invitation' } });
    // Inserted last first: the port orders them by seq.
    for (const e of [second, first])
      await ds.getRepository(JusteringAuditEventEntity).insert({ ...e, id: randomUUID(), organisationId: t.organisationId, data: JSON.stringify(e.data) });

    const trail = new AuditTrail(reads);
    const ok = await trail.execute({ caller: caller(), protocolId: p });
    expect(ok.events.map((e) => [e.seq, e.type, e.data])).toEqual([
      [1, 'round.created', { order: 'sequential' }],
      [2, 'mail.queued', { to: 'sek@test.example', kind: 'invitation' }],
    ]);
    expect(ok.verification).toEqual({ ok: true, count: 2, head: second.hash });

    await ds.getRepository(JusteringAuditEventEntity).update({ protocolId: p, seq: 2 }, { data: JSON.stringify({ to: 'annan@test.example', kind: 'invitation' }) });
    expect((await trail.execute({ caller: caller(), protocolId: p })).verification).toMatchObject({ ok: false, firstBad: { seq: 2, problem: 'hash_mismatch' } });
    await expect(trail.execute({ caller: caller(other), protocolId: p })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('gives a round’s signed document with its bytes, only to its own organisation', async () => {
    const p = await protocol('justerat');
    const { roundId, versionIds } = await round(p, 'completed', ['signed', 'signed', 'signed']);
    const version = await ds.getRepository(JusteringVersionEntity).findOneByOrFail({ id: versionIds[0] });
    const content = Buffer.from('%PDF-1.7 justerat');
    await ds.getRepository(DocumentEntity).insert({
      id: version.signedDocumentId,
      organisationId: t.organisationId,
      sha256: 'd'.repeat(64),
      size: content.length,
      mediaType: 'application/pdf',
      fileName: 'ks-2026-11-25.pdf',
      content,
      createdAt: AT,
    });
    const doc = await new RoundDocument(reads).execute({ caller: caller(), protocolId: p, roundId });
    expect(doc.fileName).toBe('justerat-ks-2026-11-25.pdf');
    expect(Buffer.from(doc.bytes).equals(content)).toBe(true);
    expect(await reads.documentWithContent(other.organisationId, version.signedDocumentId)).toBeNull();
  });
});
