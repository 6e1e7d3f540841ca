import { Budget, DEFAULT_LIMITS, PdfReadLimits } from './budget';
import { PdfReadError } from './errors';
import { decodeStreamData } from './filters';
import { IndirectObject, PdfArray, PdfDict, PdfObject, PdfRef, PdfStream } from './objects';
import { Parser, isRegular, isWhite, latin1 } from './parser';
import { fieldTree, pageTree, type FieldInfo, type PageInfo, type TreeContext } from './tree';
import { xrefStreamEntries, type XrefEntry } from './xref-stream';

export type { FieldInfo, PageInfo } from './tree';
export type { XrefEntry } from './xref-stream';

export type XrefKind = 'table' | 'stream' | 'hybrid' | 'recovered';

/** One revision (incremental update) of the file, oldest first in `PdfReader.revisions`. */
export interface PdfRevision {
  /** 0 = the original document. */
  index: number;
  xrefKind: XrefKind;
  /** Offset of this revision's cross-reference section (the value of its `startxref`). */
  xrefOffset: number;
  trailer: PdfDict;
  /** The entries this revision's xref section lists (what it added, changed or freed). */
  entries: Map<number, XrefEntry>;
  /** Byte offset where this revision's bytes begin (the previous revision's `end`, 0 for the first). */
  start: number;
  /** Byte offset just after this revision's `%%EOF` marker. */
  eofEnd: number;
  /** `eofEnd` plus the end-of-line that follows the marker (CR, LF or CRLF), if any. */
  end: number;
}

export type PdfReaderOptions = Partial<PdfReadLimits>;

const EOF_MARK = Buffer.from('%%EOF', 'latin1');
const STARTXREF = Buffer.from('startxref', 'latin1');
const ENDSTREAM = Buffer.from('endstream', 'latin1');

interface ObjStmData {
  data: Buffer;
  first: number;
  offsets: number[];
  nums: number[];
}

/**
 * A lazy, bounded PDF reader. `PdfReader.open` reads the header, cross-reference data and trailers of
 * every revision; objects are parsed on demand. All failures on hostile input are `PdfReadError`s.
 */
export class PdfReader {
  readonly bytes: Buffer;
  readonly budget: Budget;
  /** Header version, e.g. "1.7" (undefined when the header is malformed, see warnings). */
  version?: string;
  /** Oldest first. */
  revisions: PdfRevision[] = [];
  /** End offsets (after EOL) of every `%%EOF` marker in the file, ascending. */
  eofEnds: number[] = [];
  /** True when the cross-reference data was rebuilt by scanning for `N G obj` (broken xref). */
  recovered = false;
  /** Deviations that were tolerated (each a short English sentence). */
  warnings: string[] = [];
  /** The merged (latest) cross-reference map. */
  readonly xref = new Map<number, XrefEntry>();

  private readonly cache = new Map<string, IndirectObject>();
  private readonly objStmCache = new Map<number, ObjStmData>();
  private readonly inProgress = new Set<string>();
  private scanIndex?: Map<number, number[]>;

  private constructor(bytes: Uint8Array, opts: PdfReaderOptions) {
    this.bytes = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    this.budget = new Budget({ ...DEFAULT_LIMITS, ...opts });
  }

  /** Reads the file structure. Throws `PdfReadError` when it cannot be read at all. */
  static open(bytes: Uint8Array, opts: PdfReaderOptions = {}): PdfReader {
    const r = new PdfReader(bytes, opts);
    try {
      r.load();
    } catch (e) {
      if (e instanceof PdfReadError) throw e;
      if (e instanceof RangeError && /call stack/i.test(e.message)) throw new PdfReadError('LIMIT_DEPTH', 'structure nested too deep');
      throw new PdfReadError('BAD_OBJECT', e instanceof Error ? e.message : String(e));
    }
    return r;
  }

  // ---------------------------------------------------------------- public API

  /** The last revision's trailer dictionary (for a recovered file, the best trailer found). */
  get trailer(): PdfDict {
    return this.revisions[this.revisions.length - 1]!.trailer;
  }
  get xrefKind(): XrefKind {
    return this.revisions[this.revisions.length - 1]!.xrefKind;
  }
  /** /Size of the last trailer (or one more than the highest object number when missing). */
  get size(): number {
    const s = this.trailer.get('Size');
    if (typeof s === 'number' && Number.isInteger(s) && s > 0) return s;
    return Math.max(0, ...this.xref.keys()) + 1;
  }
  /** Offset of the last cross-reference section (what `startxref` points to). */
  get startxref(): number {
    return this.revisions[this.revisions.length - 1]!.xrefOffset;
  }
  get encrypted(): boolean {
    return this.trailer.has('Encrypt');
  }
  /** In-use objects and their byte offsets in the latest revision (compressed objects excluded). */
  objectOffsets(): Map<number, { gen: number; offset: number }> {
    const m = new Map<number, { gen: number; offset: number }>();
    for (const e of this.xref.values()) if (e.type === 'inuse') m.set(e.num, { gen: e.gen, offset: e.offset });
    return m;
  }

  /** The object a reference points to in the latest revision (null if it does not exist). */
  getObject(ref: PdfRef): PdfObject {
    return this.getIndirect(ref)?.value ?? null;
  }

  /** The indirect object as of `revision` (default: the latest), or undefined if absent/free. */
  getIndirect(ref: PdfRef, revision = this.revisions.length - 1): IndirectObject | undefined {
    this.budget.tick();
    const e = this.entryAt(ref.num, revision);
    if (!e || e.type === 'free') return undefined;
    if (e.gen !== ref.gen && e.type === 'inuse') {
      this.warn(`reference ${ref} does not match generation ${e.gen}`);
      return undefined;
    }
    return this.load1(e, revision);
  }

  /** The xref entry for an object number as of a revision (walking back through older revisions). */
  entryAt(num: number, revision = this.revisions.length - 1): XrefEntry | undefined {
    if (revision >= this.revisions.length - 1) return this.xref.get(num);
    for (let i = revision; i >= 0; i--) {
      const e = this.revisions[i]!.entries.get(num);
      if (e) return e;
    }
    return undefined;
  }

  /** Follows references (also chains of them) to a direct object. */
  resolve(o: PdfObject | undefined, revision?: number): PdfObject | undefined {
    let depth = 0;
    while (o instanceof PdfRef) {
      if (++depth > this.budget.limits.maxDepth) throw new PdfReadError('CYCLE', 'reference chain too long');
      o = this.getIndirect(o, revision)?.value ?? null;
    }
    return o;
  }

  /** Resolves `dict[key]`. */
  get(dict: PdfDict | undefined, key: string, revision?: number): PdfObject | undefined {
    return dict ? this.resolve(dict.get(key), revision) : undefined;
  }

  catalog(revision?: number): PdfDict {
    const rev = revision ?? this.revisions.length - 1;
    const root = this.resolve(this.revisions[rev]!.trailer.get('Root'), rev);
    if (!(root instanceof PdfDict)) throw new PdfReadError('NO_CATALOG', 'the trailer has no /Root catalog dictionary');
    return root;
  }

  /** The decoded data of a stream. */
  decodeStream(s: PdfStream, revision?: number): Buffer {
    if (s.raw.length > this.budget.limits.maxDecodedSize * 4) throw new PdfReadError('LIMIT_SIZE', 'stream too large');
    return decodeStreamData(s.raw, s.dict, this.budget, (o) => this.resolve(o, revision));
  }

  /** The page tree in document order, with inherited /MediaBox and /Resources. Throws CYCLE on loops. */
  pages(revision?: number): PageInfo[] {
    return pageTree(this.catalog(revision), this.treeContext(revision));
  }

  /** The AcroForm fields (terminal fields), with inherited /FT and /V. Cycle-guarded. */
  fields(revision?: number): FieldInfo[] {
    return fieldTree(this.catalog(revision), this.treeContext(revision));
  }

  private treeContext(revision?: number): TreeContext {
    return { resolve: (o) => this.resolve(o, revision), budget: this.budget, warn: (w) => this.warn(w) };
  }

  /** The revision whose bytes contain `offset` (by revision spans), or -1. */
  revisionAt(offset: number): number {
    for (const r of this.revisions) if (offset >= r.start && offset < r.end) return r.index;
    return -1;
  }

  // ---------------------------------------------------------------- loading

  private warn(w: string): void {
    if (this.warnings.length < 200 && !this.warnings.includes(w)) this.warnings.push(w);
  }

  private load(): void {
    const b = this.bytes;
    if (b.length < 8) throw new PdfReadError('NOT_PDF', 'file too small to be a PDF');
    const head = latin1(b, 0, Math.min(1024, b.length));
    const h = head.indexOf('%PDF-');
    if (h < 0) throw new PdfReadError('NOT_PDF', 'no %PDF- header');
    if (h > 0) this.warn(`header at offset ${h}, not 0`);
    const m = /^%PDF-(\d\.\d)/.exec(head.slice(h));
    if (m) this.version = m[1];
    else this.warn('illegal version in the %PDF- header');
    this.findEofs();
    try {
      this.loadXrefChain();
    } catch (e) {
      if (!(e instanceof PdfReadError) || e.code === 'DEADLINE' || e.code === 'LIMIT_OBJECTS') throw e;
      this.warn(`cross-reference data unusable (${e.message}); rebuilt by scanning`);
      this.rebuild();
    }
    // The catalog must be reachable: otherwise try a rebuild once.
    try {
      this.catalog();
    } catch (e) {
      if (this.recovered || !(e instanceof PdfReadError) || e.code === 'DEADLINE') throw e;
      this.warn(`catalog unreachable through the cross-reference data (${e.message}); rebuilt by scanning`);
      this.rebuild();
      this.catalog();
    }
  }

  private findEofs(): void {
    const b = this.bytes;
    let i = b.indexOf(EOF_MARK);
    while (i >= 0) {
      this.budget.tick();
      let e = i + EOF_MARK.length;
      if (b[e] === 13) e++;
      if (b[e] === 10) e++;
      this.eofEnds.push(e);
      i = b.indexOf(EOF_MARK, i + EOF_MARK.length);
    }
  }

  private findStartxref(): number {
    const b = this.bytes;
    const i = b.lastIndexOf(STARTXREF);
    if (i < 0) throw new PdfReadError('NO_STARTXREF', 'no startxref keyword');
    const p = new Parser(b, this.budget, i + STARTXREF.length);
    const n = p.tryInt();
    if (n === undefined) throw new PdfReadError('NO_STARTXREF', 'startxref is not followed by a number', i);
    if (n >= b.length) throw new PdfReadError('BAD_XREF', `startxref ${n} points beyond the end of the file`, i);
    return n;
  }

  private loadXrefChain(): void {
    let offset: number | undefined = this.findStartxref();
    const seen = new Set<number>();
    const chain: Omit<PdfRevision, 'index' | 'start' | 'end' | 'eofEnd'>[] = [];
    while (offset !== undefined) {
      this.budget.tick();
      if (seen.has(offset)) throw new PdfReadError('BAD_XREF', 'loop in /Prev chain', offset);
      seen.add(offset);
      if (chain.length >= this.budget.limits.maxRevisions) throw new PdfReadError('LIMIT_OBJECTS', 'too many revisions');
      const sec = this.readXrefSection(offset);
      chain.push(sec);
      const prev = sec.trailer.get('Prev');
      offset = typeof prev === 'number' && Number.isInteger(prev) && prev >= 0 ? prev : undefined;
      if (prev !== undefined && offset === undefined) this.warn('ignored an invalid /Prev');
      if (offset !== undefined && offset >= this.bytes.length) throw new PdfReadError('BAD_XREF', '/Prev points beyond the end of the file');
    }
    chain.reverse();
    // Linearized files: a section whose /Prev points forward belongs with the one it points to.
    const revs: PdfRevision[] = [];
    let start = 0;
    for (const sec of chain) {
      const eofEnd = this.eofAfter(sec.xrefOffset);
      const last = revs[revs.length - 1];
      if (last && sec.xrefOffset < last.xrefOffset) {
        // merge into previous (linearization first-page section)
        for (const [k, v] of sec.entries) last.entries.set(k, v);
        last.trailer = sec.trailer;
        continue;
      }
      const end = eofEnd?.end ?? this.bytes.length;
      revs.push({ ...sec, index: revs.length, start, eofEnd: eofEnd?.eof ?? this.bytes.length, end });
      start = end;
    }
    this.revisions = revs;
    this.mergeXref();
    const lastEnd = revs[revs.length - 1]!.end;
    if (lastEnd < this.bytes.length && /\S/.test(latin1(this.bytes, lastEnd, Math.min(this.bytes.length, lastEnd + 4096)).replace(/\0/g, ''))) {
      this.warn(`${this.bytes.length - lastEnd} bytes after the last revision's %%EOF`);
    }
  }

  private eofAfter(offset: number): { eof: number; end: number } | undefined {
    for (const e of this.eofEnds) {
      if (e > offset) {
        // eofEnds holds the end including EOL; compute the marker end.
        let eof = e;
        if (this.bytes[eof - 1] === 10) eof--;
        if (this.bytes[eof - 1] === 13) eof--;
        return { eof, end: e };
      }
    }
    this.warn('no %%EOF after the last cross-reference section');
    return undefined;
  }

  private mergeXref(): void {
    this.xref.clear();
    for (let i = this.revisions.length - 1; i >= 0; i--) {
      for (const [k, v] of this.revisions[i]!.entries) if (!this.xref.has(k)) this.xref.set(k, v);
    }
    if (this.xref.size > this.budget.limits.maxObjects) throw new PdfReadError('LIMIT_OBJECTS', `more than ${this.budget.limits.maxObjects} objects`);
    const size = this.revisions[this.revisions.length - 1]?.trailer.get('Size');
    let maxNum = -1;
    for (const [k, v] of this.xref) if (v.type !== 'free' && k > maxNum) maxNum = k;
    if (typeof size === 'number' && maxNum >= size) this.warn(`trailer /Size ${size} is not above the highest object number ${maxNum}`);
    for (let i = 1; i < this.revisions.length; i++) {
      const a = this.revisions[i - 1]!.trailer.get('Size');
      const b = this.revisions[i]!.trailer.get('Size');
      if (typeof a === 'number' && typeof b === 'number' && b < a) this.warn(`revision ${i} shrinks /Size from ${a} to ${b}`);
    }
  }

  /**
   * Loads every object of the latest revision and checks every reference in it. Returns problems
   * found (also added to `warnings`); throws only for limits (DEADLINE, LIMIT_*).
   */
  checkAll(): string[] {
    const problems: string[] = [];
    const note = (p: string): void => {
      if (problems.length < 50 && !problems.includes(p)) problems.push(p);
      this.warn(p);
    };
    const visit = (o: PdfObject, depth: number): void => {
      this.budget.tick();
      if (depth > this.budget.limits.maxDepth) return;
      if (o instanceof PdfRef) {
        const e = this.xref.get(o.num);
        if (!e || e.type === 'free') note(`reference ${o} points to no object`);
      } else if (o instanceof PdfArray) for (const x of o.items) visit(x, depth + 1);
      else if (o instanceof PdfDict) for (const x of o.entries.values()) visit(x, depth + 1);
      else if (o instanceof PdfStream) visit(o.dict, depth + 1);
    };
    for (const e of this.xref.values()) {
      if (e.type === 'free') continue;
      try {
        visit(this.load1(e, this.revisions.length - 1).value, 0);
      } catch (err) {
        if (err instanceof PdfReadError && (err.code === 'DEADLINE' || err.code.startsWith('LIMIT'))) throw err;
        note(`object ${e.num} cannot be read: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return problems;
  }

  private readXrefSection(offset: number): Omit<PdfRevision, 'index' | 'start' | 'end' | 'eofEnd'> {
    const p = new Parser(this.bytes, this.budget, offset);
    p.skipWs();
    if (p.pos !== offset) this.warn(`startxref/Prev offset ${offset} is off by ${p.pos - offset}`);
    const kw = p.peekKeyword();
    if (kw === 'xref') return this.readXrefTable(p);
    if (/^\d+$/.test(kw)) {
      const { entries, trailer } = this.readXrefStream(p.pos);
      return { xrefKind: 'stream', xrefOffset: offset, trailer, entries };
    }
    // Tolerate offsets that land a little early or late: look for "xref" nearby.
    const win = latin1(this.bytes, Math.max(0, offset - 32), Math.min(this.bytes.length, offset + 32));
    const k = win.indexOf('xref');
    if (k >= 0 && !/startxref/.test(win.slice(Math.max(0, k - 5), k + 4))) {
      const at = Math.max(0, offset - 32) + k;
      this.warn(`startxref/Prev offset ${offset} is off by ${at - offset}`);
      return this.readXrefTable(new Parser(this.bytes, this.budget, at));
    }
    throw new PdfReadError('BAD_XREF', 'no cross-reference section at the startxref offset', offset);
  }

  private readXrefTable(p: Parser): Omit<PdfRevision, 'index' | 'start' | 'end' | 'eofEnd'> {
    const xrefOffset = p.pos;
    p.expectKeyword('xref');
    const entries = new Map<number, XrefEntry>();
    const max = this.budget.limits.maxObjects;
    let sloppy = false;
    for (;;) {
      this.budget.tick();
      const kw = p.peekKeyword();
      if (kw === 'trailer') break;
      let first = p.tryInt();
      const count = p.tryInt();
      if (first === undefined || count === undefined) throw new PdfReadError('BAD_XREF', 'bad xref subsection header', p.pos);
      if (count > max || first + count > max) throw new PdfReadError('LIMIT_OBJECTS', 'xref subsection too large', p.pos);
      for (let i = 0; i < count; i++) {
        this.budget.xrefEntry();
        p.skipWs();
        const at = p.pos;
        const off = p.tryInt();
        const gen = p.tryInt();
        p.skipWs();
        const t = this.bytes[p.pos];
        if (off === undefined || gen === undefined || (t !== 0x6e && t !== 0x66) || (p.pos + 1 < this.bytes.length && isRegular(this.bytes[p.pos + 1]!))) {
          throw new PdfReadError('BAD_XREF', 'bad xref entry', at);
        }
        p.pos++;
        // A conforming entry is exactly 20 bytes: 10 digits, space, 5 digits, space, type, 2-byte EOL.
        const eolOk = (this.bytes[p.pos] === 0x20 || this.bytes[p.pos] === 13) && (this.bytes[p.pos + 1] === 10 || this.bytes[p.pos + 1] === 13);
        if (p.pos - at !== 18 || !eolOk) sloppy = true;
        if (i === 0 && first === 1 && t === 0x66 && gen === 65535) {
          this.warn('xref subsection numbered from 1 but starting with the free head; shifted to 0');
          first = 0;
        }
        const num = first + i;
        if (entries.has(num)) continue;
        entries.set(num, t === 0x6e ? { type: 'inuse', num, gen, offset: off } : { type: 'free', num, gen });
      }
    }
    if (sloppy) this.warn('xref table entries are not 20 bytes each');
    p.expectKeyword('trailer');
    const trailer = p.parseObject();
    if (!(trailer instanceof PdfDict)) throw new PdfReadError('BAD_XREF', 'trailer is not a dictionary', p.pos);
    let xrefKind: XrefKind = 'table';
    const stm = trailer.get('XRefStm');
    if (typeof stm === 'number' && Number.isInteger(stm) && stm >= 0 && stm < this.bytes.length) {
      xrefKind = 'hybrid';
      const hs = this.readXrefStream(stm);
      for (const [k, v] of hs.entries) {
        const cur = entries.get(k);
        if (!cur || cur.type === 'free') entries.set(k, v);
      }
    }
    const size = trailer.get('Size');
    if (typeof size === 'number') {
      for (const k of entries.keys()) {
        if (k >= size) {
          this.warn(`xref lists object ${k} beyond /Size ${size}`);
          break;
        }
      }
    }
    return { xrefKind, xrefOffset, trailer, entries };
  }

  private readXrefStream(offset: number): { entries: Map<number, XrefEntry>; trailer: PdfDict } {
    const obj = this.parseIndirectAt(offset, undefined, true);
    const s = obj.value;
    if (!(s instanceof PdfStream)) throw new PdfReadError('BAD_XREF', 'cross-reference stream is not a stream', offset);
    const d = s.dict;
    if (d.name('Type') !== 'XRef') this.warn('cross-reference stream lacks /Type /XRef');
    const data = decodeStreamData(s.raw, d, this.budget, (o) => (o instanceof PdfRef ? null : o));
    return { entries: xrefStreamEntries(d, data, this.budget, offset, (w) => this.warn(w)), trailer: d };
  }

  /** Rebuilds the xref by scanning the file for `N G obj` and the last trailer. Flags `recovered`. */
  private rebuild(): void {
    this.recovered = true;
    this.cache.clear();
    this.objStmCache.clear();
    const index = this.scan();
    const entries = new Map<number, XrefEntry>();
    for (const [num, offs] of index) {
      const off = offs[offs.length - 1]!;
      const gen = this.genAt(off);
      entries.set(num, { type: 'inuse', num, gen, offset: off });
    }
    // Trailer: the last parseable `trailer` dictionary with a /Root, else an xref stream dict, else a catalog.
    let trailer: PdfDict | undefined;
    const tb = Buffer.from('trailer', 'latin1');
    let i = this.bytes.lastIndexOf(tb);
    while (i >= 0 && !trailer) {
      this.budget.tick();
      try {
        const p = new Parser(this.bytes, this.budget, i + tb.length);
        const t = p.parseObject();
        if (t instanceof PdfDict && t.has('Root')) trailer = t;
      } catch (e) {
        if (e instanceof PdfReadError && e.code === 'DEADLINE') throw e;
      }
      i = i > 0 ? this.bytes.lastIndexOf(tb, i - 1) : -1;
    }
    const revision: PdfRevision = {
      index: 0,
      xrefKind: 'recovered',
      xrefOffset: -1,
      trailer: trailer ?? new PdfDict(new Map()),
      entries,
      start: 0,
      eofEnd: this.bytes.length,
      end: this.bytes.length,
    };
    const lastEof = this.eofEnds[this.eofEnds.length - 1];
    if (lastEof !== undefined) {
      revision.end = lastEof;
      revision.eofEnd = lastEof;
    }
    this.revisions = [revision];
    this.mergeXref();
    // Members of object streams that are not defined directly, and xref-stream trailers. Only the
    // objects whose bytes mention /ObjStm, /XRef or /Catalog are loaded (a file may hold millions).
    const starts = [...entries.values()].flatMap((e) => (e.type === 'inuse' ? [{ off: e.offset, e }] : [])).sort((a, b) => a.off - b.off);
    const owner = (pos: number): XrefEntry | undefined => {
      let lo = 0;
      let hi = starts.length - 1;
      let best: XrefEntry | undefined;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]!.off <= pos) {
          best = starts[mid]!.e;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return best;
    };
    const mentioning = (word: string): XrefEntry[] => {
      const out = new Set<XrefEntry>();
      const needle = Buffer.from(word, 'latin1');
      for (let i = this.bytes.indexOf(needle); i >= 0; i = this.bytes.indexOf(needle, i + needle.length)) {
        this.budget.tick();
        const e = owner(i);
        if (e) out.add(e);
      }
      return [...out];
    };
    const tryLoad = (e: XrefEntry): PdfObject | undefined => {
      try {
        return this.load1(e, 0).value;
      } catch (err) {
        if (err instanceof PdfReadError && (err.code === 'DEADLINE' || err.code.startsWith('LIMIT'))) throw err;
        return undefined;
      }
    };
    for (const e of mentioning('/XRef')) {
      const o = tryLoad(e);
      if (!trailer && o instanceof PdfStream && o.dict.name('Type') === 'XRef' && o.dict.has('Root')) trailer = o.dict;
    }
    for (const e of mentioning('/ObjStm')) {
      const o = tryLoad(e);
      if (!(o instanceof PdfStream) || o.dict.name('Type') !== 'ObjStm') continue;
      try {
        const os = this.objStm(e.num, 0);
        os.nums.forEach((n, idx) => {
          if (!entries.has(n)) entries.set(n, { type: 'compressed', num: n, gen: 0, objStm: e.num, index: idx });
        });
      } catch (err) {
        if (err instanceof PdfReadError && (err.code === 'DEADLINE' || err.code.startsWith('LIMIT'))) throw err;
      }
    }
    if (!trailer) {
      for (const e of mentioning('/Catalog')) {
        const o = tryLoad(e);
        if (o instanceof PdfDict && o.name('Type') === 'Catalog') {
          trailer = new PdfDict(new Map<string, PdfObject>([['Root', new PdfRef(e.num, e.gen)]]));
          break;
        }
      }
    }
    if (!trailer) {
      for (const e of entries.values()) {
        if (e.type !== 'compressed') continue;
        const o = tryLoad(e);
        if (o instanceof PdfDict && o.name('Type') === 'Catalog') {
          trailer = new PdfDict(new Map<string, PdfObject>([['Root', new PdfRef(e.num, 0)]]));
          break;
        }
      }
    }
    if (!trailer) throw new PdfReadError('NO_CATALOG', 'no trailer or catalog found while rebuilding');
    revision.trailer = trailer;
    this.mergeXref();
  }

  private genAt(off: number): number {
    const p = new Parser(this.bytes, this.budget, off);
    p.tryInt();
    return p.tryInt() ?? 0;
  }

  /** All `N G obj` headers in the file: object number → offsets in file order. */
  private scan(): Map<number, number[]> {
    if (this.scanIndex) return this.scanIndex;
    const idx = new Map<number, number[]>();
    const b = this.bytes;
    const ob = Buffer.from('obj', 'latin1');
    // Count first, allocate after: a file of a million bare `N 0 obj` headers is refused before the
    // index is built (each entry costs far more heap than its 13 bytes of input).
    let candidates = 0;
    for (let k = b.indexOf(ob, 0); k >= 0; k = b.indexOf(ob, k + 3)) {
      this.budget.tick();
      if (k > 0 && isWhite(b[k - 1]!) && ++candidates > this.budget.limits.maxObjects) throw new PdfReadError('LIMIT_OBJECTS', `more than ${this.budget.limits.maxObjects} objects`);
    }
    let i = b.indexOf(ob, 0);
    let count = 0;
    while (i >= 0) {
      this.budget.tick();
      const after = b[i + 3];
      if (i > 0 && isWhite(b[i - 1]!) && (after === undefined || !isRegular(after))) {
        // walk back: ws, gen digits, ws, num digits
        let j = i - 1;
        while (j >= 0 && isWhite(b[j]!)) j--;
        const ge = j + 1;
        while (j >= 0 && b[j]! >= 0x30 && b[j]! <= 0x39) j--;
        const gs = j + 1;
        if (gs < ge && j >= 0 && isWhite(b[j]!)) {
          while (j >= 0 && isWhite(b[j]!)) j--;
          const ne = j + 1;
          while (j >= 0 && b[j]! >= 0x30 && b[j]! <= 0x39) j--;
          const ns = j + 1;
          if (ns < ne && ne - ns < 11 && (j < 0 || !isRegular(b[j]!))) {
            const num = Number(latin1(b, ns, ne));
            const list = idx.get(num) ?? [];
            list.push(ns);
            idx.set(num, list);
            if (++count > this.budget.limits.maxObjects) throw new PdfReadError('LIMIT_OBJECTS', 'too many objects');
          }
        }
      }
      i = b.indexOf(ob, i + 3);
    }
    this.scanIndex = idx;
    return idx;
  }

  private load1(e: XrefEntry, revision: number): IndirectObject {
    if (e.type === 'free') throw new PdfReadError('MISSING_OBJECT', `object ${e.num} is free`);
    const key = e.type === 'inuse' ? `o${e.offset}` : `c${e.objStm}/${e.index}@${this.objStmOffset(e.objStm, revision)}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    if (this.inProgress.has(key)) throw new PdfReadError('CYCLE', `object ${e.num} refers to itself while loading`);
    this.inProgress.add(key);
    try {
      let o: IndirectObject;
      if (e.type === 'inuse') {
        if (e.offset >= this.bytes.length || e.offset < 0) {
          throw new PdfReadError('BAD_XREF', `object ${e.num} offset ${e.offset} beyond end of file`);
        }
        o = this.parseIndirectAt(e.offset, e.num);
      } else {
        o = this.loadCompressed(e.num, e.objStm, e.index, revision);
      }
      if (this.cache.size > this.budget.limits.maxObjects) throw new PdfReadError('LIMIT_OBJECTS', 'too many objects loaded');
      this.cache.set(key, o);
      return o;
    } finally {
      this.inProgress.delete(key);
    }
  }

  private objStmOffset(num: number, revision: number): number {
    const e = this.entryAt(num, revision);
    return e?.type === 'inuse' ? e.offset : -1;
  }

  private objStm(num: number, revision: number): ObjStmData {
    const e = this.entryAt(num, revision);
    if (!e || e.type !== 'inuse') throw new PdfReadError('BAD_OBJECT', `object stream ${num} is not a plain object`);
    const hit = this.objStmCache.get(e.offset);
    if (hit) return hit;
    const o = this.load1(e, revision).value;
    if (!(o instanceof PdfStream)) throw new PdfReadError('BAD_OBJECT', `object stream ${num} is not a stream`);
    const n = this.resolve(o.dict.get('N'), revision);
    const first = this.resolve(o.dict.get('First'), revision);
    if (typeof n !== 'number' || typeof first !== 'number' || !Number.isInteger(n) || !Number.isInteger(first) || n < 0 || first < 0) {
      throw new PdfReadError('BAD_OBJECT', `object stream ${num} has bad /N or /First`);
    }
    if (n > this.budget.limits.maxObjects) throw new PdfReadError('LIMIT_OBJECTS', `object stream ${num} holds too many objects`);
    const data = this.decodeStream(o, revision);
    if (first > data.length) throw new PdfReadError('BAD_OBJECT', `object stream ${num} /First beyond its data`);
    const p = new Parser(data.subarray(0, first), this.budget, 0, false);
    const nums: number[] = [];
    const offsets: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = p.tryInt();
      const b = p.tryInt();
      if (a === undefined || b === undefined) throw new PdfReadError('BAD_OBJECT', `object stream ${num} has a bad header`);
      nums.push(a);
      offsets.push(b);
    }
    const r: ObjStmData = { data, first, offsets, nums };
    this.objStmCache.set(e.offset, r);
    return r;
  }

  private loadCompressed(num: number, objStmNum: number, index: number, revision: number): IndirectObject {
    const os = this.objStm(objStmNum, revision);
    if (index >= os.nums.length) throw new PdfReadError('BAD_OBJECT', `object ${num} index ${index} beyond object stream ${objStmNum}`);
    if (os.nums[index] !== num) this.warn(`object stream ${objStmNum} slot ${index} holds object ${os.nums[index]}, not ${num}`);
    const start = os.first + os.offsets[index]!;
    if (start > os.data.length) throw new PdfReadError('BAD_OBJECT', `object ${num} offset beyond object stream ${objStmNum}`);
    const p = new Parser(os.data, this.budget, start, false);
    const value = p.parseObject();
    return { ref: new PdfRef(num, 0), value, offset: -1, end: -1, objStm: { num: objStmNum, index } };
  }

  /** Parses `N G obj … endobj` at an offset. */
  private parseIndirectAt(offset: number, expectNum?: number, lengthMustBeDirect = false): IndirectObject {
    const p = new Parser(this.bytes, this.budget, offset);
    let num = p.tryInt();
    let gen = p.tryInt();
    if (num === undefined || gen === undefined || p.peekKeyword() !== 'obj') {
      // A wrong offset: use the scanned position of the object if there is one.
      const found = expectNum !== undefined ? this.scan().get(expectNum) : undefined;
      if (!found?.length) throw new PdfReadError('BAD_XREF', `no object header at offset ${offset}`, offset);
      this.warn(`object ${expectNum} is not at its xref offset; found by scanning`);
      p.pos = found[found.length - 1]!;
      offset = p.pos;
      num = p.tryInt();
      gen = p.tryInt();
      if (num === undefined || gen === undefined) throw new PdfReadError('BAD_OBJECT', 'bad object header', offset);
    }
    if (expectNum !== undefined && num !== expectNum) this.warn(`xref entry for object ${expectNum} points to object ${num}`);
    p.expectKeyword('obj');
    let value = p.parseObject();
    const kw = p.peekKeyword();
    if (kw === 'stream') {
      if (!(value instanceof PdfDict)) throw new PdfReadError('BAD_STREAM', 'stream without a dictionary', p.pos);
      p.expectKeyword('stream');
      value = this.readStreamBody(p, value, lengthMustBeDirect);
    }
    let end = p.pos;
    if (p.peekKeyword() === 'endobj') {
      p.expectKeyword('endobj');
      end = p.pos;
    } else this.warn(`object ${num} lacks endobj`);
    return { ref: new PdfRef(num, gen), value, offset, end };
  }

  private readStreamBody(p: Parser, dict: PdfDict, lengthMustBeDirect: boolean): PdfStream {
    const b = this.bytes;
    let start = p.pos;
    if (b[start] === 13 && b[start + 1] === 10) start += 2;
    else if (b[start] === 10) start += 1;
    else if (b[start] === 13) start += 1;
    let len: PdfObject | undefined = dict.get('Length');
    if (len instanceof PdfRef) {
      if (lengthMustBeDirect) len = undefined;
      else {
        try {
          len = this.resolve(len);
        } catch (e) {
          if (e instanceof PdfReadError && e.code === 'DEADLINE') throw e;
          len = undefined;
        }
      }
    }
    if (typeof len === 'number' && Number.isInteger(len) && len >= 0 && start + len <= b.length) {
      const q = new Parser(b, this.budget, start + len);
      if (q.peekKeyword() === 'endstream') {
        q.expectKeyword('endstream');
        p.pos = q.pos;
        return new PdfStream(dict, b.subarray(start, start + len), start, start + len, false);
      }
    }
    const es = b.indexOf(ENDSTREAM, start);
    if (es < 0) throw new PdfReadError('BAD_STREAM', 'stream without endstream', start);
    let end = es;
    if (b[end - 1] === 10) end--;
    if (b[end - 1] === 13) end--;
    if (end < start) end = start;
    this.warn('stream /Length wrong or missing; used endstream');
    p.pos = es + ENDSTREAM.length;
    return new PdfStream(dict, b.subarray(start, end), start, end, true);
  }
}
