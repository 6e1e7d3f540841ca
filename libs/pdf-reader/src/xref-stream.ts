import type { Budget } from './budget';
import { PdfReadError } from './errors';
import { PdfArray, type PdfDict } from './objects';

/** One cross-reference entry. */
export type XrefEntry =
  | { type: 'free'; num: number; gen: number }
  | { type: 'inuse'; num: number; gen: number; offset: number }
  | { type: 'compressed'; num: number; gen: 0; objStm: number; index: number };

/**
 * The entries of a cross-reference stream, from its dictionary (/W, /Size, /Index) and its decoded
 * data; shared by PdfReader and PositionedPdfReader. `warn` hears a stream shorter than its /Index.
 */
export function xrefStreamEntries(d: PdfDict, data: Buffer, budget: Budget, offset: number, warn: (w: string) => void): Map<number, XrefEntry> {
  const w = d.get('W');
  if (!(w instanceof PdfArray) || w.length !== 3 || !w.items.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 8)) {
    throw new PdfReadError('BAD_XREF', 'bad /W in cross-reference stream', offset);
  }
  const [w0, w1, w2] = w.items as number[];
  const rowLen = w0! + w1! + w2!;
  if (rowLen === 0) throw new PdfReadError('BAD_XREF', 'empty /W', offset);
  const size = d.get('Size');
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) throw new PdfReadError('BAD_XREF', 'bad /Size in cross-reference stream', offset);
  const idx = d.get('Index');
  const ranges: number[] = idx instanceof PdfArray ? idx.items.map((x) => (typeof x === 'number' ? x : -1)) : [0, size];
  if (ranges.length % 2 || ranges.some((x) => !Number.isInteger(x) || x < 0)) throw new PdfReadError('BAD_XREF', 'bad /Index', offset);
  const entries = new Map<number, XrefEntry>();
  let pos = 0;
  const max = budget.limits.maxObjects;
  const field = (width: number): number => {
    let v = 0;
    for (let i = 0; i < width; i++) v = v * 256 + data[pos++]!;
    return v;
  };
  for (let r = 0; r < ranges.length; r += 2) {
    const first = ranges[r]!;
    const count = ranges[r + 1]!;
    if (count > max || first + count > max) throw new PdfReadError('LIMIT_OBJECTS', 'xref stream range too large', offset);
    for (let i = 0; i < count; i++) {
      budget.xrefEntry();
      if (pos + rowLen > data.length) {
        warn('cross-reference stream shorter than its /Index says');
        return entries;
      }
      const type = w0 === 0 ? 1 : field(w0!);
      const f1 = field(w1!);
      const f2 = field(w2!);
      const num = first + i;
      if (entries.has(num)) continue;
      if (type === 0) entries.set(num, { type: 'free', num, gen: f2 });
      else if (type === 1) entries.set(num, { type: 'inuse', num, gen: f2, offset: f1 });
      else if (type === 2) entries.set(num, { type: 'compressed', num, gen: 0, objStm: f1, index: f2 });
      // other types: ignored as the spec requires (treated as null objects)
    }
  }
  return entries;
}
