/**
 * Serialising PDF objects for incremental updates. Objects read by @justera/pdf-reader are written
 * back with the same meaning (strings as hex, numbers in plain decimal); new objects are built with the
 * same classes. `PdfRaw` inserts literal PDF syntax (used for the fixed-width placeholders).
 */
import { PdfArray, PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfObject } from '@justera/pdf-reader';

export class PdfRaw {
  constructor(readonly text: string) {}
}

export type WritableObject = PdfObject | PdfRaw | WritableObject[] | { [key: string]: WritableObject | undefined };

export function name(n: string): PdfName {
  return new PdfName(n);
}

export function dict(entries: Record<string, WritableObject | undefined>): PdfDict {
  const m = new Map<string, PdfObject>();
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) m.set(k, v as PdfObject);
  return new PdfDict(m);
}

/** A copy of `d` with entries set (undefined deletes). */
export function withEntries(d: PdfDict, entries: Record<string, WritableObject | undefined>): PdfDict {
  const m = new Map(d.entries);
  for (const [k, v] of Object.entries(entries)) {
    if (v === undefined) m.delete(k);
    else m.set(k, v as PdfObject);
  }
  return new PdfDict(m);
}

/** A PDF text string: PDFDocEncoding-compatible Latin-1 when possible, else UTF-16BE with BOM. */
export function text(s: string): PdfString {
  if (/^[\x20-\x7e\xa0-\xff]*$/.test(s)) return new PdfString(Buffer.from(s, 'latin1'), false, -1, -1);
  const b = Buffer.alloc(2 + s.length * 2);
  b[0] = 0xfe;
  b[1] = 0xff;
  for (let i = 0; i < s.length; i++) b.writeUInt16BE(s.charCodeAt(i), 2 + i * 2);
  return new PdfString(b, true, -1, -1);
}

export function bytesString(b: Uint8Array): PdfString {
  return new PdfString(b, true, -1, -1);
}

function nameToken(n: string): string {
  let out = '/';
  for (const ch of Buffer.from(n, 'utf8')) {
    const regular = ch > 0x20 && ch < 0x7f && !'()<>[]{}/%#'.includes(String.fromCharCode(ch));
    out += regular ? String.fromCharCode(ch) : '#' + ch.toString(16).padStart(2, '0');
  }
  return out;
}

function numberToken(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot write number ${n}`);
  if (Number.isInteger(n)) return String(n);
  let s = n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  if (s === '-0') s = '0';
  return s;
}

function literal(b: Uint8Array): string {
  let s = '(';
  for (const c of b) {
    if (c === 0x28 || c === 0x29 || c === 0x5c) s += '\\' + String.fromCharCode(c);
    else if (c === 0x0d) s += '\\r';
    else if (c === 0x0a) s += '\\n';
    else s += String.fromCharCode(c);
  }
  return s + ')';
}

/** PDF syntax for one object, as a Latin-1 string (every char is one byte). */
export function serialize(o: WritableObject): string {
  if (o === null) return 'null';
  if (typeof o === 'boolean') return o ? 'true' : 'false';
  if (typeof o === 'number') return numberToken(o);
  if (o instanceof PdfRaw) return o.text;
  if (o instanceof PdfName) return nameToken(o.name);
  if (o instanceof PdfRef) return `${o.num} ${o.gen} R`;
  if (o instanceof PdfString) return o.hex ? `<${Buffer.from(o.bytes).toString('hex')}>` : literal(o.bytes);
  if (o instanceof PdfArray) return `[${o.items.map(serialize).join(' ')}]`;
  if (Array.isArray(o)) return `[${o.map(serialize).join(' ')}]`;
  if (o instanceof PdfDict) {
    let s = '<<';
    for (const [k, v] of o.entries) s += `${nameToken(k)} ${serialize(v)}`;
    return s + '>>';
  }
  if (o instanceof PdfStream) throw new Error('existing streams are never rewritten');
  return serialize(dict(o as Record<string, WritableObject>));
}
