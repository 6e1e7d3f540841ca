import { DomainError } from '@justera/application';
import type { Protocol } from '../model';
import { minimalProtocol, ORG, revisorCaller, secretaryCaller, seedProtocol } from '../testing/fixtures';
import { InMemoryProtocolStore } from '../testing/in-memory-store';
import type { PreviewIdentification, StoredProtocol } from './ports';
import { PreviewProtocolPdf, previewFileName } from './preview-protocol-pdf';

/** Renders a text naming what it was given, so a spec can see what the PDF would show. */
class RecordingRenderer {
  readonly calls: { protocol: Protocol; identification: PreviewIdentification | undefined }[] = [];
  async render(protocol: Protocol, identification: PreviewIdentification | undefined) {
    this.calls.push({ protocol, identification });
    return new TextEncoder().encode('%PDF rendered');
  }
}

function setup(over: Partial<StoredProtocol> = {}, opts: { provider?: string; justerade?: number[]; level?: 'e-postlank' | 'e-legitimation' } = {}) {
  const store = new InMemoryProtocolStore();
  const p = seedProtocol(store, { title: 'Protokoll: KS 2025-03-05 (utkast)', ...over });
  if (opts.level) store.organs[0].identityLevel = opts.level;
  const renderer = new RecordingRenderer();
  const asked: string[] = [];
  const justerade = {
    paragraphs: async (_caller: unknown, protocolId: string) => {
      asked.push(protocolId);
      return opts.justerade ?? [];
    },
  };
  return { store, p, renderer, asked, useCase: new PreviewProtocolPdf(store, justerade, renderer, { eLegitimationProvider: opts.provider }) };
}

describe(PreviewProtocolPdf.name, () => {
  it('names the file after the title', () => {
    expect(previewFileName('Protokoll: KS 2025-03-05 (utkast)')).toBe('Protokoll-KS-2025-03-05-utkast.pdf');
  });

  it('answers an uploaded protocol’s stored file as it is, without rendering', async () => {
    const { store, p, renderer, useCase } = setup({ source: 'uploaded', documentId: 'doc-1', data: { organ: 'Kommunstyrelsen' } });
    const content = new TextEncoder().encode('%PDF-1.7 uppladdad');
    store.documents.push({ id: 'doc-1', organisationId: ORG, sha256: 'x', size: content.length, mediaType: 'application/pdf', fileName: 'p.pdf', content, createdAt: new Date() });
    expect(await useCase.execute({ caller: revisorCaller(), protocolId: p.id })).toEqual({ bytes: content, fileName: 'Protokoll-KS-2025-03-05-utkast.pdf' });
    expect(renderer.calls).toHaveLength(0);
  });

  it('an uploaded protocol whose file is gone is not_found', async () => {
    const { p, useCase } = setup({ source: 'uploaded', documentId: 'gone', data: {} });
    await expect(useCase.execute({ caller: secretaryCaller(), protocolId: p.id })).rejects.toMatchObject({ code: 'not_found', message: 'Dokumentet finns inte.' });
  });

  it('renders a complete structured protocol with the §§ justerade on their own marked and the organ’s identity level', async () => {
    const { p, renderer, asked, useCase } = setup({}, { justerade: [1], level: 'e-legitimation', provider: 'Freja eID' });
    const out = await useCase.execute({ caller: secretaryCaller(), protocolId: p.id });
    expect(new TextDecoder().decode(out.bytes)).toBe('%PDF rendered');
    expect(asked).toEqual([p.id]);
    expect(renderer.calls).toHaveLength(1);
    expect(renderer.calls[0].protocol.paragraphs[0]).toMatchObject({ number: 1, immediatelyAdjusted: true });
    expect(renderer.calls[0].identification).toEqual({ level: 'e-legitimation', provider: 'Freja eID' });
  });

  it('prints e-postlänk for an organ on e-postlänk, and no identification when e-legitimation has no provider', async () => {
    const plain = setup({}, { provider: 'Freja eID' });
    await plain.useCase.execute({ caller: secretaryCaller(), protocolId: plain.p.id });
    expect(plain.renderer.calls[0].identification).toEqual({ level: 'e-postlank' });
    expect(plain.renderer.calls[0].protocol).toEqual(minimalProtocol());
    const unconfigured = setup({}, { level: 'e-legitimation' });
    await unconfigured.useCase.execute({ caller: secretaryCaller(), protocolId: unconfigured.p.id });
    expect(unconfigured.renderer.calls[0].identification).toBeUndefined();
  });

  it('says what a draft lacks before it can be previewed', async () => {
    const { p, renderer, useCase } = setup({ data: { ...minimalProtocol(), storagePlace: undefined } });
    const err = (await useCase.execute({ caller: secretaryCaller(), protocolId: p.id }).catch((e: unknown) => e)) as DomainError;
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe('invalid_request');
    expect(err.message).toMatch(/^Protokollet är inte komplett: .*storagePlace/);
    expect(err.details).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'required' })]));
    expect(renderer.calls).toHaveLength(0);
  });

  it('another organisation’s protocol is not_found', async () => {
    const { p, useCase } = setup();
    await expect(useCase.execute({ caller: secretaryCaller(undefined, '00000000-0000-4000-8000-00000000a002'), protocolId: p.id })).rejects.toMatchObject({ code: 'not_found' });
  });
});
