/**
 * The font of our appearance streams: Noto Sans (OFL, from @expo-google-fonts/noto-sans), embedded
 * as a subset (Type0 / CIDFontType2, Identity-H, with ToUnicode) so that signed protocols stay
 * PDF/A-2 conformant (PDF/A requires every font to be embedded, also in annotation appearances).
 *
 * One `SubsetFont` per revision: text is encoded as it is drawn (each character's glyph joins the
 * subset and gets its CID at once), and `write` puts the font objects into the revision at the end.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import type fontkit from '@pdf-lib/fontkit';
import type { PdfRef } from '@justera/pdf-reader';
import type { IncrementalRevision } from './revision';
// A file of libs/pdf without its index (which loads pdf-lib): see notoSans().
import { padGlyphRecords } from '../../../pdf/src/ttf-pad';
import { dict, name, PdfRaw, text } from './serialize';

type FkFont = ReturnType<typeof fontkit.create>;
type FkGlyph = ReturnType<FkFont['glyphForCodePoint']>;
type FkSubset = ReturnType<FkFont['createSubset']>;

let fontBytes: Buffer | undefined;
let fontkitModule: typeof fontkit | undefined;

/**
 * A fresh fontkit font per subset: fontkit's subsetter keeps state in the font object, and a second
 * subset of the same object comes out with empty glyphs. Only the file bytes are cached.
 *
 * The bytes are the font with every glyph record padded to four bytes, by libs/pdf's `ttf-pad.ts` (the
 * one implementation of the workaround for both renderers): fontkit's TrueType subsetter writes the
 * subset's 'loca' in the short format (offsets / 2) but copies the records as they are, and Noto Sans
 * has odd-length records, so without the padding small subsets come out corrupt (glyphs vanish). It
 * is imported by path, not through '@justera/pdf', whose index loads pdf-lib (`cli seal --visible`
 * must not: apps/cli/src/startup.spec.ts).
 */
function notoSans(): FkFont {
  if (!fontBytes) {
    const padded = padGlyphRecords(
      new Uint8Array(readFileSync(require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'))),
    );
    fontBytes = Buffer.from(padded.buffer, padded.byteOffset, padded.length);
  }
  // Loaded on first use, not with the lib: fontkit takes longer to load than an invisible seal of 100 MB
  // takes to sign (`cli seal`, docs/benchmarks.md), and only visible appearances and filled fields draw text.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  fontkitModule ??= require('@pdf-lib/fontkit') as typeof fontkit; // a CommonJS (UMD) module: no default export
  return fontkitModule.create(fontBytes);
}

/** Measures and encodes text for a content stream. */
export interface TextFont {
  /** The text as a PDF string operand (hex), for `Tj`. */
  encode(s: string): string;
  /** Width of `s` at `size` points. */
  width(s: string, size: number): number;
}

export class SubsetFont implements TextFont {
  private readonly font = notoSans();
  private readonly subset: FkSubset = this.font.createSubset();
  /** Subset CID → [advance width in font units, unicode text]. */
  private readonly used = new Map<number, { width: number; text: string }>();
  private readonly cidOf = new Map<number, number>();

  constructor(readonly ref: PdfRef) {}

  private glyph(ch: string): FkGlyph {
    const g = this.font.glyphForCodePoint(ch.codePointAt(0)!);
    return g.id === 0 ? this.font.glyphForCodePoint(0x3f) : g; // '?' for characters the font lacks
  }

  encode(s: string): string {
    let hex = '';
    for (const ch of s) {
      const g = this.glyph(ch);
      let cid = this.cidOf.get(g.id);
      if (cid === undefined) {
        cid = this.subset.includeGlyph(g);
        this.cidOf.set(g.id, cid);
        this.used.set(cid, { width: g.advanceWidth, text: g.id === this.font.glyphForCodePoint(0x3f).id ? '?' : ch });
      }
      hex += cid.toString(16).padStart(4, '0');
    }
    return `<${hex}>`;
  }

  width(s: string, size: number): number {
    let w = 0;
    for (const ch of s) w += this.glyph(ch).advanceWidth;
    return (w * size) / this.font.unitsPerEm;
  }

  /** Writes the Type0 font at `ref` with its descendant font, descriptor, font file and ToUnicode. */
  async write(rev: IncrementalRevision): Promise<void> {
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      const parts: Uint8Array[] = [];
      const stream = this.subset.encodeStream() as unknown as {
        on(e: string, cb: (x: never) => void): typeof stream;
      };
      stream
        .on('data', (b: Uint8Array) => parts.push(b))
        .on('end', () => resolve(Buffer.concat(parts)))
        .on('error', (e: Error) => reject(e));
    });
    const scale = 1000 / this.font.unitsPerEm;
    const tag = [...randomBytes(6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
    const baseFont = `${tag}+${this.font.postscriptName ?? 'NotoSans-Regular'}`;
    const fontFile = rev.addStream({ Filter: name('FlateDecode'), Length1: bytes.length }, deflateSync(bytes));
    const bbox = this.font.bbox;
    const descriptor = rev.add(
      dict({
        Type: name('FontDescriptor'),
        FontName: name(baseFont),
        Flags: 4,
        FontBBox: [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY].map((v) => Math.round(v * scale)),
        ItalicAngle: 0,
        Ascent: Math.round(this.font.ascent * scale),
        Descent: Math.round(this.font.descent * scale),
        CapHeight: Math.round(this.font.capHeight * scale),
        StemV: 80,
        FontFile2: fontFile,
      }),
    );
    const cids = [...this.used.keys()].sort((a, b) => a - b);
    const w = new PdfRaw(`[${cids.map((c) => `${c} [${Math.round(this.used.get(c)!.width * scale)}]`).join(' ')}]`);
    const cidFont = rev.add(
      dict({
        Type: name('Font'),
        Subtype: name('CIDFontType2'),
        BaseFont: name(baseFont),
        CIDSystemInfo: dict({ Registry: text('Adobe'), Ordering: text('Identity'), Supplement: 0 }),
        FontDescriptor: descriptor,
        W: w,
        CIDToGIDMap: name('Identity'),
      }),
    );
    const toUnicode = rev.addStream({}, Buffer.from(toUnicodeCMap(cids.map((c) => [c, this.used.get(c)!.text])), 'latin1'));
    rev.set(
      this.ref,
      dict({
        Type: name('Font'),
        Subtype: name('Type0'),
        BaseFont: name(baseFont),
        Encoding: name('Identity-H'),
        DescendantFonts: [cidFont],
        ToUnicode: toUnicode,
      }),
    );
  }
}

function utf16Hex(s: string): string {
  let h = '';
  for (let i = 0; i < s.length; i++) h += s.charCodeAt(i).toString(16).padStart(4, '0');
  return h;
}

function toUnicodeCMap(entries: [number, string][]): string {
  const lines = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
  ];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    lines.push(`${chunk.length} beginbfchar`);
    for (const [cid, t] of chunk) lines.push(`<${cid.toString(16).padStart(4, '0')}> <${utf16Hex(t)}>`);
    lines.push('endbfchar');
  }
  lines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end');
  return lines.join('\n');
}
