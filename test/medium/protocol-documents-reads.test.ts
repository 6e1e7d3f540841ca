/**
 * The reads behind the lists of protocols on PostgreSQL: libs/justering's ProtocolDocumentsList over
 * TypeOrmJusteringReads (rounds, versions, notices, documents' hashes each in one `IN (…)` query) and
 * libs/anslag's ListNoticesOfProtocols over TypeOrmAnslagReads read the documents and the notices of
 * several protocols with the same number of SQL statements as of one (the dashboard's `GET /justering`
 * and the start page no longer read per protocol); each protocol gets its own, the same as the
 * one-protocol queries; nothing of another organisation is read, not even a document id a notice names.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ListNoticesOfProtocols, ListProtocolNotices, type Notice, type Posting } from '@justera/anslag';
import type { Caller } from '@justera/application';
import { ProtocolDocuments, ProtocolDocumentsList } from '@justera/justering';
import {
  DocumentEntity,
  JusteringRoundEntity,
  JusteringVersionEntity,
  ProtocolEntity,
  TypeOrmAnslagReads,
  TypeOrmAnslagRepository,
  TypeOrmAnslagStore,
  TypeOrmJusteringReads,
} from '@justera/persistence';
import { createTenant, openDataSource, Tenant } from '../support/tenants';

jest.setTimeout(60_000);

const PUBLIC = 'https://justera.test';
const CLOCK = { now: () => new Date('2026-12-01T10:00:00Z') };
const at = (s: string) => new Date(`2026-11-${s}Z`);

describe('the documents and notices of a list of protocols', () => {
  let ds: DataSource;
  let t: Tenant;
  let other: Tenant;
  let reads: TypeOrmJusteringReads;
  let documents: ProtocolDocumentsList;
  let one: ProtocolDocuments;
  let notices: ListNoticesOfProtocols;
  let protocolNotices: ListProtocolNotices;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Listkommun');
    other = await createTenant(ds, 'Grannkommun');
    reads = new TypeOrmJusteringReads(ds);
    documents = new ProtocolDocumentsList(reads, { publicUrl: PUBLIC });
    one = new ProtocolDocuments(reads, { publicUrl: PUBLIC });
    const anslagReads = new TypeOrmAnslagReads(new TypeOrmAnslagRepository(ds));
    notices = new ListNoticesOfProtocols(anslagReads, CLOCK, PUBLIC);
    protocolNotices = new ListProtocolNotices(anslagReads, CLOCK, PUBLIC);
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  const caller = (tenant = t): Caller => ({ principal: { userId: tenant.admin.id, organisationId: tenant.organisationId, role: 'admin', organIds: [] }, via: 'session' });

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

  /**
   * A protocol with one round (status `status`, §§ `paragraphs`) whose `versions` versions have their
   * own frozen and signed documents (the last current), and, when `notice` is given, the round's
   * posted notice with a filled PDF and an anslagsbevis.
   */
  async function protocol(
    tenant: Tenant,
    opts: { status: 'active' | 'completed'; paragraphs?: number[]; versions?: number; notice?: Partial<Notice> },
  ): Promise<{ protocolId: string; roundId: string; frozen: string[]; signed: string[]; notice: Notice | null }> {
    const org = tenant.organisationId;
    const protocolId = randomUUID();
    const roundId = randomUUID();
    const n = opts.versions ?? 1;
    const versionIds = Array.from({ length: n }, () => randomUUID());
    const frozen: string[] = [];
    const signed: string[] = [];
    for (let i = 0; i < n; i++) {
      frozen.push(await doc(org, String(i + 1), 100 + i));
      signed.push(await doc(org, 'a', 200 + i));
    }
    await ds.getRepository(ProtocolEntity).insert({
      id: protocolId,
      organisationId: org,
      organId: tenant.organA,
      source: 'structured',
      status: opts.status === 'completed' && !opts.paragraphs ? 'justerat' : 'justering',
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
      organisationId: org,
      protocolId,
      organId: tenant.organA,
      identityLevel: 'e-postlank',
      paragraphs: opts.paragraphs ? JSON.stringify(opts.paragraphs) : null,
      signingOrder: 'sequential',
      status: opts.status,
      deadline: '2026-12-04',
      currentVersionId: versionIds[n - 1],
      createdBy: 'test',
      createdAt: at('20T10:00:00'),
      completedAt: opts.status === 'completed' ? at('21T11:00:00') : null,
      cancelledAt: null,
      warnedAt: null,
      signingError: null,
      signingFailedAt: null,
      signingFailures: 0,
    });
    // Inserted newest first: the documents list them by number.
    for (let i = n - 1; i >= 0; i--)
      await ds.getRepository(JusteringVersionEntity).insert({
        id: versionIds[i],
        roundId,
        number: i + 1,
        documentId: frozen[i],
        sha256: String(i + 1).repeat(64),
        size: 100 + i,
        previousSha256: i ? String(i).repeat(64) : null,
        signedDocumentId: signed[i],
        reason: i ? 'Rättelse' : null,
        createdAt: at('20T10:00:00'),
      });
    if (!opts.notice) return { protocolId, roundId, frozen, signed, notice: null };
    const notice: Notice = {
      id: randomUUID(),
      organisationId: org,
      organId: tenant.organA,
      protocolId,
      roundId,
      type: 'Justerat protokoll',
      organName: 'Kommunstyrelsen',
      meetingDate: '2026-11-20',
      paragraphs: null,
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
      documentId: signed[n - 1],
      protocolSha256: 'a'.repeat(64),
      filledDocumentId: await doc(org, 'e', 400),
      fieldsStatus: 'sealed',
      bevisDocumentId: await doc(org, 'f', 50),
      state: 'current',
      takenDownAt: null,
      createdAt: at('21T11:00:00'),
      updatedAt: at('21T11:00:00'),
      ...opts.notice,
    };
    const posting: Posting = {
      id: randomUUID(),
      noticeId: notice.id,
      boardId: randomUUID(),
      boardName: 'Anslagstavlan',
      kind: 'justera',
      postedDate: notice.postedDate,
      postedAt: at('23T07:00:00'),
      recordedBy: 'system',
      createdAt: at('21T11:00:00'),
    };
    expect(await new TypeOrmAnslagStore(ds).unitOfWork((uow) => uow.insertNotice(notice, [posting]))).toBe(true);
    return { protocolId, roundId, frozen, signed, notice };
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

  it('reads the documents of several protocols in as many SQL statements as of one, each protocol its own', async () => {
    const posted = await protocol(t, { status: 'completed', versions: 2, notice: {} });
    const single = await sqlCount(() => documents.execute({ caller: caller(), protocolIds: [posted.protocolId] }));

    const omedelbar = await protocol(t, { status: 'completed', paragraphs: [5], notice: { publishPdf: false, paragraphs: '§ 5' } });
    const running = await protocol(t, { status: 'active' });
    const ids = [running.protocolId, posted.protocolId, omedelbar.protocolId];
    const many = await sqlCount(() => documents.execute({ caller: caller(), protocolIds: ids }));
    expect(many.queries).toBe(single.queries);
    // The protocols, their rounds, notices, versions, the slug and the documents' hashes.
    expect(single.queries).toBe(6);

    const list = many.result;
    expect([...list.keys()]).toEqual(ids);
    for (const id of ids) expect(list.get(id)).toEqual(await one.execute({ caller: caller(), protocolId: id }));
    expect(list.get(posted.protocolId)).toEqual(single.result.get(posted.protocolId));

    const board = `${PUBLIC}/anslagstavla/${t.slug}/anslag`;
    expect(list.get(posted.protocolId)!.map((d) => [d.kind, d.documentId, d.current, d.publicUrl])).toEqual([
      ['frozen', posted.frozen[0], false, null],
      ['frozen', posted.frozen[1], true, null],
      ['justerat', posted.signed[1], true, `${board}/${posted.notice!.id}/justerat-protokoll.pdf`],
      ['posted', posted.notice!.filledDocumentId, true, `${board}/${posted.notice!.id}/protokoll.pdf`],
      ['anslagsbevis', posted.notice!.bevisDocumentId, true, `${board}/${posted.notice!.id}/anslagsbevis.pdf`],
    ]);
    expect(list.get(omedelbar.protocolId)!.map((d) => [d.kind, d.titleSv, d.publicUrl])).toEqual([
      ['frozen', 'Version 1 att justera (osignerad), § 5', null],
      ['justerat', 'Justerat protokoll, § 5', null],
      ['posted', 'Protokoll med anslagsuppgifter, § 5', null],
      ['anslagsbevis', 'Anslagsbevis, § 5', `${board}/${omedelbar.notice!.id}/anslagsbevis.pdf`],
    ]);
    expect(list.get(running.protocolId)!.map((d) => [d.kind, d.documentId])).toEqual([['frozen', running.frozen[0]]]);
  });

  it('reads nothing of another organisation: its protocol is not found, a document id of it named by a notice is not listed', async () => {
    const theirs = await protocol(other, { status: 'completed', notice: {} });
    const foreignBevis = theirs.notice!.bevisDocumentId!;
    const mine = await protocol(t, { status: 'completed', notice: { bevisDocumentId: foreignBevis } });

    await expect(documents.execute({ caller: caller(), protocolIds: [mine.protocolId, theirs.protocolId] })).rejects.toMatchObject({ code: 'not_found' });
    const list = await documents.execute({ caller: caller(), protocolIds: [mine.protocolId] });
    expect(list.get(mine.protocolId)!.map((d) => d.kind)).toEqual(['frozen', 'justerat', 'posted']);
    expect(await reads.documentInfos(t.organisationId, [foreignBevis, mine.frozen[0]])).toEqual([{ id: mine.frozen[0], sha256: '1'.repeat(64), size: 100 }]);
    expect((await reads.noticesOfProtocols(t.organisationId, [mine.protocolId, theirs.protocolId])).map((n) => n.id)).toEqual([mine.notice!.id]);
    await expect(one.file({ caller: caller(), protocolId: mine.protocolId, documentId: foreignBevis })).rejects.toMatchObject({ code: 'not_found' });
    const file = await one.file({ caller: caller(), protocolId: mine.protocolId, documentId: mine.signed[0] });
    expect(Buffer.from(file.bytes).toString()).toBe('%PDF-1.7');
    expect(file.fileName).toBe('justerat-protokoll-kommunstyrelsen-2026-11-20.pdf');
    // The other organisation's caller sees its own documents, including the anslagsbevis mine named.
    const theirList = await documents.execute({ caller: caller(other), protocolIds: [theirs.protocolId] });
    expect(theirList.get(theirs.protocolId)!.map((d) => d.documentId)).toContain(foreignBevis);
  });

  it('reads the notices of several protocols in as many SQL statements as of one, each as ListProtocolNotices gives them', async () => {
    const a = await protocol(t, { status: 'completed', notice: {} });
    const single = await sqlCount(() => notices.execute({ caller: caller(), protocolIds: [a.protocolId] }));
    const b = await protocol(t, { status: 'completed', paragraphs: [7], notice: { paragraphs: '§ 7' } });
    const none = await protocol(t, { status: 'active' });
    const theirs = await protocol(other, { status: 'completed', notice: {} });
    const ids = [a.protocolId, b.protocolId, none.protocolId, theirs.protocolId];
    const many = await sqlCount(() => notices.execute({ caller: caller(), protocolIds: ids }));
    expect(many.queries).toBe(single.queries);
    // The notices, the organisation, postings, events and the documents' hashes.
    expect(single.queries).toBe(5);

    for (const id of [a.protocolId, b.protocolId, none.protocolId])
      expect(many.result.get(id)).toEqual(await protocolNotices.execute({ caller: caller(), protocolId: id }));
    expect(many.result.get(a.protocolId)!.map((n) => [n.id, n.postings.length])).toEqual([[a.notice!.id, 1]]);
    expect(many.result.get(b.protocolId)!.map((n) => n.id)).toEqual([b.notice!.id]);
    expect(many.result.get(none.protocolId)).toEqual([]);
    // Another organisation's protocol has no notices for this caller.
    expect(many.result.get(theirs.protocolId)).toEqual([]);
  });
});
