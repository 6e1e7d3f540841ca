import type { Block, Inline, ListItem, NumberingStyle, Paragraph, Protocol, Section, SubItem, TextRun } from './model';
import { SECTION_TITLES } from './model';

/** The run form of an inline (a plain string becomes an unstyled run). */
export function toRun(inline: Inline): TextRun {
  return typeof inline === 'string' ? { text: inline } : inline;
}

/** Plain text of inline content: the runs' texts joined as they are (no separators added). */
export function inlineText(content: readonly Inline[] | undefined): string {
  if (!content) return '';
  let out = '';
  for (const inline of content) out += typeof inline === 'string' ? inline : inline.text;
  return out;
}

function listItemLines(item: ListItem, out: string[]): void {
  out.push(inlineText(item.content));
  for (const child of item.children ?? []) blockLines(child, out);
}

function blockLines(block: Block, out: string[]): void {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
      out.push(inlineText(block.content));
      return;
    case 'bulletList':
    case 'numberedList':
      for (const item of block.items) listItemLines(item, out);
      return;
    case 'table':
      for (const row of [...block.header, ...block.rows]) out.push(row.map((cell) => inlineText(cell.content)).join('\t'));
      return;
  }
}

/** Plain text of a block, one line per paragraph, heading, list item or table row (cells joined by tabs). */
export function blockText(block: Block): string {
  const out: string[] = [];
  blockLines(block, out);
  return out.join('\n');
}

/** The heading a section prints: its own title when given (even ''), else the default for its kind. */
export function sectionHeading(section: Section): string {
  return section.title ?? SECTION_TITLES[section.kind];
}

/** Plain text of a section: its heading (when not empty) and then its blocks, one line each. */
export function sectionText(section: Section): string {
  const out: string[] = [];
  const heading = sectionHeading(section);
  if (heading) out.push(heading);
  for (const block of section.content) blockLines(block, out);
  return out.join('\n');
}

/** The number as printed: "§ 627" (numbering "paragraph", the default) or "627." ("decimal"). */
export function paragraphLabel(number: number, numbering: NumberingStyle = 'paragraph'): string {
  return numbering === 'decimal' ? `${number}.` : `§ ${number}`;
}

/** "§ 627 Mötets öppnande", or "3. Mötets öppnande" with decimal numbering. */
export function paragraphHeading(paragraph: Paragraph, numbering: NumberingStyle = 'paragraph'): string {
  return `${paragraphLabel(paragraph.number, numbering)} ${paragraph.title}`;
}

/** "3.1": a sub-item's number inside its §. */
export function subItemLabel(paragraph: Pick<Paragraph, 'number'>, sub: Pick<SubItem, 'number'>): string {
  return `${paragraph.number}.${sub.number}`;
}

/** Plain text of a whole § (heading, case number, sections, then each sub-item with its heading). */
export function paragraphText(paragraph: Paragraph, numbering: NumberingStyle = 'paragraph'): string {
  const parts = [paragraphHeading(paragraph, numbering)];
  if (paragraph.caseNumber) parts.push(paragraph.caseNumber);
  for (const section of paragraph.sections) parts.push(sectionText(section));
  for (const sub of paragraph.subItems ?? []) {
    parts.push(`${subItemLabel(paragraph, sub)} ${sub.title}`);
    if (sub.caseNumber) parts.push(sub.caseNumber);
    for (const section of sub.sections) parts.push(sectionText(section));
  }
  return parts.filter((p) => p !== '').join('\n');
}

/**
 * Every text of the protocol body that a rendering must contain (the §§ with their sections), one
 * line per block: what a test searches for in `pdftotext` output or in the HTML.
 */
export function protocolBodyText(protocol: Protocol): string {
  return protocol.paragraphs.map((p) => paragraphText(p, protocol.numbering)).join('\n');
}

/**
 * The distinct names of all people in the protocol, in order of first appearance: members, substitutes,
 * others, absent, adjusters, signatories. `replaces` is free text ("Stefan Dalin (S)") and is not parsed;
 * pass `includeReplaced` to add it as written.
 */
export function listPersonNames(protocol: Protocol, options: { includeReplaced?: boolean } = {}): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (name: string | undefined): void => {
    const n = name?.trim();
    if (n && !seen.has(n)) {
      seen.add(n);
      out.push(n);
    }
  };
  for (const m of protocol.members) {
    add(m.name);
    if (options.includeReplaced) add(m.replaces);
  }
  for (const p of protocol.substitutes ?? []) add(p.name);
  for (const p of protocol.others ?? []) add(p.name);
  for (const p of protocol.absent ?? []) add(p.name);
  for (const p of protocol.absentSubstitutes ?? []) add(p.name);
  for (const name of protocol.adjusters) add(name);
  for (const s of protocol.signatories) add(s.name);
  return out;
}

const EN_DASH = '\u2013';

/**
 * The § numbers as printed: "§ 5", "§§ 627–638", and for gaps "§§ 1–3, 5, 7–9" (runs of consecutive
 * numbers joined by an en dash; a run of two is written "3–4"). Input order and duplicates do not matter.
 * Empty input gives ''. With decimal numbering (v2) the items are "punkt 5", "punkterna 1–3, 5".
 */
export function formatParagraphRange(numbers: readonly number[], numbering: NumberingStyle = 'paragraph'): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  if (sorted.length === 0) return '';
  if (sorted.length === 1) return numbering === 'decimal' ? `punkt ${sorted[0]}` : `§ ${sorted[0]}`;
  const runs = formatNumberRuns(sorted);
  return numbering === 'decimal' ? `punkterna ${runs}` : `§§ ${runs}`;
}

/** The numbers as runs without a prefix: "1–3, 5, 7–9" (sorted, duplicates dropped). */
export function formatNumberRuns(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  if (sorted.length === 0) return '';
  const runs: string[] = [];
  let start = sorted[0]!;
  let prev = start;
  for (const n of [...sorted.slice(1), Number.NaN]) {
    if (n === prev + 1) {
      prev = n;
      continue;
    }
    runs.push(start === prev ? `${start}` : `${start}${EN_DASH}${prev}`);
    start = n;
    prev = n;
  }
  return runs.join(', ');
}

/** The § range of a protocol, e.g. "§§ 627–638" (or "punkterna 1–12" with decimal numbering). */
export function paragraphRange(protocol: Pick<Protocol, 'paragraphs' | 'numbering'>): string {
  return formatParagraphRange(
    protocol.paragraphs.map((p) => p.number),
    protocol.numbering,
  );
}
