/**
 * renderProtocolPdf / renderExcerptPdf: Protocol → deterministic PDF/A-2b-style A4 PDF with
 * embedded Noto Sans subsets, AcroForm text fields for the anslag dates and one empty signature
 * field per signatory.
 */
import type { Paragraph, Protocol } from '@justera/protocol';
import { createHash } from 'node:crypto';
import { PDFDict, PDFDocument, PDFFont, PDFHexString, PDFName, PDFNumber, PDFPage, PDFRef, PDFString, PDFArray, rgb } from 'pdf-lib';
import { directMappingFontkit, FONT_STYLES, FontSet, FontStyle, loadFonts, sanitize, unsupportedCharacters } from './fonts';
import { ANSLAG_FIELD_PARENT, SIGNATURE_FIELD_PARENT } from './fields';
import { DrawOp, LayoutPage, Rgb } from './flow';
import { CONTENT_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, PAGE_HEIGHT, PAGE_WIDTH, layoutProtocol } from './layout';
import { addOutputIntent, addXmpMetadata } from './pdfa';

/** Bumped whenever the output bytes for the same input change on purpose. Part of the /ID hash. */
export const RENDERER_VERSION = 'justera-pdf/1';

export interface RenderOptions {
  /**
   * What to do with characters Noto Sans cannot draw (emoji, rare scripts): 'replace' (default)
   * draws "?" in their place; 'error' throws UnsupportedCharactersError listing them.
   * `findUnsupportedCharacters` tells a caller in advance.
   */
  missingGlyphs?: 'replace' | 'error';
  /** Start every § on a new page (default false: paragraphs flow on). */
  paragraphPerPage?: boolean;
}

export class UnsupportedCharactersError extends Error {
  constructor(readonly characters: string[]) {
    super(
      `Protokollet innehåller tecken som typsnittet inte kan visa: ${characters
        .map((c) => `"${c}" (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`)
        .join(', ')}`,
    );
    this.name = 'UnsupportedCharactersError';
  }
}

export class UnknownParagraphError extends Error {
  constructor(readonly numbers: number[]) {
    super(`Paragrafer saknas i protokollet: ${numbers.map((n) => `§ ${n}`).join(', ')}`);
    this.name = 'UnknownParagraphError';
  }
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, out);
}

/** The distinct characters in the protocol's text that the embedded fonts cannot draw. */
export function findUnsupportedCharacters(protocol: Protocol): string[] {
  const strings: string[] = [];
  collectStrings(protocol, strings);
  return unsupportedCharacters(strings.join('\n'));
}

/** JSON with object keys sorted, so equal protocols hash equally whatever their key order. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface RenderJob {
  protocol: Protocol;
  title: string;
  paragraphs: Paragraph[];
  excerpt: boolean;
  options: RenderOptions;
}

const POSTSCRIPT_NAMES: Record<FontStyle, string> = {
  regular: 'NotoSans-Regular',
  bold: 'NotoSans-Bold',
  italic: 'NotoSans-Italic',
  boldItalic: 'NotoSans-BoldItalic',
};

/** A six-letter subset tag (ISO 32000 9.6.4) derived from the content hash: deterministic. */
function subsetTag(hash: Buffer, style: FontStyle): string {
  const h = createHash('sha256').update(hash).update(style).digest();
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + (h[i] % 26));
  return tag;
}

function color(c: Rgb | undefined) {
  return c ? rgb(c[0], c[1], c[2]) : rgb(0.1, 0.1, 0.1);
}

const HEADER_TEXT = rgb(0.1, 0.1, 0.1);
const HEADER_MUTED = rgb(0.38, 0.38, 0.38);
const HEADER_RULE = rgb(0.55, 0.55, 0.55);

function drawFurniture(page: PDFPage, job: RenderJob, fontFor: (s: FontStyle) => PDFFont, fonts: FontSet, index: number, count: number): void {
  const p = job.protocol;
  const top = PAGE_HEIGHT - 44;
  const right = PAGE_WIDTH - MARGIN_RIGHT;
  const midX = MARGIN_LEFT + 250;
  const fit = (text: string, style: FontStyle, size: number, max: number): string => {
    let t = sanitize(text, fonts);
    if (fonts[style].width(t) * size <= max) return t;
    while (t.length > 1 && fonts[style].width(`${t}…`) * size > max) t = t.slice(0, -1);
    return `${t.trimEnd()}…`;
  };
  page.drawText(fit(p.organisation, 'bold', 10.5, midX - MARGIN_LEFT - 12), { x: MARGIN_LEFT, y: top, size: 10.5, font: fontFor('bold'), color: HEADER_TEXT });
  page.drawText(fit(p.organ, 'regular', 9.5, midX - MARGIN_LEFT - 12), { x: MARGIN_LEFT, y: top - 14, size: 9.5, font: fontFor('regular'), color: HEADER_TEXT });
  page.drawText(fit(job.title, 'bold', 10.5, right - midX - 80), { x: midX, y: top, size: 10.5, font: fontFor('bold'), color: HEADER_TEXT });
  const label = 'Sammanträdesdatum';
  page.drawText(label, { x: midX, y: top - 14, size: 7.5, font: fontFor('regular'), color: HEADER_MUTED });
  page.drawText(p.meeting.date, { x: midX + fonts.regular.width(label) * 7.5 + 6, y: top - 14, size: 9.5, font: fontFor('regular'), color: HEADER_TEXT });
  const sida = `Sida ${index + 1} (${count})`;
  page.drawText(sida, { x: right - fonts.regular.width(sida) * 9.5, y: top, size: 9.5, font: fontFor('regular'), color: HEADER_TEXT });
  page.drawLine({ start: { x: MARGIN_LEFT, y: top - 26 }, end: { x: right, y: top - 26 }, thickness: 0.8, color: HEADER_RULE });

  // Footer: the two boxes readers expect on every page.
  const boxW = 118;
  const boxH = 34;
  const boxY = CONTENT_BOTTOM - 50;
  const labels = ['Justerandes signatur', 'Utdragsbestyrkande'];
  labels.forEach((l, i) => {
    const x = right - (labels.length - i) * boxW - (labels.length - 1 - i) * 8;
    page.drawRectangle({ x, y: boxY, width: boxW, height: boxH, borderColor: HEADER_RULE, borderWidth: 0.6 });
    page.drawText(l, { x: x + 4, y: boxY + boxH - 9, size: 6.5, font: fontFor('regular'), color: HEADER_MUTED });
  });
  const org = fit(`${p.organ} · ${job.title} ${p.meeting.date}`, 'regular', 7.5, right - 2 * boxW - 8 - MARGIN_LEFT - 16);
  page.drawText(org, { x: MARGIN_LEFT, y: boxY + 4, size: 7.5, font: fontFor('regular'), color: HEADER_MUTED });
}

function usedStyles(pages: LayoutPage[]): Set<FontStyle> {
  const used = new Set<FontStyle>(['regular', 'bold']);
  for (const page of pages) for (const op of page.ops) if (op.t === 'text') used.add(op.style);
  return used;
}

async function render(job: RenderJob): Promise<Uint8Array> {
  const fonts = loadFonts();
  if (job.options.missingGlyphs === 'error') {
    const bad = findUnsupportedCharacters(job.protocol);
    if (bad.length) throw new UnsupportedCharactersError(bad);
  }
  const layout = layoutProtocol(
    { protocol: job.protocol, title: job.title, paragraphs: job.paragraphs, tableOfContents: !job.excerpt, paragraphPerPage: !!job.options.paragraphPerPage },
    fonts,
  );
  const hash = createHash('sha256')
    .update(RENDERER_VERSION)
    .update(stableStringify({ protocol: job.protocol, title: job.title, paragraphs: job.paragraphs.map((p) => p.number), excerpt: job.excerpt, options: job.options }))
    .digest();

  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(directMappingFontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const used = usedStyles(layout.pages);
  const pdfFonts = {} as Record<FontStyle, PDFFont>;
  for (const style of FONT_STYLES) {
    if (!used.has(style)) continue;
    pdfFonts[style] = await doc.embedFont(fonts[style].bytes, {
      subset: true,
      customName: `${subsetTag(hash, style)}+${POSTSCRIPT_NAMES[style]}`,
    });
  }
  // The anslag text fields are filled later with dates using the regular font from /DR:
  // make sure the subset has every glyph a date needs.
  pdfFonts.regular.encodeText('0123456789-.:/ ');
  const fontFor = (s: FontStyle): PDFFont => pdfFonts[s];

  const context = doc.context;
  const fieldKids: Record<string, PDFRef[]> = { [ANSLAG_FIELD_PARENT]: [], [SIGNATURE_FIELD_PARENT]: [] };
  const parentRefs: Record<string, PDFRef> = {
    [ANSLAG_FIELD_PARENT]: context.nextRef(),
    [SIGNATURE_FIELD_PARENT]: context.nextRef(),
  };
  const fontResourceName = 'NotoSans';
  const da = `/${fontResourceName} 10 Tf 0 g`;

  const emptyAppearance = (w: number, h: number, marked: boolean): PDFRef => {
    const stream = context.stream(marked ? '/Tx BMC\nEMC\n' : '', {
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, 0, w, h],
      Resources: {},
    });
    return context.register(stream);
  };

  const count = layout.pages.length;
  layout.pages.forEach((lp, index) => {
    const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    drawFurniture(page, job, fontFor, fonts, index, count);
    const annots: PDFRef[] = [];
    for (const op of lp.ops) drawOp(op);

    function drawOp(op: DrawOp): void {
      switch (op.t) {
        case 'text':
          page.drawText(op.text, { x: op.align === 'right' ? op.x - fonts[op.style].width(op.text) * op.size : op.x, y: op.y, size: op.size, font: fontFor(op.style), color: color(op.color) });
          return;
        case 'line':
          page.drawLine({ start: { x: op.x1, y: op.y1 }, end: { x: op.x2, y: op.y2 }, thickness: op.width, color: color(op.color) });
          return;
        case 'rect':
          page.drawRectangle({
            x: op.x,
            y: op.y,
            width: op.w,
            height: op.h,
            color: op.fill ? color(op.fill) : undefined,
            borderColor: op.stroke ? color(op.stroke) : undefined,
            borderWidth: op.stroke ? op.lineWidth ?? 0.5 : 0,
          });
          return;
        case 'link': {
          const annot = context.obj({
            Type: 'Annot',
            Subtype: 'Link',
            Rect: [op.x, op.y, op.x + op.w, op.y + op.h],
            Border: [0, 0, 0],
            F: 4,
            A: { Type: 'Action', S: 'URI', URI: PDFString.of(op.uri) },
          });
          annots.push(context.register(annot));
          return;
        }
        case 'textField':
        case 'signatureField': {
          const isSig = op.t === 'signatureField';
          const [parent, partial] = op.name.split('.');
          const widget = context.obj({
            Type: 'Annot',
            Subtype: 'Widget',
            FT: isSig ? 'Sig' : 'Tx',
            T: PDFString.of(partial),
            TU: PDFString.of(op.tooltip),
            Parent: parentRefs[parent],
            Rect: [op.x, op.y, op.x + op.w, op.y + op.h],
            F: 4,
            P: page.ref,
            AP: { N: emptyAppearance(op.w, op.h, !isSig) },
          }) as PDFDict;
          if (!isSig) {
            widget.set(PDFName.of('DA'), PDFString.of(da));
            widget.set(PDFName.of('Ff'), PDFNumber.of(0));
          }
          const ref = context.register(widget);
          annots.push(ref);
          fieldKids[parent].push(ref);
          return;
        }
      }
    }
    if (annots.length) page.node.set(PDFName.of('Annots'), context.obj(annots));
  });

  // AcroForm: the two parent fields, the default resources with the regular font, no SigFlags
  // (the signer sets them) and no NeedAppearances (PDF/A forbids it).
  const fields: PDFRef[] = [];
  for (const parent of [ANSLAG_FIELD_PARENT, SIGNATURE_FIELD_PARENT]) {
    if (!fieldKids[parent].length) continue;
    context.assign(parentRefs[parent], context.obj({ T: PDFString.of(parent), Kids: fieldKids[parent] }));
    fields.push(parentRefs[parent]);
  }
  const catalog = doc.catalog;
  catalog.set(
    PDFName.of('AcroForm'),
    context.register(
      context.obj({
        Fields: fields,
        DR: { Font: { [fontResourceName]: pdfFonts.regular.ref } },
        DA: PDFString.of(da),
      }),
    ),
  );

  // Metadata: Info dictionary and XMP say the same things.
  const p = job.protocol;
  const date = new Date(`${p.meeting.date}T00:00:00Z`);
  const isoDate = `${p.meeting.date}T00:00:00Z`;
  const title = `${job.title} ${p.organ} ${p.meeting.date}`;
  const refs = job.paragraphs.map((x) => x.number);
  const subject = `${job.title} från sammanträde med ${p.organ}, ${p.organisation}, ${p.meeting.date}${refs.length ? `, §§ ${Math.min(...refs)}–${Math.max(...refs)}` : ''}`;
  const keywords = [p.organisation, p.organ, job.title, p.meeting.date].join(', ');
  const producer = `Justera (${RENDERER_VERSION}, pdf-lib)`;
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setAuthor(p.organ);
  doc.setSubject(subject);
  doc.setKeywords([keywords]);
  doc.setCreator('Justera');
  doc.setProducer(producer);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  doc.setLanguage('sv-SE');
  const idHex = hash.subarray(0, 16).toString('hex').toUpperCase();
  addXmpMetadata(context, catalog, {
    title,
    author: p.organ,
    subject,
    keywords,
    creator: 'Justera',
    producer,
    date: isoDate,
    language: 'sv-SE',
    documentId: idHex,
  });
  addOutputIntent(context, catalog);
  context.trailerInfo.ID = context.obj([PDFHexString.of(idHex), PDFHexString.of(idHex)]) as PDFArray;

  return doc.save({ useObjectStreams: false, updateFieldAppearances: false, addDefaultPage: false });
}

/** Renders the whole protocol: first page, table of contents, paragraphs, bilagor, Underskrifter page. */
export function renderProtocolPdf(protocol: Protocol, options: RenderOptions = {}): Promise<Uint8Array> {
  return render({ protocol, title: protocol.documentTitle || 'Protokoll', paragraphs: protocol.paragraphs, excerpt: false, options });
}

/**
 * Renders a protokollsutdrag (for omedelbar justering): the meeting block, the ANSLAG/BEVIS box, the
 * given paragraphs and its own Underskrifter page. Throws UnknownParagraphError for numbers not in
 * the protocol.
 */
export function renderExcerptPdf(protocol: Protocol, paragraphNumbers: number[], options: RenderOptions = {}): Promise<Uint8Array> {
  const wanted = [...new Set(paragraphNumbers)];
  const missing = wanted.filter((n) => !protocol.paragraphs.some((p) => p.number === n));
  if (missing.length) return Promise.reject(new UnknownParagraphError(missing));
  const paragraphs = protocol.paragraphs.filter((p) => wanted.includes(p.number));
  return render({ protocol, title: 'Protokollsutdrag', paragraphs, excerpt: true, options });
}
