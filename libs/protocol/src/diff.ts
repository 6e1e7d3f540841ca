/**
 * What changed between two versions of a structured protocol, § by § (pure, no imports, so the
 * workspace in the browser can use it too). The text of a § is its title, case number and every
 * piece of text in its sections, one line per block; the walk is generic over the format's nesting
 * (lists, sub-items, tables), so a later format version with new block kinds still diffs.
 */

export interface ParagraphLike {
  number: number;
  title: string;
  caseNumber?: string;
  sections?: unknown[];
  subItems?: { number: number; title: string; caseNumber?: string; sections?: unknown[] }[];
}

export interface ProtocolLike {
  paragraphs: ParagraphLike[];
  [key: string]: unknown;
}

export type ParagraphChangeKind = 'added' | 'removed' | 'changed';

export interface ParagraphChange {
  number: number;
  title: string;
  kind: ParagraphChangeKind;
  before: string[];
  after: string[];
}

/** The text of one inline run or block tree, as lines (one per block or list item, table row). */
function linesOf(node: unknown, out: string[]): void {
  if (node === null || node === undefined) return;
  if (typeof node === 'string') {
    out.push(node);
    return;
  }
  if (Array.isArray(node)) {
    // An array of inlines makes one line; an array of blocks makes one line each.
    if (node.every((n) => typeof n === 'string' || (n && typeof n === 'object' && typeof (n as { text?: unknown }).text === 'string'))) {
      out.push(node.map((n) => (typeof n === 'string' ? n : (n as { text: string }).text)).join(''));
      return;
    }
    if (node.length > 0 && node.every((n) => Array.isArray(n))) {
      // Table rows (arrays of cells): each row on one line, cells separated by " | ".
      for (const row of node as unknown[][]) {
        out.push(
          row
            .map((c) => {
              const inner: string[] = [];
              linesOf(c, inner);
              return inner.join(' ');
            })
            .join(' | '),
        );
      }
      return;
    }
    for (const n of node) linesOf(n, out);
    return;
  }
  if (typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (typeof o.text === 'string') {
    out.push(o.text);
    return;
  }
  if (typeof o.title === 'string' && o.title) out.push(o.title);
  for (const key of ['content', 'items', 'children', 'header', 'rows']) if (key in o) linesOf(o[key], out);
}

/** The lines of a §: "§ N Title", the case number, then each section's heading and text. */
export function paragraphLines(p: ParagraphLike): string[] {
  const out = [`§ ${p.number} ${p.title}`];
  if (p.caseNumber) out.push(p.caseNumber);
  for (const s of p.sections ?? []) linesOf(s, out);
  for (const sub of p.subItems ?? []) {
    out.push(`${p.number}.${sub.number} ${sub.title}`);
    if (sub.caseNumber) out.push(sub.caseNumber);
    for (const s of sub.sections ?? []) linesOf(s, out);
  }
  return out.map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => l.length > 0);
}

/** The §§ added, removed or changed from `before` to `after`, in the order of `after` (removed last). */
export function diffParagraphs(before: ProtocolLike, after: ProtocolLike): ParagraphChange[] {
  const old = new Map(before.paragraphs.map((p) => [p.number, p]));
  const seen = new Set<number>();
  const changes: ParagraphChange[] = [];
  for (const p of after.paragraphs) {
    seen.add(p.number);
    const a = paragraphLines(p);
    const o = old.get(p.number);
    if (!o) changes.push({ number: p.number, title: p.title, kind: 'added', before: [], after: a });
    else {
      const b = paragraphLines(o);
      if (b.join('\n') !== a.join('\n')) changes.push({ number: p.number, title: p.title, kind: 'changed', before: b, after: a });
    }
  }
  for (const p of before.paragraphs)
    if (!seen.has(p.number)) changes.push({ number: p.number, title: p.title, kind: 'removed', before: paragraphLines(p), after: [] });
  return changes;
}

const KIND_SV: Record<ParagraphChangeKind, string> = { added: 'tillagd', removed: 'borttagen', changed: 'ändrad' };

/**
 * One Swedish line per change, for the signers' mail and the audit trail: "§ 18 Budget 2026: ändrad".
 * Changes outside the §§ (meeting, attendance, bilagor, signatories) are one line.
 */
export function describeChanges(before: ProtocolLike, after: ProtocolLike): string[] {
  const lines = diffParagraphs(before, after).map((c) => `§ ${c.number} ${c.title}: ${KIND_SV[c.kind]}`);
  const rest = (p: ProtocolLike) => JSON.stringify({ ...p, paragraphs: undefined });
  if (rest(before) !== rest(after)) lines.unshift('Mötesuppgifter, närvaro, bilagor eller undertecknare: ändrade');
  return lines;
}

export type LineDiff = { kind: 'same' | 'added' | 'removed'; text: string }[];

/** A line diff (longest common subsequence) for showing one § before and after. */
export function diffLines(before: readonly string[], after: readonly string[]): LineDiff {
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = before[i] === after[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: LineDiff = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      out.push({ kind: 'same', text: before[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ kind: 'removed', text: before[i++] });
    else out.push({ kind: 'added', text: after[j++] });
  }
  while (i < n) out.push({ kind: 'removed', text: before[i++] });
  while (j < m) out.push({ kind: 'added', text: after[j++] });
  return out;
}
