import { FixedClock, ORG, minimalProtocol, revisorCaller, secretaryCaller, seedProtocol } from '../testing/fixtures';
import { InMemoryProtocolStore } from '../testing/in-memory-store';
import type { StoredProtocol } from './ports';
import { UpdateProtocol } from './update-protocol';

const NOW = new Date('2026-12-01T09:00:00Z');

function setup(over?: Partial<StoredProtocol>) {
  const store = new InMemoryProtocolStore();
  const p = seedProtocol(store, over);
  const changed = { ...minimalProtocol(), organ: 'Kultur- och fritidsnämnden', meeting: { ...minimalProtocol().meeting, date: '2025-04-01' } };
  const cmd = { caller: secretaryCaller(), protocolId: p.id, protocol: changed as unknown, rowVersion: 3 as number | undefined, draft: false };
  return { store, p, cmd, useCase: new UpdateProtocol(store, new FixedClock(NOW)) };
}

describe(UpdateProtocol.name, () => {
  it('saves a draft, retitles it from its data and moves the row version on', async () => {
    const { store, p, cmd, useCase } = setup();
    const { protocol } = await useCase.execute(cmd);
    expect(protocol).toMatchObject({ title: 'Protokoll Kultur- och fritidsnämnden 2025-04-01', meetingDate: '2025-04-01', updatedAt: NOW, rowVersion: 4 });
    expect(await store.find(ORG, p.id)).toEqual(protocol);
  });

  it('refuses a protocol that is no longer a draft, and an uploaded one, before reading the content', async () => {
    const notDraft = setup({ status: 'justering' });
    await expect(notDraft.useCase.execute({ ...notDraft.cmd, protocol: 'nonsens' })).rejects.toMatchObject({
      code: 'not_draft',
      message: 'Protokollet är inte längre ett utkast och kan inte ändras.',
    });
    const uploaded = setup({ source: 'uploaded' });
    await expect(uploaded.useCase.execute({ ...uploaded.cmd, protocol: 'nonsens' })).rejects.toMatchObject({
      code: 'uploaded',
      message: 'Ett uppladdat protokoll kan inte redigeras; ladda upp en ny PDF.',
    });
  });

  it('refuses a save on top of another’s (the row version it read moved on), and keeps the other', async () => {
    const { store, p, cmd, useCase } = setup();
    await expect(useCase.execute({ ...cmd, rowVersion: 2 })).rejects.toMatchObject({ code: 'stale', message: 'Någon annan har sparat protokollet under tiden. Läs in det igen.' });
    expect(await store.find(ORG, p.id)).toEqual(p);
    // Two editors who read the same version: the first save wins, the second is stale.
    await useCase.execute(cmd);
    await expect(useCase.execute(cmd)).rejects.toMatchObject({ code: 'stale' });
  });

  it('refuses when another save lands between the read and the write', async () => {
    const { store, cmd, useCase } = setup();
    const save = store.saveIfUnchanged.bind(store);
    store.saveIfUnchanged = async (next) => {
      await save({ ...next, title: 'Den andres' });
      return save(next);
    };
    await expect(useCase.execute({ ...cmd, rowVersion: undefined })).rejects.toMatchObject({ code: 'stale' });
    expect(store.protocols[0].title).toBe('Den andres');
  });

  it('keeps an incomplete draft with its issues, and refuses an incomplete protocol', async () => {
    const { cmd, useCase } = setup();
    const incomplete = { ...minimalProtocol(), paragraphs: [] };
    await expect(useCase.execute({ ...cmd, protocol: incomplete })).rejects.toMatchObject({ code: 'invalid_request' });
    const saved = await useCase.execute({ ...cmd, protocol: incomplete, draft: true });
    expect(saved.protocol.data).toEqual(incomplete);
    expect(saved.errors.length).toBeGreaterThan(0);
  });

  it('hides another organisation’s protocol and refuses a caller who may only read', async () => {
    const { cmd, useCase } = setup();
    await expect(useCase.execute({ ...cmd, caller: secretaryCaller(undefined, '00000000-0000-4000-8000-00000000a002') })).rejects.toMatchObject({
      code: 'not_found',
      message: 'Protokollet finns inte.',
    });
    await expect(useCase.execute({ ...cmd, caller: revisorCaller() })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
