import { deflateSync } from 'node:zlib';
import { BufferByteSource, PdfReadError, PdfReader, PositionedPdfReader } from './index';
import { classicPdf as buildPdf, relistedUpdates } from './testing/pdf';

const minimal = () => [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 300 144] >>',
  '<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>',
  '<< /Length 8 >>\nstream\nBT ET q\nendstream',
];

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof PdfReadError) return e.code;
    throw e;
  }
  throw new Error('no error');
}

describe(PositionedPdfReader.name, () => {
  it('reads what PdfReader reads: trailer, pages with inherited /MediaBox, streams', () => {
    const pdf = buildPdf(minimal());
    const r = PositionedPdfReader.open(new BufferByteSource(pdf));
    const w = PdfReader.open(pdf);
    expect([r.startxref, r.size, r.xrefKind]).toEqual([w.startxref, w.size, w.xrefKind]);
    expect(r.pages().map((p) => [p.ref?.key, p.mediaBox])).toEqual([['3 0', [0, 0, 300, 144]]]);
    expect(r.pages()).toHaveLength(w.pages().length);
  });

  it('decodes an xref stream with the shared filters (PNG predictor) and finds objects in an object stream', () => {
    const head = '%PDF-1.7\n';
    const objStmBody = '1 0 2 48 ';
    const inner = '<< /Type /Catalog /Pages 2 0 R >>'.padEnd(48, ' ') + '<< /Type /Pages /Kids [] /Count 0 >>';
    const objStmData = deflateSync(Buffer.from(objStmBody + inner, 'latin1'));
    const o3 = Buffer.concat([Buffer.from(`3 0 obj\n<< /Type /ObjStm /N 2 /First ${objStmBody.length} /Filter /FlateDecode /Length ${objStmData.length} >>\nstream\n`, 'latin1'), objStmData, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
    const o3at = head.length;
    const xrefAt = o3at + o3.length;
    // Rows: type(1) f2(4) f3(1), PNG "Up" predictor with 6 columns.
    const rows = [
      [0, 0, 0, 0, 0, 255],
      [2, 0, 0, 0, 3, 0],
      [2, 0, 0, 0, 3, 1],
      [1, 0, 0, 0, o3at, 0],
      [1, 0, 0, (xrefAt >> 8) & 255, xrefAt & 255, 0],
    ];
    const raw: number[] = [];
    rows.forEach((row, i) => raw.push(2, ...row.map((b, c) => (b - (i > 0 ? rows[i - 1]![c]! : 0)) & 255)));
    const xdata = deflateSync(Buffer.from(raw));
    const xref = Buffer.concat([
      Buffer.from(`4 0 obj\n<< /Type /XRef /Size 5 /W [1 4 1] /Root 1 0 R /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 6 >> /Length ${xdata.length} >>\nstream\n`, 'latin1'),
      xdata,
      Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'),
    ]);
    const pdf = Buffer.concat([Buffer.from(head, 'latin1'), o3, xref]);
    const r = PositionedPdfReader.open(pdf);
    expect(r.xrefKind).toBe('stream');
    expect(r.catalog().name('Type')).toBe('Catalog');
    expect(r.pages()).toEqual([]);
    expect(PdfReader.open(pdf).catalog().name('Type')).toBe('Catalog');
  });

  it('counts cross-reference entries over every revision together, as PdfReader does', () => {
    const base = buildPdf(minimal());
    expect(PositionedPdfReader.open(relistedUpdates(base, 1), { maxXrefEntries: 12 }).size).toBe(5);
    expect(code(() => PositionedPdfReader.open(relistedUpdates(base, 2), { maxXrefEntries: 12 }))).toBe('LIMIT_OBJECTS');
  });

  it('fails with PdfReadError codes instead of recovering (the signer then falls back to PdfReader)', () => {
    expect(code(() => PositionedPdfReader.open(Buffer.from('%PDF-1.7\nno xref at all\n')))).toBe('NO_STARTXREF');
    const pdf = buildPdf(minimal());
    const wrong = Buffer.from(pdf.toString('latin1').replace(/startxref\n\d+/, 'startxref\n12'), 'latin1');
    expect(code(() => PositionedPdfReader.open(wrong))).toBe('BAD_XREF');
    expect(PdfReader.open(wrong).recovered).toBe(true);
    const loop = buildPdf(minimal(), `/Prev ${pdf.toString('latin1').lastIndexOf('xref\n0 5')}`);
    expect(code(() => PositionedPdfReader.open(loop))).toBe('BAD_XREF');
  });

  it('keeps to the budget: an xref subsection larger than maxObjects is refused', () => {
    const pdf = buildPdf(minimal());
    expect(code(() => PositionedPdfReader.open(pdf, { maxObjects: 3 }))).toBe('LIMIT_OBJECTS');
  });
});
