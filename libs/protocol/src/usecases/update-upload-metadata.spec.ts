import { invalidRequest } from '@justera/application';
import { FixedClock, ORG, revisorCaller, secretaryCaller, seedProtocol } from '../testing/fixtures';
import { InMemoryProtocolStore } from '../testing/in-memory-store';
import type { StoredProtocol } from './ports';
import { UpdateUploadMetadata, type UploadMetadataChange } from './update-upload-metadata';

const NOW = new Date('2026-12-01T09:00:00Z');

function setup(over: Partial<StoredProtocol> = {}) {
  const store = new InMemoryProtocolStore();
  const p = seedProtocol(store, { source: 'uploaded', documentId: 'doc-1', data: { organ: 'Kommunstyrelsen', storagePlace: 'Arkivet' }, ...over });
  const read = jest.fn(
    (organ: string): UploadMetadataChange => ({ title: 'Protokoll KS april', meetingDate: '2025-04-01', data: { organ, storagePlace: 'Kansliet' }, rowVersion: 3 }),
  );
  return { store, p, read, useCase: new UpdateUploadMetadata(store, new FixedClock(NOW)) };
}

describe(UpdateUploadMetadata.name, () => {
  it('saves the metadata of an uploaded draft, keeping its organ name, and moves the row version on', async () => {
    const { store, p, read, useCase } = setup();
    const saved = await useCase.execute({ caller: secretaryCaller(), protocolId: p.id, read });
    expect(read).toHaveBeenCalledWith('Kommunstyrelsen');
    expect(saved).toMatchObject({ title: 'Protokoll KS april', meetingDate: '2025-04-01', data: { organ: 'Kommunstyrelsen', storagePlace: 'Kansliet' }, updatedAt: NOW, rowVersion: 4, documentId: 'doc-1' });
    expect(await store.find(ORG, p.id)).toEqual(saved);
  });

  it('refuses a structured protocol and one that is no longer a draft without reading the form', async () => {
    const structured = setup({ source: 'structured' });
    await expect(structured.useCase.execute({ caller: secretaryCaller(), protocolId: structured.p.id, read: structured.read })).rejects.toMatchObject({
      code: 'structured',
      message: 'Ett skrivet protokoll ändras i redigeraren (PUT /api/protocols/:id).',
    });
    const sent = setup({ status: 'justering' });
    await expect(sent.useCase.execute({ caller: secretaryCaller(), protocolId: sent.p.id, read: sent.read })).rejects.toMatchObject({
      code: 'not_draft',
      message: 'Protokollet är inte längre ett utkast och kan inte ändras.',
    });
    expect(structured.read).not.toHaveBeenCalled();
    expect(sent.read).not.toHaveBeenCalled();
  });

  it('passes the form’s own mistakes through before the row version is compared', async () => {
    const { store, p, useCase } = setup({ rowVersion: 9 });
    const read = () => {
      throw invalidRequest('Uppgifterna är ogiltiga: title: saknas', [{ path: 'title', message: 'saknas' }]);
    };
    await expect(useCase.execute({ caller: secretaryCaller(), protocolId: p.id, read })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await store.find(ORG, p.id)).toEqual(p);
  });

  it('refuses a stale form, and a caller who may only read', async () => {
    const stale = setup({ rowVersion: 4 });
    await expect(stale.useCase.execute({ caller: secretaryCaller(), protocolId: stale.p.id, read: stale.read })).rejects.toMatchObject({
      code: 'stale',
      message: 'Någon annan har sparat protokollet under tiden. Läs in det igen.',
    });
    const { p, read, useCase } = setup();
    await expect(useCase.execute({ caller: revisorCaller(), protocolId: p.id, read })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
