/**
 * Builds test PDFs: a small protocol-like document, incremental updates, and PAdES signatures made
 * with the test PKI. For tests, the fuzzer and the benchmark only.
 */
import { createHash } from 'node:crypto';
import { PdfArray, PdfDict, PdfName, PdfObject, PdfReader, PdfRef, PdfStream, PdfString } from '@justera/pdf-reader';
import { makeCms, TestCert } from './pki';

export function serialize(o: PdfObject | undefined): string {
  if (o === null || o === undefined) return 'null';
  if (typeof o === 'boolean') return String(o);
  if (typeof o === 'number') return Number.isInteger(o) ? String(o) : String(Number(o.toFixed(6)));
  if (o instanceof PdfName) return '/' + o.name.replace(/[^!-~]|[()<>[\]{}/%#]/g, (c) => '#' + c.charCodeAt(0).toString(16).padStart(2, '0'));
  if (o instanceof PdfString) return `<${Buffer.from(o.bytes).toString('hex')}>`;
  if (o instanceof PdfRef) return `${o.num} ${o.gen} R`;
  if (o instanceof PdfArray) return `[${o.items.map(serialize).join(' ')}]`;
  if (o instanceof PdfDict) return `<<${[...o.entries].map(([k, v]) => ` ${serialize(new PdfName(k))} ${serialize(v)}`).join('')} >>`;
  if (o instanceof PdfStream) throw new Error('streams cannot be serialized inline');
  return 'null';
}

/** A one-or-more-page document with text, a font and an info dictionary. `padBytes` adds an uncompressed filler stream. */
export function basePdf(o: { pages?: number; text?: string; padBytes?: number } = {}): Buffer {
  const pages = o.pages ?? 1;
  const objs: string[] = [];
  const parts: (string | Buffer)[] = [];
  objs[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  const kids = Array.from({ length: pages }, (_, i) => `${10 + i * 2} 0 R`).join(' ');
  objs[2] = `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`;
  objs[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  objs[4] = '<< /Producer (Justera test) /Title (Protokoll) >>';
  const contents: Record<number, Buffer> = {};
  for (let i = 0; i < pages; i++) {
    const text = `BT /F1 18 Tf 72 720 Td (${o.text ?? 'Protokoll kommunstyrelsen'} sida ${i + 1}) Tj ET`;
    objs[10 + i * 2] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${11 + i * 2} 0 R >>`;
    contents[11 + i * 2] = Buffer.from(text, 'latin1');
  }
  let fillerNum: number | undefined;
  if (o.padBytes) {
    fillerNum = 10 + pages * 2;
    const filler = Buffer.alloc(o.padBytes);
    let x = 12345;
    for (let i = 0; i < filler.length; i += 4) {
      x = (x * 1103515245 + 12345) >>> 0;
      filler.writeUInt32LE(x, Math.min(i, filler.length - 4));
    }
    contents[fillerNum] = filler;
    objs[1] = `<< /Type /Catalog /Pages 2 0 R /PieceInfo << /Filler ${fillerNum} 0 R >> >>`;
  }
  const header = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  parts.push(header);
  let len = header.length;
  const offsets = new Map<number, number>();
  const max = Math.max(objs.length - 1, ...Object.keys(contents).map(Number));
  for (let n = 1; n <= max; n++) {
    let body: Buffer | undefined;
    if (objs[n] !== undefined) body = Buffer.from(`${n} 0 obj\n${objs[n]}\nendobj\n`, 'latin1');
    else if (contents[n]) body = Buffer.concat([Buffer.from(`${n} 0 obj\n<< /Length ${contents[n]!.length} >>\nstream\n`, 'latin1'), contents[n]!, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
    if (!body) continue;
    offsets.set(n, len);
    parts.push(body);
    len += body.length;
  }
  let xref = `xref\n0 ${max + 1}\n0000000000 65535 f \n`;
  for (let n = 1; n <= max; n++) {
    const off = offsets.get(n);
    xref += off === undefined ? '0000000000 65535 f \n' : `${String(off).padStart(10, '0')} 00000 n \n`;
  }
  const id = createHash('md5').update(String(len)).digest('hex');
  parts.push(`${xref}trailer\n<< /Size ${max + 1} /Root 1 0 R /Info 4 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${len}\n%%EOF\n`);
  return Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p, 'latin1'))));
}

/** Appends an incremental update with the given objects (bodies without `obj`/`endobj`). */
export function appendRevision(pdf: Buffer, objects: Map<number, string | Buffer>, trailerExtra: Record<string, string> = {}): Buffer {
  const r = PdfReader.open(pdf);
  const parts: Buffer[] = [pdf];
  let len = pdf.length;
  if (pdf[pdf.length - 1] !== 0x0a) {
    parts.push(Buffer.from('\n'));
    len++;
  }
  const offs = new Map<number, number>();
  for (const [num, body] of [...objects].sort((a, b) => a[0] - b[0])) {
    const b = Buffer.concat([Buffer.from(`${num} 0 obj\n`, 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'), Buffer.from('\nendobj\n', 'latin1')]);
    offs.set(num, len);
    parts.push(b);
    len += b.length;
  }
  let xref = 'xref\n0 1\n0000000000 65535 f \n';
  for (const [num, off] of [...offs].sort((a, b) => a[0] - b[0])) xref += `${num} 1\n${String(off).padStart(10, '0')} 00000 n \n`;
  const size = Math.max(r.size, ...[...objects.keys()].map((n) => n + 1));
  const t = r.trailer;
  const extra: Record<string, string> = { Size: String(size), Root: serialize(t.get('Root')), Prev: String(r.startxref) };
  if (t.has('Info')) extra.Info = serialize(t.get('Info'));
  if (t.has('ID')) extra.ID = serialize(t.get('ID'));
  Object.assign(extra, trailerExtra);
  const trailer = `trailer\n<<${Object.entries(extra).map(([k, v]) => ` /${k} ${v}`).join('')} >>\nstartxref\n${len}\n%%EOF\n`;
  parts.push(Buffer.from(xref + trailer, 'latin1'));
  return Buffer.concat(parts);
}

export interface SignOptions {
  signer: TestCert;
  chain: TestCert[];
  field: string;
  crls?: Buffer[];
  tsa?: { cert: TestCert; chain: TestCert[]; time: Date };
  /** Certify with DocMDP permission P. */
  certifyP?: 1 | 2 | 3;
  /** Size of the /Contents placeholder in bytes (default 8192). */
  contentsSize?: number;
  /** Rewrites the computed ByteRange (the signature is still made over the rewritten ranges). */
  byteRange?: (br: number[], fileLength: number) => number[];
  /** Builds the CMS differently (default: PAdES B-B). */
  cms?: (digest: Buffer) => Buffer;
  subFilter?: string;
  signingTime?: Date;
}

/** Signs `pdf` in a new incremental revision with a new signature field on page 1. */
export function signPdf(pdf: Buffer, o: SignOptions): Buffer {
  const r = PdfReader.open(pdf);
  const sigNum = r.size;
  const fieldNum = sigNum + 1;
  const catRef = r.trailer.get('Root') as PdfRef;
  const cat = r.catalog();
  const page = r.pages()[0]!;
  const oldForm = r.resolve(cat.get('AcroForm'));
  const oldFields = oldForm instanceof PdfDict ? (r.resolve(oldForm.get('Fields')) as PdfArray | undefined)?.items ?? [] : [];
  const newCat = new Map(cat.entries);
  newCat.set('AcroForm', new PdfDict(new Map<string, PdfObject>([['Fields', new PdfArray([...oldFields, new PdfRef(fieldNum, 0)])], ['SigFlags', 3]])));
  if (o.certifyP) newCat.set('Perms', new PdfDict(new Map<string, PdfObject>([['DocMDP', new PdfRef(sigNum, 0)]])));
  const newPage = new Map(page.dict.entries);
  const oldAnnots = r.resolve(page.dict.get('Annots'));
  newPage.set('Annots', new PdfArray([...(oldAnnots instanceof PdfArray ? oldAnnots.items : []), new PdfRef(fieldNum, 0)]));
  const size = o.contentsSize ?? 8192;
  const brPlaceholder = '/ByteRange [' + ' '.repeat(60) + ']';
  const m = (o.signingTime ?? new Date()).toISOString();
  const mDate = `D:${m.slice(0, 4)}${m.slice(5, 7)}${m.slice(8, 10)}${m.slice(11, 13)}${m.slice(14, 16)}${m.slice(17, 19)}Z`;
  const ref = o.certifyP ? ` /Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${o.certifyP} /V /1.2 >> >>]` : '';
  const sigDict = `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /${o.subFilter ?? 'ETSI.CAdES.detached'} ${brPlaceholder} /Contents <${'0'.repeat(size * 2)}> /M (${mDate})${ref} >>`;
  const field = `<< /FT /Sig /T (${o.field}) /V ${sigNum} 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P ${page.ref} >>`;
  const objects = new Map<number, string>([
    [sigNum, sigDict],
    [fieldNum, field],
    [catRef.num, serialize(new PdfDict(newCat))],
    [page.ref!.num, serialize(new PdfDict(newPage))],
  ]);
  const out = appendRevision(pdf, objects);
  const sigStart = out.indexOf(`${sigNum} 0 obj`, pdf.length);
  const cStart = out.indexOf('/Contents <', sigStart) + '/Contents '.length;
  const cEnd = out.indexOf('>', cStart) + 1;
  let br = [0, cStart, cEnd, out.length - cEnd];
  if (o.byteRange) br = o.byteRange(br, out.length);
  const brText = `/ByteRange [${br.join(' ')}]`;
  const brAt = out.indexOf('/ByteRange [', sigStart);
  if (brText.length > brPlaceholder.length) throw new Error('ByteRange too long for the placeholder');
  out.write(brText.padEnd(brPlaceholder.length, ' '), brAt, 'latin1');
  const h = createHash('sha256');
  for (let i = 0; i + 1 < br.length; i += 2) h.update(out.subarray(br[i]!, Math.min(out.length, br[i]! + br[i + 1]!)));
  const digest = h.digest();
  const cms = o.cms ? o.cms(digest) : makeCms({ signer: o.signer, chain: o.chain, digest, crls: o.crls, tsa: o.tsa, signingTime: o.signingTime && o.subFilter === 'adbe.pkcs7.detached' ? o.signingTime : undefined });
  if (cms.length > size) throw new Error('CMS larger than the /Contents placeholder');
  out.write(cms.toString('hex'), cStart + 1, 'latin1');
  return out;
}
