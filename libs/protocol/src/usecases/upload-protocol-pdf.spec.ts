import { createHash } from 'node:crypto';
import { FakePdfInspector, FixedClock, namedSignatories, ORG, ORGAN, OTHER_ORGAN, secretaryCaller, seedProtocol, USER } from '../testing/fixtures';
import { InMemoryProtocolStore } from '../testing/in-memory-store';
import type { FieldIssue } from './ports';
import { UploadProtocolPdf, type UploadProtocolPdfCommand } from './upload-protocol-pdf';

const NOW = new Date('2026-12-01T09:00:00Z');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF');

function setup(inspector = new FakePdfInspector()) {
  const store = new InMemoryProtocolStore();
  seedProtocol(store);
  store.protocols.length = 0;
  return { store, inspector, useCase: new UploadProtocolPdf(store, inspector, namedSignatories, new FixedClock(NOW)) };
}

function command(over: Partial<UploadProtocolPdfCommand> = {}): UploadProtocolPdfCommand {
  return {
    caller: secretaryCaller(),
    form: {
      organId: ORGAN,
      title: 'Protokoll KS 2025-03-05',
      meetingDate: '2025-03-05',
      storagePlace: 'Kommunkansliet',
      signatories: JSON.stringify([
        { role: 'sekreterare', name: ' Sara Sekreterare ', email: 'sara@example.se ' },
        { role: 'ordforande', name: 'Anna Andersson', email: '' },
      ]),
      order: 'parallel',
    },
    formIssues: [],
    file: { bytes: PDF, fileName: `${'x'.repeat(300)}.pdf` },
    ...over,
  };
}

describe(UploadProtocolPdf.name, () => {
  it('stores the upload as a draft with its metadata and its document', async () => {
    const { store, inspector, useCase } = setup();
    const saved = await useCase.execute(command());
    expect(saved).toMatchObject({
      organisationId: ORG,
      organId: ORGAN,
      source: 'uploaded',
      status: 'draft',
      title: 'Protokoll KS 2025-03-05',
      meetingDate: '2025-03-05',
      createdBy: USER,
      createdAt: NOW,
      updatedAt: NOW,
      rowVersion: 1,
      data: {
        organ: 'Kommunstyrelsen',
        meetingDate: '2025-03-05',
        meetingTime: null,
        storagePlace: 'Kommunkansliet',
        justeringPlace: null,
        order: 'parallel',
        signatories: [
          { role: 'sekreterare', name: 'Sara Sekreterare', email: 'sara@example.se' },
          { role: 'ordforande', name: 'Anna Andersson', email: undefined },
        ],
        substitutes: [],
      },
    });
    expect(store.protocols).toEqual([saved]);
    expect(store.documents).toEqual([
      {
        id: saved.documentId,
        organisationId: ORG,
        sha256: createHash('sha256').update(PDF).digest('hex'),
        size: PDF.length,
        mediaType: 'application/pdf',
        fileName: 'x'.repeat(255),
        content: PDF,
        createdAt: NOW,
      },
    ]);
    expect(inspector.read).toHaveLength(1);
  });

  it('names every mistake of the form at once: the fields, the file and the signatories', async () => {
    const { store, useCase } = setup();
    const formIssues: FieldIssue[] = [{ path: 'title', message: 'Ange en titel.' }];
    const signatories = JSON.stringify([{ role: 'sekreterare', name: ' ' }]);
    const err = await useCase
      .execute(command({ formIssues, form: { ...command().form, signatories, substitutes: '[oops' }, file: { bytes: Buffer.from('hello'), fileName: 'a.pdf' } }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'invalid_request',
      details: [
        { path: 'title', message: 'Ange en titel.' },
        { path: 'file', message: 'Filen är inte en PDF.' },
        { path: 'substitutes', message: 'Ogiltig JSON.' },
        { path: 'signatories[0].name', message: 'Ange namn.' },
      ],
    });
    expect((err as Error).message).toBe('Uppgifterna är ogiltiga: title: Ange en titel.; file: Filen är inte en PDF.; substitutes: Ogiltig JSON.; signatories[0].name: Ange namn.');
    expect(store.protocols).toEqual([]);
    expect(store.documents).toEqual([]);
  });

  it('refuses a bad PDF with its own error when the file is the only mistake', async () => {
    const notPdf = setup();
    await expect(notPdf.useCase.execute(command({ file: { bytes: Buffer.from('GIF89a'), fileName: 'a.pdf' } }))).rejects.toMatchObject({
      code: 'unsupported_media_type',
      message: 'Filen är inte en PDF.',
      details: [{ path: 'file', message: 'Filen är inte en PDF.' }],
    });
    expect(notPdf.inspector.read).toHaveLength(0);

    const encrypted = setup(new FakePdfInspector({ ok: true, value: { ok: true, encrypted: true, signed: false } }));
    await expect(encrypted.useCase.execute(command())).rejects.toMatchObject({ code: 'encrypted_pdf', details: [{ path: 'file' }] });

    // Signed before: the justering's first signature certifies, which only a document's first may do.
    const signed = setup(new FakePdfInspector({ ok: true, value: { ok: true, encrypted: false, signed: true } }));
    await expect(signed.useCase.execute(command())).rejects.toMatchObject({
      code: 'signed_pdf',
      details: [{ path: 'file', message: expect.stringMatching(/^PDF-filen är redan signerad\./) }],
    });

    const unreadable = setup(new FakePdfInspector({ ok: true, value: { ok: false, message: 'ingen xref-tabell' } }));
    await expect(unreadable.useCase.execute(command())).rejects.toMatchObject({ code: 'unreadable_pdf', message: 'PDF-filen går inte att läsa: ingen xref-tabell.' });

    const slow = setup(new FakePdfInspector({ ok: false, reason: 'timeout' }));
    await expect(slow.useCase.execute(command())).rejects.toMatchObject({
      code: 'pdf_too_complex',
      message: 'PDF-filen kan inte tas emot: den tar för lång tid att läsa. Spara den på nytt (till exempel som PDF/A) och ladda upp igen.',
    });
    const crashed = setup(new FakePdfInspector({ ok: false, reason: 'crashed' }));
    await expect(crashed.useCase.execute(command())).rejects.toMatchObject({ code: 'unreadable_pdf' });

    const missing = setup();
    await expect(missing.useCase.execute(command({ file: undefined }))).rejects.toMatchObject({
      code: 'invalid_request',
      message: 'file: en PDF-fil krävs (multipart-fältet "file").',
      details: [{ path: 'file', message: 'Välj en PDF-fil.' }],
    });
    for (const s of [notPdf, encrypted, signed, unreadable, slow, crashed, missing]) expect(s.store.protocols).toEqual([]);
  });

  it('passes a failure of the inspector that is not the file’s (a full pool) through as it is', async () => {
    const busy = new Error('pool full');
    const { useCase } = setup(new FakePdfInspector(busy));
    await expect(useCase.execute(command())).rejects.toBe(busy);
  });

  it('refuses an organ of another organisation, or one the caller may not write to, before reading the file', async () => {
    const other = setup();
    const elsewhere = secretaryCaller([ORGAN], '00000000-0000-4000-8000-00000000a002');
    await expect(other.useCase.execute(command({ caller: elsewhere }))).rejects.toMatchObject({
      code: 'invalid_request',
      message: `organId: okänt organ ${ORGAN}`,
      details: [{ path: 'organId', message: 'Organet finns inte; välj ett av organen i listan.' }],
    });
    const notMine = setup();
    await expect(notMine.useCase.execute(command({ form: { ...command().form, organId: OTHER_ORGAN } }))).rejects.toMatchObject({ code: 'forbidden' });
    for (const s of [other, notMine]) {
      expect(s.inspector.read).toHaveLength(0);
      expect(s.store.protocols).toEqual([]);
    }
  });

  it('with the organ itself at fault, names the form’s issues without reading the file', async () => {
    const { inspector, useCase } = setup();
    const formIssues = [{ path: 'organId', message: 'Välj organ.' }];
    await expect(useCase.execute(command({ formIssues, form: { ...command().form, organId: 'nope' } }))).rejects.toMatchObject({
      code: 'invalid_request',
      details: [{ path: 'organId', message: 'Välj organ.' }],
    });
    expect(inspector.read).toHaveLength(0);
  });
});
