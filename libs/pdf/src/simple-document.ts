/**
 * A plain A4 text document (title, metadata, wrapped lines, page numbers) in the protocol's fonts:
 * the body of sealed reports — the validation report, the evidence report, the anslagsbevis. Classic
 * xref tables, so the organisation seal can be appended as an incremental revision.
 */
import { createHash } from 'node:crypto';
import { PDFDocument, PDFFont, rgb } from 'pdf-lib';
import { directMappingFontkit, loadFonts, sanitize } from './fonts';

export interface SimpleDocument {
  title: string;
  author: string;
  subject?: string;
  /** Paragraph lines; "" is a blank line; a line starting with "# " is a heading. */
  lines: string[];
  /** For deterministic output (CreationDate/ModDate); default: omitted. */
  date?: Date;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/(\s+)/)) {
    const candidate = line + word;
    if (font.widthOfTextAtSize(candidate, size) <= width || line.trim() === '') {
      // A single word longer than the line is cut by characters.
      if (font.widthOfTextAtSize(candidate, size) > width && line.trim() === '') {
        let piece = '';
        for (const ch of word) {
          if (font.widthOfTextAtSize(piece + ch, size) > width) {
            out.push(piece);
            piece = '';
          }
          piece += ch;
        }
        line = piece;
      } else line = candidate;
    } else {
      out.push(line.trimEnd());
      line = word.trimStart();
    }
  }
  out.push(line.trimEnd());
  return out;
}

export async function renderSimpleDocumentPdf(doc: SimpleDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(directMappingFontkit as never);
  const fonts = loadFonts();
  // Subsets (the padded glyph records make fontkit's subsetter safe: see ttf-pad.ts), named with a
  // six-letter tag derived from the content as ISO 32000 9.6.4 asks. Full faces were ~650 KB.
  const hash = createHash('sha256').update(JSON.stringify(doc)).digest();
  const tag = (style: string): string => {
    const h = createHash('sha256').update(hash).update(style).digest();
    return Array.from(h.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
  };
  const regular = await pdf.embedFont(fonts.regular.bytes, { subset: true, customName: `${tag('regular')}+NotoSans-Regular` });
  const bold = await pdf.embedFont(fonts.bold.bytes, { subset: true, customName: `${tag('bold')}+NotoSans-Bold` });
  pdf.setTitle(doc.title, { showInWindowTitleBar: true });
  pdf.setAuthor(doc.author);
  if (doc.subject) pdf.setSubject(doc.subject);
  pdf.setLanguage('sv-SE');
  pdf.setProducer('Justera');
  pdf.setCreator('Justera');
  if (doc.date) {
    pdf.setCreationDate(doc.date);
    pdf.setModificationDate(doc.date);
  }
  const width = A4[0] - 2 * MARGIN;
  const pages = [pdf.addPage(A4)];
  let y = A4[1] - MARGIN;
  const draw = (text: string, font: PDFFont, size: number, gap: number) => {
    for (const l of wrap(sanitize(text, fonts), font, size, width)) {
      if (y - size < MARGIN + 20) {
        pages.push(pdf.addPage(A4));
        y = A4[1] - MARGIN;
      }
      pages[pages.length - 1].drawText(l, { x: MARGIN, y: y - size, size, font, color: rgb(0.1, 0.1, 0.1) });
      y -= size + gap;
    }
  };
  draw(doc.title, bold, 16, 10);
  for (const line of doc.lines) {
    if (line === '') y -= 8;
    else if (line.startsWith('# ')) {
      y -= 6;
      draw(line.slice(2), bold, 12, 5);
    } else draw(line, regular, 10, 4);
  }
  pages.forEach((p, i) => p.drawText(`Sida ${i + 1} (${pages.length})`, { x: A4[0] - MARGIN - 60, y: MARGIN - 20, size: 8, font: regular, color: rgb(0.35, 0.35, 0.35) }));
  return pdf.save({ useObjectStreams: false });
}
