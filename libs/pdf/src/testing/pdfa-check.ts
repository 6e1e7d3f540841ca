/**
 * A mechanical checker for the PDF/A-2 (ISO 19005-2) rules that can be decided from the file's
 * objects alone, for tests: our renderers' output and every revision the signer, the DSS, the
 * document time-stamps and the ANSLAG filling append to it. It is not a PDF/A validator (veraPDF is
 * not available here): docs/pdf.md lists which rules it checks and which it does not.
 *
 * Every object every revision wrote is checked as that revision wrote it, so a forbidden construct
 * is found even when a later revision replaced it; document-level rules (catalog, metadata, trailer)
 * are checked as of every revision. Two rules are stricter than PDF/A-2 and marked "justera:" —
 * fonts are subsets, and there is no transparency at all.
 */
import fontkit from '@pdf-lib/fontkit';
import { PdfArray, PdfDict, PdfName, PdfReader, PdfRef, PdfStream, PdfString, type PdfObject } from '@justera/pdf-reader';

export interface PdfAViolation {
  /** The rule: the ISO 19005-2 clause and a short name, or "justera:" for our stricter rules. */
  rule: string;
  /** The revision (0 = the original document) whose objects or trailer break it. */
  revision: number;
  /** Where: "trailer", "catalog", "object 12 0", … */
  where: string;
  message: string;
}

const FORBIDDEN_ACTIONS = new Set([
  'Launch',
  'Sound',
  'Movie',
  'ResetForm',
  'ImportData',
  'Hide',
  'SetOCGState',
  'Rendition',
  'Trans',
  'GoTo3DView',
  'JavaScript',
]);
const NAMED_ACTIONS = new Set(['NextPage', 'PrevPage', 'FirstPage', 'LastPage']);
/** ISO 32000-1 Table 169, without the types PDF/A-2 6.3.1 forbids (3D, Sound, Screen, Movie). */
const ANNOTATION_TYPES = new Set([
  'Text',
  'Link',
  'FreeText',
  'Line',
  'Square',
  'Circle',
  'Polygon',
  'PolyLine',
  'Highlight',
  'Underline',
  'Squiggly',
  'StrikeOut',
  'Stamp',
  'Caret',
  'Ink',
  'Popup',
  'FileAttachment',
  'Widget',
  'PrinterMark',
  'TrapNet',
  'Watermark',
  'Redact',
]);
const FONT_SUBTYPES = new Set(['Type0', 'Type1', 'MMType1', 'TrueType', 'Type3', 'CIDFontType0', 'CIDFontType2']);

/** Keys of the Info dictionary and the XMP property that must say the same (ISO 19005-2 6.6.3, Table 3). */
const INFO_XMP: [string, string][] = [
  ['Title', 'dc:title'],
  ['Author', 'dc:creator'],
  ['Subject', 'dc:description'],
  ['Keywords', 'pdf:Keywords'],
  ['Creator', 'xmp:CreatorTool'],
  ['Producer', 'pdf:Producer'],
  ['CreationDate', 'xmp:CreateDate'],
  ['ModDate', 'xmp:ModifyDate'],
];

class Findings {
  readonly list: PdfAViolation[] = [];
  private readonly seen = new Set<string>();
  add(rule: string, revision: number, where: string, message: string): void {
    const key = `${rule}|${where}|${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ rule, revision, where, message });
  }
}

/** "D:20250305101112Z", "D:20250305101112+01'00'" → epoch ms (undefined when unreadable). */
export function pdfDateToMs(s: string): number | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(\d{2})?'?(\d{2})?'?)?$/.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', z, zh = '00', zm = '00'] = m;
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +se);
  const offset = z === '+' || z === '-' ? (z === '+' ? 1 : -1) * (+zh * 60 + +zm) * 60_000 : 0;
  return utc - offset;
}

function xmlUnescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');
}

/** The value of an XMP property written as an element (the x-default / first rdf:li of a container). */
export function xmpProperty(xmp: string, property: string): string | undefined {
  const m = new RegExp(`<${property}(?:\\s[^>]*)?>([^]*?)</${property}>`).exec(xmp);
  if (m) {
    const items = [...m[1].matchAll(/<rdf:li([^>]*)>([^]*?)<\/rdf:li>/g)];
    if (!items.length) return xmlUnescape(m[1].trim());
    const preferred = items.find((i) => /xml:lang="x-default"/.test(i[1])) ?? items[0];
    return xmlUnescape(preferred[2]);
  }
  const attr = new RegExp(`\\s${property}="([^"]*)"`).exec(xmp);
  return attr ? xmlUnescape(attr[1]) : undefined;
}

function isEol(b: number | undefined): boolean {
  return b === 0x0a || b === 0x0d;
}

/** Checks `bytes` against the PDF/A-2 rules listed in docs/pdf.md. An empty list means none is broken. */
export function checkPdfA2(bytes: Uint8Array): PdfAViolation[] {
  const file = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const out = new Findings();
  const reader = PdfReader.open(file, { timeLimitMs: 60_000 });
  const last = reader.revisions.length - 1;
  const programs = new Map<string, FontProgram | null>();

  // 6.1.2 File header: %PDF-1.n, then a comment line with at least four bytes above 127.
  const header = file.subarray(0, 40).toString('latin1');
  const hm = /^%PDF-1\.[0-7](\r\n|\r|\n)%([^\r\n]*)/.exec(header);
  if (!hm) out.add('6.1.2 header', 0, 'header', 'the file does not start with %PDF-1.n and a comment line');
  else if ([...hm[2]].filter((c) => c.charCodeAt(0) > 127).length < 4)
    out.add('6.1.2 header', 0, 'header', 'the comment after the header has fewer than four bytes > 127');

  // 6.1.3 Nothing after the last %%EOF but one optional end-of-line.
  const tail = file.subarray(file.lastIndexOf('%%EOF') + 5).toString('latin1');
  if (!/^(\r\n|\r|\n)?$/.test(tail)) out.add('6.1.3 eof', last, 'end of file', `${tail.length} bytes follow the last %%EOF`);

  for (const rev of reader.revisions) {
    const r = rev.index;
    // 6.1.3 Trailer: /ID with two byte strings in every trailer; no /Encrypt.
    const id = rev.trailer.get('ID');
    if (!(id instanceof PdfArray) || id.length !== 2 || !id.items.every((x) => x instanceof PdfString))
      out.add('6.1.3 trailer-id', r, 'trailer', 'the trailer has no /ID of two strings');
    if (rev.trailer.has('Encrypt')) out.add('6.1.3 encrypt', r, 'trailer', 'the file is encrypted');
    // 6.1.4 Cross-reference table syntax (xref, EOL, "first count", EOL).
    if (rev.xrefKind === 'table') {
      const at = file.subarray(rev.xrefOffset, rev.xrefOffset + 40).toString('latin1');
      if (!/^xref(\r\n|\r|\n)\d+ \d+(\r\n|\r|\n)/.test(at))
        out.add('6.1.4 xref', r, `xref at ${rev.xrefOffset}`, 'xref keyword or subsection header malformed');
    }
    checkDocument(reader, r, out);
    for (const e of rev.entries.values()) {
      if (e.type === 'free') continue;
      const ref = new PdfRef(e.num, e.gen);
      const obj = reader.getIndirect(ref, r);
      if (!obj) continue;
      const where = `object ${e.num} ${e.gen}`;
      if (obj.offset >= 0) checkObjectSyntax(file, obj.offset, obj.end, r, where, out);
      checkValue(reader, obj.value, r, where, out, 0);
      checkGlyphs(reader, obj.value, r, where, out, programs);
    }
  }
  return out.list;
}

/** 6.1.8: "N G obj" EOL … EOL "endobj" EOL. */
function checkObjectSyntax(file: Buffer, offset: number, end: number, r: number, where: string, out: Findings): void {
  const head = file.subarray(offset, offset + 32).toString('latin1');
  if (!/^\d+ \d+ obj(\r\n|\r|\n)/.test(head)) out.add('6.1.8 obj', r, where, 'object header not "N G obj" followed by an end-of-line');
  if (end > 0) {
    const before = file.subarray(Math.max(0, end - 8), end).toString('latin1');
    if (!/(\r|\n)endobj$/.test(before)) out.add('6.1.8 obj', r, where, 'endobj not preceded by an end-of-line');
    if (end < file.length && !isEol(file[end])) out.add('6.1.8 obj', r, where, 'endobj not followed by an end-of-line');
  }
}

function resolve(reader: PdfReader, o: PdfObject | undefined, r: number): PdfObject | undefined {
  return reader.resolve(o, r);
}

function dictOf(reader: PdfReader, o: PdfObject | undefined, r: number): PdfDict | undefined {
  const v = resolve(reader, o, r);
  if (v instanceof PdfDict) return v;
  if (v instanceof PdfStream) return v.dict;
  return undefined;
}

function textOf(reader: PdfReader, o: PdfObject | undefined, r: number): string | undefined {
  const v = resolve(reader, o, r);
  return v instanceof PdfString ? v.text() : undefined;
}

/** The catalog-level rules, as of revision `r`. */
function checkDocument(reader: PdfReader, r: number, out: Findings): void {
  const cat = reader.catalog(r);
  // 6.6.2.1 Metadata: an uncompressed XMP stream claiming PDF/A-2.
  const md = resolve(reader, cat.get('Metadata'), r);
  let xmp: string | undefined;
  if (!(md instanceof PdfStream)) out.add('6.6.2.1 metadata', r, 'catalog', 'no /Metadata stream');
  else {
    if (md.dict.has('Filter')) out.add('6.6.2.1 metadata', r, 'catalog', 'the metadata stream is compressed (/Filter)');
    xmp = reader.decodeStream(md, r).toString('utf8');
    if (xmpProperty(xmp, 'pdfaid:part') !== '2') out.add('6.6.4 pdfaid', r, 'metadata', 'pdfaid:part is not 2');
    if (!['A', 'B', 'U'].includes(xmpProperty(xmp, 'pdfaid:conformance') ?? ''))
      out.add('6.6.4 pdfaid', r, 'metadata', 'pdfaid:conformance is not A, B or U');
  }
  // 6.6.3 Every Info entry has an equal XMP property.
  const info = dictOf(reader, reader.revisions[r].trailer.get('Info'), r);
  if (info && xmp !== undefined) {
    for (const [key, prop] of INFO_XMP) {
      const v = textOf(reader, info.get(key), r);
      if (v === undefined) continue;
      const x = xmpProperty(xmp, prop);
      const same = key.endsWith('Date') ? x !== undefined && pdfDateToMs(v) === Date.parse(x) : x === v;
      if (!same)
        out.add('6.6.3 info-xmp', r, 'Info', `/${key} ${JSON.stringify(v)} but ${prop} ${x === undefined ? 'missing' : JSON.stringify(x)}`);
    }
  }
  // 6.2.3 OutputIntents: a GTS_PDFA1 intent with an ICC profile (all colours here are device colours).
  const intents = resolve(reader, cat.get('OutputIntents'), r);
  const pdfa =
    intents instanceof PdfArray ? intents.items.map((i) => dictOf(reader, i, r)).filter((d) => d?.name('S') === 'GTS_PDFA1') : [];
  if (!pdfa.length) out.add('6.2.3 output-intent', r, 'catalog', 'no GTS_PDFA1 OutputIntent');
  const profiles = new Set(pdfa.map((d) => String(d!.get('DestOutputProfile'))));
  if (profiles.size > 1) out.add('6.2.3 output-intent', r, 'catalog', 'GTS_PDFA1 OutputIntents with different profiles');
  for (const d of pdfa) {
    const icc = resolve(reader, d!.get('DestOutputProfile'), r);
    if (!(icc instanceof PdfStream) || typeof icc.dict.get('N') !== 'number')
      out.add('6.2.3 output-intent', r, 'catalog', 'the OutputIntent has no ICC profile stream with /N');
  }
  // 6.5.2, 6.1.12, 6.4.1–2, 6.1.11: catalog actions, permissions, forms, names.
  if (cat.has('AA')) out.add('6.5.2 additional-actions', r, 'catalog', 'the catalog has /AA');
  if (cat.get('NeedsRendering') === true) out.add('6.4.2 xfa', r, 'catalog', '/NeedsRendering true');
  const perms = dictOf(reader, cat.get('Perms'), r);
  for (const k of perms?.keys() ?? []) if (k !== 'UR3' && k !== 'DocMDP') out.add('6.1.12 permissions', r, 'catalog', `/Perms has /${k}`);
  const form = dictOf(reader, cat.get('AcroForm'), r);
  if (form?.get('NeedAppearances') === true) out.add('6.4.1 need-appearances', r, 'AcroForm', '/NeedAppearances true');
  if (form?.has('XFA')) out.add('6.4.2 xfa', r, 'AcroForm', 'the form has /XFA');
  const names = dictOf(reader, cat.get('Names'), r);
  if (names?.has('JavaScript')) out.add('6.5.1 actions', r, 'catalog', 'a /JavaScript name tree');
  if (names?.has('EmbeddedFiles'))
    out.add('6.8 embedded-files', r, 'catalog', 'embedded files (allowed in PDF/A-2 only when they are PDF/A themselves; we embed none)');
}

/** Per-value rules, recursively through arrays and direct dictionaries (indirect objects are visited once each, per revision). */
function checkValue(reader: PdfReader, v: PdfObject, r: number, where: string, out: Findings, depth: number): void {
  if (depth > 64) return;
  if (typeof v === 'number') {
    if (Number.isInteger(v) && (v > 2147483647 || v < -2147483648)) out.add('6.1.13 limits', r, where, `integer ${v} out of range`);
    else if (Math.abs(v) > 3.403e38) out.add('6.1.13 limits', r, where, `real ${v} out of range`);
  } else if (v instanceof PdfString) {
    if (v.bytes.length > 32767) out.add('6.1.13 limits', r, where, `string of ${v.bytes.length} bytes (at most 32767)`);
  } else if (v instanceof PdfName) {
    if (Buffer.byteLength(v.name, 'utf8') > 127) out.add('6.1.13 limits', r, where, `name longer than 127 bytes`);
  } else if (v instanceof PdfArray) {
    for (const x of v.items) checkValue(reader, x, r, where, out, depth + 1);
  } else if (v instanceof PdfDict) {
    checkDict(reader, v, r, where, out);
    for (const x of v.entries.values()) checkValue(reader, x, r, where, out, depth + 1);
  } else if (v instanceof PdfStream) {
    checkStream(reader, v, r, where, out);
    checkDict(reader, v.dict, r, where, out);
    for (const x of v.dict.entries.values()) checkValue(reader, x, r, where, out, depth + 1);
  }
}

/** 6.1.7: stream keyword + (CR)LF, a correct /Length, EOL + endstream, no external data, no LZW. */
function checkStream(reader: PdfReader, s: PdfStream, r: number, where: string, out: Findings): void {
  const file = reader.bytes;
  for (const k of ['F', 'FFilter', 'FDecodeParms']) if (s.dict.has(k)) out.add('6.1.7 stream', r, where, `stream dictionary has /${k}`);
  const filters = resolve(reader, s.dict.get('Filter'), r);
  const names =
    filters instanceof PdfName
      ? [filters.name]
      : filters instanceof PdfArray
        ? filters.items.map((f) => (f instanceof PdfName ? f.name : '?'))
        : [];
  for (const f of names) if (f === 'LZWDecode' || f === 'Crypt') out.add('6.1.7 stream', r, where, `/${f} filter`);
  if (s.lengthRecovered) out.add('6.1.7 stream', r, where, '/Length does not match the stream data');
  if (s.dataStart >= 0) {
    const before = file.subarray(Math.max(0, s.dataStart - 8), s.dataStart).toString('latin1');
    if (!/stream(\r\n|\n)$/.test(before)) out.add('6.1.7 stream', r, where, 'stream keyword not followed by CRLF or LF');
    const after = file.subarray(s.dataEnd, s.dataEnd + 12).toString('latin1');
    if (!/^(\r\n|\r|\n)endstream/.test(after)) out.add('6.1.7 stream', r, where, 'endstream not preceded by an end-of-line');
  }
}

function flagsOf(d: PdfDict): number | undefined {
  const f = d.get('F');
  return typeof f === 'number' ? f : undefined;
}

function checkDict(reader: PdfReader, d: PdfDict, r: number, where: string, out: Findings): void {
  const type = d.name('Type');
  const subtype = d.name('Subtype');

  // 6.5.1 Actions, wherever an action can be: /A, /OpenAction, /Next (and the /AA rules below).
  for (const key of ['A', 'OpenAction', 'Next', 'PA']) {
    const a = dictOf(reader, d.get(key), r);
    if (!a) continue;
    const s = a.name('S');
    if (s && FORBIDDEN_ACTIONS.has(s)) out.add('6.5.1 actions', r, where, `/${key} is a /${s} action`);
    if (s === 'Named' && !NAMED_ACTIONS.has(a.name('N') ?? '')) out.add('6.5.1 actions', r, where, `named action /${a.name('N')}`);
  }
  if (type === 'Action') {
    const s = d.name('S');
    if (s && FORBIDDEN_ACTIONS.has(s)) out.add('6.5.1 actions', r, where, `a /${s} action`);
  }
  // 6.5.2 / 6.4.1 Additional actions: none on the catalog, pages, widgets or fields (none anywhere here).
  if (d.has('AA')) out.add('6.5.2 additional-actions', r, where, 'an /AA additional-actions entry');

  // Annotations (6.3) and form fields (6.4).
  const isAnnot =
    type === 'Annot' ||
    (subtype !== undefined && d.has('Rect') && (ANNOTATION_TYPES.has(subtype) || ['3D', 'Sound', 'Screen', 'Movie'].includes(subtype)));
  const isField = d.has('FT') || (d.has('T') && (d.has('Kids') || d.has('Parent')) && !d.has('Type'));
  if (isAnnot) {
    if (!subtype || !ANNOTATION_TYPES.has(subtype)) out.add('6.3.1 annotation-type', r, where, `annotation subtype /${subtype}`);
    const f = flagsOf(d);
    if (subtype !== 'Popup') {
      if (f === undefined) out.add('6.3.2 annotation-flags', r, where, 'annotation without /F');
      else {
        if (!(f & 4)) out.add('6.3.2 annotation-flags', r, where, 'Print flag not set');
        if (f & (1 | 2 | 32 | 256)) out.add('6.3.2 annotation-flags', r, where, `Invisible/Hidden/NoView/ToggleNoView set (F ${f})`);
      }
    }
    const ca = d.get('CA');
    if (typeof ca === 'number' && ca !== 1) out.add('justera: no transparency', r, where, `annotation /CA ${ca}`);
    const rect = resolve(reader, d.get('Rect'), r);
    const nums = rect instanceof PdfArray ? rect.items.map((x) => resolve(reader, x, r)) : [];
    const empty = nums.length === 4 && nums[0] === nums[2] && nums[1] === nums[3];
    const ap = dictOf(reader, d.get('AP'), r);
    if (!ap) {
      if (!empty && subtype !== 'Popup' && subtype !== 'Link')
        out.add('6.3.3 appearance', r, where, `/${subtype} annotation without an appearance (/AP)`);
    } else {
      for (const k of ap.keys()) if (k !== 'N') out.add('6.3.3 appearance', r, where, `appearance dictionary has /${k} (only /N allowed)`);
      const n = resolve(reader, ap.get('N'), r);
      const btn = d.name('FT') === 'Btn' || dictOf(reader, d.get('Parent'), r)?.name('FT') === 'Btn';
      if (btn ? !(n instanceof PdfDict) : !(n instanceof PdfStream))
        out.add(
          '6.3.3 appearance',
          r,
          where,
          btn ? 'a button appearance /N that is not a dictionary' : 'the appearance /N is not a stream',
        );
    }
  }
  if ((isAnnot && subtype === 'Widget') || isField) {
    if (d.has('A')) out.add('6.4.1 widget-actions', r, where, 'a widget or field with an /A action');
  }

  // Fonts (6.2.11): embedded programs; CIDFontType2 with CIDToGIDMap; subsets (ours).
  if (type === 'Font' && subtype && FONT_SUBTYPES.has(subtype) && subtype !== 'Type3') {
    if (subtype === 'Type0') {
      const desc = resolve(reader, d.get('DescendantFonts'), r);
      if (!(desc instanceof PdfArray) || desc.length !== 1)
        out.add('6.2.11.4 font-embedded', r, where, 'Type0 font without one descendant font');
    } else {
      const fd = dictOf(reader, d.get('FontDescriptor'), r);
      const program = fd && (fd.get('FontFile') ?? fd.get('FontFile2') ?? fd.get('FontFile3'));
      if (!program) out.add('6.2.11.4 font-embedded', r, where, `font ${d.name('BaseFont') ?? ''} is not embedded`);
      if (subtype === 'CIDFontType2' && !d.has('CIDToGIDMap'))
        out.add('6.2.11.3 cid-to-gid', r, where, 'CIDFontType2 without /CIDToGIDMap');
    }
    const base = d.name('BaseFont') ?? '';
    if (!/^[A-Z]{6}\+/.test(base)) out.add('justera: subset fonts', r, where, `font ${base} is not a subset (no ABCDEF+ tag)`);
  }

  // Graphics state (6.2.5) and transparency (PDF/A-2 allows it; we use none).
  if (type === 'ExtGState' || d.has('SMask') || d.has('BM') || d.has('TR') || d.has('HTP')) {
    if (d.has('TR')) out.add('6.2.5 extgstate', r, where, 'a transfer function (/TR)');
    const tr2 = d.get('TR2');
    if (tr2 !== undefined && !(tr2 instanceof PdfName && tr2.name === 'Default'))
      out.add('6.2.5 extgstate', r, where, '/TR2 other than /Default');
    if (d.has('HTP')) out.add('6.2.5 extgstate', r, where, '/HTP');
    const smask = d.get('SMask');
    if (smask !== undefined && !(smask instanceof PdfName && smask.name === 'None'))
      out.add('justera: no transparency', r, where, 'a soft mask (/SMask)');
    const bm = d.get('BM');
    if (bm !== undefined && !(bm instanceof PdfName && (bm.name === 'Normal' || bm.name === 'Compatible')))
      out.add('justera: no transparency', r, where, `blend mode ${String(bm)}`);
  }
  if (type === 'ExtGState') {
    for (const k of ['CA', 'ca']) {
      const v = d.get(k);
      if (typeof v === 'number' && v !== 1) out.add('justera: no transparency', r, where, `/${k} ${v}`);
    }
  }
  const group = dictOf(reader, d.get('Group'), r);
  if (group?.name('S') === 'Transparency') out.add('justera: no transparency', r, where, 'a transparency group');

  // XObjects (6.2.8, 6.2.9).
  if (subtype === 'Image' && (type === 'XObject' || type === undefined) && d.has('Width')) {
    if (d.has('Alternates')) out.add('6.2.8 image', r, where, 'an image with /Alternates');
    if (d.has('OPI')) out.add('6.2.8 image', r, where, 'an image with /OPI');
    if (d.get('Interpolate') === true) out.add('6.2.8 image', r, where, '/Interpolate true');
  }
  if (subtype === 'Form' && (type === 'XObject' || d.has('BBox'))) {
    if (d.has('OPI')) out.add('6.2.9 xobject', r, where, 'a form XObject with /OPI');
    if (d.name('Subtype2') === 'PS' || d.has('PS')) out.add('6.2.9 xobject', r, where, 'a PostScript form XObject');
    if (d.has('Ref')) out.add('6.2.9 xobject', r, where, 'a reference XObject (/Ref)');
  }
  if (subtype === 'PS' && type === 'XObject') out.add('6.2.9 xobject', r, where, 'a PostScript XObject');

  // 6.1.12 Signature references of a DocMDP signature: no DigestLocation/Method/Value.
  if (type === 'SigRef')
    for (const k of ['DigestLocation', 'DigestMethod', 'DigestValue'])
      if (d.has(k)) out.add('6.1.12 permissions', r, where, `signature reference has /${k}`);
}

/** An embedded TrueType program, read with fontkit: glyph count and advance widths in 1/1000 em. */
interface FontProgram {
  numGlyphs: number;
  width(gid: number): number;
}

function fontProgram(reader: PdfReader, cidFont: PdfDict, r: number, programs: Map<string, FontProgram | null>): FontProgram | null {
  const fdRef = cidFont.get('FontDescriptor');
  const fd = dictOf(reader, fdRef, r);
  const fileRef = fd?.get('FontFile2');
  const key = `${String(fileRef)}@${r}`;
  if (programs.has(key)) return programs.get(key)!;
  let program: FontProgram | null = null;
  const file = resolve(reader, fileRef, r);
  if (file instanceof PdfStream) {
    try {
      const font = fontkit.create(reader.decodeStream(file, r)) as unknown as {
        numGlyphs: number;
        unitsPerEm: number;
        getGlyph(id: number): { advanceWidth: number };
      };
      program = { numGlyphs: font.numGlyphs, width: (gid) => (font.getGlyph(gid).advanceWidth * 1000) / font.unitsPerEm };
    } catch {
      program = null;
    }
  }
  programs.set(key, program);
  return program;
}

/** The CIDFontType2 of a Type0 font with Identity-H and an identity CID-to-GID map, when it is one. */
function identityCidFont(reader: PdfReader, font: PdfDict | undefined, r: number): PdfDict | undefined {
  if (font?.name('Subtype') !== 'Type0' || font.name('Encoding') !== 'Identity-H') return undefined;
  const desc = resolve(reader, font.get('DescendantFonts'), r);
  const cid = desc instanceof PdfArray ? dictOf(reader, desc.items[0], r) : undefined;
  return cid?.name('Subtype') === 'CIDFontType2' && cid.name('CIDToGIDMap') === 'Identity' ? cid : undefined;
}

/**
 * Font programs against what uses them, for our Identity-H TrueType fonts (CID = glyph id):
 * 6.2.11.5 the /W widths equal the program's advance widths (within 1 unit); 6.2.11.4.1 every glyph
 * a content stream shows is in the program; 6.2.11.8 no content stream shows .notdef (glyph 0).
 * Content streams: page /Contents and form XObjects (appearance streams), with their own /Resources.
 */
function checkGlyphs(
  reader: PdfReader,
  v: PdfObject,
  r: number,
  where: string,
  out: Findings,
  programs: Map<string, FontProgram | null>,
): void {
  if (v instanceof PdfDict && v.name('Subtype') === 'CIDFontType2' && v.name('CIDToGIDMap') === 'Identity') {
    const program = fontProgram(reader, v, r, programs);
    const w = resolve(reader, v.get('W'), r);
    if (program && w instanceof PdfArray) {
      const items = w.items.map((x) => resolve(reader, x, r));
      for (let i = 0; i < items.length;) {
        const first = items[i];
        const next = items[i + 1];
        if (typeof first !== 'number') break;
        const pairs: [number, number][] = [];
        if (next instanceof PdfArray) {
          next.items.forEach((x, k) => pairs.push([first + k, Number(resolve(reader, x, r))]));
          i += 2;
        } else {
          const lastCid = Number(next);
          const width = Number(items[i + 2]);
          for (let c = first; c <= lastCid && c - first < 65536; c++) pairs.push([c, width]);
          i += 3;
        }
        for (const [cid, width] of pairs) {
          if (cid >= program.numGlyphs)
            out.add('6.2.11.4.1 glyphs', r, where, `/W lists CID ${cid}, the program has ${program.numGlyphs} glyphs`);
          else if (Math.abs(program.width(cid) - width) > 1)
            out.add('6.2.11.5 widths', r, where, `CID ${cid}: /W ${width}, the program ${program.width(cid)}`);
        }
      }
    }
    return;
  }
  let data: Buffer | undefined;
  let resources: PdfDict | undefined;
  if (v instanceof PdfStream && v.dict.name('Subtype') === 'Form') {
    data = reader.decodeStream(v, r);
    resources = dictOf(reader, v.dict.get('Resources'), r);
  } else if (v instanceof PdfDict && v.name('Type') === 'Page') {
    const contents = resolve(reader, v.get('Contents'), r);
    const streams = contents instanceof PdfArray ? contents.items.map((c) => resolve(reader, c, r)) : [contents];
    data = Buffer.concat(streams.filter((c): c is PdfStream => c instanceof PdfStream).map((c) => reader.decodeStream(c, r)));
    resources = dictOf(reader, v.get('Resources'), r);
  }
  if (!data) return;
  const fonts = dictOf(reader, resources?.get('Font'), r);
  let current: { name: string; cid?: PdfDict } | undefined;
  const tokens = /\/([^\s/[\]<>()]+)\s+[-+\d.]+\s+Tf\b|<([0-9A-Fa-f\s]*)>|\((?:\\.|[^\\)])*\)/g;
  for (const m of data.toString('latin1').matchAll(tokens)) {
    if (m[1] !== undefined) {
      const font = dictOf(reader, fonts?.get(m[1]), r);
      if (!font) out.add('6.2.11 font resource', r, where, `Tf selects /${m[1]}, which the resources do not have`);
      current = { name: m[1], cid: identityCidFont(reader, font, r) };
      continue;
    }
    if (m[2] === undefined || !current?.cid) continue;
    const hex = m[2].replace(/\s+/g, '');
    const program = fontProgram(reader, current.cid, r, programs);
    for (let i = 0; i + 4 <= hex.length; i += 4) {
      const gid = parseInt(hex.slice(i, i + 4), 16);
      if (gid === 0) out.add('6.2.11.8 notdef', r, where, `shows .notdef with /${current.name}`);
      else if (program && gid >= program.numGlyphs)
        out.add('6.2.11.4.1 glyphs', r, where, `shows glyph ${gid} of /${current.name}, which has ${program.numGlyphs}`);
    }
  }
}
