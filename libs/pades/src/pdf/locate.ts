/**
 * A narrow, file-based PDF locator for signing large files without loading them: it reads the last
 * revision's trailer and the cross-reference chain (tables, xref streams, hybrids) and then single
 * objects (also from object streams) with positioned reads, parsing them with @justera/pdf-reader's
 * exported Parser. It offers the same small surface as PdfReader that DocumentEditor uses.
 *
 * Why not PdfReader: it works on the whole file in memory (and scans all of it on open), which costs
 * a full-size allocation and page faults on every page of a 200 MB document; signing needs a handful
 * of objects. Merge candidate: a byte-source mode for PdfReader would make this file unnecessary.
 *
 * Limits: no recovery of broken cross-reference data (the caller falls back to PdfReader on any
 * error), stream filters are FlateDecode with PNG/TIFF-free predictors only (what xref and object
 * streams use in practice).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import {
  DEFAULT_LIMITS,
  Parser,
  PdfArray,
  PdfDict,
  PdfName,
  PdfRef,
  PdfString,
  type FieldInfo,
  type PageInfo,
  type PdfObject,
} from '@justera/pdf-reader';

/** What DocumentEditor and IncrementalRevision read. PdfReader satisfies it too. */
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

type Entry = { type: 'inuse'; offset: number; gen: number } | { type: 'compressed'; objStm: number; index: number } | { type: 'free' };

export class LocateError extends Error {}

type Budget = ConstructorParameters<typeof Parser>[1];
const budget = {
  limits: { ...DEFAULT_LIMITS },
  decoded: 0,
  tick() {},
  checkTime() {},
  addDecoded() {},
} as unknown as Budget;

const MAX_WINDOW = 64 * 1024 * 1024;

export class FileLocator implements PdfSource {
  private readonly fd: number;
  readonly length: number;
  trailer!: PdfDict;
  startxref!: number;
  xrefKind = 'table';
  private readonly xref = new Map<number, Entry>();
  private readonly cache = new Map<number, PdfObject>();
  private readonly objStms = new Map<number, { data: Buffer; first: number; offsets: number[] }>();

  private constructor(path: string) {
    this.fd = openSync(path, 'r');
    this.length = fstatSync(this.fd).size;
  }

  static open(path: string): FileLocator {
    const l = new FileLocator(path);
    try {
      l.load();
    } catch (e) {
      l.close();
      throw e;
    }
    return l;
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
  }

  read(offset: number, length: number): Buffer {
    const len = Math.max(0, Math.min(length, this.length - offset));
    const b = Buffer.allocUnsafe(len);
    let done = 0;
    while (done < len) {
      const n = readSync(this.fd, b, done, len - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return b.subarray(0, done);
  }

  get size(): number {
    const s = this.trailer.get('Size');
    return typeof s === 'number' ? s : Math.max(0, ...this.xref.keys()) + 1;
  }

  get encrypted(): boolean {
    return this.trailer.has('Encrypt');
  }

  // ------------------------------------------------------------ cross-reference data

  private load(): void {
    const tailLen = Math.min(this.length, 4096);
    const tail = this.read(this.length - tailLen, tailLen);
    const i = tail.lastIndexOf('startxref');
    if (i < 0) throw new LocateError('no startxref near the end of the file');
    const m = /^startxref\s+(\d+)/.exec(tail.subarray(i).toString('latin1'));
    if (!m) throw new LocateError('startxref is not followed by a number');
    this.startxref = Number(m[1]);
    let offset: number | undefined = this.startxref;
    const seen = new Set<number>();
    let first = true;
    while (offset !== undefined) {
      if (seen.has(offset) || seen.size > 10000) throw new LocateError('loop in the /Prev chain');
      seen.add(offset);
      const { trailer, kind } = this.readSection(offset);
      if (first) {
        this.trailer = trailer;
        this.xrefKind = kind;
        first = false;
      }
      const prev = trailer.get('Prev');
      offset = typeof prev === 'number' ? prev : undefined;
    }
  }

  private setEntry(num: number, e: Entry): void {
    if (!this.xref.has(num)) this.xref.set(num, e);
  }

  private readSection(offset: number): { trailer: PdfDict; kind: string } {
    const head = this.read(offset, 4).toString('latin1');
    if (head === 'xref') {
      const trailer = this.readTable(offset);
      const stm = trailer.get('XRefStm');
      if (typeof stm === 'number') {
        this.readXrefStream(stm);
        return { trailer, kind: 'hybrid' };
      }
      return { trailer, kind: 'table' };
    }
    return { trailer: this.readXrefStream(offset), kind: 'stream' };
  }

  private readTable(offset: number): PdfDict {
    for (let win = 64 * 1024; ; win *= 4) {
      const buf = this.read(offset, win);
      const text = buf.toString('latin1');
      const t = text.indexOf('trailer');
      const complete = t >= 0 && text.indexOf('>>', t) >= 0;
      if (!complete && offset + buf.length < this.length && win < MAX_WINDOW) continue;
      if (t < 0) throw new LocateError(`no trailer after the xref table at ${offset}`);
      const lines = text.slice(4, t).split(/\r\n|\r|\n/);
      let cur = 0;
      for (const raw of lines) {
        const line = raw.trim();
        if (!line) continue;
        const sub = /^(\d+)\s+(\d+)$/.exec(line);
        if (sub) {
          cur = Number(sub[1]);
          continue;
        }
        const e = /^(\d{1,10})\s+(\d{1,5})\s+([nf])/.exec(line);
        if (!e) throw new LocateError(`bad xref line "${line.slice(0, 30)}"`);
        this.setEntry(cur, e[3] === 'n' ? { type: 'inuse', offset: Number(e[1]), gen: Number(e[2]) } : { type: 'free' });
        cur++;
      }
      const p = new Parser(buf, budget, t + 'trailer'.length);
      const trailer = p.parseObject();
      if (!(trailer instanceof PdfDict)) throw new LocateError('the trailer is not a dictionary');
      return trailer;
    }
  }

  private readXrefStream(offset: number): PdfDict {
    const { value, data } = this.readIndirect(offset);
    if (!(value instanceof PdfDict) || !data) throw new LocateError(`no xref stream at ${offset}`);
    const decoded = this.decode(value, data);
    const w = (this.direct(value.get('W')) as PdfArray | undefined)?.items.map((x) => Number(x)) ?? [];
    if (w.length !== 3) throw new LocateError('bad /W in an xref stream');
    const size = Number(value.get('Size'));
    const index = (value.get('Index') as PdfArray | undefined)?.items.map((x) => Number(x)) ?? [0, size];
    const row = w[0] + w[1] + w[2];
    let p = 0;
    const field = (n: number, def: number) => {
      if (n === 0) return def;
      let v = 0;
      for (let i = 0; i < n; i++) v = v * 256 + decoded[p++];
      return v;
    };
    for (let k = 0; k + 1 < index.length; k += 2) {
      for (let num = index[k]; num < index[k] + index[k + 1]; num++) {
        if (p + row > decoded.length) throw new LocateError('xref stream shorter than its /Index says');
        const type = field(w[0], 1);
        const f2 = field(w[1], 0);
        const f3 = field(w[2], 0);
        if (type === 0) this.setEntry(num, { type: 'free' });
        else if (type === 1) this.setEntry(num, { type: 'inuse', offset: f2, gen: f3 });
        else if (type === 2) this.setEntry(num, { type: 'compressed', objStm: f2, index: f3 });
      }
    }
    return value;
  }

  private direct(o: PdfObject | undefined): PdfObject | undefined {
    return o instanceof PdfRef ? this.resolve(o) : o;
  }

  /** FlateDecode with optional PNG predictors (>= 10); no filter passes through. */
  private decode(dict: PdfDict, raw: Buffer): Buffer {
    const f = this.direct(dict.get('Filter'));
    const names = f instanceof PdfName ? [f.name] : f instanceof PdfArray ? f.items.map((x) => (x as PdfName).name) : [];
    if (names.length === 0) return raw;
    if (names.length !== 1 || names[0] !== 'FlateDecode') throw new LocateError(`unsupported filter ${names.join(',')}`);
    let out = inflateSync(raw);
    const parms = this.direct(dict.get('DecodeParms'));
    const pred = parms instanceof PdfDict ? Number(parms.get('Predictor') ?? 1) : 1;
    if (pred >= 10) {
      const cols = Number((parms as PdfDict).get('Columns') ?? 1);
      const rows = Math.floor(out.length / (cols + 1));
      const res = Buffer.alloc(rows * cols);
      for (let r = 0; r < rows; r++) {
        const t = out[r * (cols + 1)];
        for (let c = 0; c < cols; c++) {
          const x = out[r * (cols + 1) + 1 + c];
          const a = c > 0 ? res[r * cols + c - 1] : 0;
          const b = r > 0 ? res[(r - 1) * cols + c] : 0;
          const cc = r > 0 && c > 0 ? res[(r - 1) * cols + c - 1] : 0;
          let v: number;
          if (t === 0) v = x;
          else if (t === 1) v = x + a;
          else if (t === 2) v = x + b;
          else if (t === 3) v = x + ((a + b) >> 1);
          else {
            const p = a + b - cc;
            const pa = Math.abs(p - a);
            const pb = Math.abs(p - b);
            const pc = Math.abs(p - cc);
            v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : cc);
          }
          res[r * cols + c] = v & 0xff;
        }
      }
      out = res;
    } else if (pred !== 1) throw new LocateError(`unsupported predictor ${pred}`);
    return out;
  }

  // ------------------------------------------------------------ objects

  /** Parses `N G obj value [stream … endstream] endobj` at an offset; stream data is read fully. */
  private readIndirect(offset: number): { value: PdfObject; data?: Buffer } {
    for (let win = 16 * 1024; ; win *= 4) {
      const buf = this.read(offset, win);
      const atEnd = offset + buf.length >= this.length || win >= MAX_WINDOW;
      try {
        const p = new Parser(buf, budget, 0);
        const num = p.tryInt();
        const gen = p.tryInt();
        if (num === undefined || gen === undefined) throw new LocateError(`no object at offset ${offset}`);
        p.expectKeyword('obj');
        const value = p.parseObject();
        const kw = p.peekKeyword();
        if (kw === 'stream') {
          p.expectKeyword('stream');
          let start = p.pos;
          if (buf[start] === 13 && buf[start + 1] === 10) start += 2;
          else if (buf[start] === 10 || buf[start] === 13) start += 1;
          const len = this.direct((value as PdfDict).get('Length'));
          if (typeof len !== 'number') throw new LocateError(`stream at ${offset} has no usable /Length`);
          return { value, data: this.read(offset + start, len) };
        }
        if (kw !== 'endobj' && !atEnd) continue;
        return { value };
      } catch (e) {
        if (atEnd || e instanceof LocateError) throw e;
      }
    }
  }

  private objStm(num: number): { data: Buffer; first: number; offsets: number[] } {
    let s = this.objStms.get(num);
    if (!s) {
      const e = this.xref.get(num);
      if (!e || e.type !== 'inuse') throw new LocateError(`object stream ${num} not found`);
      const { value, data } = this.readIndirect(e.offset);
      if (!(value instanceof PdfDict) || !data) throw new LocateError(`object ${num} is not an object stream`);
      const decoded = this.decode(value, data);
      const n = Number(value.get('N'));
      const first = Number(value.get('First'));
      const head = decoded.subarray(0, first).toString('latin1').trim().split(/\s+/).map(Number);
      const offsets: number[] = [];
      for (let i = 0; i < n; i++) offsets[head[i * 2]] = head[i * 2 + 1];
      s = { data: decoded, first, offsets };
      this.objStms.set(num, s);
    }
    return s;
  }

  private load1(num: number): PdfObject {
    if (this.cache.has(num)) return this.cache.get(num)!;
    const e = this.xref.get(num);
    let v: PdfObject = null;
    if (e?.type === 'inuse') v = this.readIndirect(e.offset).value;
    else if (e?.type === 'compressed') {
      const s = this.objStm(e.objStm);
      const off = s.offsets[num];
      if (off === undefined) throw new LocateError(`object ${num} is not in object stream ${e.objStm}`);
      v = new Parser(s.data, budget, s.first + off, false).parseObject();
    }
    this.cache.set(num, v);
    return v;
  }

  resolve(o: PdfObject | undefined): PdfObject | undefined {
    let depth = 0;
    while (o instanceof PdfRef) {
      if (++depth > 64) throw new LocateError('reference chain too long');
      o = this.load1(o.num);
    }
    return o;
  }

  catalog(): PdfDict {
    const c = this.resolve(this.trailer.get('Root'));
    if (!(c instanceof PdfDict)) throw new LocateError('no catalog');
    return c;
  }

  pages(): PageInfo[] {
    const out: PageInfo[] = [];
    const seen = new Set<number>();
    const walk = (ref: PdfObject | undefined, depth: number): void => {
      if (!(ref instanceof PdfRef) || seen.has(ref.num) || depth > 64) return;
      seen.add(ref.num);
      const node = this.resolve(ref);
      if (!(node instanceof PdfDict)) return;
      const kids = this.resolve(node.get('Kids'));
      if (node.name('Type') === 'Pages' || (node.name('Type') !== 'Page' && kids instanceof PdfArray)) {
        if (kids instanceof PdfArray) for (const k of kids.items) walk(k, depth + 1);
        return;
      }
      out.push({ ref, dict: node });
    };
    walk(this.catalog().get('Pages'), 0);
    return out;
  }

  fields(): FieldInfo[] {
    const form = this.resolve(this.catalog().get('AcroForm'));
    if (!(form instanceof PdfDict)) return [];
    const top = this.resolve(form.get('Fields'));
    if (!(top instanceof PdfArray)) return [];
    const out: FieldInfo[] = [];
    const seen = new Set<number>();
    const walk = (o: PdfObject, parentName: string, ft: string | undefined, v: PdfObject | undefined, depth: number): void => {
      const ref = o instanceof PdfRef ? o : undefined;
      if (depth > 64 || (ref && seen.has(ref.num))) return;
      if (ref) seen.add(ref.num);
      const d = this.resolve(o);
      if (!(d instanceof PdfDict)) return;
      const t = this.resolve(d.get('T'));
      const partial = t instanceof PdfString ? t.text() : undefined;
      const name = partial === undefined ? parentName : parentName ? `${parentName}.${partial}` : partial;
      const myFt = this.resolve(d.get('FT'));
      const type = myFt instanceof PdfName ? myFt.name : ft;
      const value = d.has('V') ? d.get('V') : v;
      const kids = this.resolve(d.get('Kids'));
      const kidItems = kids instanceof PdfArray ? kids.items : [];
      const fieldKids = kidItems.filter((k) => {
        const kd = this.resolve(k);
        return kd instanceof PdfDict && kd.has('T');
      });
      if (fieldKids.length > 0) {
        for (const k of kidItems) walk(k, name, type, value, depth + 1);
        return;
      }
      const widgets: { ref?: PdfRef; dict: PdfDict }[] = [];
      if (kidItems.length === 0) widgets.push({ ref, dict: d });
      for (const k of kidItems) {
        const kd = this.resolve(k);
        if (kd instanceof PdfDict) widgets.push({ ref: k instanceof PdfRef ? k : undefined, dict: kd });
      }
      out.push({ ref, dict: d, name, type, value, widgets });
    };
    for (const f of top.items) walk(f, '', undefined, undefined, 0);
    return out;
  }
}
