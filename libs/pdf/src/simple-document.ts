/**
 * A plain A4 text document (title, metadata, wrapped lines, page numbers) in the protocol's fonts:
 * the body of sealed reports — the validation report, the evidence report, the anslagsbevis.
 *
 * PDF/A-2a like the protocols (docs/pdf.md, "Sealed reports"): XMP equal to the Info dictionary, the
 * sRGB OutputIntent, Noto Sans subsets, trailer /ID, and tagged (Document > H1, H2, P; the page
 * numbers are artifacts) with the protocol renderer's structure and content writers. Classic xref
 * tables, so the organisation seal can be appended as an incremental revision. Deterministic: the
 * same document gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFFont, PDFHexString, PDFName, PDFRef } from 'pdf-lib';
import { FontResources, GlyphEncoder, writeContent } from './content';
import { directMappingFontkit, FontFace, FontStyle, loadFonts, sanitize } from './fonts';
import type { DrawOp, Rgb } from './flow';
import { addOutputIntent, addXmpMetadata } from './pdfa';
import { McSlot, PageMarks, StructNode, writeStructTree } from './structure';

export interface SimpleDocument {
  title: string;
  author: string;
  subject?: string;
  /** Paragraph lines; "" is a blank line; a line starting with "# " is a heading. */
  lines: string[];
  /**
   * CreationDate/ModDate (and the XMP dates), to whole seconds; default: omitted. Not read from a
   * clock, so the output stays deterministic.
   */
  date?: Date;
}

/** Bumped whenever the output bytes for the same input change on purpose. Part of the /ID hash. */
export const SIMPLE_DOCUMENT_VERSION = 'justera-simple/3';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const TEXT: Rgb = [0.1, 0.1, 0.1];
const MUTED: Rgb = [0.35, 0.35, 0.35];
const LANG = 'sv-SE';

/**
 * Greedy line breaking at whitespace; a word longer than the line is cut by characters. A line that
 * ends where the text was broken at a space keeps one trailing space (drawn, invisible), so text
 * read from the structure tree keeps its words apart.
 */
function wrap(text: string, font: FontFace, size: number, width: number): string[] {
  const fits = (s: string): boolean => font.width(s) * size <= width;
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/(\s+)/)) {
    const candidate = line + word;
    if (fits(candidate) || line.trim() === '') {
      if (!fits(candidate) && line.trim() === '') {
        let piece = '';
        for (const ch of word) {
          if (!fits(piece + ch)) {
            out.push(piece);
            piece = '';
          }
          piece += ch;
        }
        line = piece;
      } else line = candidate;
    } else {
      out.push(`${line.trimEnd()} `);
      line = word.trimStart();
    }
  }
  out.push(line.trimEnd());
  return out;
}

/** Whole seconds: the PDF date string has no fractions, and the XMP date must say the same. */
function wholeSeconds(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

/** A six-letter subset tag (ISO 32000 9.6.4) derived from the content hash: deterministic. */
function subsetTag(hash: Buffer, style: string): string {
  const h = createHash('sha256').update(hash).update(style).digest();
  return Array.from(h.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
}

export async function renderSimpleDocumentPdf(doc: SimpleDocument): Promise<Uint8Array> {
  const fonts = loadFonts();
  const hash = createHash('sha256').update(SIMPLE_DOCUMENT_VERSION).update(JSON.stringify(doc)).digest();

  // Layout: draw ops per page, each text run in its structure element's slot.
  const root = new StructNode('Document');
  const pages: DrawOp[][] = [[]];
  const top = A4[1] - MARGIN;
  const width = A4[0] - 2 * MARGIN;
  let y = top;
  const draw = (text: string, style: FontStyle, size: number, gap: number, slot: McSlot): void => {
    for (const l of wrap(sanitize(text, fonts), fonts[style], size, width)) {
      if (y - size < MARGIN + 20) {
        pages.push([]);
        y = top;
      }
      pages[pages.length - 1].push({ t: 'text', text: l, x: MARGIN, y: y - size, style, size, color: TEXT, mc: slot });
      y -= size + gap;
    }
  };
  draw(doc.title, 'bold', 16, 10, root.add('H1').slot());
  for (const line of doc.lines) {
    if (line === '') y -= 8;
    else if (line.startsWith('# ')) {
      y -= 6;
      draw(line.slice(2), 'bold', 12, 5, root.add('H2').slot());
    } else draw(line, 'regular', 10, 4, root.add('P').slot());
  }
  pages.forEach((ops, i) =>
    ops.push({
      t: 'text',
      text: `Sida ${i + 1} (${pages.length})`,
      x: A4[0] - MARGIN - 60,
      y: MARGIN - 20,
      style: 'regular',
      size: 8,
      color: MUTED,
      mc: 'artifact',
    }),
  );

  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(directMappingFontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  // Subsets (the padded glyph records make fontkit's subsetter safe: see ttf-pad.ts), named with a
  // six-letter tag derived from the content as ISO 32000 9.6.4 asks. Full faces were ~650 KB.
  const embedded: Partial<Record<FontStyle, { font: PDFFont; name: string; encoder: GlyphEncoder }>> = {};
  for (const [style, postscript, resource] of [
    ['regular', 'NotoSans-Regular', 'F1'],
    ['bold', 'NotoSans-Bold', 'F2'],
  ] as const) {
    const font = await pdf.embedFont(fonts[style].bytes, { subset: true, customName: `${subsetTag(hash, style)}+${postscript}` });
    embedded[style] = { font, name: resource, encoder: new GlyphEncoder(font) };
  }
  const resources: FontResources = {
    get(style) {
      const e = embedded[style];
      if (!e) throw new Error(`Font ${style} used but not embedded`);
      return e;
    },
  };
  const context = pdf.context;
  const tagged: { ref: PDFRef; node: PDFDict; marks: PageMarks }[] = [];
  pages.forEach((ops, index) => {
    const page = pdf.addPage(A4);
    const marks = new PageMarks(index);
    tagged.push({ ref: page.ref, node: page.node, marks });
    const { content, styles } = writeContent(ops, resources, (t, style, size) => fonts[style].width(t) * size, marks);
    const fontDict: Record<string, PDFRef> = {};
    for (const style of styles) fontDict[resources.get(style).name] = embedded[style]!.font.ref;
    page.node.set(PDFName.of('Resources'), context.obj({ Font: fontDict }));
    page.node.set(PDFName.of('Contents'), context.register(context.flateStream(content)));
    // The seal that makes a report evidence is a widget libs/pades adds on the last page later; PDF/UA
    // (ISO 14289-1 7.18.3) wants /Tabs /S on a page with annotations, and a signer may not change the
    // page dictionary beyond /Annots (libs/validation), so the renderer sets it now.
    if (index === pages.length - 1) page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
  });

  // Metadata: the Info dictionary and the XMP say the same things.
  const producer = `Justera (${SIMPLE_DOCUMENT_VERSION}, pdf-lib)`;
  pdf.setTitle(doc.title, { showInWindowTitleBar: true });
  pdf.setAuthor(doc.author);
  if (doc.subject !== undefined) pdf.setSubject(doc.subject);
  pdf.setLanguage(LANG);
  pdf.setProducer(producer);
  pdf.setCreator('Justera');
  const date = doc.date ? wholeSeconds(doc.date) : undefined;
  if (date) {
    pdf.setCreationDate(date);
    pdf.setModificationDate(date);
  }
  const idHex = hash.subarray(0, 16).toString('hex').toUpperCase();
  const catalog = pdf.catalog;
  addXmpMetadata(context, catalog, {
    title: doc.title,
    author: doc.author,
    subject: doc.subject,
    creator: 'Justera',
    producer,
    date: date?.toISOString().replace(/\.000Z$/, 'Z'),
    language: LANG,
    documentId: idHex,
    conformance: 'A',
    pdfUa: false,
  });
  addOutputIntent(context, catalog);
  writeStructTree(context, catalog, root, tagged, LANG);
  context.trailerInfo.ID = context.obj([PDFHexString.of(idHex), PDFHexString.of(idHex)]) as PDFArray;
  return pdf.save({ useObjectStreams: false, updateFieldAppearances: false, addDefaultPage: false });
}
