import { FixedClock, ORG, ORGAN, OTHER_ORGAN, USER, minimalProtocol, revisorCaller, secretaryCaller, seedProtocol } from '../testing/fixtures';
import { InMemoryProtocolStore } from '../testing/in-memory-store';
import { CreateProtocol } from './create-protocol';

const NOW = new Date('2026-12-01T09:00:00Z');

function setup() {
  const store = new InMemoryProtocolStore();
  seedProtocol(store);
  return { store, useCase: new CreateProtocol(store, new FixedClock(NOW)) };
}

describe(CreateProtocol.name, () => {
  it('stores a complete protocol as a structured draft, titled from its own data', async () => {
    const { store, useCase } = setup();
    const { protocol, errors, warnings } = await useCase.execute({ caller: secretaryCaller(), organId: ORGAN, protocol: minimalProtocol(), draft: false });
    expect(protocol).toMatchObject({ organisationId: ORG, organId: ORGAN, source: 'structured', status: 'draft', title: 'Protokoll Kommunstyrelsen 2025-03-05', meetingDate: '2025-03-05', documentId: null, createdBy: USER, createdAt: NOW, updatedAt: NOW, rowVersion: 1 });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(await store.find(ORG, protocol.id)).toEqual(protocol);
  });

  it('refuses an incomplete protocol unless it is a draft, which keeps the issues left', async () => {
    const { store, useCase } = setup();
    const input = { ...minimalProtocol(), meeting: { date: 'snart' }, documentTitle: 'Extra protokoll' };
    const cmd = { caller: secretaryCaller(), organId: ORGAN, protocol: input, draft: false };
    await expect(useCase.execute(cmd)).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/^Protokollet är ogiltigt: /) });
    expect(store.protocols).toHaveLength(1);

    const saved = await useCase.execute({ ...cmd, draft: true });
    expect(saved.protocol).toMatchObject({ title: 'Extra protokoll Kommunstyrelsen', meetingDate: '', data: input });
    expect(saved.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['meeting.date']));
  });

  it('refuses even a draft of the wrong shape, naming the field', async () => {
    const { useCase } = setup();
    const cmd = { caller: secretaryCaller(), organId: ORGAN, protocol: { ...minimalProtocol(), colour: 'röd' }, draft: true };
    await expect(useCase.execute(cmd)).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/^Utkastet är ogiltigt: /) });
  });

  it('refuses an unknown organ, and an organ or role the caller may not write', async () => {
    const { useCase, store } = setup();
    const doc = minimalProtocol();
    await expect(useCase.execute({ caller: secretaryCaller([ORGAN, 'x']), organId: 'x', protocol: doc, draft: false })).rejects.toMatchObject({
      code: 'invalid_request',
      details: [{ path: 'organId', message: 'Organet finns inte; välj ett av organen i listan.' }],
    });
    await expect(useCase.execute({ caller: secretaryCaller(), organId: OTHER_ORGAN, protocol: doc, draft: false })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(useCase.execute({ caller: revisorCaller(), organId: ORGAN, protocol: doc, draft: false })).rejects.toMatchObject({ code: 'forbidden' });
    expect(store.protocols).toHaveLength(1);
  });
});
