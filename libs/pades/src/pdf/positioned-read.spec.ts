import { FileByteSource, PdfDict, PdfReader, PdfReadError, PdfStream, PositionedPdfReader, type FieldInfo, type PdfObject } from '@justera/pdf-reader';
import { plainPdf, samplePdf } from '../testing/sample-pdf';
import { tempDir } from '../testing/tools';
import { fillFields } from './fill';

// Sample documents come from the renderer and pdf-lib: slow on a busy machine.
jest.setTimeout(60_000);

/** The signer reads documents through positioned reads: they must see what the whole-file reader sees. */
describe(`${PositionedPdfReader.name} on documents the signer handles`, () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  const cases: [string, () => Promise<Buffer>][] = [
    ['classic xref table', () => samplePdf()],
    ['xref stream with object streams', () => samplePdf({ objectStreams: true })],
    ['no form, xref stream', () => plainPdf(true)],
    ['classic table plus an incremental revision', async () => fillFields(await samplePdf(), { 'anslag.uppsattande': '2025-03-05' })],
    ['xref stream plus an incremental revision', async () => fillFields(await samplePdf({ objectStreams: true }), { 'anslag.nedtagande': '2025-03-27' })],
  ];

  const simplify = (fs: FieldInfo[], res: (o: PdfObject | undefined) => PdfObject | undefined) =>
    fs.map((f) => {
      const v = res(f.value);
      return { name: f.name, type: f.type, ref: f.ref?.key, widgets: f.widgets.map((w) => w.ref?.key), value: v instanceof PdfDict ? 'dict' : String((v as { text?: () => string } | null)?.text?.() ?? '') };
    });

  it.each(cases)('agrees with PdfReader on a %s', async (_, make) => {
    const pdf = await make();
    const file = tmp.file('x.pdf', pdf);
    const loc = PositionedPdfReader.open(file);
    try {
      const r = PdfReader.open(pdf);
      expect(loc.length).toBe(pdf.length);
      expect(loc.startxref).toBe(r.startxref);
      expect(loc.size).toBe(r.size);
      expect(loc.xrefKind).toBe(r.xrefKind);
      expect(loc.catalog().keys().sort()).toEqual(r.catalog().keys().sort());
      expect(loc.pages().map((p) => [p.ref?.key, p.mediaBox])).toEqual(r.pages().map((p) => [p.ref?.key, p.mediaBox]));
      expect(simplify(loc.fields(), (o) => loc.resolve(o))).toEqual(simplify(r.fields(), (o) => r.resolve(o)));
      // A stream object resolves to a stream with the same decoded content.
      const contents = r.pages()[0]!.dict.get('Contents');
      const a = loc.resolve(contents);
      const b = r.resolve(contents);
      if (b instanceof PdfStream) {
        expect(a).toBeInstanceOf(PdfStream);
        expect(Buffer.from((a as PdfStream).raw).equals(Buffer.from(b.raw))).toBe(true);
      }
    } finally {
      loc.close();
    }
  });

  it('reads through a ByteSource the caller keeps open, and from a buffer', async () => {
    const pdf = await samplePdf({ objectStreams: true });
    const source = new FileByteSource(tmp.file('y.pdf', pdf));
    try {
      const viaSource = PositionedPdfReader.open(source);
      viaSource.close(); // not its source: stays open
      expect(source.read(0, 5).toString('latin1')).toBe('%PDF-');
      expect(PositionedPdfReader.open(pdf).fields().map((f) => f.name)).toEqual(viaSource.fields().map((f) => f.name));
    } finally {
      source.close();
    }
  });

  it('refuses a file without startxref with a PdfReadError', () => {
    const file = tmp.file('bad.pdf', Buffer.from('%PDF-1.7\nnot really a pdf\n'));
    expect(() => PositionedPdfReader.open(file)).toThrow(PdfReadError);
    expect(() => PositionedPdfReader.open(file)).toThrow(/NO_STARTXREF/);
  });
});
