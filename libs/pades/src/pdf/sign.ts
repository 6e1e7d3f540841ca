/**
 * PAdES signing by incremental update: every function appends exactly one revision to the input and
 * never rewrites a byte of it, so every earlier signature stays valid.
 *
 * Buffer variants (`signPdfField`, …) suit small documents and tests; file variants
 * (`signPdfFieldFile`, …) copy the input with fs.copyFile and append the revision, hashing the
 * signed byte ranges in chunks without building a second copy of the document in memory.
 */
import { createHash, X509Certificate, type Hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { appendFile, copyFile, rm } from 'node:fs/promises';
import { PdfDict, PdfReader, PdfReadError, PdfRef, PositionedPdfReader, type PdfObject, type PdfSource } from '@justera/pdf-reader';
import { buildCadesDetached, type TimestampAuthority } from '../crypto/cms';
import type { Signer } from '../crypto/certificates';
import { signatureAppearanceContent } from './appearance';
import { DocumentEditor } from './document';
import { IncrementalRevision, PdfUpdateError } from './revision';
import { dict, name, PdfRaw, text, type WritableObject } from './serialize';

export interface SignFieldOptions {
  /** Fully qualified name of an empty signature field, e.g. "signatur.2". */
  fieldName: string;
  signer: Signer;
  /** /Reason, e.g. "Justerat i egenskap av ordförande". */
  reason: string;
  location?: string;
  contactInfo?: string;
  /** Signing time written to /M. */
  time: Date;
  /** Lines drawn in the widget (see signatureAppearanceLines). */
  appearance: { lines: string[] };
  /** Certify the document (DocMDP, P=2): only for the first signature. */
  certify?: boolean;
  /** When given, the CMS gets a signature time-stamp (PAdES B-T). */
  tsa?: TimestampAuthority;
  /** Bytes reserved for the CMS in /Contents (default 12288, or 24576 with a TSA). */
  placeholderSize?: number;
  /**
   * For documents without our fields (an uploaded PDF): when the field does not exist, add it on the
   * last page with this /Rect ([0, 0, 0, 0] = invisible). `fieldName` must then be a plain partial
   * name without dots, e.g. "Underskrift1".
   */
  addFieldIfMissing?: { rect: [number, number, number, number] };
}

export interface SealOptions {
  reason: string;
  location?: string;
  contactInfo?: string;
  time: Date;
  /** Lines of a small visible seal in the lower left corner of the last page; invisible when absent. */
  visibleLines?: string[];
  /** Use this empty signature field instead of adding a new one (e.g. one the renderer prepared). */
  fieldName?: string;
  tsa?: TimestampAuthority;
  placeholderSize?: number;
}

export interface DssData {
  /** DER certificates. */
  certs: Buffer[];
  /** DER CRLs. */
  crls?: Buffer[];
  /** DER OCSP responses. */
  ocsps?: Buffer[];
}

/** Room for the CMS: a chain of three RSA certificates is about 4 KiB, a TSA token adds 3-6 KiB. */
const DEFAULT_PLACEHOLDER = 12288;
const DEFAULT_PLACEHOLDER_TSA = 24576;
const BYTE_RANGE_MARK = '/ByteRange [';
const CONTENTS_MARK = '/Contents <';

/** The signed bytes of the document: what `build` hands to the CMS or TSA. */
type Produce = (digest: Buffer) => Promise<Buffer>;

/** The existing document a revision is appended to: its length, a way to read it, a way to hash it. */
interface Base {
  length: number;
  endsWithEol: boolean;
  source: PdfSource;
  /** Feeds every byte of the existing document to `h`. */
  hashInto(h: Hash): void;
}

function endsWithEol(last: number | undefined): boolean {
  return last === 0x0a || last === 0x0d;
}

function bufferBase(b: Buffer): Base {
  return {
    length: b.length,
    endsWithEol: endsWithEol(b[b.length - 1]),
    source: PdfReader.open(b, { timeLimitMs: 60_000 }),
    hashInto(h) {
      const CHUNK = 8 * 1024 * 1024;
      for (let i = 0; i < b.length; i += CHUNK) h.update(b.subarray(i, Math.min(b.length, i + CHUNK)));
    },
  };
}

/**
 * A file on disk: objects are located with positioned reads (PositionedPdfReader from
 * @justera/pdf-reader) and the hash streams the file through one reused 4 MiB buffer, so memory stays
 * flat whatever the file size. Files that need recovery (broken cross-reference data) fall back to
 * PdfReader over the whole file in memory.
 */
function fileBase(path: string, whole = false): Base & { close(): void } {
  let locator: PositionedPdfReader | undefined;
  if (!whole) {
    try {
      locator = PositionedPdfReader.open(path, { timeLimitMs: 60_000 });
      locator.catalog();
    } catch (e) {
      debugFallback(path, e);
      locator?.close();
      locator = undefined;
    }
  }
  if (!locator) {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const b = Buffer.allocUnsafe(size);
      let off = 0;
      while (off < size) {
        const n = readSync(fd, b, off, size - off, off);
        if (n === 0) break;
        off += n;
      }
      return { ...bufferBase(b.subarray(0, off)), close() {} };
    } finally {
      closeSync(fd);
    }
  }
  const loc = locator;
  return {
    length: loc.length,
    endsWithEol: endsWithEol(loc.read(loc.length - 1, 1)[0]),
    source: loc,
    hashInto(h) {
      const fd = openSync(path, 'r');
      try {
        const chunk = Buffer.allocUnsafe(4 * 1024 * 1024);
        let pos = 0;
        while (pos < loc.length) {
          const n = readSync(fd, chunk, 0, Math.min(chunk.length, loc.length - pos), pos);
          if (n === 0) throw new Error(`${path} shrank while it was signed`);
          h.update(chunk.subarray(0, n));
          pos += n;
        }
      } finally {
        closeSync(fd);
      }
    },
    close: () => loc.close(),
  };
}

function debugFallback(path: string, e: unknown): void {
  // eslint-disable-next-line no-restricted-properties -- a benchmark's debug switch, not configuration
  if (process.env.JUSTERA_PADES_DEBUG) process.stderr.write(`pades: narrow locator failed, reading ${path} whole: ${String(e)}\n`);
}

/** Read errors through positioned reads that PdfReader's recovery may overcome. */
function isLocatorError(e: unknown): boolean {
  return e instanceof PdfReadError;
}

function editorFor(base: Base): DocumentEditor {
  return new DocumentEditor(base.source, new IncrementalRevision(base.source, base.length, base.endsWithEol));
}

/** Serialises the edits of `ed`, fills /ByteRange, hashes both ranges, and writes the produced value into /Contents. */
async function finishSignedRevision(base: Base, ed: DocumentEditor, size: number, produce: Produce): Promise<Buffer> {
  const { bytes, markerOffsets } = await ed.build([BYTE_RANGE_MARK, CONTENTS_MARK]);
  const [br, ct] = markerOffsets;
  if (br < 0 || ct < 0) throw new Error('internal: signature placeholders not written');
  const total = base.length + bytes.length;
  const a = ct + CONTENTS_MARK.length - 1; // offset of '<'
  const b = a + 2 + 2 * size; // just after '>'
  const brText = `0 ${a} ${b} ${total - b}`;
  const brField = `0 ${'0'.repeat(10)} ${'0'.repeat(10)} ${'0'.repeat(10)}`;
  if (brText.length > brField.length) throw new Error('document too large for the /ByteRange placeholder');
  const brRel = br + BYTE_RANGE_MARK.length - base.length;
  bytes.write(brText.padEnd(brField.length, ' '), brRel, 'latin1');
  const h = createHash('sha256');
  base.hashInto(h);
  h.update(bytes.subarray(0, a - base.length));
  h.update(bytes.subarray(b - base.length));
  const value = await produce(h.digest());
  if (value.length > size) {
    throw new PdfUpdateError(`the signature (${value.length} bytes) does not fit the ${size}-byte placeholder`, 'placeholder-too-small');
  }
  bytes.write(value.toString('hex'), a + 1 - base.length, 'latin1');
  return bytes;
}

function signatureDict(
  subFilter: 'ETSI.CAdES.detached' | 'ETSI.RFC3161',
  size: number,
  extra: Record<string, WritableObject | undefined>,
): PdfDict {
  return dict({
    Type: name(subFilter === 'ETSI.RFC3161' ? 'DocTimeStamp' : 'Sig'),
    Filter: name('Adobe.PPKLite'),
    SubFilter: name(subFilter),
    ByteRange: new PdfRaw(`[0 ${'0'.repeat(10)} ${'0'.repeat(10)} ${'0'.repeat(10)}]`),
    Contents: new PdfRaw(`<${'0'.repeat(2 * size)}>`),
    ...extra,
  });
}

/** PDF date string in UTC: D:YYYYMMDDHHmmSSZ. */
export function pdfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

function commonName(cert: Buffer): string {
  const subject = new X509Certificate(cert).subject;
  return /^CN=(.*)$/m.exec(subject)?.[1] ?? subject;
}

interface SigTarget {
  fieldRef: PdfRef;
  widgetRef: PdfRef;
  widget: PdfDict;
  pageRef?: PdfRef;
}

/** Locates an empty signature field and its (first) widget. */
function existingSigTarget(ed: DocumentEditor, fieldName: string): SigTarget {
  const f = ed.field(fieldName);
  if (f.type !== 'Sig') throw new PdfUpdateError(`the field "${fieldName}" is not a signature field`, 'not-signature-field');
  if (ed.resolve(f.dict.get('V')) instanceof PdfDict)
    throw new PdfUpdateError(`the field "${fieldName}" is already signed`, 'already-signed');
  const w = f.widgets[0];
  if (!f.ref || !w?.ref) throw new PdfUpdateError(`the field "${fieldName}" is not an indirect object`, 'bad-structure');
  return { fieldRef: f.ref, widgetRef: w.ref, widget: w.dict, pageRef: ed.pageOf(w.ref, w.dict) };
}

/**
 * A new signature field (merged with its widget) on the last page. `description` is its /TU, what
 * assistive technology reads for it (PDF/UA 7.18.1); in a tagged document the widget also goes into
 * the structure tree (`DocumentEditor.tagWidget`).
 */
function newSigTarget(
  ed: DocumentEditor,
  prefix: string,
  rect: [number, number, number, number],
  description: string,
  exactName?: string,
): SigTarget {
  const used = ed.fieldNames();
  let i = 1;
  while (used.has(`${prefix}${i}`)) i++;
  const fieldName = exactName ?? `${prefix}${i}`;
  const pages = ed.pages();
  const page = pages[pages.length - 1];
  if (!page) throw new PdfUpdateError('the PDF has no pages', 'bad-structure');
  const ref = ed.rev.alloc();
  const widget = dict({
    Type: name('Annot'),
    Subtype: name('Widget'),
    FT: name('Sig'),
    T: text(fieldName),
    Rect: rect,
    // Print (4) and Locked (128). An invisible seal has a zero /Rect rather than the Hidden flag.
    F: 132,
    P: page.ref,
    TU: text(description),
  });
  ed.put(ref, widget);
  const tagged = ed.tagWidget(ref, page.ref);
  if (Object.keys(tagged).length) ed.update(ref, tagged);
  ed.addTopLevelField(ref);
  ed.addAnnotation(page.ref, ref);
  return { fieldRef: ref, widgetRef: ref, widget: ed.dictAt(ref), pageRef: page.ref };
}

/** Writes the signature dictionary, /V, the widget appearance and /SigFlags. Returns the sig dict ref. */
function attachSignature(ed: DocumentEditor, t: SigTarget, sig: PdfDict, lines: string[] | undefined): PdfRef {
  const sigRef = ed.rev.add(sig);
  ed.signatureRef = sigRef;
  ed.update(t.fieldRef, { V: sigRef });
  const [x1, y1, x2, y2] = ed.rectOf(ed.dictAt(t.widgetRef));
  const w = x2 - x1;
  const h = y2 - y1;
  const content = lines && w > 0 && h > 0 ? signatureAppearanceContent(lines, w, h, ed.textFont()) : '';
  const ap = ed.appearance(content, w, h);
  const flags = ed.resolve(ed.dictAt(t.widgetRef).get('F'));
  const widgetEntries: Record<string, WritableObject | undefined> = {
    AP: dict({ N: ap }),
    F: typeof flags === 'number' ? flags | 4 : 4,
  };
  if (t.pageRef && !(ed.dictAt(t.widgetRef).get('P') instanceof PdfRef)) widgetEntries.P = t.pageRef;
  ed.update(t.widgetRef, widgetEntries);
  ed.updateAcroForm(() => ({ SigFlags: 3 }));
  return sigRef;
}

function cmsProducer(signer: Signer, tsa?: TimestampAuthority): Produce {
  return (digest) => buildCadesDetached({ digest, signerCert: signer.certificate, signerKey: signer.privateKey, chain: signer.chain, tsa });
}

function planFieldSignature(ed: DocumentEditor, o: SignFieldOptions, size: number): void {
  if (o.certify && ed.hasSignatures()) {
    throw new PdfUpdateError('only the first signature of a document can certify it', 'certify-not-first');
  }
  let target: SigTarget;
  if (o.addFieldIfMissing && !ed.fieldNames().has(o.fieldName)) {
    if (o.fieldName.includes('.')) throw new PdfUpdateError('a new field name cannot contain "."', 'bad-field-name');
    target = newSigTarget(ed, '', o.addFieldIfMissing.rect, `Underskrift: ${o.fieldName}`, o.fieldName);
  } else target = existingSigTarget(ed, o.fieldName);
  const reference = o.certify
    ? [
        dict({
          Type: name('SigRef'),
          TransformMethod: name('DocMDP'),
          TransformParams: dict({ Type: name('TransformParams'), P: 2, V: name('1.2') }),
        }),
      ]
    : undefined;
  const sig = signatureDict('ETSI.CAdES.detached', size, {
    M: text(pdfDate(o.time)),
    Name: text(commonName(o.signer.certificate)),
    Reason: text(o.reason),
    Location: o.location ? text(o.location) : undefined,
    ContactInfo: o.contactInfo ? text(o.contactInfo) : undefined,
    Reference: reference,
    Prop_Build: dict({ App: dict({ Name: name('Justera') }) }),
  });
  const sigRef = attachSignature(ed, target, sig, o.appearance.lines);
  if (o.certify) ed.update(ed.catalogRef, { Perms: dict({ DocMDP: sigRef }) });
}

function planSeal(ed: DocumentEditor, o: SealOptions, size: number): void {
  const visible = !!o.visibleLines?.length;
  const target = o.fieldName
    ? existingSigTarget(ed, o.fieldName)
    : newSigTarget(ed, 'Stampel', visible ? [36, 36, 276, 96] : [0, 0, 0, 0], 'Elektronisk stämpel');
  const sig = signatureDict('ETSI.CAdES.detached', size, {
    M: text(pdfDate(o.time)),
    Reason: text(o.reason),
    Location: o.location ? text(o.location) : undefined,
    ContactInfo: o.contactInfo ? text(o.contactInfo) : undefined,
    Prop_Build: dict({ App: dict({ Name: name('Justera') }) }),
  });
  attachSignature(ed, target, sig, o.visibleLines);
}

// ------------------------------------------------------------------ buffer variants

/** Signs an empty signature field (PAdES B-B, or B-T with a TSA) in one appended revision. */
export async function signPdfField(input: Buffer, o: SignFieldOptions): Promise<Buffer<ArrayBuffer>> {
  return Buffer.concat([input, await signFieldRevision(bufferBase(input), o)]);
}

/** An organisation seal on any PDF, in a new (invisible or small visible) field on the last page. */
export async function sealPdf(input: Buffer, seal: Signer, o: SealOptions): Promise<Buffer<ArrayBuffer>> {
  return Buffer.concat([input, await sealRevision(bufferBase(input), seal, o)]);
}

/** A /DocTimeStamp (SubFilter ETSI.RFC3161) in a new invisible field: PAdES B-LTA. */
export async function addDocumentTimestamp(input: Buffer, tsa: TimestampAuthority, placeholderSize = 16384): Promise<Buffer<ArrayBuffer>> {
  return Buffer.concat([input, await documentTimestampRevision(bufferBase(input), tsa, placeholderSize)]);
}

/** A revision that adds (or extends) the catalog's /DSS with certificates, CRLs and OCSP responses: PAdES B-LT. */
export function addDss(input: Buffer, data: DssData): Buffer<ArrayBuffer> {
  return Buffer.concat([input, dssRevision(bufferBase(input), data)]);
}

/** The new revision only (appended after `base`). */
async function signFieldRevision(base: Base, o: SignFieldOptions): Promise<Buffer> {
  const size = o.placeholderSize ?? (o.tsa ? DEFAULT_PLACEHOLDER_TSA : DEFAULT_PLACEHOLDER);
  const ed = editorFor(base);
  planFieldSignature(ed, o, size);
  return finishSignedRevision(base, ed, size, cmsProducer(o.signer, o.tsa));
}

async function sealRevision(base: Base, seal: Signer, o: SealOptions): Promise<Buffer> {
  const size = o.placeholderSize ?? (o.tsa ? DEFAULT_PLACEHOLDER_TSA : DEFAULT_PLACEHOLDER);
  const ed = editorFor(base);
  planSeal(ed, o, size);
  return finishSignedRevision(base, ed, size, cmsProducer(seal, o.tsa));
}

async function documentTimestampRevision(base: Base, tsa: TimestampAuthority, size: number): Promise<Buffer> {
  const ed = editorFor(base);
  const target = newSigTarget(ed, 'Tidsstampel', [0, 0, 0, 0], 'Dokumenttidsstämpel');
  attachSignature(ed, target, signatureDict('ETSI.RFC3161', size, {}), undefined);
  return finishSignedRevision(base, ed, size, (digest) => tsa.timestamp(digest));
}

function dssRevision(base: Base, data: DssData): Buffer {
  const ed = editorFor(base);
  const cat = ed.catalog();
  const old = ed.resolve(cat.get('DSS'));
  const existing = (key: string): PdfObject[] => {
    if (!(old instanceof PdfDict)) return [];
    const arr = ed.resolve(old.get(key));
    return arr && typeof arr === 'object' && 'items' in arr ? (arr as { items: PdfObject[] }).items : [];
  };
  const streams = (list: Buffer[] | undefined) => (list ?? []).map((der) => ed.rev.addStream({}, der));
  const entries: Record<string, WritableObject | undefined> = {
    Type: name('DSS'),
    Certs: [...existing('Certs'), ...streams(data.certs)] as WritableObject,
  };
  const crls = [...existing('CRLs'), ...streams(data.crls)];
  const ocsps = [...existing('OCSPs'), ...streams(data.ocsps)];
  if (crls.length) entries.CRLs = crls as WritableObject;
  if (ocsps.length) entries.OCSPs = ocsps as WritableObject;
  if (old instanceof PdfDict && old.get('VRI') !== undefined) entries.VRI = old.get('VRI') as WritableObject;
  const dssRef = ed.rev.add(dict(entries));
  ed.update(ed.catalogRef, { DSS: dssRef });
  return ed.rev.build().bytes;
}

/**
 * One revision adding empty signature fields (on the last page) to a document that has none, e.g.
 * an uploaded protocol, before the first signature: later signatures then only fill fields, which a
 * DocMDP P=2 certification allows (adding fields after certification may be flagged).
 */
export async function addSignatureFields(
  input: Buffer,
  fields: { name: string; rect: [number, number, number, number]; description?: string }[],
): Promise<Buffer<ArrayBuffer>> {
  const ed = editorFor(bufferBase(input));
  for (const f of fields) {
    if (f.name.includes('.')) throw new PdfUpdateError('a new field name cannot contain "."', 'bad-field-name');
    if (ed.fieldNames().has(f.name)) throw new PdfUpdateError(`the field "${f.name}" exists already`, 'field-exists');
    const target = newSigTarget(ed, '', f.rect, f.description ?? `Underskrift: ${f.name}`, f.name);
    // PDF/A-2 6.3.3: a widget with an area has an appearance; empty until it is signed.
    const [x1, y1, x2, y2] = ed.rectOf(target.widget);
    ed.update(target.widgetRef, { F: 4, AP: dict({ N: ed.appearance('', x2 - x1, y2 - y1) }) });
  }
  ed.updateAcroForm(() => ({ SigFlags: 3 }));
  return Buffer.concat([input, (await ed.build()).bytes]);
}

// ------------------------------------------------------------------ file variants

/**
 * Copies the input to the output (fs.copyFile, in the thread pool while the revision is computed) and
 * appends the revision. On failure no partial output file is left behind.
 */
async function copyAndAppend(inPath: string, outPath: string, revision: (base: Base) => Promise<Buffer>): Promise<void> {
  const copying = copyFile(inPath, outPath);
  try {
    let bytes: Buffer;
    let base = fileBase(inPath);
    try {
      bytes = await revision(base);
    } catch (e) {
      base.close();
      if (!isLocatorError(e) || base.source instanceof PdfReader) throw e;
      debugFallback(inPath, e);
      base = fileBase(inPath, true);
      bytes = await revision(base);
    } finally {
      base.close();
    }
    await copying;
    await appendFile(outPath, bytes);
  } catch (e) {
    await copying.catch(() => undefined);
    await rm(outPath, { force: true });
    throw e;
  }
}

/** File variant of signPdfField: the output is the input file (fs.copyFile) plus the new revision. */
export async function signPdfFieldFile(inPath: string, outPath: string, o: SignFieldOptions): Promise<void> {
  await copyAndAppend(inPath, outPath, (base) => signFieldRevision(base, o));
}

export async function sealPdfFile(inPath: string, outPath: string, seal: Signer, o: SealOptions): Promise<void> {
  await copyAndAppend(inPath, outPath, (base) => sealRevision(base, seal, o));
}

export async function addDocumentTimestampFile(
  inPath: string,
  outPath: string,
  tsa: TimestampAuthority,
  placeholderSize = 16384,
): Promise<void> {
  await copyAndAppend(inPath, outPath, (base) => documentTimestampRevision(base, tsa, placeholderSize));
}

export async function addDssFile(inPath: string, outPath: string, data: DssData): Promise<void> {
  await copyAndAppend(inPath, outPath, async (base) => dssRevision(base, data));
}

/** Internal for fill.ts: a sealing revision over an in-memory document. */
export function sealRevisionOfBuffer(input: Buffer, seal: Signer, o: SealOptions): Promise<Buffer> {
  return sealRevision(bufferBase(input), seal, o);
}
