/**
 * Writes page content streams directly as PDF operators (ISO 32000 8–9), instead of going through
 * pdf-lib's drawText/drawLine, which build several objects per call; that object churn was most of
 * the rendering time. Glyph codes come from pdf-lib's subset embedder, once per code point.
 */
import type { PDFFont } from 'pdf-lib';
import type { FontStyle } from './fonts';
import type { DrawOp, Rgb } from './flow';
import type { McSlot, PageMarks } from './structure';

/** Formats a number for a content stream: at most 3 decimals, no exponent, no "-0". */
export function num(v: number): string {
  const r = Math.round(v * 1000) / 1000;
  return r === 0 ? '0' : String(r);
}

function colour(c: Rgb | undefined, op: 'rg' | 'RG'): string {
  const [r, g, b] = c ?? [0.1, 0.1, 0.1];
  return `${num(r)} ${num(g)} ${num(b)} ${op}`;
}

/** Hex glyph codes (Identity-H, 2 bytes each) for a font's subset, cached per code point. */
export class GlyphEncoder {
  private readonly codes = new Map<number, string>();

  constructor(private readonly font: PDFFont) {}

  hex(text: string): string {
    let out = '';
    for (let i = 0; i < text.length; i++) {
      let cp = text.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
        cp = text.codePointAt(i)!;
        i++;
      }
      let code = this.codes.get(cp);
      if (code === undefined) {
        // Registers the glyph in the subset and returns its code.
        code = this.font.encodeText(String.fromCodePoint(cp)).asString();
        this.codes.set(cp, code);
      }
      out += code;
    }
    return out;
  }
}

export interface FontResources {
  /** Resource name (e.g. "F1") and encoder per style. */
  get(style: FontStyle): { name: string; encoder: GlyphEncoder };
}

/**
 * Turns draw ops into one content stream string; records which font styles the page uses. Every
 * piece of content is marked (ISO 32000-1 14.6): text in a structure slot becomes a marked-content
 * sequence with an MCID (`/P <</MCID n>> BDC … EMC`), everything else (page furniture, rules,
 * boxes, cell borders, dot leaders) an `/Artifact` sequence. Consecutive ops of the same slot share
 * one sequence.
 */
export function writeContent(
  ops: DrawOp[],
  fonts: FontResources,
  widthOf: (text: string, style: FontStyle, size: number) => number,
  marks?: PageMarks,
): { content: string; styles: Set<FontStyle> } {
  const parts: string[] = [];
  const styles = new Set<FontStyle>();
  let open: McSlot | 'artifact' | null = null;
  const mark = (m: McSlot | 'artifact'): void => {
    if (!marks || m === open) return;
    if (open !== null) parts.push('EMC');
    if (m === 'artifact') parts.push('/Artifact BMC');
    else parts.push(`/${m.node.type} <</MCID ${marks.open(m)}>> BDC`);
    open = m;
  };
  for (const op of ops) {
    switch (op.t) {
      case 'text': {
        if (!op.text) break;
        const f = fonts.get(op.style);
        styles.add(op.style);
        mark(op.mc);
        const x = op.align === 'right' ? op.x - widthOf(op.text, op.style, op.size) : op.x;
        parts.push(
          `BT /${f.name} ${num(op.size)} Tf ${colour(op.color, 'rg')} ${num(x)} ${num(op.y)} Td <${f.encoder.hex(op.text)}> Tj ET`,
        );
        break;
      }
      case 'line':
        mark('artifact');
        parts.push(`${colour(op.color, 'RG')} ${num(op.width)} w ${num(op.x1)} ${num(op.y1)} m ${num(op.x2)} ${num(op.y2)} l S`);
        break;
      case 'rect': {
        const path = `${num(op.x)} ${num(op.y)} ${num(op.w)} ${num(op.h)} re`;
        mark('artifact');
        if (op.fill && op.stroke) parts.push(`${colour(op.fill, 'rg')} ${colour(op.stroke, 'RG')} ${num(op.lineWidth ?? 0.5)} w ${path} B`);
        else if (op.fill) parts.push(`${colour(op.fill, 'rg')} ${path} f`);
        else if (op.stroke) parts.push(`${colour(op.stroke, 'RG')} ${num(op.lineWidth ?? 0.5)} w ${path} S`);
        break;
      }
      default:
        break; // fields and links are annotations, not content
    }
  }
  if (marks && open !== null) parts.push('EMC');
  return { content: parts.join('\n'), styles };
}
