import { PDFDocument, StandardFonts } from 'pdf-lib';
import { PdfArray, PdfDict, PdfReader, PdfRef } from '@justera/pdf-reader';
import { renderSimpleDocumentPdf } from '../simple-document';
import { checkPdfA2, pdfDateToMs, xmpProperty } from './pdfa-check';

/** Appends one incremental revision with the given objects (bodies) and trailer entries, by hand. */
function appendRevision(pdf: Buffer, objects: Record<number, string>, trailer: string): Buffer {
  const reader = PdfReader.open(pdf);
  const parts: string[] = [];
  let pos = pdf.length;
  const offsets: [number, number][] = [];
  for (const [num, body] of Object.entries(objects)) {
    const text = `${num} 0 obj\n${body}\nendobj\n`;
    offsets.push([Number(num), pos]);
    parts.push(text);
    pos += Buffer.byteLength(text, 'latin1');
  }
  const xref = ['xref', ...offsets.flatMap(([n, o]) => [`${n} 1`, `${String(o).padStart(10, '0')} 00000 n\r`])].join('\n');
  const root = String(reader.trailer.get('Root'));
  const id = /\/ID \[ <([0-9A-F]+)> <([0-9A-F]+)> \]/.exec(pdf.toString('latin1'))!;
  const size = Math.max(reader.size, ...offsets.map(([n]) => n + 1));
  parts.push(
    `${xref}\ntrailer\n<< /Size ${size} /Root ${root} /ID [<${id[1]}> <${id[2]}>] /Prev ${reader.startxref} ${trailer} >>\nstartxref\n${pos}\n%%EOF\n`,
  );
  return Buffer.concat([pdf, Buffer.from(parts.join(''), 'latin1')]);
}

describe(checkPdfA2.name, () => {
  let report: Buffer;
  beforeAll(async () => {
    report = Buffer.from(
      await renderSimpleDocumentPdf({
        title: 'Rapport',
        author: 'Justera',
        subject: 'Ämne',
        lines: ['Rad'],
        date: new Date('2025-03-05T00:00:00Z'),
      }),
    );
  });

  it('finds nothing in a sealed-report PDF from libs/pdf', () => {
    expect(checkPdfA2(report)).toEqual([]);
  });

  it('finds what a plain pdf-lib document lacks or adds: /ID, XMP, OutputIntent, embedded fonts, JavaScript', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawText('hej', { font: await doc.embedFont(StandardFonts.Helvetica) });
    doc.addJavaScript('hej', 'app.alert(1)');
    const rules = new Set(checkPdfA2(await doc.save()).map((v) => v.rule));
    expect([...rules].sort()).toEqual(
      [
        '6.1.3 trailer-id',
        '6.2.11.4 font-embedded',
        '6.2.3 output-intent',
        '6.5.1 actions',
        '6.6.2.1 metadata',
        'justera: subset fonts',
      ].sort(),
    );
  });

  it('finds an incremental update that changes the Info dictionary without the XMP, in that revision', () => {
    const reader = PdfReader.open(report);
    const changed = appendRevision(
      report,
      { [reader.size]: '<< /Title (Annan titel) /Author (Justera) /Subject <FEFF00C4006D006E0065> >>' },
      `/Info ${reader.size} 0 R`,
    );
    expect(checkPdfA2(changed)).toEqual([
      { rule: '6.6.3 info-xmp', revision: 1, where: 'Info', message: '/Title "Annan titel" but dc:title "Rapport"' },
    ]);
  });

  it('finds a hidden widget without appearance, an action on it and NeedAppearances in an appended revision', () => {
    const reader = PdfReader.open(report);
    const n = reader.size;
    const changed = appendRevision(
      report,
      {
        [n]: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (x) /Rect [10 10 100 50] /F 2 /A << /S /Launch /F (calc.exe) >> >>`,
        [n + 1]: '<< /Fields [] /NeedAppearances true >>',
      },
      '',
    );
    const found = checkPdfA2(changed).map((v) => `${v.rule}@${v.revision}`);
    expect(found).toEqual(
      expect.arrayContaining(['6.3.2 annotation-flags@1', '6.3.3 appearance@1', '6.5.1 actions@1', '6.4.1 widget-actions@1']),
    );
    // NeedAppearances counts only when the AcroForm is the catalog's; this one is not referenced.
    expect(found).not.toContain('6.4.1 need-appearances@1');
  });

  it('finds .notdef, a glyph the program lacks and /W widths unlike the program (our Identity-H fonts)', () => {
    const text = report.toString('latin1');
    const f1 = /\/F1 (\d+) 0 R/.exec(text)![1];
    const reader = PdfReader.open(report);
    const type0 = reader.resolve(new PdfRef(Number(f1), 0)) as PdfDict;
    const descendant = (reader.resolve(type0.get('DescendantFonts')) as PdfArray).items[0] as PdfRef;
    const descriptor = String((reader.resolve(descendant) as PdfDict).get('FontDescriptor'));
    const content = 'BT /F1 10 Tf <00000003> Tj <7FFF> Tj ET';
    const n = reader.size;
    const changed = appendRevision(
      report,
      {
        [n]: `<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /Font << /F1 ${f1} 0 R >> >> /Length ${content.length} >>\nstream\n${content}\nendstream`,
        [n + 1]:
          `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+NotoSans-Regular /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} /CIDToGIDMap /Identity /W [1 [999]] >>`,
      },
      '',
    );
    const found = checkPdfA2(changed).map((v) => `${v.rule}@${v.revision} ${v.where}`);
    expect(found.sort()).toEqual([
      `6.2.11.4.1 glyphs@1 object ${n} 0`,
      `6.2.11.5 widths@1 object ${n + 1} 0`,
      `6.2.11.8 notdef@1 object ${n} 0`,
    ]);
  });

  it('reads PDF dates and XMP properties', () => {
    expect(pdfDateToMs('D:20250305101112Z')).toBe(Date.parse('2025-03-05T10:11:12Z'));
    expect(pdfDateToMs("D:20250305111112+01'00'")).toBe(Date.parse('2025-03-05T10:11:12Z'));
    expect(xmpProperty('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">A &amp; B</rdf:li></rdf:Alt></dc:title>', 'dc:title')).toBe(
      'A & B',
    );
    expect(xmpProperty('<rdf:Description pdfaid:part="2"/>', 'pdfaid:part')).toBe('2');
  });
});
