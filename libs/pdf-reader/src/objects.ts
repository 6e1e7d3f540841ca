/**
 * The PDF object model. Primitive numbers, booleans and null map to JS values; everything else is a
 * small class so that callers can narrow with `instanceof`.
 */

export class PdfName {
  constructor(readonly name: string) {}
  toString(): string {
    return `/${this.name}`;
  }
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
  get key(): string {
    return `${this.num} ${this.gen}`;
  }
  toString(): string {
    return `${this.num} ${this.gen} R`;
  }
}

/** A literal `( … )` or hex `< … >` string. `start`/`end` are byte offsets in the file (end exclusive,
 * including the delimiters), or -1 when the string was parsed from a decoded object stream. */
export class PdfString {
  constructor(
    readonly bytes: Uint8Array,
    readonly hex: boolean,
    readonly start: number,
    readonly end: number,
  ) {}
  /** Decodes as PDFDocEncoding-ish latin1 or UTF-16BE (with BOM) / UTF-8 (with BOM) text. */
  text(): string {
    const b = this.bytes;
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
      let s = '';
      for (let i = 2; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
      return s;
    }
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return Buffer.from(b.subarray(3)).toString('utf8');
    return Buffer.from(b).toString('latin1');
  }
}

export class PdfArray {
  constructor(
    readonly items: PdfObject[],
    readonly start = -1,
    readonly end = -1,
  ) {}
  get length(): number {
    return this.items.length;
  }
  get(i: number): PdfObject | undefined {
    return this.items[i];
  }
}

export class PdfDict {
  constructor(
    readonly entries: Map<string, PdfObject>,
    readonly start = -1,
    readonly end = -1,
  ) {}
  get(key: string): PdfObject | undefined {
    return this.entries.get(key);
  }
  has(key: string): boolean {
    return this.entries.has(key);
  }
  /** The value when it is a name, else undefined. */
  name(key: string): string | undefined {
    const v = this.entries.get(key);
    return v instanceof PdfName ? v.name : undefined;
  }
  keys(): string[] {
    return [...this.entries.keys()];
  }
}

/** A stream: its dictionary and where its raw (still encoded) data lies in the file or object stream. */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    /** The raw encoded bytes (a view into the file). */
    readonly raw: Uint8Array,
    readonly dataStart: number,
    readonly dataEnd: number,
    /** True when /Length was wrong or missing and `endstream` was searched for. */
    readonly lengthRecovered: boolean,
  ) {}
}

export type PdfObject = null | boolean | number | PdfName | PdfString | PdfRef | PdfArray | PdfDict | PdfStream;

/** An indirect object as it stands in the file. */
export interface IndirectObject {
  ref: PdfRef;
  value: PdfObject;
  /** Byte offset of `N G obj` in the file, or -1 for objects inside object streams. */
  offset: number;
  /** Byte offset just after `endobj` (or after the value when `endobj` is missing), -1 in object streams. */
  end: number;
  /** Set when the object lives in an object stream. */
  objStm?: { num: number; index: number };
}

export function isName(o: PdfObject | undefined, name?: string): o is PdfName {
  return o instanceof PdfName && (name === undefined || o.name === name);
}
