/**
 * Read-only views of the layout for diagnostics and the benchmark baseline (bench/pdf-render.bench.ts
 * draws these same text runs with bare pdf-lib to measure what our layout costs on top).
 */
import type { Protocol } from '@justera/protocol';
import { directMappingFontkit, FontStyle, loadFonts } from './fonts';
import { layoutProtocol } from './layout';

export type { FontStyle };

export interface LaidOutText {
  text: string;
  style: FontStyle;
  size: number;
}

/** The text runs of the full protocol's body, page by page, as the renderer draws them (without page header/footer). */
export function layoutTextRuns(protocol: Protocol): LaidOutText[][] {
  const layout = layoutProtocol(
    {
      protocol,
      title: protocol.documentTitle || 'Protokoll',
      paragraphs: protocol.paragraphs,
      tableOfContents: true,
      paragraphPerPage: false,
    },
    loadFonts(),
  );
  return layout.pages.map((p) => p.ops.flatMap((op) => (op.t === 'text' ? [{ text: op.text, style: op.style, size: op.size }] : [])));
}

/** The TrueType bytes the renderer embeds for a face (Noto Sans, glyph records padded; see ttf-pad.ts). */
export function embeddedFontBytes(style: FontStyle): Uint8Array {
  return loadFonts()[style].bytes;
}

/** The fontkit object the renderer registers with pdf-lib (cmap lookup, no OpenType shaping). */
export const rendererFontkit = directMappingFontkit;
