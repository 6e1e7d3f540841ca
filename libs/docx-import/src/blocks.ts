/**
 * Step 1 of the mapping: mammoth's HTML tree → a flat sequence of items (headings, lines, lists,
 * tables, rules) in document order, with the format's inline text (bold, italic, links). A
 * paragraph with line breaks (`<br>`) becomes one `line` item per line: the format has no line
 * break, and the attendance blocks are written one person per line.
 */
import type { Block, Inline, ListItem, TableBlock, TableCell, TextRun } from '@justera/protocol';
import type { HtmlElement, HtmlNode } from './html';

export type Item =
  | { kind: 'heading'; level: number; inlines: Inline[]; text: string }
  /** One line of a paragraph; `first` marks the first line of its paragraph, `lines` how many the paragraph has. */
  | { kind: 'line'; inlines: Inline[]; text: string; bold: boolean; first: boolean; lines: number }
  | { kind: 'block'; block: Block; text: string }
  | { kind: 'image' };

interface Marks {
  bold?: boolean;
  italic?: boolean;
  href?: string;
}

const MAX_RUN = 20_000;
/** The format's limits (docs/protocol-format.md). */
const MAX_LIST_DEPTH = 4;
const MAX_CELLS = 20;

function safeHref(href: string | undefined): string | undefined {
  if (!href || href.length > 2000) return undefined;
  return /^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i.test(href) ? href : undefined;
}

/** Collapses whitespace and merges neighbouring runs with the same marks; plain runs become strings. */
export function normaliseInlines(runs: TextRun[]): Inline[] {
  const merged: TextRun[] = [];
  for (const r of runs) {
    const text = r.text.replace(/[\s\u00a0]+/g, ' ');
    if (!text) continue;
    const prev = merged[merged.length - 1];
    if (prev && !!prev.bold === !!r.bold && !!prev.italic === !!r.italic && prev.href === r.href) prev.text += text;
    else merged.push({ ...r, text });
  }
  // Trim the ends of the whole line, and a space that a run would start with after a space.
  for (let i = 0; i < merged.length; i++) {
    const r = merged[i]!;
    if (i === 0) r.text = r.text.replace(/^ +/, '');
    else if (merged[i - 1]!.text.endsWith(' ')) r.text = r.text.replace(/^ +/, '');
    if (i === merged.length - 1) r.text = r.text.replace(/ +$/, '');
  }
  const out: Inline[] = [];
  for (const r of merged) {
    if (!r.text) continue;
    // The format limits one run to 20 000 characters; a longer one is split, never cut.
    for (let at = 0; at < r.text.length; at += MAX_RUN) {
      const text = r.text.slice(at, at + MAX_RUN);
      const run: TextRun = { text };
      if (r.bold) run.bold = true;
      if (r.italic) run.italic = true;
      if (r.href) run.href = r.href;
      out.push(run.bold || run.italic || run.href ? run : text);
    }
  }
  return out;
}

export function inlinesText(inlines: Inline[]): string {
  return inlines.map((i) => (typeof i === 'string' ? i : i.text)).join('');
}

/** Runs of an element's inline content, split into lines at `<br>`. Nested lists and tables are not inline and are skipped here. */
function inlineLines(el: HtmlElement, marks: Marks = {}, lines: TextRun[][] = [[]], images = { n: 0 }): TextRun[][] {
  for (const c of el.children) {
    if (typeof c === 'string') {
      lines[lines.length - 1]!.push({ text: c, ...marks });
      continue;
    }
    switch (c.tag) {
      case 'br':
        lines.push([]);
        break;
      case 'strong':
      case 'b':
        inlineLines(c, { ...marks, bold: true }, lines, images);
        break;
      case 'em':
      case 'i':
        inlineLines(c, { ...marks, italic: true }, lines, images);
        break;
      case 'a': {
        const href = safeHref(c.attrs.href);
        inlineLines(c, href ? { ...marks, href } : marks, lines, images);
        break;
      }
      case 'img':
        images.n++;
        break;
      case 'ul':
      case 'ol':
      case 'table':
        break;
      default:
        inlineLines(c, marks, lines, images);
    }
  }
  return lines;
}

function isBoldLine(runs: Inline[]): boolean {
  return runs.length > 0 && runs.every((r) => typeof r !== 'string' && r.bold);
}

/** "1) …", "2) …" or "a) …", "b) …" written as text in the items of a bullet list → a numbered list. */
function numberedFromText(items: ListItem[]): Block | undefined {
  if (items.length === 0) return undefined;
  const first = items.map((it) => (typeof it.content[0] === 'string' ? it.content[0] : it.content[0]?.text) ?? '');
  const decimal = first.map((t) => /^(\d{1,4})\)\s+/.exec(t));
  const alpha = first.map((t) => /^([a-z])\)\s+/.exec(t));
  let style: 'decimal-paren' | 'alpha-paren' | undefined;
  let start = 1;
  if (decimal.every((m, i) => m && Number(m[1]) === Number(decimal[0]![1]) + i)) {
    style = 'decimal-paren';
    start = Number(decimal[0]![1]);
  } else if (alpha.every((m, i) => m && m[1]!.charCodeAt(0) === 97 + i)) style = 'alpha-paren';
  if (!style) return undefined;
  const strip = (content: Inline[]): Inline[] => {
    const [head, ...rest] = content;
    const cut = (s: string) => s.replace(/^(\d{1,4}|[a-z])\)\s+/, '');
    if (typeof head === 'string') return cut(head) ? [cut(head), ...rest] : rest;
    return cut(head!.text) ? [{ ...head!, text: cut(head!.text) }, ...rest] : rest;
  };
  return {
    type: 'numberedList',
    ...(start !== 1 ? { start } : {}),
    style,
    items: items.map((it) => ({ ...it, content: strip(it.content) })),
  };
}

function listBlock(el: HtmlElement, depth: number): Block {
  const items: ListItem[] = [];
  for (const li of el.children) {
    if (typeof li === 'string' || li.tag !== 'li') continue;
    const content = normaliseInlines(inlineLines(li).flatMap((line, i) => (i === 0 ? line : [{ text: ' ' }, ...line])));
    const children: Block[] = [];
    for (const c of li.children) {
      if (typeof c === 'string' || (c.tag !== 'ul' && c.tag !== 'ol')) continue;
      if (depth < MAX_LIST_DEPTH) children.push(listBlock(c, depth + 1));
      else children.push(...flattenList(c));
    }
    if (content.length === 0 && children.length === 0) continue;
    items.push(children.length ? { content, children } : { content });
  }
  if (el.tag === 'ol') return { type: 'numberedList', items };
  return numberedFromText(items) ?? { type: 'bulletList', items };
}

/** A list nested deeper than the format allows: its items become paragraphs (text kept, nesting lost). */
function flattenList(el: HtmlElement): Block[] {
  const out: Block[] = [];
  const walk = (e: HtmlElement) => {
    for (const li of e.children) {
      if (typeof li === 'string' || li.tag !== 'li') continue;
      const content = normaliseInlines(inlineLines(li).flat());
      if (content.length) out.push({ type: 'paragraph', content });
      for (const c of li.children) if (typeof c !== 'string' && (c.tag === 'ul' || c.tag === 'ol')) walk(c);
    }
  };
  walk(el);
  return out;
}

function tableBlock(el: HtmlElement): TableBlock | undefined {
  const header: TableCell[][] = [];
  const rows: TableCell[][] = [];
  const collect = (e: HtmlElement) => {
    for (const c of e.children) {
      if (typeof c === 'string') continue;
      if (c.tag === 'thead' || c.tag === 'tbody' || c.tag === 'tfoot') collect(c);
      else if (c.tag === 'tr') {
        const cells: TableCell[] = [];
        let allTh = true;
        for (const td of c.children) {
          if (typeof td === 'string' || (td.tag !== 'td' && td.tag !== 'th')) continue;
          if (td.tag !== 'th') allTh = false;
          const content = normaliseInlines(cellRuns(td));
          cells.push({ content });
          const span = Math.min(Number(td.attrs.colspan ?? 1) || 1, MAX_CELLS);
          for (let i = 1; i < span; i++) cells.push({ content: [] });
        }
        if (!cells.length) continue;
        if (cells.length > MAX_CELLS) {
          // Never lose a cell: the ones past the format's 20 columns join the last one.
          const extra = cells.splice(MAX_CELLS - 1);
          cells.push({
            content: normaliseInlines(
              extra.flatMap((x, i) => [
                ...(i ? [{ text: ' | ' }] : []),
                ...x.content.map((r) => (typeof r === 'string' ? { text: r } : r)),
              ]),
            ),
          });
        }
        if (allTh && rows.length === 0 && header.length < 5) header.push(cells);
        else rows.push(cells);
      }
    }
  };
  collect(el);
  if (rows.length === 0 && header.length > 0) rows.push(...header.splice(0));
  if (rows.length === 0) return undefined;
  const width = Math.max(...[...header, ...rows].map((r) => r.length));
  for (const r of [...header, ...rows]) while (r.length < width) r.push({ content: [] });
  return { type: 'table', header, rows };
}

/** A cell's text: its paragraphs (and any list inside) joined with spaces, since a cell holds inline text only. */
function cellRuns(td: HtmlElement): TextRun[] {
  const out: TextRun[] = [];
  const walk = (e: HtmlElement, marks: Marks) => {
    for (const c of e.children) {
      if (typeof c === 'string') out.push({ text: c, ...marks });
      else if (c.tag === 'br' || c.tag === 'p' || c.tag === 'li') {
        out.push({ text: ' ' });
        walk(c, marks);
      } else if (c.tag === 'strong' || c.tag === 'b') walk(c, { ...marks, bold: true });
      else if (c.tag === 'em' || c.tag === 'i') walk(c, { ...marks, italic: true });
      else if (c.tag === 'a') {
        const href = safeHref(c.attrs.href);
        walk(c, href ? { ...marks, href } : marks);
      } else walk(c, marks);
    }
  };
  walk(td, {});
  return out;
}

export function blockText(b: Block): string {
  switch (b.type) {
    case 'paragraph':
    case 'heading':
      return inlinesText(b.content);
    case 'bulletList':
    case 'numberedList':
      return b.items.map((it) => [inlinesText(it.content), ...(it.children ?? []).map(blockText)].join('\n')).join('\n');
    case 'table':
      return [...b.header, ...b.rows].map((r) => r.map((c) => inlinesText(c.content)).join('\t')).join('\n');
  }
}

/** The document's items in order. */
export function toItems(root: HtmlElement): Item[] {
  const items: Item[] = [];
  const visit = (nodes: HtmlNode[]) => {
    for (const n of nodes) {
      if (typeof n === 'string') {
        const inlines = normaliseInlines([{ text: n }]);
        if (inlines.length) items.push({ kind: 'line', inlines, text: inlinesText(inlines), bold: false, first: true, lines: 1 });
        continue;
      }
      const h = /^h([1-6])$/.exec(n.tag);
      if (h || n.tag === 'p') {
        const images = { n: 0 };
        const lines = inlineLines(n, {}, [[]], images)
          .map((l) => normaliseInlines(l))
          .filter((l) => l.length > 0);
        for (let i = 0; i < images.n; i++) items.push({ kind: 'image' });
        if (h && lines.length) {
          // A heading's own bold is the heading's style, not emphasis.
          const runs = lines
            .flatMap((l, i) => [...(i ? [' '] : []), ...l])
            .map((r): TextRun => (typeof r === 'string' ? { text: r } : { ...r, bold: undefined }));
          const inlines = normaliseInlines(runs);
          items.push({ kind: 'heading', level: Number(h[1]), inlines, text: inlinesText(inlines) });
        } else {
          lines.forEach((l, i) =>
            items.push({ kind: 'line', inlines: l, text: inlinesText(l), bold: isBoldLine(l), first: i === 0, lines: lines.length }),
          );
        }
      } else if (n.tag === 'ul' || n.tag === 'ol') {
        const block = listBlock(n, 1);
        if ((block as { items: ListItem[] }).items.length) items.push({ kind: 'block', block, text: blockText(block) });
      } else if (n.tag === 'table') {
        const block = tableBlock(n);
        if (block) items.push({ kind: 'block', block, text: blockText(block) });
      } else if (n.tag === 'img') {
        items.push({ kind: 'image' });
      } else if (n.tag === 'hr') {
        // mammoth writes no <hr>; a page or section break leaves nothing.
      } else {
        visit(n.children);
      }
    }
  };
  visit(root.children);
  return items;
}
