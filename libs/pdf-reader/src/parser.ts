import { Budget } from './budget';
import { PdfReadError } from './errors';
import { PdfArray, PdfDict, PdfName, PdfObject, PdfRef, PdfString } from './objects';

const WS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

export function isWhite(c: number): boolean {
  return WS[c] === 1;
}
export function isRegular(c: number): boolean {
  return WS[c] !== 1 && DELIM[c] !== 1;
}

/** A keyword token such as `obj`, `R`, `stream`, `true`. */
export class Keyword {
  constructor(readonly word: string) {}
}

type Token = PdfObject | Keyword | { delim: string };

/**
 * Tokenizer and object parser over a byte buffer. `base` is added to every recorded offset so that
 * offsets refer to the file even when `buf` is a slice; `fileLevel` false marks offsets meaningless
 * (decoded object streams).
 */
export class Parser {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    readonly budget: Budget,
    pos = 0,
    readonly fileLevel = true,
  ) {
    this.pos = pos;
  }

  skipWs(): void {
    const b = this.buf;
    for (;;) {
      this.budget.tick();
      while (this.pos < b.length && WS[b[this.pos]!] === 1) this.pos++;
      if (this.pos < b.length && b[this.pos] === 0x25 /* % */) {
        while (this.pos < b.length && b[this.pos] !== 10 && b[this.pos] !== 13) this.pos++;
        continue;
      }
      return;
    }
  }

  atEnd(): boolean {
    this.skipWs();
    return this.pos >= this.buf.length;
  }

  /** Reads a run of regular characters. */
  private regular(): string {
    const b = this.buf;
    const s = this.pos;
    while (this.pos < b.length && isRegular(b[this.pos]!)) this.pos++;
    return latin1(b, s, this.pos);
  }

  /** Peeks the next keyword (regular run) without consuming it. */
  peekKeyword(): string {
    this.skipWs();
    const save = this.pos;
    const w = this.regular();
    this.pos = save;
    return w;
  }

  expectKeyword(word: string): void {
    this.skipWs();
    const at = this.pos;
    const w = this.regular();
    if (w !== word) throw new PdfReadError('BAD_OBJECT', `expected "${word}", found "${w.slice(0, 20)}"`, at);
  }

  /** Reads a non-negative integer token, or returns undefined (position restored). */
  tryInt(): number | undefined {
    this.skipWs();
    const b = this.buf;
    const s = this.pos;
    let e = s;
    while (e < b.length && b[e]! >= 0x30 && b[e]! <= 0x39) e++;
    if (e === s || e - s > 15 || (e < b.length && isRegular(b[e]!))) return undefined;
    this.pos = e;
    return Number(latin1(b, s, e));
  }

  private token(): Token {
    this.skipWs();
    const b = this.buf;
    if (this.pos >= b.length) throw new PdfReadError('BAD_OBJECT', 'unexpected end of data', this.pos);
    const c = b[this.pos]!;
    switch (c) {
      case 0x2f /* / */:
        return this.name();
      case 0x28 /* ( */:
        return this.literalString();
      case 0x3c /* < */:
        if (b[this.pos + 1] === 0x3c) {
          this.pos += 2;
          return { delim: '<<' };
        }
        return this.hexString();
      case 0x3e /* > */:
        if (b[this.pos + 1] === 0x3e) {
          this.pos += 2;
          return { delim: '>>' };
        }
        throw new PdfReadError('BAD_OBJECT', 'stray ">"', this.pos);
      case 0x5b:
        this.pos++;
        return { delim: '[' };
      case 0x5d:
        this.pos++;
        return { delim: ']' };
      case 0x7b:
      case 0x7d:
        this.pos++;
        return { delim: String.fromCharCode(c) };
      case 0x29:
        throw new PdfReadError('BAD_OBJECT', 'stray ")"', this.pos);
    }
    const at = this.pos;
    const w = this.regular();
    if (w === '') {
      this.pos++;
      throw new PdfReadError('BAD_OBJECT', 'unexpected character', at);
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) return Number(w);
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (w === 'null') return null;
    if (/^[+-]/.test(w) && /^[+-]*\d*\.?\d*$/.test(w)) return 0; // tolerated garbage like "--5"
    return new Keyword(w);
  }

  private name(): PdfName {
    const b = this.buf;
    this.pos++;
    const bytes: number[] = [];
    while (this.pos < b.length && isRegular(b[this.pos]!)) {
      const c = b[this.pos]!;
      if (c === 0x23 /* # */ && this.pos + 2 < b.length + 0) {
        const h = hexVal(b[this.pos + 1]!) * 16 + hexVal(b[this.pos + 2]!);
        if (!Number.isNaN(h) && h >= 0) {
          bytes.push(h);
          this.pos += 3;
          continue;
        }
      }
      bytes.push(c);
      this.pos++;
    }
    return new PdfName(Buffer.from(bytes).toString('latin1'));
  }

  private literalString(): PdfString {
    const b = this.buf;
    const start = this.pos;
    this.pos++;
    let depth = 1;
    const out: number[] = [];
    while (this.pos < b.length) {
      this.budget.tick();
      const c = b[this.pos++]!;
      if (c === 0x5c /* \ */) {
        const n = b[this.pos++];
        if (n === undefined) break;
        switch (n) {
          case 0x6e: out.push(10); break;
          case 0x72: out.push(13); break;
          case 0x74: out.push(9); break;
          case 0x62: out.push(8); break;
          case 0x66: out.push(12); break;
          case 0x0d:
            if (b[this.pos] === 0x0a) this.pos++;
            break;
          case 0x0a:
            break;
          default:
            if (n >= 0x30 && n <= 0x37) {
              let v = n - 0x30;
              for (let k = 0; k < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; k++) v = v * 8 + (b[this.pos++]! - 0x30);
              out.push(v & 0xff);
            } else out.push(n);
        }
        continue;
      }
      if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) {
        return new PdfString(Uint8Array.from(out), false, this.fileLevel ? start : -1, this.fileLevel ? this.pos : -1);
      }
      out.push(c);
    }
    throw new PdfReadError('BAD_OBJECT', 'unterminated string', start);
  }

  private hexString(): PdfString {
    const b = this.buf;
    const start = this.pos;
    const close = indexOfByte(b, 0x3e, this.pos + 1);
    if (close < 0) throw new PdfReadError('BAD_OBJECT', 'unterminated hex string', start);
    const out = new Uint8Array(Math.ceil((close - start) / 2));
    let n = 0;
    let hi = -1;
    for (let i = start + 1; i < close; i++) {
      const c = b[i]!;
      if (WS[c] === 1) continue;
      const v = hexVal(c);
      if (Number.isNaN(v)) throw new PdfReadError('BAD_OBJECT', 'bad character in hex string', i);
      if (hi < 0) hi = v;
      else {
        out[n++] = hi * 16 + v;
        hi = -1;
      }
    }
    if (hi >= 0) out[n++] = hi * 16;
    this.pos = close + 1;
    return new PdfString(out.subarray(0, n), true, this.fileLevel ? start : -1, this.fileLevel ? this.pos : -1);
  }

  /** Parses one object (with `N G R` references). Keywords other than those are an error. */
  parseObject(depth = 0): PdfObject {
    if (depth > this.budget.limits.maxDepth) throw new PdfReadError('LIMIT_DEPTH', 'objects nested too deep', this.pos);
    this.skipWs();
    const at = this.pos;
    const t = this.token();
    if (t instanceof Keyword) throw new PdfReadError('BAD_OBJECT', `unexpected keyword "${t.word.slice(0, 20)}"`, at);
    if (typeof t === 'number') {
      if (Number.isInteger(t) && t >= 0) {
        const save = this.pos;
        const gen = this.tryInt();
        if (gen !== undefined) {
          this.skipWs();
          if (this.buf[this.pos] === 0x52 /* R */ && (this.pos + 1 >= this.buf.length || !isRegular(this.buf[this.pos + 1]!))) {
            this.pos++;
            return new PdfRef(t, gen);
          }
        }
        this.pos = save;
      }
      return t;
    }
    if (t !== null && typeof t === 'object' && 'delim' in t) {
      if (t.delim === '[') {
        const items: PdfObject[] = [];
        for (;;) {
          this.budget.tick();
          this.skipWs();
          if (this.pos >= this.buf.length) throw new PdfReadError('BAD_OBJECT', 'unterminated array', at);
          if (this.buf[this.pos] === 0x5d) {
            this.pos++;
            return new PdfArray(items, this.fileLevel ? at : -1, this.fileLevel ? this.pos : -1);
          }
          items.push(this.parseObject(depth + 1));
        }
      }
      if (t.delim === '<<') {
        const entries = new Map<string, PdfObject>();
        for (;;) {
          this.budget.tick();
          this.skipWs();
          if (this.pos >= this.buf.length) throw new PdfReadError('BAD_OBJECT', 'unterminated dictionary', at);
          if (this.buf[this.pos] === 0x3e && this.buf[this.pos + 1] === 0x3e) {
            this.pos += 2;
            return new PdfDict(entries, this.fileLevel ? at : -1, this.fileLevel ? this.pos : -1);
          }
          const kAt = this.pos;
          const k = this.token();
          if (!(k instanceof PdfName)) throw new PdfReadError('BAD_OBJECT', 'dictionary key is not a name', kAt);
          this.skipWs();
          // A key directly followed by ">>" has no value: treat as null (lenient readers do the same).
          if (this.buf[this.pos] === 0x3e && this.buf[this.pos + 1] === 0x3e) {
            entries.set(k.name, null);
            continue;
          }
          const v = this.parseObject(depth + 1);
          if (!entries.has(k.name)) entries.set(k.name, v);
        }
      }
      throw new PdfReadError('BAD_OBJECT', `unexpected "${t.delim}"`, at);
    }
    return t as PdfObject;
  }
}

export function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return NaN;
}

export function latin1(b: Uint8Array, s: number, e: number): string {
  return Buffer.from(b.buffer, b.byteOffset + s, Math.max(0, e - s)).toString('latin1');
}

export function indexOfByte(b: Uint8Array, c: number, from: number): number {
  return Buffer.from(b.buffer, b.byteOffset, b.length).indexOf(c, from);
}
