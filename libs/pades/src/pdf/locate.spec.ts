import { PdfReader, PdfDict } from '@justera/pdf-reader';
import { FileLocator } from './locate';
import { plainPdf, samplePdf } from '../testing/sample-pdf';
import { tempDir } from '../testing/tools';
import { fillFields } from './fill';

// External checkers (openssl, pdfsig, qpdf) and key generation: slow on a busy machine.
jest.setTimeout(60_000);

describe(FileLocator.name, () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  const cases: [string, () => Promise<Buffer>][] = [
    ['classic xref table', () => samplePdf()],
    ['xref stream with object streams', () => samplePdf({ objectStreams: true })],
    ['no form, xref stream', () => plainPdf(true)],
    ['classic table plus an incremental revision', async () => fillFields(await samplePdf(), { 'anslag.uppsattande': '2025-03-05' })],
    ['xref stream plus an incremental revision', async () => fillFields(await samplePdf({ objectStreams: true }), { 'anslag.nedtagande': '2025-03-27' })],
  ];

  it.each(cases)('agrees with PdfReader on a %s', async (_, make) => {
    const pdf = await make();
    const file = tmp.file('x.pdf', pdf);
    const loc = FileLocator.open(file);
    try {
      const r = PdfReader.open(pdf);
      expect(loc.startxref).toBe(r.startxref);
      expect(loc.size).toBe(r.size);
      expect(loc.xrefKind).toBe(r.xrefKind);
      expect(loc.catalog().keys().sort()).toEqual(r.catalog().keys().sort());
      expect(loc.pages().map((p) => p.ref?.key)).toEqual(r.pages().map((p) => p.ref?.key));
      const simplify = (fs: ReturnType<PdfReader['fields']>, res: (o: never) => unknown) =>
        fs.map((f) => ({ name: f.name, type: f.type, ref: f.ref?.key, widgets: f.widgets.map((w) => w.ref?.key), value: res(f.value as never) instanceof PdfDict ? 'dict' : String((res(f.value as never) as { text?: () => string })?.text?.() ?? '') }));
      expect(simplify(loc.fields(), (o) => loc.resolve(o))).toEqual(simplify(r.fields(), (o) => r.resolve(o)));
    } finally {
      loc.close();
    }
  });

  it('refuses a file without startxref', () => {
    const file = tmp.file('bad.pdf', Buffer.from('%PDF-1.7\nnot really a pdf\n'));
    expect(() => FileLocator.open(file)).toThrow(/startxref/);
  });
});
