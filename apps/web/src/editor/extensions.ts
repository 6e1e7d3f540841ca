/**
 * The rich-text editor's schema: exactly the format's rich text (richtext.ts, formatVersion 2), nothing
 * more. StarterKit without what the format cannot hold (underline, code, code blocks, quotes, rules,
 * line breaks, other heading levels), and the table extension; strikethrough is kept (version 2: the
 * toolbar's "Genomstruken", or Mod-Shift-S). Attributes carry what the format keeps beyond ProseMirror's
 * nodes: a numbered list's style, a table's relative column widths (not shown) and its column
 * alignment (shown: `data-col<N>="right|center"` on the table, styled in styles.css).
 * (@tiptap/react re-exports @tiptap/core, which is not a direct dependency.)
 */
import { Extension, type AnyExtension } from '@tiptap/react';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import StarterKit from '@tiptap/starter-kit';
import { SUBHEADING_LEVEL } from './richtext';

const FormatAttributes = Extension.create({
  name: 'protocolFormatAttributes',
  addGlobalAttributes() {
    return [
      { types: ['orderedList'], attributes: { numberStyle: { default: null, rendered: false } } },
      {
        types: ['table'],
        attributes: {
          columnWidths: { default: null, rendered: false },
          align: {
            default: null,
            parseHTML: () => null,
            renderHTML: (attrs: Record<string, unknown>) =>
              Array.isArray(attrs.align)
                ? Object.fromEntries(
                    (attrs.align as unknown[]).flatMap((a, i) => (a === 'right' || a === 'center' ? [[`data-col${i + 1}`, a]] : [])),
                  )
                : {},
          },
        },
      },
    ];
  },
});

export function protocolExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      blockquote: false,
      code: false,
      codeBlock: false,
      hardBreak: false,
      horizontalRule: false,
      underline: false,
      heading: { levels: [SUBHEADING_LEVEL as 4] },
      link: { openOnClick: false, autolink: false, protocols: ['mailto'], defaultProtocol: 'https' },
    }),
    Table.configure({ resizable: false }),
    TableRow,
    TableHeader,
    TableCell,
    FormatAttributes,
  ];
}
