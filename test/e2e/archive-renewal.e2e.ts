/**
 * Issue 14, archive renewal: the worker's daily `maintenance.renew-archives` job renews a completed
 * round's stored document whose last document time-stamp comes from a unit that expires in three
 * days (made as in long-term.e2e.ts); the served document.pdf then has one more document time-stamp
 * and is GILTIG after the old expiry, the audit chain verifies and holds `document.renewed`, and a
 * second run renews nothing.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { keystoreInput, loadConfig } from '@justera/config';
import { addLta, dssDataFor, embeddedTimestamps, issueSignerCertificate, issueTsaCertificate, loadCertificateAuthority, LocalTimestampAuthority, signPdfField } from '@justera/pades';
import { DocumentEntity, JusteringRoundEntity, JusteringVersionEntity, ProtocolEntity } from '@justera/persistence';
import { validatePdf } from '@justera/validation';
import { samplePdf } from '../../libs/pades/src/testing/sample-pdf';
import { enqueueJob } from '../support/anslag';
import { request } from '../support/http';
import { waitFor } from '../support/processes';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(300_000);
const DAY = 24 * 3600_000;

describe('maintenance.renew-archives (PAdES-LTA renewal of stored documents)', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds);
    sys = await startSystem({ ARCHIVE_RENEWAL_BATCH: '10000' }, { smtp: false });
  });
  afterAll(async () => {
    await sys?.stop();
    await ds?.destroy();
  });

  async function seed(pdf: Buffer) {
    const now = new Date();
    const ids = { protocolId: randomUUID(), roundId: randomUUID(), versionId: randomUUID(), documentId: randomUUID() };
    await ds.getRepository(ProtocolEntity).insert({ id: ids.protocolId, organisationId: t.organisationId, organId: t.organA, source: 'uploaded', status: 'justerat', title: 'Arkiv 2026-11-24', meetingDate: '2026-11-24', data: { organ: 'Kommunstyrelsen' }, documentId: null, createdBy: 'test', createdAt: now, updatedAt: now });
    await ds.getRepository(DocumentEntity).insert({ id: ids.documentId, organisationId: t.organisationId, sha256: createHash('sha256').update(pdf).digest('hex'), size: pdf.length, mediaType: 'application/pdf', fileName: 'protokoll.pdf', content: pdf, createdAt: now });
    await ds.getRepository(JusteringRoundEntity).insert({ id: ids.roundId, organisationId: t.organisationId, protocolId: ids.protocolId, organId: t.organA, paragraphs: null, signingOrder: 'parallel', status: 'completed', deadline: '2026-12-08', currentVersionId: ids.versionId, createdBy: 'test', createdAt: now, completedAt: now, cancelledAt: null, warnedAt: null, signingError: null, signingFailedAt: null, signingFailures: 0 });
    await ds.getRepository(JusteringVersionEntity).insert({ id: ids.versionId, roundId: ids.roundId, number: 1, documentId: ids.documentId, sha256: createHash('sha256').update(pdf).digest('hex'), size: pdf.length, previousSha256: null, signedDocumentId: ids.documentId, reason: null, createdAt: now });
    return ids;
  }

  it('renews the due document once; the served PDF is GILTIG after the old expiry and the chain holds the event', async () => {
    const keystore = keystoreInput(loadConfig(sys.env));
    const ca = await waitFor('the installation CA', async () => {
      try {
        return loadCertificateAuthority(keystore, { create: false }).ca;
      } catch {
        return undefined;
      }
    }, 60_000);
    const unit = (days: number) => new LocalTimestampAuthority(issueTsaCertificate(ca, { name: 'Gammal tidsstämpelenhet', now: new Date(), validityMs: days * DAY, byRoot: true }));
    const short = unit(3);
    const signed = await signPdfField(await samplePdf({ signatures: 1 }), {
      fieldName: 'signatur.1',
      signer: issueSignerCertificate(ca, { name: 'Arkiv Sekreterare', role: 'Sekreterare', organisation: ca.organisation, now: new Date() }),
      reason: 'Justerat i egenskap av sekreterare',
      time: new Date(),
      certify: true,
      tsa: short,
      appearance: { lines: ['Arkiv Sekreterare'] },
    });
    const old = await addLta(signed, { dss: dssDataFor(ca, new Date()), tsa: short });
    const s = await seed(old);
    const root = (await (await fetch(`${sys.base}/pki/root.pem`)).text());
    const afterExpiry = new Date(short.notAfter.getTime() + DAY);
    expect(validatePdf(old, { trustAnchors: [root], at: afterExpiry }).verdict).toBe('KAN INTE AVGÖRAS');

    type Audit = { events?: { type: string; data: Record<string, unknown> }[] } | { type: string; data: Record<string, unknown> }[];
    const eventsOf = async () => {
      const r = await request<Audit>(sys.base, 'GET', `/api/protocols/${s.protocolId}/audit`, { apiKey: t.sekA.apiKey });
      return Array.isArray(r.body) ? r.body : r.body.events ?? [];
    };
    await enqueueJob(ds, 'maintenance.renew-archives', {});
    const renewedEvent = await waitFor('document.renewed', async () => (await eventsOf()).find((e) => e.type === 'document.renewed'), 120_000).catch((e) => {
      throw new Error(`${String(e)}\n${sys.logs(4000)}`);
    });
    expect(renewedEvent.data).toMatchObject({ documentId: s.documentId, sha256: createHash('sha256').update(old).digest('hex'), tsa: { kind: 'local' } });

    const res = await fetch(`${sys.base}/api/protocols/${s.protocolId}/justering/${s.roundId}/document.pdf`, { headers: { authorization: `Bearer ${t.sekA.apiKey}` } });
    expect(res.status).toBe(200);
    const served = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(served).digest('hex')).toBe(renewedEvent.data.renewedSha256);
    expect(served.subarray(0, old.length).equals(old)).toBe(true);
    expect(embeddedTimestamps(served).filter((x) => x.kind === 'document')).toHaveLength(embeddedTimestamps(old).filter((x) => x.kind === 'document').length + 1);
    expect(validatePdf(served, { trustAnchors: [root], at: afterExpiry }).verdict).toBe('GILTIG');

    const evidence = await request<{ audit: { chainValid: boolean; events: { type: string }[] }; versions: { renewals: unknown[] }[] }>(sys.base, 'GET', `/api/protocols/${s.protocolId}/evidence.json`, { apiKey: t.sekA.apiKey });
    expect(evidence.status).toBe(200);
    expect(evidence.body.audit.chainValid).toBe(true);
    expect(evidence.body.audit.events.map((e) => e.type)).toContain('document.renewed');
    expect(evidence.body.versions[0]!.renewals).toHaveLength(1);

    // A second run: a fresh (not due) sentinel shows that it ran; nothing more is renewed.
    const sentinel = await seed(await addLta(signed, { dss: dssDataFor(ca, new Date()), tsa: unit(3650) }));
    await enqueueJob(ds, 'maintenance.renew-archives', {});
    await waitFor('the second run', async () => (await ds.getRepository(DocumentEntity).findOneBy({ id: sentinel.documentId }))?.archiveCheckedAt ?? undefined, 120_000);
    expect((await eventsOf()).filter((e) => e.type === 'document.renewed')).toHaveLength(1);
    const again = Buffer.from(await (await fetch(`${sys.base}/api/protocols/${s.protocolId}/justering/${s.roundId}/document.pdf`, { headers: { authorization: `Bearer ${t.sekA.apiKey}` } })).arrayBuffer());
    expect(again.equals(served)).toBe(true);
    expect((await ds.getRepository(JusteringVersionEntity).findOneBy({ id: sentinel.versionId }))!.signedDocumentId).toBe(sentinel.documentId);
  });
});
