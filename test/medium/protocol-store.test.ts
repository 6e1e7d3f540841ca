/**
 * The protocol use cases' store on PostgreSQL (libs/persistence TypeOrmProtocolStore): plain domain
 * objects in and out, the optimistic lock of the row version (two saves that read the same version:
 * exactly one wins, the other writes nothing), an upload stored with its document in one transaction
 * and read back for the preview, and a removed upload takes its document along.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type Caller, SYSTEM_CLOCK } from '@justera/application';
import { CreateProtocol, PreviewProtocolPdf, RemoveProtocol, type StoredProtocol, UpdateProtocol, UploadProtocolPdf } from '@justera/protocol';
import {
  DocumentEntity,
  OrganEntity,
  OrganisationEntity,
  ProtocolEntity,
  TypeOrmOrganisationsRepository,
  TypeOrmProtocolStore,
  TypeOrmProtocolsRepository,
} from '@justera/persistence';
import { FakePdfInspector, minimalProtocol, namedSignatories } from '../../libs/protocol/src/testing/fixtures';
import { createTenant, openDataSource, Tenant } from '../support/tenants';

jest.setTimeout(60_000);

describe('TypeOrmProtocolStore', () => {
  let ds: DataSource;
  let t: Tenant;
  let store: TypeOrmProtocolStore;
  let caller: Caller;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Protokollkommun');
    const protocols = new TypeOrmProtocolsRepository(ds.getRepository(ProtocolEntity), ds.getRepository(DocumentEntity));
    const organisations = new TypeOrmOrganisationsRepository(ds.getRepository(OrganisationEntity), ds.getRepository(OrganEntity));
    store = new TypeOrmProtocolStore(protocols, organisations);
    caller = { principal: { userId: t.admin.id, organisationId: t.organisationId, role: 'admin', organIds: [] }, via: 'session' };
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  it('hands out plain objects and finds only the organisation’s own protocols and organs', async () => {
    const { protocol } = await new CreateProtocol(store, SYSTEM_CLOCK).execute({ caller, organId: t.organA, protocol: minimalProtocol(), draft: false });
    const found = await store.find(t.organisationId, protocol.id);
    expect(Object.getPrototypeOf(found)).toBe(Object.prototype);
    expect(found).toMatchObject({ id: protocol.id, source: 'structured', status: 'draft', title: protocol.title, data: minimalProtocol(), rowVersion: 1 });
    expect(await store.find(randomUUID(), protocol.id)).toBeNull();
    expect(await store.findOrgan(t.organisationId, t.organA)).toEqual({ id: t.organA, name: 'Kommunstyrelsen' });
    expect(await store.findOrgan(randomUUID(), t.organA)).toBeNull();
  });

  it('two saves that read the same row version: exactly one is written, the other is stale', async () => {
    const { protocol } = await new CreateProtocol(store, SYSTEM_CLOCK).execute({ caller, organId: t.organA, protocol: minimalProtocol(), draft: false });
    const read = (await store.find(t.organisationId, protocol.id))!;
    const a: StoredProtocol = { ...read, title: 'Sparat av A', updatedAt: new Date() };
    const b: StoredProtocol = { ...read, title: 'Sparat av B', updatedAt: new Date() };
    const results = await Promise.all([store.saveIfUnchanged(a), store.saveIfUnchanged(b)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const after = (await store.find(t.organisationId, protocol.id))!;
    expect(after.rowVersion).toBe(read.rowVersion + 1);
    expect(after.title).toBe(results[0] ? 'Sparat av A' : 'Sparat av B');
    // The argument is left as it was (the use case moves its own copy on).
    expect(a.rowVersion).toBe(read.rowVersion);

    // Through the use case: an editor who read the old version is told the protocol moved on.
    const update = new UpdateProtocol(store, SYSTEM_CLOCK);
    await expect(update.execute({ caller, protocolId: protocol.id, protocol: minimalProtocol(), rowVersion: read.rowVersion, draft: false })).rejects.toMatchObject({ code: 'stale' });
    const saved = await update.execute({ caller, protocolId: protocol.id, protocol: minimalProtocol(), rowVersion: after.rowVersion, draft: false });
    expect(saved.protocol.rowVersion).toBe(after.rowVersion + 1);
    expect((await store.find(t.organisationId, protocol.id))!.rowVersion).toBe(after.rowVersion + 1);
  });

  it('removes an uploaded draft together with its document', async () => {
    const now = new Date();
    const documentId = randomUUID();
    const content = Buffer.from('%PDF-1.7 test');
    await ds.getRepository(DocumentEntity).insert({
      id: documentId,
      organisationId: t.organisationId,
      sha256: createHash('sha256').update(content).digest('hex'),
      size: content.length,
      mediaType: 'application/pdf',
      fileName: 'p.pdf',
      content,
      createdAt: now,
    });
    const id = randomUUID();
    await store.insert({
      id,
      organisationId: t.organisationId,
      organId: t.organA,
      source: 'uploaded',
      status: 'draft',
      title: 'Uppladdat',
      meetingDate: '2026-11-01',
      data: { organ: 'Kommunstyrelsen' },
      documentId,
      createdBy: t.admin.id,
      createdAt: now,
      updatedAt: now,
      rowVersion: 1,
    });
    await new RemoveProtocol(store).execute({ caller, protocolId: id });
    expect(await store.find(t.organisationId, id)).toBeNull();
    expect(await ds.getRepository(DocumentEntity).countBy({ id: documentId })).toBe(0);
  });

  it('stores an upload with its document in one transaction, and the preview reads the file back', async () => {
    const content = Buffer.from('%PDF-1.7\n% uppladdat protokoll\n%%EOF');
    const upload = new UploadProtocolPdf(store, new FakePdfInspector(), namedSignatories, SYSTEM_CLOCK);
    const form = { organId: t.organA, title: 'Protokoll KS uppladdat', meetingDate: '2026-11-02', storagePlace: 'Kansliet', signatories: JSON.stringify([{ role: 'sekreterare', name: 'Sara' }]) };
    const saved = await upload.execute({ caller, form, formIssues: [], file: { bytes: content, fileName: 'ks.pdf' } });

    const found = await store.find(t.organisationId, saved.id);
    expect(found).toMatchObject({ source: 'uploaded', status: 'draft', title: 'Protokoll KS uppladdat', documentId: saved.documentId, rowVersion: 1 });
    expect(found!.data).toMatchObject({ organ: 'Kommunstyrelsen', storagePlace: 'Kansliet', signatories: [{ role: 'sekreterare', name: 'Sara' }] });
    const row = await ds.getRepository(DocumentEntity).createQueryBuilder('d').addSelect('d.content').where('d.id = :id', { id: saved.documentId }).getOneOrFail();
    expect(row).toMatchObject({ organisationId: t.organisationId, sha256: createHash('sha256').update(content).digest('hex'), size: content.length, mediaType: 'application/pdf', fileName: 'ks.pdf' });
    expect(Buffer.from(row.content).equals(content)).toBe(true);
    expect(Buffer.from((await store.documentContent(t.organisationId, saved.documentId!))!).equals(content)).toBe(true);
    expect(await store.documentContent(randomUUID(), saved.documentId!)).toBeNull();

    const justerade = { paragraphs: async () => [] };
    const renderer = { render: async () => new Uint8Array() };
    const preview = await new PreviewProtocolPdf(store, justerade, renderer, {}).execute({ caller, protocolId: saved.id });
    expect(Buffer.from(preview.bytes).equals(content)).toBe(true);
    expect(preview.fileName).toBe('Protokoll-KS-uppladdat.pdf');

    // A protocol that cannot be inserted (a title over the column's 400 characters) leaves no document behind.
    const documentId = randomUUID();
    await expect(store.insert({ ...found!, id: randomUUID(), title: 'x'.repeat(401), documentId }, { id: documentId, organisationId: t.organisationId, sha256: 'x'.repeat(64), size: 1, mediaType: 'application/pdf', fileName: null, content: new Uint8Array([1]), createdAt: new Date() })).rejects.toThrow();
    expect(await ds.getRepository(DocumentEntity).countBy({ id: documentId })).toBe(0);
  });

  it('reads the organ’s identity level for the preview', async () => {
    expect(await store.organIdentityLevel(t.organisationId, t.organA)).toBe('e-postlank');
    await ds.getRepository(OrganEntity).update({ id: t.organA }, { identityLevel: 'e-legitimation' });
    try {
      expect(await store.organIdentityLevel(t.organisationId, t.organA)).toBe('e-legitimation');
    } finally {
      await ds.getRepository(OrganEntity).update({ id: t.organA }, { identityLevel: 'e-postlank' });
    }
    expect(await store.organIdentityLevel(randomUUID(), t.organA)).toBeNull();
  });
});
