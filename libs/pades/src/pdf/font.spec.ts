import { inflateSync } from 'node:zlib';
import { PdfDict, PdfReader, PdfRef, PdfStream } from '@justera/pdf-reader';
import { samplePdf } from '../testing/sample-pdf';
import { fillFields } from './fill';

/** The glyph records of a TrueType program: [offset, length] per glyph, from 'loca' (either format). */
function glyphRecords(font: Buffer): { offsets: number[]; glyf: Buffer } {
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < font.readUInt16BE(4); i++) {
    const rec = 12 + 16 * i;
    tables.set(
      font.toString('latin1', rec, rec + 4),
      font.subarray(font.readUInt32BE(rec + 8), font.readUInt32BE(rec + 8) + font.readUInt32BE(rec + 12)),
    );
  }
  const head = tables.get('head')!;
  const loca = tables.get('loca')!;
  const long = head.readInt16BE(50) === 1;
  const count = tables.get('maxp')!.readUInt16BE(4);
  const offsets = Array.from({ length: count + 1 }, (_, g) => (long ? loca.readUInt32BE(4 * g) : 2 * loca.readUInt16BE(2 * g)));
  return { offsets, glyf: tables.get('glyf')! };
}

describe('the appearance font (SubsetFont)', () => {
  it("is subset from libs/pdf's padded font bytes: every glyph record 4-byte aligned, every drawn glyph has an outline", async () => {
    const pdf = await fillFields(await samplePdf(), { 'anslag.uppsattande': '2025-03-05 Åsa Öberg', 'anslag.nedtagande': 'Łukasz Żółć' });
    const reader = PdfReader.open(pdf);
    const programs: Buffer[] = [];
    for (const e of reader.revisions[reader.revisions.length - 1].entries.values()) {
      if (e.type !== 'inuse') continue;
      const o = reader.getIndirect(new PdfRef(e.num, e.gen));
      if (!(o?.value instanceof PdfDict) || o.value.name('Type') !== 'FontDescriptor') continue;
      const file = reader.resolve(o.value.get('FontFile2'));
      if (file instanceof PdfStream) programs.push(inflateSync(file.raw));
    }
    expect(programs.length).toBe(1);
    const { offsets, glyf } = glyphRecords(programs[0]);
    // ttf-pad.ts pads each record to four bytes (the replaced evenGlyphs padded to two).
    for (const o of offsets) expect(o % 4).toBe(0);
    expect(offsets[offsets.length - 1]).toBeLessThanOrEqual(glyf.length);
    // Every record read through 'loca' starts with a sane glyph header (composite -1 or a few contours,
    // an ordered bounding box): misread offsets land inside other glyphs. Every character drawn (not
    // the space) has a record, composites' components too.
    const records = offsets.slice(0, -1).flatMap((o, g) => (offsets[g + 1] > o ? [o] : []));
    for (const o of records) {
      const contours = glyf.readInt16BE(o);
      expect(contours === -1 || (contours > 0 && contours < 200)).toBe(true);
      expect(glyf.readInt16BE(o + 2)).toBeLessThanOrEqual(glyf.readInt16BE(o + 6));
      expect(glyf.readInt16BE(o + 4)).toBeLessThanOrEqual(glyf.readInt16BE(o + 8));
    }
    expect(records.length).toBeGreaterThanOrEqual(new Set([...'2025-03-05ÅsaÖbergŁukaszŻółć']).size);
  });
});
