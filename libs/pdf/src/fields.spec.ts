import fontkit from '@pdf-lib/fontkit';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDict, PDFDocument, PDFName, PDFRef, PDFString } from 'pdf-lib';
import {
  ANSLAG_FIELDS,
  FORM_FONT_CHARACTERS,
  FORM_FONT_RESOURCE,
  formFontHex,
  renderProtocolPdf,
  sampleProtocol,
  textFieldAppearance,
} from './index';

const run = promisify(execFile);

describe(textFieldAppearance.name, () => {
  it('uses the advance widths of the embedded font', () => {
    const font = fontkit.create(readFileSync(require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf')));
    // A string whose width decides the x offset: centring in a narrow box shows the width used.
    for (const ch of FORM_FONT_CHARACTERS) {
      const w = (font.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth / font.unitsPerEm) * 10;
      const x = Number(/([\d.]+) [\d.]+ Td/.exec(textFieldAppearance(ch, w + 6, 16))![1]);
      expect(x).toBeCloseTo(3, 2);
    }
  });

  it('rejects characters outside the form font', () => {
    expect(() => formFontHex('2025-03-05')).not.toThrow();
    expect(() => formFontHex('5 mars')).toThrow(/"m"/);
  });

  it('fills an anslag field so that poppler shows the date (font codes match the embedded subset)', async () => {
    const bytes = await renderProtocolPdf(sampleProtocol({ paragraphs: 1, tableRows: 0 }));
    const doc = await PDFDocument.load(bytes);
    const acro = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
    const fontRef = acro
      .lookup(PDFName.of('DR'), PDFDict)
      .lookup(PDFName.of('Font'), PDFDict)
      .get(PDFName.of(FORM_FONT_RESOURCE)) as PDFRef;
    const field = doc.getForm().getTextField(ANSLAG_FIELDS.uppsattande);
    const [widget] = field.acroField.getWidgets();
    const { width, height } = widget.getRectangle();
    const ap = doc.context.stream(textFieldAppearance('2025-03-05', width, height), {
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, 0, width, height],
      Resources: { Font: { [FORM_FONT_RESOURCE]: fontRef } },
    });
    widget.dict.set(PDFName.of('AP'), doc.context.obj({ N: doc.context.register(ap) }));
    field.acroField.dict.set(PDFName.of('V'), PDFString.of('2025-03-05'));
    const dir = mkdtempSync(join(tmpdir(), 'justera-fields-'));
    try {
      const file = join(dir, 'filled.pdf');
      writeFileSync(file, await doc.save({ useObjectStreams: false, updateFieldAppearances: false }));
      const { stdout } = await run('pdftotext', ['-f', '1', '-l', '2', file, '-']);
      expect(stdout).toContain('2025-03-05');
      const { stdout: fonts } = await run('pdffonts', [file]);
      expect(fonts).not.toMatch(/ no /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
