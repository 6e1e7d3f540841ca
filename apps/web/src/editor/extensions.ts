/**
 * The rich-text editor's schema: exactly the format's rich text (richtext.ts), nothing more. StarterKit
 * without what the format cannot hold (strike, underline, code, code blocks, quotes, rules, line
 * breaks, other heading levels), and the table extension. Two attributes carry what the editor does
 * not show but the format keeps: a numbered list's style and a table's relative column widths.
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
      { types: ['table'], attributes: { columnWidths: { default: null, rendered: false } } },
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
      strike: false,
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
