/**
 * The `maintenance.renew-archives` job against PostgreSQL (docs/signatures.md, "Archive renewal"):
 * which stored justerat documents it picks, how it renews one (new documents row, the version moved
 * to it, the old row kept, `document.renewed` on the protocol's audit chain), that a second or a
 * concurrent run renews nothing more, and that a failure is recorded and retried on the next run
 * without failing the job. Real PDFs, real keys (a development CA in a temporary directory), a real
 * local time-stamping unit; the short-lived unit of an "old archive" is made as in
 * test/e2e/long-term.e2e.ts.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '@justera/config';
import { verifyChain } from '@justera/justering';
import { KeysService } from '@justera/keys';
import { addLta, dssDataFor, embeddedTimestamps, issueSignerCertificate, issueTsaCertificate, LocalTimestampAuthority, signPdfField } from '@justera/pades';
import {
  DocumentEntity,
  JusteringAuditEventEntity,
  JusteringRoundEntity,
  JusteringVersionEntity,
  ProtocolEntity,
  TypeOrmJusteringRepository,
  TypeOrmJusteringStore,
} from '@justera/persistence';
import { queueMailInTransaction } from '@justera/queue';
import { validatePdf } from '@justera/validation';
import { samplePdf } from '../../libs/pades/src/testing/sample-pdf';
import { RenewArchivesHandler, renewArchivesUseCase } from '../../apps/worker/src/handlers/renew-archives.handler';
import { createTenant, openDataSource, Tenant } from '../support/tenants';

jest.setTimeout(120_000);

const DAY = 24 * 3600_000;

describe('maintenance.renew-archives on PostgreSQL', () => {
  let ds: DataSource;
  let t: Tenant;
  let repo: TypeOrmJusteringRepository;
  let config: AppConfig;
  let keys: KeysService;
  let handler: RenewArchivesHandler;
  let signed: Buffer;

  const env = (extra: Record<string, string> = {}) =>
    loadConfig({ ...process.env, JUSTERA_DATA_DIR: dataDir, JUSTERA_SECRET: 'archive-renewal-medium-secret-0123456789', ARCHIVE_RENEWAL_DAYS: '90', ARCHIVE_RENEWAL_BATCH: '10000', ...extra });
  const dataDir = mkdtempSync(join(tmpdir(), 'justera-renewal-'));
  /** The justering store the worker wires (libs/queue justeringStoreProvider). */
  const store = () => new TypeOrmJusteringStore(ds, queueMailInTransaction);

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Arkivkommunen');
    repo = new TypeOrmJusteringRepository(ds);
    config = env();
    delete (config as { tsaUrl?: string }).tsaUrl;
    keys = new KeysService(config);
    handler = new RenewArchivesHandler(store(), keys, config);
    const ca = keys.ca();
    signed = await signPdfField(await samplePdf({ signatures: 1 }), {
      fieldName: 'signatur.1',
      signer: issueSignerCertificate(ca, { name: 'Arkiv Sekreterare', role: 'Sekreterare', organisation: ca.organisation, now: new Date() }),
      reason: 'Justerat i egenskap av sekreterare',
      time: new Date(),
      certify: true,
      tsa: keys.timestamping(),
      appearance: { lines: ['Arkiv Sekreterare'] },
    });
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  /** A B-LTA document whose document time-stamp comes from a unit valid for `validityMs`. */
  const lta = async (validityMs: number) => {
    const ca = keys.ca();
    const unit = new LocalTimestampAuthority(issueTsaCertificate(ca, { name: 'Gammal tidsstämpelenhet', now: new Date(), validityMs, byRoot: true }));
    return addLta(signed, { dss: dssDataFor(ca, new Date()), tsa: unit });
  };

  /** A justerat protocol whose completed round's current version points at `pdf`. */
  async function seed(pdf: Buffer, status = 'completed') {
    const now = new Date();
    const protocolId = randomUUID();
    const roundId = randomUUID();
    const versionId = randomUUID();
    await ds.getRepository(ProtocolEntity).insert({ id: protocolId, organisationId: t.organisationId, organId: t.organA, source: 'uploaded', status: 'justerat', title: 'Kommunstyrelsen 2026-11-24', meetingDate: '2026-11-24', data: { organ: 'Kommunstyrelsen' }, documentId: null, createdBy: 'test', createdAt: now, updatedAt: now });
    const doc: DocumentEntity = { id: randomUUID(), organisationId: t.organisationId, sha256: createHash('sha256').update(pdf).digest('hex'), size: pdf.length, mediaType: 'application/pdf', fileName: 'protokoll.pdf', content: pdf, createdAt: now };
    await ds.getRepository(DocumentEntity).insert(doc);
    await ds.getRepository(JusteringRoundEntity).insert({ id: roundId, organisationId: t.organisationId, protocolId, organId: t.organA, paragraphs: null, signingOrder: 'parallel', status, deadline: '2026-12-08', currentVersionId: versionId, createdBy: 'test', createdAt: now, completedAt: status === 'completed' ? now : null, cancelledAt: null, warnedAt: null, signingError: null, signingFailedAt: null, signingFailures: 0 });
    await ds.getRepository(JusteringVersionEntity).insert({ id: versionId, roundId, number: 1, documentId: doc.id, sha256: doc.sha256, size: doc.size, previousSha256: null, signedDocumentId: doc.id, reason: null, createdAt: now });
    return { protocolId, roundId, versionId, documentId: doc.id, sha256: doc.sha256, pdf };
  }
  type Seeded = Awaited<ReturnType<typeof seed>>;

  const version = async (s: Seeded) => (await ds.getRepository(JusteringVersionEntity).findOneBy({ id: s.versionId }))!;
  const content = async (id: string) => ((await ds.query('SELECT content FROM documents WHERE id = $1', [id])) as { content: Buffer }[])[0]!.content;
  const docRow = async (id: string) => (await ds.getRepository(DocumentEntity).findOneBy({ id }))!;
  const events = async (s: Seeded) => (await ds.getRepository(JusteringAuditEventEntity).find({ where: { protocolId: s.protocolId }, order: { seq: 'ASC' } })).map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));
  const candidates = async () => (await repo.archiveCandidates(new Date(Date.now() + 90 * DAY), 10000)).map((c) => c.documentId);

  it('renews a document whose last time-stamp expires within the window; leaves the others alone; a second run renews nothing', async () => {
    const due = await seed(await lta(3 * DAY));
    const fresh = await seed(await lta(5 * 365 * DAY));
    const bare = await seed(signed);
    const active = await seed(await lta(3 * DAY), 'active');
    const before = await candidates();
    expect(before).toEqual(expect.arrayContaining([due.documentId, fresh.documentId, bare.documentId]));
    expect(before).not.toContain(active.documentId);

    const outcome = await handler.handle();
    expect(outcome.status).toBe('done');

    // The due one: a new documents row with the old bytes plus a DSS and a second document time-stamp.
    const v = await version(due);
    expect(v.signedDocumentId).not.toBe(due.documentId);
    const renewed = await content(v.signedDocumentId);
    expect(renewed.subarray(0, due.pdf.length).equals(due.pdf)).toBe(true);
    const stamps = embeddedTimestamps(renewed).filter((x) => x.kind === 'document');
    expect(stamps).toHaveLength(2);
    expect(stamps[1]!.unitNotAfter!.getTime()).toBeGreaterThan(Date.now() + 5 * 365 * DAY);
    const row = await docRow(v.signedDocumentId);
    expect(row.sha256).toBe(createHash('sha256').update(renewed).digest('hex'));
    expect(row.archiveProtectedUntil?.getTime()).toBe(stamps[1]!.unitNotAfter!.getTime());
    // The old bytes are still stored under their hash.
    expect((await docRow(due.documentId)).sha256).toBe(due.sha256);
    expect((await content(due.documentId)).equals(due.pdf)).toBe(true);
    // Valid after the old unit expired, thanks to the new document time-stamp.
    const root = keys.rootPem();
    const afterExpiry = new Date(stamps[0]!.unitNotAfter!.getTime() + DAY);
    expect(validatePdf(due.pdf, { trustAnchors: [root], at: afterExpiry }).verdict).toBe('KAN INTE AVGÖRAS');
    expect(validatePdf(renewed, { trustAnchors: [root], at: afterExpiry }).verdict).toBe('GILTIG');

    // Audited on the protocol's chain.
    const ev = await events(due);
    expect(ev.map((e) => e.type)).toEqual(['document.renewed']);
    expect(ev[0]!.data).toMatchObject({
      versionId: due.versionId,
      documentId: due.documentId,
      sha256: due.sha256,
      renewedDocumentId: v.signedDocumentId,
      renewedSha256: row.sha256,
      protectedUntilBefore: stamps[0]!.unitNotAfter!.toISOString(),
      protectedUntilAfter: stamps[1]!.unitNotAfter!.toISOString(),
      tsa: { kind: 'local' },
    });
    expect(verifyChain(ev).ok).toBe(true);

    // Not due: examined and recorded, not changed. Without a document time-stamp: left as it is.
    expect((await version(fresh)).signedDocumentId).toBe(fresh.documentId);
    expect((await docRow(fresh.documentId)).archiveProtectedUntil?.getTime()).toBe(embeddedTimestamps(fresh.pdf).find((x) => x.kind === 'document')!.unitNotAfter!.getTime());
    expect((await version(bare)).signedDocumentId).toBe(bare.documentId);
    expect((await docRow(bare.documentId)).archiveCheckedAt).toBeInstanceOf(Date);
    expect(await events(fresh)).toEqual([]);
    expect(await events(bare)).toEqual([]);
    // A round that is not completed is not a document of record.
    expect((await version(active)).signedDocumentId).toBe(active.documentId);

    const after = await candidates();
    for (const id of [due.documentId, v.signedDocumentId, fresh.documentId, bare.documentId]) expect(after).not.toContain(id);

    await handler.handle();
    expect((await version(due)).signedDocumentId).toBe(v.signedDocumentId);
    expect(await events(due)).toHaveLength(1);
  });

  it('commits one renewal when two runs race for the same document', async () => {
    const due = await seed(await lta(2 * DAY));
    const other = new RenewArchivesHandler(store(), new KeysService(config), config);
    await Promise.all([handler.handle(), other.handle()]);
    const ev = await events(due);
    expect(ev.map((e) => e.type)).toEqual(['document.renewed']);
    expect(verifyChain(ev).ok).toBe(true);
    const v = await version(due);
    expect(v.signedDocumentId).toBe(ev[0]!.data.renewedDocumentId);
    expect(embeddedTimestamps(await content(v.signedDocumentId)).filter((x) => x.kind === 'document')).toHaveLength(2);
  });

  it('records a failure (the TSA does not answer), does not fail the job, and renews on the next run', async () => {
    const due = await seed(await lta(DAY));
    const broken = env({ TSA_URL: 'http://127.0.0.1:9/tsr' });
    const failing = new RenewArchivesHandler(store(), new KeysService(broken), broken);
    const outcome = await failing.handle();
    expect(outcome.detail).toMatch(/[1-9]\d* failed/);
    expect((await version(due)).signedDocumentId).toBe(due.documentId);
    const row = await docRow(due.documentId);
    expect(row.archiveError).toBeTruthy();
    expect(row.archiveProtectedUntil).toBeInstanceOf(Date);
    expect(await events(due)).toEqual([]);
    expect(await candidates()).toContain(due.documentId);

    await handler.handle();
    const v = await version(due);
    expect(v.signedDocumentId).not.toBe(due.documentId);
    expect((await docRow(due.documentId)).archiveError).toBeNull();
    expect((await events(due)).map((e) => e.type)).toEqual(['document.renewed']);
  });

  it('refuses a renewal that would not extend the protection, and keeps retrying it', async () => {
    // The installation's unit is the one that is about to expire: renewing with it gains nothing.
    const shortDir = mkdtempSync(join(tmpdir(), 'justera-renewal-short-'));
    const c = loadConfig({ ...process.env, JUSTERA_DATA_DIR: shortDir, JUSTERA_SECRET: 'archive-renewal-medium-secret-0123456789', ARCHIVE_RENEWAL_BATCH: '10000' });
    delete (c as { tsaUrl?: string }).tsaUrl;
    const k = new KeysService(c);
    const unit = new LocalTimestampAuthority(issueTsaCertificate(k.ca(), { name: 'Kortlivad enhet', now: new Date(), validityMs: 2 * DAY, byRoot: true }));
    (k as unknown as { tsu: unknown }).tsu = { authority: unit, loadedAt: Date.now() };
    const pdf = await addLta(signed, { dss: dssDataFor(k.ca(), new Date()), tsa: unit });
    const due = await seed(pdf);
    const h = renewArchivesUseCase(store(), k, c);
    expect(await h.renewOne({ organisationId: t.organisationId, protocolId: due.protocolId, roundId: due.roundId, versionId: due.versionId, documentId: due.documentId }, new Date(), 90 * DAY)).toBe('failed');
    expect((await docRow(due.documentId)).archiveError).toMatch(/protects no longer than the old one/);
    expect((await version(due)).signedDocumentId).toBe(due.documentId);
    expect(await candidates()).toContain(due.documentId);
  });
});
