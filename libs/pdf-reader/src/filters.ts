import * as zlib from 'node:zlib';
import { Budget } from './budget';
import { PdfReadError } from './errors';
import { PdfArray, PdfDict, PdfName, PdfObject } from './objects';
import { hexVal, isWhite } from './parser';

/** Resolves indirect references found in /Filter and /DecodeParms. */
export type Resolver = (o: PdfObject | undefined) => PdfObject | undefined;

/** Decodes a stream's raw bytes by its /Filter chain. FlateDecode (with predictors) and ASCIIHexDecode
 * are supported; any other filter throws `UNSUPPORTED_FILTER`. */
export function decodeStreamData(raw: Uint8Array, dict: PdfDict, budget: Budget, resolve: Resolver): Buffer {
  const f = resolve(dict.get('Filter'));
  const p = resolve(dict.get('DecodeParms') ?? dict.get('DP'));
  const filters: string[] = [];
  const parms: (PdfDict | undefined)[] = [];
  if (f instanceof PdfName) {
    filters.push(f.name);
    parms.push(p instanceof PdfDict ? p : p instanceof PdfArray && p.get(0) instanceof PdfDict ? (p.get(0) as PdfDict) : undefined);
  } else if (f instanceof PdfArray) {
    f.items.forEach((x, i) => {
      const n = resolve(x);
      if (!(n instanceof PdfName)) throw new PdfReadError('BAD_STREAM', 'filter is not a name');
      filters.push(n.name);
      const pi = p instanceof PdfArray ? resolve(p.get(i)) : undefined;
      parms.push(pi instanceof PdfDict ? pi : undefined);
    });
  } else if (f !== undefined && f !== null) throw new PdfReadError('BAD_STREAM', 'bad /Filter');
  if (filters.length > 8) throw new PdfReadError('BAD_STREAM', 'too many filters');
  let data = Buffer.from(raw.buffer, raw.byteOffset, raw.length);
  for (let i = 0; i < filters.length; i++) {
    budget.checkTime();
    // The output is bounded before it is allocated: by the per-stream limit and by what is left of
    // the whole read's total (a stream cannot first inflate and only then be counted).
    const max = budget.decodeAllowance();
    const name = filters[i]!;
    if (name === 'FlateDecode' || name === 'Fl') {
      data = inflate(data, max);
      data = applyPredictor(data, parms[i], resolve, max);
    } else if (name === 'ASCIIHexDecode' || name === 'AHx') {
      data = asciiHex(data);
    } else {
      throw new PdfReadError('UNSUPPORTED_FILTER', `filter /${name} is not supported`);
    }
    budget.addDecoded(data.length);
  }
  return data;
}

function inflate(data: Buffer, max: number): Buffer {
  try {
    return zlib.inflateSync(data, { maxOutputLength: max, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/maxOutputLength|Cannot create a Buffer larger/i.test(msg) || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new PdfReadError('LIMIT_SIZE', `stream decodes to more than ${max} bytes`);
    }
    // Raw deflate without the zlib header is seen in the wild.
    try {
      return zlib.inflateRawSync(data, { maxOutputLength: max, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } catch {
      throw new PdfReadError('DECODE', `FlateDecode failed: ${msg}`);
    }
  }
}

function asciiHex(data: Buffer): Buffer {
  const out = Buffer.alloc(Math.ceil(data.length / 2));
  let n = 0;
  let hi = -1;
  for (const c of data) {
    if (c === 0x3e) break;
    if (isWhite(c)) continue;
    const v = hexVal(c);
    if (Number.isNaN(v)) throw new PdfReadError('DECODE', 'bad character in ASCIIHexDecode data');
    if (hi < 0) hi = v;
    else {
      out[n++] = hi * 16 + v;
      hi = -1;
    }
  }
  if (hi >= 0) out[n++] = hi * 16;
  return out.subarray(0, n);
}

function num(d: PdfDict, key: string, def: number, resolve: Resolver): number {
  const v = resolve(d.get(key));
  return typeof v === 'number' && Number.isInteger(v) ? v : def;
}

/** PNG (10-15) and TIFF (2) predictors. */
export function applyPredictor(data: Buffer, parms: PdfDict | undefined, resolve: Resolver, max: number): Buffer {
  if (!parms) return data;
  const predictor = num(parms, 'Predictor', 1, resolve);
  if (predictor <= 1) return data;
  const colors = num(parms, 'Colors', 1, resolve);
  const bpc = num(parms, 'BitsPerComponent', 8, resolve);
  const columns = num(parms, 'Columns', 1, resolve);
  if (colors < 1 || colors > 32 || ![1, 2, 4, 8, 16].includes(bpc) || columns < 1 || columns > 1 << 24) {
    throw new PdfReadError('DECODE', 'bad predictor parameters');
  }
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  if (predictor === 2) {
    if (bpc !== 8) throw new PdfReadError('UNSUPPORTED_FILTER', 'TIFF predictor with bpc other than 8');
    const out = Buffer.from(data);
    for (let r = 0; r + rowLen <= out.length; r += rowLen) {
      for (let i = bpp; i < rowLen; i++) out[r + i] = (out[r + i]! + out[r + i - bpp]!) & 0xff;
    }
    return out;
  }
  if (predictor < 10) throw new PdfReadError('UNSUPPORTED_FILTER', `predictor ${predictor} is not supported`);
  const rows = Math.floor(data.length / (rowLen + 1));
  if (rows * rowLen > max) throw new PdfReadError('LIMIT_SIZE', 'predictor output too large');
  const out = Buffer.alloc(rows * rowLen);
  let prev = Buffer.alloc(rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)]!;
    const src = data.subarray(r * (rowLen + 1) + 1, (r + 1) * (rowLen + 1));
    const cur = out.subarray(r * rowLen, (r + 1) * rowLen);
    for (let i = 0; i < rowLen; i++) {
      const a = i >= bpp ? cur[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      const x = src[i]!;
      let v: number;
      switch (type) {
        case 0: v = x; break;
        case 1: v = x + a; break;
        case 2: v = x + b; break;
        case 3: v = x + ((a + b) >> 1); break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          throw new PdfReadError('DECODE', `bad PNG predictor row type ${type}`);
      }
      cur[i] = v & 0xff;
    }
    prev = cur;
  }
  return out;
}
