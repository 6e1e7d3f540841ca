/**
 * Inline text to lines: greedy line breaking at spaces, hard breaks at "\n", and words longer
 * than the line (URLs, long compounds) split where they must, preferring a break after "/", "-",
 * "_", ".", "?", "&", "=" or "#".
 */
import type { Inline } from '@justera/protocol';
import { FontSet, FontStyle, sanitize, styleOf } from './fonts';

export interface Span {
  text: string;
  style: FontStyle;
  href?: string;
  /** Struck through (format v2). */
  strike?: boolean;
}

/** A drawn piece of a line: one font, one call to draw text. `x` is relative to the line start. */
export interface LineFragment {
  x: number;
  width: number;
  text: string;
  style: FontStyle;
  href?: string;
  strike?: boolean;
}

export interface TextLine {
  fragments: LineFragment[];
  width: number;
  /**
   * True when the line ends at a word boundary and another line follows: the renderer then writes a
   * space after the last glyph (invisible, not counted in `width`) so that text extracted from the
   * structure tree or copied keeps the words apart ("de behöver", not "debehöver").
   */
  spaceAfter?: boolean;
}

/** Turns protocol inline content into spans in the given base style (bold/italic add to it). */
export function spansOf(content: Inline[] | string, fonts: FontSet, base: { bold?: boolean; italic?: boolean } = {}): Span[] {
  const list = typeof content === 'string' ? [content] : content;
  return list.map((run) => {
    if (typeof run === 'string') return { text: sanitize(run, fonts, true), style: styleOf(base.bold, base.italic) };
    return {
      text: sanitize(run.text, fonts, true),
      style: styleOf(base.bold || run.bold, base.italic || run.italic),
      href: run.href,
      ...(run.strike ? { strike: true } : {}),
    };
  });
}

interface Piece {
  text: string;
  style: FontStyle;
  href?: string;
  strike?: boolean;
  width: number;
}

type Token =
  | { kind: 'word'; pieces: Piece[]; width: number }
  | { kind: 'space'; width: number; style: FontStyle; strike?: boolean }
  | { kind: 'break' };

const BREAK_AFTER = new Set(['/', '-', '_', '.', '?', '&', '=', '#', '–']);

function tokenize(spans: Span[], fonts: FontSet, size: number): Token[] {
  const tokens: Token[] = [];
  let word: Piece[] | null = null;
  const endWord = (): void => {
    if (word) tokens.push({ kind: 'word', pieces: word, width: word.reduce((s, p) => s + p.width, 0) });
    word = null;
  };
  for (const span of spans) {
    const parts = span.text.split(/( +|\n)/);
    for (const part of parts) {
      if (part === '') continue;
      if (part === '\n') {
        endWord();
        tokens.push({ kind: 'break' });
      } else if (part[0] === ' ') {
        endWord();
        const last = tokens[tokens.length - 1];
        if (!last || last.kind !== 'space')
          tokens.push({ kind: 'space', width: fonts[span.style].width(' ') * size, style: span.style, strike: span.strike });
      } else {
        const piece: Piece = {
          text: part,
          style: span.style,
          href: span.href,
          strike: span.strike,
          width: fonts[span.style].width(part) * size,
        };
        (word ??= []).push(piece);
      }
    }
  }
  endWord();
  return tokens;
}

/** Splits one over-long word into chunks that each fit `maxWidth`. */
function splitWord(pieces: Piece[], maxWidth: number, fonts: FontSet, size: number): Piece[][] {
  // Flatten to characters with style, then cut greedily, backing up to a preferred break point.
  const chars: { ch: string; style: FontStyle; href?: string; strike?: boolean; w: number }[] = [];
  for (const p of pieces)
    for (const ch of p.text) chars.push({ ch, style: p.style, href: p.href, strike: p.strike, w: fonts[p.style].width(ch) * size });
  const chunks: Piece[][] = [];
  let start = 0;
  while (start < chars.length) {
    let w = 0;
    let end = start;
    while (end < chars.length && (end === start || w + chars[end].w <= maxWidth)) w += chars[end++].w;
    if (end < chars.length) {
      for (let k = end - 1; k > start + (end - start) / 2; k--) {
        if (BREAK_AFTER.has(chars[k].ch)) {
          end = k + 1;
          break;
        }
      }
    }
    const chunk: Piece[] = [];
    for (let k = start; k < end; k++) {
      const c = chars[k];
      const last = chunk[chunk.length - 1];
      if (last && last.style === c.style && last.href === c.href && last.strike === c.strike) {
        last.text += c.ch;
        last.width += c.w;
      } else chunk.push({ text: c.ch, style: c.style, href: c.href, strike: c.strike, width: c.w });
    }
    chunks.push(chunk);
    start = end;
  }
  return chunks;
}

/** Breaks spans into lines no wider than `maxWidth` at font size `size`. Always at least one line. */
export function breakLines(spans: Span[], maxWidth: number, size: number, fonts: FontSet): TextLine[] {
  const lines: TextLine[] = [];
  let frags: LineFragment[] = [];
  let x = 0;
  let pendingSpace: { width: number; style: FontStyle; strike?: boolean } | null = null;

  const push = (p: Piece, at: number): void => {
    const last = frags[frags.length - 1];
    if (
      last &&
      last.style === p.style &&
      last.href === p.href &&
      !!last.strike === !!p.strike &&
      Math.abs(last.x + last.width - at) < 1e-6
    ) {
      last.text += p.text;
      last.width += p.width;
    } else frags.push({ x: at, width: p.width, text: p.text, style: p.style, href: p.href, ...(p.strike ? { strike: true } : {}) });
  };
  const flush = (spaceAfter = true): void => {
    lines.push({ fragments: frags, width: x, spaceAfter });
    frags = [];
    x = 0;
    pendingSpace = null;
  };
  const placeWord = (pieces: Piece[]): void => {
    for (const p of pieces) {
      push(p, x);
      x += p.width;
    }
  };

  for (const tok of tokenize(spans, fonts, size)) {
    if (tok.kind === 'break') {
      flush();
      continue;
    }
    if (tok.kind === 'space') {
      if (frags.length) pendingSpace = { width: tok.width, style: tok.style, strike: tok.strike };
      continue;
    }
    const spaceW: number = frags.length && pendingSpace ? pendingSpace.width : 0;
    if (frags.length && x + spaceW + tok.width > maxWidth) flush();
    if (frags.length && pendingSpace) {
      push({ text: ' ', style: pendingSpace.style, strike: pendingSpace.strike, width: pendingSpace.width }, x);
      x += pendingSpace.width;
    }
    pendingSpace = null;
    if (tok.width <= maxWidth - x) placeWord(tok.pieces);
    else {
      const chunks = splitWord(tok.pieces, maxWidth, fonts, size);
      chunks.forEach((chunk, i) => {
        if (i > 0) flush(false);
        placeWord(chunk);
      });
    }
  }
  if (frags.length || lines.length === 0) flush();
  lines[lines.length - 1].spaceAfter = false;
  // Drop trailing spaces that were merged into a fragment's text.
  for (const line of lines) {
    const last = line.fragments[line.fragments.length - 1];
    if (last && last.text.endsWith(' ')) {
      const trimmed = last.text.replace(/ +$/, '');
      const w = fonts[last.style].width(trimmed) * size;
      line.width -= last.width - w;
      last.text = trimmed;
      last.width = w;
    }
  }
  return lines;
}
