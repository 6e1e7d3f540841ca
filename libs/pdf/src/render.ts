/**
 * renderProtocolPdf / renderExcerptPdf: Protocol → deterministic PDF/A-2b-style A4 PDF with
 * embedded Noto Sans subsets, AcroForm text fields for the anslag dates and one empty signature
 * field per signatory.
 */
import { formatParagraphRange, type Paragraph, type Protocol } from '@justera/protocol';
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFFont, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from 'pdf-lib';
import { directMappingFontkit, FONT_STYLES, FontSet, FontStyle, loadFonts, sanitize, unsupportedCharacters } from './fonts';
import {
  ANSLAG_FIELD_PARENT,
  FORM_FONT_CHARACTERS,
  FORM_FONT_RESOURCE,
  formFontHex,
  SIGNATURE_FIELD_PARENT,
  type SignatoryIdentification,
} from './fields';
import { DrawOp, LayoutPage, Rgb } from './flow';
import { FontResources, GlyphEncoder, writeContent } from './content';
import { CONTENT_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, PAGE_HEIGHT, PAGE_WIDTH, layoutProtocol } from './layout';
import { addOutputIntent, addXmpMetadata } from './pdfa';
import { PageMarks, writeStructTree } from './structure';
import { addOutline } from './outline';

/** Bumped whenever the output bytes for the same input change on purpose. Part of the /ID hash. */
export const RENDERER_VERSION = 'justera-pdf/3';

export interface RenderOptions {
  /**
   * What to do with characters Noto Sans cannot draw (emoji, rare scripts): 'replace' (default)
   * draws "?" in their place; 'error' throws UnsupportedCharactersError listing them.
   * `findUnsupportedCharacters` tells a caller in advance.
   */
  missingGlyphs?: 'replace' | 'error';
  /** Start every § on a new page (default false: paragraphs flow on). */
  paragraphPerPage?: boolean;
  /**
   * How the undertecknare will be identified (the justering round's identity level): printed under each
   * undertecknare on the Underskrifter page (`signatoryIdentificationText`). Absent (a preview, the CLI):
   * no such line.
   */
  identification?: SignatoryIdentification;
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

/**
 * An annotation rectangle with coordinates rounded to 1/1000 pt, so that the numbers written are
 * short and exact ("423.09", not "423.09000000000003"): a signer that rewrites the widget then writes
 * the same /Rect, and validators comparing revisions see no change.
 */
function rect(op: { x: number; y: number; w: number; h: number }): number[] {
  const r = (v: number): number => Math.round(v * 1000) / 1000;
  return [r(op.x), r(op.y), r(op.x + op.w), r(op.y + op.h)];
}

/** URIs in PDF are 7-bit ASCII: percent-encode anything else (and leave existing escapes alone). */
function asciiUri(uri: string): string {
  return uri.replace(/[^\x21-\x7e]/gu, (ch) => encodeURIComponent(ch));
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
function subsetTag(hash: Buffer, style: string): string {
  const h = createHash('sha256').update(hash).update(style).digest();
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + (h[i] % 26));
  return tag;
}

const HEADER_TEXT: Rgb = [0.1, 0.1, 0.1];
const HEADER_MUTED: Rgb = [0.38, 0.38, 0.38];
const HEADER_RULE: Rgb = [0.55, 0.55, 0.55];

/** Page header (organisation, organ, title, date, "Sida x (y)") and footer boxes, as draw ops. */
function furniture(job: RenderJob, fonts: FontSet, index: number, count: number): DrawOp[] {
  const p = job.protocol;
  const ops: DrawOp[] = [];
  const top = PAGE_HEIGHT - 44;
  const right = PAGE_WIDTH - MARGIN_RIGHT;
  const midX = MARGIN_LEFT + 250;
  const fit = (text: string, style: FontStyle, size: number, max: number): string => {
    let t = sanitize(text, fonts);
    if (fonts[style].width(t) * size <= max) return t;
    while (t.length > 1 && fonts[style].width(`${t}…`) * size > max) t = t.slice(0, -1);
    return `${t.trimEnd()}…`;
  };
  const text = (t: string, x: number, y: number, style: FontStyle, size: number, color: Rgb, align?: 'right'): void => {
    ops.push({ t: 'text', text: t, x, y, style, size, color, align, mc: 'artifact' });
  };
  // The organisation, and the organ below it, unless one already says the other ("E-nämnden" in
  // "E-nämnden", "Hälsingerådet" twice): then the longer one, once.
  const same = (a: string, b: string): boolean =>
    a.toLocaleLowerCase('sv').replace(/\s+/g, ' ').trim().includes(b.toLocaleLowerCase('sv').replace(/\s+/g, ' ').trim());
  const organFirst = same(p.organ, p.organisation);
  text(fit(organFirst ? p.organ : p.organisation, 'bold', 10.5, midX - MARGIN_LEFT - 12), MARGIN_LEFT, top, 'bold', 10.5, HEADER_TEXT);
  if (!organFirst && !same(p.organisation, p.organ))
    text(fit(p.organ, 'regular', 9.5, midX - MARGIN_LEFT - 12), MARGIN_LEFT, top - 14, 'regular', 9.5, HEADER_TEXT);
  text(fit(job.title, 'bold', 10.5, right - midX - 80), midX, top, 'bold', 10.5, HEADER_TEXT);
  const label = 'Sammanträdesdatum';
  text(label, midX, top - 14, 'regular', 7.5, HEADER_MUTED);
  text(sanitize(p.meeting.date, fonts), midX + fonts.regular.width(label) * 7.5 + 6, top - 14, 'regular', 9.5, HEADER_TEXT);
  text(`Sida ${index + 1} (${count})`, right, top, 'regular', 9.5, HEADER_TEXT, 'right');
  ops.push({ t: 'line', x1: MARGIN_LEFT, y1: top - 26, x2: right, y2: top - 26, width: 0.8, color: HEADER_RULE });

  // Footer: the two boxes readers expect on every page.
  const boxW = 118;
  const boxH = 34;
  const boxY = CONTENT_BOTTOM - 50;
  const labels = ['Justerandes signatur', 'Utdragsbestyrkande'];
  labels.forEach((l, i) => {
    const x = right - (labels.length - i) * boxW - (labels.length - 1 - i) * 8;
    ops.push({ t: 'rect', x, y: boxY, w: boxW, h: boxH, stroke: HEADER_RULE, lineWidth: 0.6 });
    text(l, x + 4, boxY + boxH - 9, 'regular', 6.5, HEADER_MUTED);
  });
  text(
    fit(`${p.organ} · ${job.title} ${p.meeting.date}`, 'regular', 7.5, right - 2 * boxW - 8 - MARGIN_LEFT - 16),
    MARGIN_LEFT,
    boxY + 4,
    'regular',
    7.5,
    HEADER_MUTED,
  );
  return ops;
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
    {
      protocol: job.protocol,
      title: job.title,
      paragraphs: job.paragraphs,
      tableOfContents: !job.excerpt,
      paragraphPerPage: !!job.options.paragraphPerPage,
      identification: job.options.identification,
    },
    fonts,
  );
  const hash = createHash('sha256')
    .update(RENDERER_VERSION)
    .update(
      JSON.stringify({
        protocol: job.protocol,
        title: job.title,
        paragraphs: job.paragraphs.map((p) => p.number),
        excerpt: job.excerpt,
        options: job.options,
      }),
    )
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
  // The anslag text fields are filled later: a dedicated small subset whose glyph codes are the
  // 1-based positions in FORM_FONT_CHARACTERS (see fields.ts), so a filler needs no font parsing.
  const formFont = await doc.embedFont(fonts.regular.bytes, {
    subset: true,
    customName: `${subsetTag(hash, 'form')}+${POSTSCRIPT_NAMES.regular}`,
  });
  const formCodes = formFont.encodeText(FORM_FONT_CHARACTERS).asString();
  if (formCodes !== formFontHex(FORM_FONT_CHARACTERS)) throw new Error(`Form font glyph order unexpected: ${formCodes}`);
  const names: Record<FontStyle, string> = { regular: 'F1', bold: 'F2', italic: 'F3', boldItalic: 'F4' };
  const encoders = new Map<FontStyle, { name: string; encoder: GlyphEncoder }>();
  const resources: FontResources = {
    get(style) {
      let r = encoders.get(style);
      if (!r) {
        if (!pdfFonts[style]) throw new Error(`Font ${style} used but not embedded`);
        r = { name: names[style], encoder: new GlyphEncoder(pdfFonts[style]) };
        encoders.set(style, r);
      }
      return r;
    },
  };

  const context = doc.context;
  const fieldKids: Record<string, PDFRef[]> = { [ANSLAG_FIELD_PARENT]: [], [SIGNATURE_FIELD_PARENT]: [] };
  // Parent field objects, allocated when their first kid appears (no dangling object numbers).
  const parentRefs: Record<string, PDFRef> = {};
  const parentRef = (name: string): PDFRef => (parentRefs[name] ??= context.nextRef());
  const fontResourceName = FORM_FONT_RESOURCE;
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
  const tagged: { ref: PDFRef; node: PDFDict; marks: PageMarks }[] = [];
  layout.pages.forEach((lp, index) => {
    const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    const annots: PDFRef[] = [];
    const marks = new PageMarks(index);
    tagged.push({ ref: page.ref, node: page.node, marks });
    const { content, styles } = writeContent(
      [...furniture(job, fonts, index, count), ...lp.ops],
      resources,
      (t, style, size) => fonts[style].width(t) * size,
      marks,
    );
    const fontDict: Record<string, PDFRef> = {};
    for (const style of FONT_STYLES) if (styles.has(style)) fontDict[resources.get(style).name] = pdfFonts[style].ref;
    page.node.set(PDFName.of('Resources'), context.obj({ Font: fontDict }));
    page.node.set(PDFName.of('Contents'), context.register(context.flateStream(content)));
    for (const op of lp.ops) drawOp(op);

    function drawOp(op: DrawOp): void {
      switch (op.t) {
        case 'link': {
          const annot = context.obj({
            Type: 'Annot',
            Subtype: 'Link',
            Rect: rect(op),
            Border: [0, 0, 0],
            F: 4,
            // PDF/UA: an annotation's description; the link's target says where it goes.
            Contents: PDFHexString.fromText(op.uri),
            A: { Type: 'Action', S: 'URI', URI: PDFString.of(asciiUri(op.uri)) },
          });
          const ref = context.register(annot);
          annots.push(ref);
          if (op.node) op.node.annotation = { page: index, ref };
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
            TU: PDFHexString.fromText(op.tooltip),
            Parent: parentRef(parent),
            Rect: rect(op),
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
          if (op.node) op.node.annotation = { page: index, ref };
          return;
        }
        default:
          return; // drawn in the content stream
      }
    }
    if (annots.length) {
      page.node.set(PDFName.of('Annots'), context.obj(annots));
      // PDF/UA: tab order follows the structure.
      page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
    }
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
        DR: { Font: { [fontResourceName]: formFont.ref } },
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
  const subject = `${job.title} från sammanträde med ${p.organ}, ${p.organisation}, ${p.meeting.date}${refs.length ? `, ${formatParagraphRange(refs)}` : ''}`;
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
    conformance: 'A',
    pdfUa: true,
  });
  addOutputIntent(context, catalog);
  writeStructTree(context, catalog, layout.structure, tagged, 'sv-SE');
  addOutline(
    context,
    catalog,
    layout.outline,
    tagged.map((t) => t.ref),
  );
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
