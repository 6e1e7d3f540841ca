/**
 * The four Noto Sans faces (OFL, from @expo-google-fonts/noto-sans) and fast width measurement.
 *
 * Widths are measured per code point from the font's advance widths (cached), without kerning;
 * the PDF is drawn without kerning and ligatures too (see FONT_FEATURES), so measured width and
 * drawn width agree exactly.
 */
import fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { padGlyphRecords } from './ttf-pad';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';
export const FONT_STYLES: readonly FontStyle[] = ['regular', 'bold', 'italic', 'boldItalic'];

const FONT_FILES: Record<FontStyle, string> = {
  regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  italic: '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  boldItalic: '@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf',
};

/**
 * The fontkit that pdf-lib gets (`doc.registerFontkit`): fontkit itself, except that each font's
 * `layout` maps code points straight to glyphs through the cmap (cached) instead of running
 * OpenType shaping (GSUB/GPOS). For Latin text in NFC (sanitize normalises) that is exact: one
 * code point, one glyph, no ligatures, no kerning, which also keeps measured widths equal to drawn
 * widths and text extraction exact. Shaping was 80 % of the rendering time.
 */
export const directMappingFontkit = {
  create(bytes: Uint8Array): unknown {
    const font = fontkit.create(bytes) as unknown as FontkitFont & { layout: unknown };
    const glyphs = new Map<number, unknown>();
    font.layout = (text: string) => {
      const out: unknown[] = [];
      for (let i = 0; i < text.length; i++) {
        let cp = text.charCodeAt(i);
        if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
          cp = text.codePointAt(i)!;
          i++;
        }
        let g = glyphs.get(cp);
        if (g === undefined) {
          g = font.glyphForCodePoint(cp);
          glyphs.set(cp, g);
        }
        out.push(g);
      }
      return { glyphs: out, positions: [] };
    };
    return font;
  },
};

/** The character drawn in place of one the fonts cannot draw (when missingGlyphs = 'replace'). */
export const REPLACEMENT_CHARACTER = '?';

interface FontkitFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): { advanceWidth: number };
}

/** One face: its bytes (for embedding) and a cached per-code-point width table. */
export class FontFace {
  private readonly widths = new Map<number, number>();
  private readonly scale: number;

  constructor(
    readonly style: FontStyle,
    readonly bytes: Uint8Array,
    private readonly font: FontkitFont,
  ) {
    this.scale = 1 / font.unitsPerEm;
  }

  private readonly wordWidths = new Map<string, number>();

  /** Width of `text` at size 1 (multiply by the font size). Cached per string (words repeat). */
  width(text: string): number {
    let w = this.wordWidths.get(text);
    if (w === undefined) {
      w = this.measure(text);
      if (this.wordWidths.size > 100_000) this.wordWidths.clear(); // bound memory in a long-running process
      this.wordWidths.set(text, w);
    }
    return w;
  }

  private measure(text: string): number {
    let w = 0;
    for (let i = 0; i < text.length; i++) {
      let cp = text.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
        cp = text.codePointAt(i)!;
        i++;
      }
      let adv = this.widths.get(cp);
      if (adv === undefined) {
        adv = this.font.hasGlyphForCodePoint(cp) ? this.font.glyphForCodePoint(cp).advanceWidth * this.scale : 0;
        this.widths.set(cp, adv);
      }
      w += adv;
    }
    return w;
  }

  private readonly coverage = new Map<number, boolean>();

  has(cp: number): boolean {
    let ok = this.coverage.get(cp);
    if (ok === undefined) {
      ok = this.font.hasGlyphForCodePoint(cp);
      this.coverage.set(cp, ok);
    }
    return ok;
  }

  /** Ascent and descent at size 1 (descent negative). */
  get ascent(): number {
    return this.font.ascent * this.scale;
  }
  get descent(): number {
    return this.font.descent * this.scale;
  }
}

export type FontSet = Record<FontStyle, FontFace>;

let cached: FontSet | undefined;

/** Loads the four faces once per process. */
export function loadFonts(): FontSet {
  if (cached) return cached;
  const set = {} as FontSet;
  for (const style of FONT_STYLES) {
    const bytes = readFileSync(require.resolve(FONT_FILES[style]));
    const font = fontkit.create(bytes) as unknown as FontkitFont;
    // Embed a copy with even-length glyph records (see ttf-pad.ts); measure with the original.
    set[style] = new FontFace(style, padGlyphRecords(new Uint8Array(bytes)), font);
  }
  cached = set;
  return set;
}

export function styleOf(bold?: boolean, italic?: boolean): FontStyle {
  if (bold && italic) return 'boldItalic';
  if (bold) return 'bold';
  if (italic) return 'italic';
  return 'regular';
}

/** Whitespace and control characters that are never drawn as glyphs (they are layout). */
function isLayoutChar(cp: number): boolean {
  return cp === 0x20 || cp === 0x09 || cp === 0x0a || cp === 0x0d || cp === 0xa0;
}

/**
 * The distinct characters in `text` that no face can draw (checked against the regular face,
 * which has the same coverage as the others in Noto Sans).
 */
export function unsupportedCharacters(text: string, fonts: FontSet = loadFonts()): string[] {
  const bad = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isLayoutChar(cp)) continue;
    if (!fonts.regular.has(cp) || !fonts.bold.has(cp) || !fonts.italic.has(cp) || !fonts.boldItalic.has(cp)) bad.add(ch);
  }
  return [...bad].sort();
}

/**
 * Normalises text for drawing: NBSP, tabs and (unless kept) line breaks become spaces, soft hyphens
 * and zero-width characters vanish, other control characters vanish,
 * characters without a glyph become REPLACEMENT_CHARACTER.
 */
/** Characters every face has and that need no change: printable ASCII, Latin-1 letters and signs, typographic punctuation. */
const PLAIN = /^[\x20-\x7e\u00a1-\u00ac\u00ae-\u00ff\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2022\u2026\u20ac]*$/;

export function sanitize(text: string, fonts: FontSet, keepNewlines = false): string {
  if (PLAIN.test(text)) return text; // Latin-1 only text is already NFC
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if ((cp === 0x0a || cp === 0x2028 || cp === 0x2029) && keepNewlines) out += '\n';
    else if (cp === 0xad || (cp >= 0x200b && cp <= 0x200f) || cp === 0x2060 || cp === 0xfeff)
      continue; // soft hyphen, zero-width and direction marks: invisible
    else if (cp === 0x2028 || cp === 0x2029) out += ' ';
    else if (cp === 0x09 || cp === 0xa0 || cp === 0x0a || cp === 0x0d) out += ' ';
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
    else if (fonts.regular.has(cp) && fonts.bold.has(cp) && fonts.italic.has(cp) && fonts.boldItalic.has(cp)) out += ch;
    else out += REPLACEMENT_CHARACTER;
  }
  return out;
}
