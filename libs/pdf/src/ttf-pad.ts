/**
 * Works around a font subsetting bug: fontkit's TrueType subsetter (used by pdf-lib) writes the
 * subset's `loca` table in the short format (offsets / 2) but copies each glyph record as it is.
 * Noto Sans stores glyph records of odd length (long `loca` format), so halved offsets point into
 * the middle of glyphs and most glyphs render blank or garbled.
 *
 * `padGlyphRecords` rewrites a TrueType font so that every glyph record is padded to a multiple of
 * four bytes (as the TrueType spec recommends) with a long-format `loca`. Glyph outlines, metrics
 * and every other table are unchanged, so the subset fontkit builds from it is correct.
 */

function u16(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}
function u32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) >>> 0) + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
}
function put32(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 24) & 0xff;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}
function checksum(b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 4) {
    sum = (sum + (((b[i] << 24) >>> 0) + ((b[i + 1] ?? 0) << 16) + ((b[i + 2] ?? 0) << 8) + (b[i + 3] ?? 0))) >>> 0;
  }
  return sum;
}

export function padGlyphRecords(font: Uint8Array): Uint8Array {
  const numTables = u16(font, 4);
  const tables = new Map<string, Uint8Array>();
  const order: string[] = [];
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    const tag = String.fromCharCode(font[rec], font[rec + 1], font[rec + 2], font[rec + 3]);
    const offset = u32(font, rec + 8);
    const length = u32(font, rec + 12);
    tables.set(tag, font.slice(offset, offset + length));
    order.push(tag);
  }
  const head = tables.get('head');
  const loca = tables.get('loca');
  const glyf = tables.get('glyf');
  const maxp = tables.get('maxp');
  if (!head || !loca || !glyf || !maxp) return font; // not a glyf-based TrueType font: nothing to do
  const longFormat = u16(head, 50) === 1;
  const numGlyphs = u16(maxp, 4);
  const offsets: number[] = [];
  for (let g = 0; g <= numGlyphs; g++) offsets.push(longFormat ? u32(loca, 4 * g) : u16(loca, 2 * g) * 2);

  const pieces: Uint8Array[] = [];
  const newLoca = new Uint8Array(4 * (numGlyphs + 1));
  let pos = 0;
  for (let g = 0; g < numGlyphs; g++) {
    put32(newLoca, 4 * g, pos);
    const rec = glyf.subarray(offsets[g], offsets[g + 1]);
    const padded = new Uint8Array((rec.length + 3) & ~3);
    padded.set(rec);
    pieces.push(padded);
    pos += padded.length;
  }
  put32(newLoca, 4 * numGlyphs, pos);
  const newGlyf = new Uint8Array(pos);
  let p = 0;
  for (const piece of pieces) {
    newGlyf.set(piece, p);
    p += piece.length;
  }
  const newHead = head.slice();
  newHead[50] = 0;
  newHead[51] = 1; // indexToLocFormat = long
  put32(newHead, 8, 0); // checkSumAdjustment, recomputed below
  tables.set('glyf', newGlyf);
  tables.set('loca', newLoca);
  tables.set('head', newHead);

  // Reassemble: same table order, each table 4-byte aligned.
  let size = 12 + 16 * numTables;
  for (const tag of order) size += (tables.get(tag)!.length + 3) & ~3;
  const out = new Uint8Array(size);
  out.set(font.subarray(0, 12));
  let dataPos = 12 + 16 * numTables;
  order.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const rec = 12 + 16 * i;
    for (let k = 0; k < 4; k++) out[rec + k] = tag.charCodeAt(k);
    put32(out, rec + 4, checksum(data));
    put32(out, rec + 8, dataPos);
    put32(out, rec + 12, data.length);
    out.set(data, dataPos);
    dataPos += (data.length + 3) & ~3;
  });
  const headPos = u32(out, 12 + 16 * order.indexOf('head') + 8);
  put32(out, headPos + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}
