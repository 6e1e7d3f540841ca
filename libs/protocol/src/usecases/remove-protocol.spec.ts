import { secretaryCaller, seedProtocol, revisorCaller } from '../testing/fixtures';
import { InMemoryProtocolStore } from '../testing/in-memory-store';
import type { StoredProtocol } from './ports';
import { RemoveProtocol } from './remove-protocol';

function setup(over?: Partial<StoredProtocol>) {
  const store = new InMemoryProtocolStore();
  const p = seedProtocol(store, over);
  return { store, p, useCase: new RemoveProtocol(store) };
}

describe(RemoveProtocol.name, () => {
  it('removes a draft with its uploaded document', async () => {
    const { store, p, useCase } = setup({ source: 'uploaded', documentId: 'doc-1' });
    await useCase.execute({ caller: secretaryCaller(), protocolId: p.id });
    expect(store.protocols).toEqual([]);
    expect(store.deletedDocuments).toEqual(['doc-1']);
  });

  it.each(['justering', 'justerat'] as const)('keeps a protocol under %s', async (status) => {
    const { store, p, useCase } = setup({ status });
    await expect(useCase.execute({ caller: secretaryCaller(), protocolId: p.id })).rejects.toMatchObject({ code: 'not_draft', message: 'Bara utkast kan tas bort.' });
    expect(store.protocols).toHaveLength(1);
  });

  it('refuses a caller who may only read, and does not find an unknown protocol', async () => {
    const { store, p, useCase } = setup();
    await expect(useCase.execute({ caller: revisorCaller(), protocolId: p.id })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(useCase.execute({ caller: secretaryCaller(), protocolId: 'saknas' })).rejects.toMatchObject({ code: 'not_found' });
    expect(store.protocols).toHaveLength(1);
  });
});
