/**
 * Builds small test PDFs for the reader's specs and the hostile-input e2e suite
 * (test/support/hostile-pdfs.ts). Tests only; not exported from the library's index.
 */

/** A classic PDF with a correct xref table, from object bodies numbered 1…n (object 1 is the /Root). */
export function classicPdf(objects: (string | Buffer)[], trailerExtra = '', header = '%PDF-1.7\n'): Buffer {
  const parts: Buffer[] = [Buffer.from(header, 'latin1')];
  const offsets: number[] = [];
  let len = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(len);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'), Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(b);
    len += b.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${len}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** A stream object's body (`<< dict /Length n >> stream … endstream`), for `classicPdf`'s object list. */
export function streamObject(dict: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
}

/**
 * Appends `updates` incremental updates to a classic PDF, each re-listing the last xref table whole
 * (as a tool that rewrites the full table on every save would), chained by /Prev.
 */
export function relistedUpdates(pdf: Buffer, updates: number): Buffer {
  const text = pdf.toString('latin1');
  const at = text.lastIndexOf('\nxref\n') + 1;
  const table = text.slice(at, text.indexOf('trailer', at));
  const size = /\/Size (\d+)/.exec(text.slice(at))![1];
  const parts = [pdf];
  let prev = at;
  let len = pdf.length;
  for (let u = 0; u < updates; u++) {
    const section = Buffer.from(`${table}trailer\n<< /Size ${size} /Root 1 0 R /Prev ${prev} >>\nstartxref\n${len}\n%%EOF\n`, 'latin1');
    parts.push(section);
    prev = len;
    len += section.length;
  }
  return Buffer.concat(parts);
}
