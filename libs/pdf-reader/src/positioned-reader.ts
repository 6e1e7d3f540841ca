/**
 * PdfReader's sibling for large files: reads the last revision's trailer and the cross-reference chain
 * (tables, xref streams, hybrids) and then single objects (also from object streams) with positioned
 * reads from a ByteSource, so signing a 200 MB document touches a handful of objects instead of
 * loading and scanning the whole file. It shares the object parser, the stream filters, the budget,
 * the xref-stream decoding and the page/field tree walks with PdfReader; what it lacks is recovery
 * (no scan for `N G obj`, no tolerance for wrong offsets), so a caller falls back to PdfReader on a
 * PdfReadError. All failures are PdfReadErrors.
 *
 * Offsets recorded inside parsed objects (PdfString.start, PdfStream.dataStart, …) are relative to the
 * window they were read in, not to the file: use PdfReader when those matter (validation does).
 */
import { Budget, DEFAULT_LIMITS } from './budget';
import { BufferByteSource, FileByteSource, type ByteSource } from './byte-source';
import { PdfReadError } from './errors';
import { decodeStreamData } from './filters';
import { PdfDict, PdfRef, PdfStream, type PdfObject } from './objects';
import { Parser } from './parser';
import type { PdfReaderOptions } from './reader';
import { fieldTree, pageTree, type FieldInfo, type PageInfo, type TreeContext } from './tree';
import { xrefStreamEntries, type XrefEntry } from './xref-stream';

/**
 * What the signer reads of an existing document (libs/pades' DocumentEditor and IncrementalRevision):
 * PdfReader and PositionedPdfReader both offer it.
 */
export interface PdfSource {
  readonly trailer: PdfDict;
  readonly startxref: number;
  readonly xrefKind: string;
  readonly size: number;
  readonly encrypted: boolean;
  resolve(o: PdfObject | undefined): PdfObject | undefined;
  catalog(): PdfDict;
  fields(): FieldInfo[];
  pages(): PageInfo[];
}

/** The largest window read to parse one object or one xref table (bigger ones are refused). */
const MAX_WINDOW = 64 * 1024 * 1024;

interface ObjStm {
  data: Buffer;
  first: number;
  offsets: Map<number, number>;
}

export class PositionedPdfReader implements PdfSource {
  readonly budget: Budget;
  trailer!: PdfDict;
  startxref!: number;
  xrefKind: 'table' | 'stream' | 'hybrid' = 'table';
  /** Deviations that were tolerated (each a short English sentence). */
  readonly warnings: string[] = [];
  private readonly xref = new Map<number, XrefEntry>();
  private readonly cache = new Map<number, PdfObject>();
  private readonly objStms = new Map<number, ObjStm>();
  private readonly loading = new Set<number>();

  private constructor(
    readonly source: ByteSource,
    opts: PdfReaderOptions,
  ) {
    this.budget = new Budget({ ...DEFAULT_LIMITS, ...opts });
  }

  /**
   * Reads the cross-reference chain of a file path, a buffer or any ByteSource. A path is opened here
   * and closed by `close()` (also when opening fails); a given ByteSource stays the caller's.
   */
  static open(input: string | Uint8Array | ByteSource, opts: PdfReaderOptions = {}): PositionedPdfReader {
    const owned = typeof input === 'string' || input instanceof Uint8Array;
    const source = typeof input === 'string' ? new FileByteSource(input) : input instanceof Uint8Array ? new BufferByteSource(input) : input;
    const r = new PositionedPdfReader(source, opts);
    try {
      r.load();
    } catch (e) {
      if (owned) source.close();
      if (e instanceof PdfReadError) throw e;
      if (e instanceof RangeError && /call stack/i.test(e.message)) throw new PdfReadError('LIMIT_DEPTH', 'structure nested too deep');
      throw new PdfReadError('BAD_OBJECT', e instanceof Error ? e.message : String(e));
    }
    if (owned) r.owned = true;
    return r;
  }

  private owned = false;

  /** Closes the source when `open` opened it. */
  close(): void {
    if (this.owned) this.source.close();
  }

  get length(): number {
    return this.source.length;
  }

  /** Bytes of the file (positioned read). */
  read(offset: number, length: number): Buffer {
    return this.source.read(offset, length);
  }

  get size(): number {
    const s = this.trailer.get('Size');
    if (typeof s === 'number' && Number.isInteger(s) && s > 0) return s;
    return Math.max(0, ...this.xref.keys()) + 1;
  }

  get encrypted(): boolean {
    return this.trailer.has('Encrypt');
  }

  resolve(o: PdfObject | undefined): PdfObject | undefined {
    let depth = 0;
    while (o instanceof PdfRef) {
      if (++depth > this.budget.limits.maxDepth) throw new PdfReadError('CYCLE', 'reference chain too long');
      o = this.object(o);
    }
    return o;
  }

  catalog(): PdfDict {
    const c = this.resolve(this.trailer.get('Root'));
    if (!(c instanceof PdfDict)) throw new PdfReadError('NO_CATALOG', 'the trailer has no /Root catalog dictionary');
    return c;
  }

  pages(): PageInfo[] {
    return pageTree(this.catalog(), this.treeContext());
  }

  fields(): FieldInfo[] {
    return fieldTree(this.catalog(), this.treeContext());
  }

  private treeContext(): TreeContext {
    return { resolve: (o) => this.resolve(o), budget: this.budget, warn: (w) => this.warn(w) };
  }

  private warn(w: string): void {
    if (this.warnings.length < 200 && !this.warnings.includes(w)) this.warnings.push(w);
  }

  // ---------------------------------------------------------------- cross-reference data

  private load(): void {
    const length = this.source.length;
    const tailLen = Math.min(length, 4096);
    const tail = this.source.read(length - tailLen, tailLen);
    const i = tail.lastIndexOf('startxref');
    if (i < 0) throw new PdfReadError('NO_STARTXREF', 'no startxref near the end of the file');
    const m = /^startxref\s+(\d+)/.exec(tail.subarray(i).toString('latin1'));
    if (!m) throw new PdfReadError('NO_STARTXREF', 'startxref is not followed by a number');
    this.startxref = Number(m[1]);
    let offset: number | undefined = this.startxref;
    const seen = new Set<number>();
    while (offset !== undefined) {
      this.budget.tick();
      if (seen.has(offset)) throw new PdfReadError('BAD_XREF', 'loop in /Prev chain', offset);
      if (seen.size >= this.budget.limits.maxRevisions) throw new PdfReadError('LIMIT_OBJECTS', 'too many revisions');
      if (offset >= length) throw new PdfReadError('BAD_XREF', `cross-reference offset ${offset} beyond the end of the file`);
      seen.add(offset);
      const { trailer, kind } = this.readSection(offset);
      if (seen.size === 1) {
        this.trailer = trailer;
        this.xrefKind = kind;
      }
      const prev = trailer.get('Prev');
      offset = typeof prev === 'number' && Number.isInteger(prev) && prev >= 0 ? prev : undefined;
    }
    if (this.xref.size > this.budget.limits.maxObjects) throw new PdfReadError('LIMIT_OBJECTS', `more than ${this.budget.limits.maxObjects} objects`);
  }

  /** Newer sections are read first: an entry already known wins. */
  private addEntries(entries: Map<number, XrefEntry>, onlyOverFree = false): void {
    for (const [num, e] of entries) {
      const cur = this.xref.get(num);
      if (!cur || (onlyOverFree && cur.type === 'free')) this.xref.set(num, e);
    }
  }

  private readSection(offset: number): { trailer: PdfDict; kind: 'table' | 'stream' | 'hybrid' } {
    if (this.source.read(offset, 4).toString('latin1') === 'xref') {
      const { trailer, entries } = this.readTable(offset);
      const stm = trailer.get('XRefStm');
      if (typeof stm === 'number' && Number.isInteger(stm) && stm >= 0 && stm < this.source.length) {
        // Hybrid: the stream's entries fill what the table lists as free (or not at all).
        const hidden = this.readXrefStream(stm).entries;
        for (const [num, e] of hidden) {
          const t = entries.get(num);
          if (!t || t.type === 'free') entries.set(num, e);
        }
        this.addEntries(entries);
        return { trailer, kind: 'hybrid' };
      }
      this.addEntries(entries);
      return { trailer, kind: 'table' };
    }
    const { trailer, entries } = this.readXrefStream(offset);
    this.addEntries(entries);
    return { trailer, kind: 'stream' };
  }

  private readTable(offset: number): { trailer: PdfDict; entries: Map<number, XrefEntry> } {
    for (let win = 64 * 1024; ; win *= 4) {
      const buf = this.source.read(offset, win);
      const text = buf.toString('latin1');
      const t = text.indexOf('trailer');
      const complete = t >= 0 && text.indexOf('>>', t) >= 0;
      if (!complete && offset + buf.length < this.source.length && win < MAX_WINDOW) continue;
      if (t < 0) throw new PdfReadError('BAD_XREF', 'no trailer after the xref table', offset);
      const entries = new Map<number, XrefEntry>();
      const max = this.budget.limits.maxObjects;
      let cur = 0;
      for (const raw of text.slice(4, t).split(/\r\n|\r|\n/)) {
        this.budget.tick();
        const line = raw.trim();
        if (!line) continue;
        const sub = /^(\d{1,10})\s+(\d{1,10})$/.exec(line);
        if (sub) {
          cur = Number(sub[1]);
          if (Number(sub[2]) > max || cur + Number(sub[2]) > max) throw new PdfReadError('LIMIT_OBJECTS', 'xref subsection too large', offset);
          continue;
        }
        const e = /^(\d{1,10})\s+(\d{1,5})\s+([nf])/.exec(line);
        if (!e) throw new PdfReadError('BAD_XREF', `bad xref line "${line.slice(0, 30)}"`, offset);
        this.budget.xrefEntry();
        const num = cur++;
        if (entries.has(num)) continue;
        entries.set(num, e[3] === 'n' ? { type: 'inuse', num, gen: Number(e[2]), offset: Number(e[1]) } : { type: 'free', num, gen: Number(e[2]) });
      }
      const trailer = new Parser(buf, this.budget, t + 'trailer'.length).parseObject();
      if (!(trailer instanceof PdfDict)) throw new PdfReadError('BAD_XREF', 'the trailer is not a dictionary', offset);
      return { trailer, entries };
    }
  }

  private readXrefStream(offset: number): { trailer: PdfDict; entries: Map<number, XrefEntry> } {
    const s = this.readIndirect(offset, true);
    if (!(s instanceof PdfStream)) throw new PdfReadError('BAD_XREF', 'cross-reference stream is not a stream', offset);
    const data = decodeStreamData(s.raw, s.dict, this.budget, (o) => (o instanceof PdfRef ? null : o));
    return { trailer: s.dict, entries: xrefStreamEntries(s.dict, data, this.budget, offset, (w) => this.warn(w)) };
  }

  // ---------------------------------------------------------------- objects

  /** Parses `N G obj value [stream … endstream] endobj` at an offset, growing the window as needed. */
  private readIndirect(offset: number, lengthMustBeDirect = false): PdfObject {
    for (let win = 16 * 1024; ; win *= 4) {
      const buf = this.source.read(offset, win);
      const atEnd = offset + buf.length >= this.source.length || win >= MAX_WINDOW;
      try {
        const p = new Parser(buf, this.budget, 0);
        const num = p.tryInt();
        const gen = p.tryInt();
        if (num === undefined || gen === undefined) throw new PdfReadError('BAD_XREF', 'no object header', offset);
        p.expectKeyword('obj');
        const value = p.parseObject();
        const kw = p.peekKeyword();
        if (kw === 'stream') {
          if (!(value instanceof PdfDict)) throw new PdfReadError('BAD_STREAM', 'stream without a dictionary', offset);
          p.expectKeyword('stream');
          let start = p.pos;
          if (buf[start] === 13 && buf[start + 1] === 10) start += 2;
          else if (buf[start] === 10 || buf[start] === 13) start += 1;
          const lenObj = value.get('Length');
          const len = lengthMustBeDirect && lenObj instanceof PdfRef ? undefined : this.resolve(lenObj);
          if (typeof len !== 'number' || !Number.isInteger(len) || len < 0) throw new PdfReadError('BAD_STREAM', 'stream without a usable /Length', offset);
          if (len > this.budget.limits.maxDecodedSize * 4) throw new PdfReadError('LIMIT_SIZE', 'stream too large', offset);
          if (offset + start + len > this.source.length) throw new PdfReadError('BAD_STREAM', 'stream /Length beyond the end of the file', offset);
          const raw = this.source.read(offset + start, len);
          return new PdfStream(value, raw, offset + start, offset + start + len, false);
        }
        if (kw !== 'endobj' && !atEnd) continue;
        return value;
      } catch (e) {
        if (atEnd || !(e instanceof PdfReadError) || e.code !== 'BAD_OBJECT') throw e;
        // BAD_OBJECT from a cut-off window: read a larger one.
      }
    }
  }

  private objStm(num: number): ObjStm {
    let s = this.objStms.get(num);
    if (s) return s;
    const e = this.xref.get(num);
    if (!e || e.type !== 'inuse') throw new PdfReadError('BAD_OBJECT', `object stream ${num} is not a plain object`);
    const o = this.readIndirect(e.offset);
    if (!(o instanceof PdfStream)) throw new PdfReadError('BAD_OBJECT', `object stream ${num} is not a stream`);
    const n = this.resolve(o.dict.get('N'));
    const first = this.resolve(o.dict.get('First'));
    if (typeof n !== 'number' || typeof first !== 'number' || !Number.isInteger(n) || !Number.isInteger(first) || n < 0 || first < 0) {
      throw new PdfReadError('BAD_OBJECT', `object stream ${num} has bad /N or /First`);
    }
    if (n > this.budget.limits.maxObjects) throw new PdfReadError('LIMIT_OBJECTS', `object stream ${num} holds too many objects`);
    const data = decodeStreamData(o.raw, o.dict, this.budget, (x) => this.resolve(x));
    if (first > data.length) throw new PdfReadError('BAD_OBJECT', `object stream ${num} /First beyond its data`);
    const p = new Parser(data.subarray(0, first), this.budget, 0, false);
    const offsets = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const a = p.tryInt();
      const b = p.tryInt();
      if (a === undefined || b === undefined) throw new PdfReadError('BAD_OBJECT', `object stream ${num} has a bad header`);
      if (!offsets.has(a)) offsets.set(a, b);
    }
    s = { data, first, offsets };
    this.objStms.set(num, s);
    return s;
  }

  private object(ref: PdfRef): PdfObject {
    this.budget.tick();
    const hit = this.cache.get(ref.num);
    if (hit !== undefined) return hit;
    const e = this.xref.get(ref.num);
    if (!e || e.type === 'free') return null;
    if (this.loading.has(ref.num)) throw new PdfReadError('CYCLE', `object ${ref.num} refers to itself while loading`);
    this.loading.add(ref.num);
    try {
      let v: PdfObject;
      if (e.type === 'inuse') v = this.readIndirect(e.offset);
      else {
        const s = this.objStm(e.objStm);
        const off = s.offsets.get(ref.num);
        if (off === undefined) throw new PdfReadError('BAD_OBJECT', `object ${ref.num} is not in object stream ${e.objStm}`);
        v = new Parser(s.data, this.budget, s.first + off, false).parseObject();
      }
      if (this.cache.size > this.budget.limits.maxObjects) throw new PdfReadError('LIMIT_OBJECTS', 'too many objects loaded');
      this.cache.set(ref.num, v);
      return v;
    } finally {
      this.loading.delete(ref.num);
    }
  }
}
