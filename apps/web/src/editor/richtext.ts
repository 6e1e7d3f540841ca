/**
 * The protocol format's rich text (docs/protocol-format.md, "Blocks and inline text") to and from
 * TipTap's (ProseMirror's) JSON document. Pure data in, data out, so it is unit-tested without a
 * browser (apps/web/test/richtext.spec.ts, through the editor's real schema).
 *
 * The editor's schema (extensions.ts) holds only what the format has: paragraphs, one level of
 * sub-heading, bold, italic, links, bullet and numbered lists (with the item's sub-blocks), tables
 * with header rows. What the format keeps that the editor does not show — a numbered list's style,
 * a table's relative column widths — rides along as node attributes, so a round trip loses nothing.
 */

import type {
  Block,
  ColumnAlign,
  Inline,
  ListItem,
  NumberedListBlock,
  TableCell as Cell,
  TextRun as Run,
} from '../../../../libs/protocol/src/model';

export type { Block, ColumnAlign, Inline, ListItem, Run };
export type NumberStyle = NonNullable<NumberedListBlock['style']>;

export const isAlign = (a: unknown): a is ColumnAlign => a === 'left' || a === 'right' || a === 'center';

/** TipTap's JSON document (JSONContent). */
export interface PmNode {
  type?: string;
  attrs?: Record<string, unknown>;
  content?: PmNode[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
}

/** The sub-heading level the editor uses for the format's `heading` block (under the § and section headings). */
export const SUBHEADING_LEVEL = 4;

// ------------------------------------------------------------------ format → TipTap

function inlinesToPm(inlines: readonly Inline[] | undefined): PmNode[] {
  const out: PmNode[] = [];
  for (const i of inlines ?? []) {
    const run: Run = typeof i === 'string' ? { text: i } : i;
    if (!run.text) continue; // ProseMirror has no empty text nodes
    const marks: NonNullable<PmNode['marks']> = [];
    if (run.bold) marks.push({ type: 'bold' });
    if (run.italic) marks.push({ type: 'italic' });
    if (run.strike) marks.push({ type: 'strike' });
    if (run.href) marks.push({ type: 'link', attrs: { href: run.href } });
    out.push(marks.length ? { type: 'text', text: run.text, marks } : { type: 'text', text: run.text });
  }
  return out;
}

function paragraph(inlines: readonly Inline[] | undefined): PmNode {
  const content = inlinesToPm(inlines);
  return content.length ? { type: 'paragraph', content } : { type: 'paragraph' };
}

function itemToPm(item: ListItem): PmNode {
  return { type: 'listItem', content: [paragraph(item.content), ...(item.children ?? []).map(blockToPm)] };
}

function cellToPm(cell: Cell, header: boolean): PmNode {
  return {
    type: header ? 'tableHeader' : 'tableCell',
    attrs: { colspan: 1, rowspan: 1, colwidth: null },
    content: [paragraph(cell.content)],
  };
}

function blockToPm(b: Block): PmNode {
  switch (b.type) {
    case 'paragraph':
      return paragraph(b.content);
    case 'heading': {
      const content = inlinesToPm(b.content);
      return { type: 'heading', attrs: { level: SUBHEADING_LEVEL }, ...(content.length ? { content } : {}) };
    }
    case 'bulletList':
      return { type: 'bulletList', content: b.items.map(itemToPm) };
    case 'numberedList':
      return {
        type: 'orderedList',
        attrs: { start: b.start ?? 1, type: b.style === 'alpha-paren' ? 'a' : null, numberStyle: b.style ?? null },
        content: b.items.map(itemToPm),
      };
    case 'table':
      return {
        type: 'table',
        attrs: { columnWidths: b.columnWidths ?? null, align: b.align ?? null },
        content: [
          ...b.header.map((row) => ({ type: 'tableRow', content: row.map((c) => cellToPm(c, true)) })),
          ...b.rows.map((row) => ({ type: 'tableRow', content: row.map((c) => cellToPm(c, false)) })),
        ],
      };
  }
}

/** A section's blocks as a TipTap document (an empty section is one empty paragraph). */
export function blocksToDoc(blocks: readonly Block[] | undefined): PmNode {
  const content = (blocks ?? []).map(blockToPm);
  return { type: 'doc', content: content.length ? content : [{ type: 'paragraph' }] };
}

// ------------------------------------------------------------------ TipTap → format

function sameMarks(a: Run, b: Run): boolean {
  return !!a.bold === !!b.bold && !!a.italic === !!b.italic && !!a.strike === !!b.strike && (a.href ?? '') === (b.href ?? '');
}

/** Text nodes to inlines: adjacent runs with the same marks are joined; a run without marks is a plain string. */
export function pmToInlines(nodes: readonly PmNode[] | undefined): Inline[] {
  const runs: Run[] = [];
  for (const n of nodes ?? []) {
    if (n.type !== 'text' || !n.text) continue;
    const r: Run = { text: n.text };
    for (const m of n.marks ?? []) {
      if (m.type === 'bold') r.bold = true;
      else if (m.type === 'italic') r.italic = true;
      else if (m.type === 'strike') r.strike = true;
      else if (m.type === 'link' && typeof m.attrs?.href === 'string' && m.attrs.href) r.href = m.attrs.href;
    }
    const last = runs[runs.length - 1];
    if (last && sameMarks(last, r)) last.text += r.text;
    else runs.push(r);
  }
  return runs.map((r) => {
    if (!r.bold && !r.italic && !r.strike && !r.href) return r.text;
    const out: Run = { text: r.text };
    if (r.bold) out.bold = true;
    if (r.italic) out.italic = true;
    if (r.strike) out.strike = true;
    if (r.href) out.href = r.href;
    return out;
  });
}

/** All the inline text under a node (a table cell holds blocks in TipTap, one inline line in the format). */
function flatInlines(nodes: readonly PmNode[] | undefined): Inline[] {
  const parts: Inline[][] = [];
  const walk = (list: readonly PmNode[] | undefined) => {
    for (const n of list ?? []) {
      if (n.type === 'paragraph' || n.type === 'heading') {
        const inl = pmToInlines(n.content);
        if (inl.length) parts.push(inl);
      } else walk(n.content);
    }
  };
  walk(nodes);
  const out: Inline[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push(' ');
    out.push(...p);
  });
  return pmToInlines(inlinesToPm(out));
}

function pmToItem(n: PmNode): ListItem | null {
  const kids = n.content ?? [];
  const first = kids[0]?.type === 'paragraph' ? kids[0] : undefined;
  const content = first ? pmToInlines(first.content) : [];
  const children = pmToBlocks(first ? kids.slice(1) : kids);
  if (!content.length && !children.length) return null; // an empty bullet the secretary has not written yet
  return children.length ? { content, children } : { content };
}

function pmToBlock(n: PmNode): Block[] {
  switch (n.type) {
    case 'paragraph': {
      const content = pmToInlines(n.content);
      return content.length ? [{ type: 'paragraph', content }] : [];
    }
    case 'heading': {
      const content = pmToInlines(n.content);
      return content.length ? [{ type: 'heading', content }] : [];
    }
    case 'bulletList': {
      const items = (n.content ?? []).map(pmToItem).filter((x): x is ListItem => x !== null);
      return items.length ? [{ type: 'bulletList', items }] : [];
    }
    case 'orderedList': {
      const items = (n.content ?? []).map(pmToItem).filter((x): x is ListItem => x !== null);
      if (!items.length) return [];
      const b: Block = { type: 'numberedList', items };
      const start = Number(n.attrs?.start ?? 1);
      if (Number.isInteger(start) && start !== 1) b.start = start;
      const style = n.attrs?.numberStyle;
      if (style === 'decimal-dot' || style === 'decimal-paren' || style === 'alpha-paren') b.style = style;
      // Keys in the format's order: type, start, style, items.
      return [
        { type: 'numberedList', ...(b.start !== undefined ? { start: b.start } : {}), ...(b.style ? { style: b.style } : {}), items },
      ];
    }
    case 'table': {
      const header: Cell[][] = [];
      const rows: Cell[][] = [];
      for (const row of n.content ?? []) {
        const cells = (row.content ?? []).map((c) => ({ content: flatInlines(c.content) }));
        if (!cells.length) continue;
        const isHeader = (row.content ?? []).every((c) => c.type === 'tableHeader');
        // Header rows are the leading rows of header cells (repeated on page breaks).
        if (isHeader && rows.length === 0) header.push(cells);
        else rows.push(cells);
      }
      if (!header.length && !rows.length) return [];
      // The format needs body rows; a table of header cells only keeps them as rows.
      const body = rows.length ? rows : header.splice(0);
      const widths = n.attrs?.columnWidths;
      const columns = (header[0] ?? body[0]).length;
      const t: Block = { type: 'table', header, rows: body };
      if (Array.isArray(widths) && widths.length === columns && widths.every((w) => typeof w === 'number' && w > 0))
        t.columnWidths = widths as number[];
      const align = n.attrs?.align;
      if (Array.isArray(align) && align.length === columns && align.every(isAlign)) t.align = align;
      return [t];
    }
    default:
      // Nothing else is in the editor's schema; should a paste bring a wrapper, keep its text.
      return pmToBlocks(n.content);
  }
}

function pmToBlocks(nodes: readonly PmNode[] | undefined): Block[] {
  return (nodes ?? []).flatMap(pmToBlock);
}

/** A TipTap document as a section's blocks (empty paragraphs, items and tables are left out). */
export function docToBlocks(doc: PmNode): Block[] {
  return pmToBlocks(doc.content);
}
