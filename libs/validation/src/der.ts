/**
 * A small, bounded DER reader (and the few encoders the tests need). Every node keeps its raw bytes
 * so that signed structures can be hashed exactly as they appear.
 */

export class DerError extends Error {
  override readonly name = 'DerError';
}

export interface Der {
  /** Full identifier octet (class, constructed bit, tag number for low tags). */
  tag: number;
  cls: number;
  constructed: boolean;
  /** Tag number (low or high form). */
  num: number;
  /** The whole TLV. */
  raw: Buffer;
  /** The value octets. */
  value: Buffer;
  /** Children when constructed (parsed eagerly, bounded by depth). */
  children: Der[];
}

const MAX_DEPTH = 40;

export function parseDer(buf: Uint8Array, opts: { allowTrailing?: boolean } = {}): Der {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  const [node, end] = parseAt(b, 0, 0);
  if (!opts.allowTrailing && end !== b.length) {
    // trailing zero padding is normal inside /Contents
    for (let i = end; i < b.length; i++) if (b[i] !== 0) throw new DerError('trailing bytes after DER value');
  }
  return node;
}

/** Length of the first TLV in `buf` (to strip /Contents zero padding). */
export function derLength(buf: Uint8Array): number {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  return parseAt(b, 0, 0)[1];
}

function parseAt(b: Buffer, pos: number, depth: number): [Der, number] {
  if (depth > MAX_DEPTH) throw new DerError('DER nested too deep');
  const start = pos;
  if (pos >= b.length) throw new DerError('unexpected end of DER');
  const tag = b[pos++]!;
  const cls = tag >> 6;
  const constructed = (tag & 0x20) !== 0;
  let num = tag & 0x1f;
  if (num === 0x1f) {
    num = 0;
    for (let k = 0; ; k++) {
      if (pos >= b.length || k > 4) throw new DerError('bad DER tag');
      const c = b[pos++]!;
      num = num * 128 + (c & 0x7f);
      if (!(c & 0x80)) break;
    }
  }
  if (pos >= b.length) throw new DerError('unexpected end of DER');
  let len = b[pos++]!;
  let indefinite = false;
  if (len === 0x80) {
    indefinite = true;
    len = -1;
  } else if (len & 0x80) {
    const n = len & 0x7f;
    if (n > 4 || pos + n > b.length) throw new DerError('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[pos++]!;
  }
  const children: Der[] = [];
  if (indefinite) {
    // BER indefinite length (seen in some CMS producers): read children until 00 00.
    if (!constructed) throw new DerError('indefinite length on a primitive');
    let p = pos;
    for (;;) {
      if (p + 2 > b.length) throw new DerError('unterminated indefinite length');
      if (b[p] === 0 && b[p + 1] === 0) break;
      const [c, e] = parseAt(b, p, depth + 1);
      children.push(c);
      p = e;
    }
    return [{ tag, cls, constructed, num, raw: b.subarray(start, p + 2), value: b.subarray(pos, p), children }, p + 2];
  }
  const end = pos + len;
  if (end > b.length) throw new DerError('DER length beyond data');
  if (constructed) {
    let p = pos;
    while (p < end) {
      const [c, e] = parseAt(b, p, depth + 1);
      if (e > end) throw new DerError('DER child beyond parent');
      children.push(c);
      p = e;
    }
  }
  return [{ tag, cls, constructed, num, raw: b.subarray(start, end), value: b.subarray(pos, end), children }, end];
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  PRINTABLE: 0x13,
  IA5: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
} as const;

export function oidOf(d: Der | undefined): string {
  if (!d || d.tag !== TAG.OID) throw new DerError('expected an OID');
  const v = d.value;
  if (v.length === 0) throw new DerError('empty OID');
  // BigInt: arcs may exceed 2^53 (a 2.25 UUID arc has 128 bits).
  const parts: bigint[] = [];
  let n = 0n;
  for (let i = 0; i < v.length; i++) {
    n = n * 128n + BigInt(v[i]! & 0x7f);
    if (!(v[i]! & 0x80)) {
      if (parts.length === 0) {
        const first = n < 80n ? n / 40n : 2n;
        parts.push(first, n - first * 40n);
      } else parts.push(n);
      n = 0n;
    }
  }
  return parts.join('.');
}

/** The text of a DER string (UTF8String, PrintableString, IA5String, VisibleString, BMPString). */
export function stringOf(d: Der | undefined): string | undefined {
  if (!d) return undefined;
  if (d.tag === TAG.UTF8) return d.value.toString('utf8');
  if (d.tag === TAG.PRINTABLE || d.tag === TAG.IA5 || d.tag === 0x1a) return d.value.toString('latin1');
  if (d.tag === 0x1e && d.value.length % 2 === 0) return Buffer.from(d.value).swap16().toString('utf16le');
  return undefined;
}

export function timeOf(d: Der | undefined): Date {
  if (!d) throw new DerError('expected a time');
  const s = d.value.toString('latin1');
  let m: RegExpExecArray | null;
  if (d.tag === TAG.UTC_TIME && (m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s))) {
    const y = Number(m[1]);
    return new Date(Date.UTC(y < 50 ? 2000 + y : 1900 + y, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  }
  if (d.tag === TAG.GENERALIZED_TIME && (m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?Z$/.exec(s))) {
    const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
    return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5] ?? 0), Number(m[6] ?? 0), ms));
  }
  throw new DerError(`bad time "${s.slice(0, 20)}"`);
}

/** Unsigned big-endian integer as lowercase hex without leading zeros ("0" for zero). */
export function intHex(d: Der | undefined): string {
  if (!d || d.tag !== TAG.INTEGER) throw new DerError('expected an INTEGER');
  const h = d.value.toString('hex').replace(/^(00)+/, '');
  return h === '' ? '0' : h;
}

export function smallInt(d: Der | undefined): number {
  if (!d || d.tag !== TAG.INTEGER || d.value.length > 6) throw new DerError('expected a small INTEGER');
  let n = 0;
  for (const c of d.value) n = n * 256 + c;
  return n;
}

/** Context-specific tag test: [n]. */
export function isContext(d: Der | undefined, n: number): boolean {
  return !!d && d.cls === 2 && d.num === n;
}

// ------------------------------------------------------------------ encoders (tests, re-tagging)

export function encLen(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const v = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encLen(v.length), v]);
}

export function encOid(oid: string): Buffer {
  const p = oid.split('.').map(Number);
  const out: number[] = [40 * p[0]! + p[1]!];
  for (const n of p.slice(2)) {
    const bytes: number[] = [];
    let x = n;
    do {
      bytes.unshift(x & 0x7f);
      x = Math.floor(x / 128);
    } while (x > 0);
    for (let i = 0; i < bytes.length - 1; i++) bytes[i]! |= 0x80;
    out.push(...bytes);
  }
  return tlv(TAG.OID, Buffer.from(out));
}

export function encInt(v: number | Buffer): Buffer {
  let b: Buffer;
  if (typeof v === 'number') {
    const bytes: number[] = [];
    let x = v;
    do {
      bytes.unshift(x & 0xff);
      x = Math.floor(x / 256);
    } while (x > 0);
    b = Buffer.from(bytes);
  } else b = v;
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(TAG.INTEGER, b);
}

export function encTime(d: Date): Buffer {
  const iso = d.toISOString();
  const s = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  if (d.getUTCFullYear() >= 1950 && d.getUTCFullYear() < 2050) return tlv(TAG.UTC_TIME, Buffer.from(s.slice(2), 'latin1'));
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(s, 'latin1'));
}
