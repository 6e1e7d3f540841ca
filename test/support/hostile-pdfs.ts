/**
 * Generated hostile PDFs for the "hostile inputs" e2e suite (issue 12): every kind of file that once
 * crashed, starved or stalled the api. Small to send, expensive to read naively.
 */
import { deflateSync } from 'node:zlib';
import { classicPdf as buildPdf, streamObject } from '../../libs/pdf-reader/src/testing/pdf';

/** A classic PDF with a correct xref table and a binary comment after the header. */
const classicPdf = (objects: (string | Buffer)[]): Buffer => buildPdf(objects, '', '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');

/** `%PDF-1.4`, then `n` bare `N 0 obj` lines, then a trailer: no xref, so the reader must scan. */
export function manyObjectHeaders(n: number): Buffer {
  const lines: string[] = ['%PDF-1.4'];
  for (let i = 1; i <= n; i++) lines.push(`${i} 0 obj`);
  lines.push('trailer', '<< /Root 1 0 R >>', '%%EOF', '');
  return Buffer.from(lines.join('\n'), 'latin1');
}

/**
 * `count` object streams that inflate to `mb` MB each, listed in an xref stream so that a reader checking
 * every object decodes (and caches) them all: ~100 KB of file per ~100 MB of memory.
 */
export function objectStreamBomb(count: number, mb: number): Buffer {
  const prefix = Buffer.from('1000 0 ', 'latin1');
  const inflated = Buffer.alloc(mb * 2 ** 20, 0x20);
  prefix.copy(inflated, 0);
  inflated.write('null', prefix.length, 'latin1');
  const packed = deflateSync(inflated, { level: 9 });
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n', 'latin1')];
  const offsets: number[] = [];
  let len = parts[0]!.length;
  const add = (num: number, body: Buffer | string) => {
    offsets[num] = len;
    const b = Buffer.concat([Buffer.from(`${num} 0 obj\n`, 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'), Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(b);
    len += b.length;
  };
  const extra = Array.from({ length: count }, (_, i) => `${1000 + i} 0 R`).join(' ');
  add(1, `<< /Type /Catalog /Pages 2 0 R /Extra [${extra}] >>`);
  add(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  add(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>');
  for (let i = 0; i < count; i++) add(4 + i, streamObject(`/Type /ObjStm /N 1 /First ${prefix.length} /Filter /FlateDecode`, packed));
  const xrefNum = 4 + count;
  offsets[xrefNum] = len;
  const rows: Buffer[] = [];
  const row = (type: number, f1: number, f2: number) => {
    const r = Buffer.alloc(7);
    r.writeUInt8(type, 0);
    r.writeUInt32BE(f1, 1);
    r.writeUInt16BE(f2, 5);
    rows.push(r);
  };
  row(0, 0, 65535);
  for (let n = 1; n <= xrefNum; n++) row(1, offsets[n]!, 0);
  for (let i = 0; i < count; i++) row(2, 4 + i, 0);
  const data = Buffer.concat(rows);
  parts.push(
    Buffer.from(`${xrefNum} 0 obj\n<< /Type /XRef /Size ${1000 + count} /Index [0 ${xrefNum + 1} 1000 ${count}] /W [1 4 2] /Root 1 0 R /Length ${data.length} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from(`\nendstream\nendobj\nstartxref\n${len}\n%%EOF\n`, 'latin1'),
  );
  return Buffer.concat(parts);
}

/** A page tree of `pages` leaves under one /Pages node, with a correct xref: big but honest. */
export function hugePageTree(pages: number): Buffer {
  const kids: string[] = [];
  for (let i = 0; i < pages; i++) kids.push(`${i + 3} 0 R`);
  const objs: string[] = ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Count ${pages} /MediaBox [0 0 10 10] /Kids [${kids.join(' ')}] >>`];
  for (let i = 0; i < pages; i++) objs.push('<< /Type /Page /Parent 2 0 R >>');
  return classicPdf(objs);
}

/** An array nested `levels` deep as the catalog's value. */
export function deepNesting(levels: number): Buffer {
  return classicPdf([`<< /Type /Catalog /Pages 2 0 R /X ${'['.repeat(levels)}${']'.repeat(levels)} >>`, '<< /Type /Pages /Kids [2 0 R] /Count 1 >>']);
}

/** Two xref sections whose /Prev point at each other, and a page tree whose /Kids contain itself. */
export function xrefLoop(): Buffer {
  const pdf = classicPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>', '<< /Type /Page /Parent 2 0 R >>']);
  const text = pdf.toString('latin1');
  const xrefAt = text.lastIndexOf('\nxref\n') + 1;
  // The first section's /Prev names the second (an incremental update appended after it), whose
  // /Prev names the first: the offset of the update depends on its own digits, so settle it first.
  let updateAt = pdf.length;
  while (updateAt !== pdf.length + ` /Prev ${updateAt}`.length) updateAt = pdf.length + ` /Prev ${updateAt}`.length;
  const first = text.replace('/Root 1 0 R >>', `/Root 1 0 R /Prev ${updateAt} >>`);
  const update = `xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 4 /Root 1 0 R /Prev ${xrefAt} >>\nstartxref\n${updateAt}\n%%EOF\n`;
  return Buffer.from(first + update, 'latin1');
}

/**
 * One object stream that inflates to `mb` MB (a zip bomb: ~1 KB of file per MB), holding an object the
 * catalog refers to, so the reader must decode it.
 */
export function decompressionBomb(mb: number): Buffer {
  return objectStreamBomb(1, mb);
}
