/**
 * Reading people out of the attendance blocks. The usual layouts are all handled by one scanner:
 *
 *   Marie Centerwall, (S), Bollnäs kommun                         one per line, commas
 *   Tony Andersson (M), Timrå (ersätter Stefan Dalin (S))          party in parentheses, substitute
 *   Therese Kärngård (S) (Bergs kommun) Jörgen Persson (S) (…)     run together on one line
 *   Elsy Bäckström (Projektledare Link2) §2 Mikael Ferm (…) §§3-4  with the §§ they attended
 *   Charlotte Sandelius, förbundsdirektör, Annelie Ledin, …, §44 deltog Camilla Carpholt, …   prose
 *
 * A person's name is a run of at least two capitalised words ("Anna-Lena Vestin", "Åsa Claeson
 * Nordin", "Anna von Sydow"); what follows it up to the next name is that person's details.
 */
import type { Attendee, Member } from '@justera/protocol';

const WORD = String.raw`[A-ZÅÄÖÆØÜÉÈ][a-zåäöæøüéèáíóúëïç]+(?:['’-][A-ZÅÄÖÆØÜÉÈa-zåäöæøüéèáíóúëïç][a-zåäöæøüéèáíóúëïç]*)*`;
const PARTICLE = '(?:von|af|de|van|der|den|la|le|di|da|du|el)';
/** A name: two or more capitalised words, lowercase particles allowed between them. */
export const NAME_SOURCE = String.raw`${WORD}(?:\s+(?:${PARTICLE}\s+)*${WORD})+`;

/** Capitalised words that are roles, places or organisations, never part of a person's name. */
const NOT_NAME_WORDS = new Set(
  [
    'Ordförande',
    'Sekreterare',
    'Justerande',
    'Justerare',
    'Vice',
    'Region',
    'Regionen',
    'Kommun',
    'Kommunen',
    'Kommunförbundet',
    'Landstinget',
    'Förbundet',
    'Länsstyrelsen',
    'Högskolan',
    'Universitet',
    'Ledamot',
    'Ersättare',
    'Förbundsdirektör',
    'Kommundirektör',
    'Kommunchef',
    'Samordnare',
    'Nämndsekreterare',
    'Utdragsbestyrkande',
  ].map((w) => w.toLowerCase()),
);

export interface ParsedPerson extends Member, Attendee {}

interface Span {
  start: number;
  end: number;
  name: string;
}

/** Paragraph references: "§2", "§§3-4, §§6-9", "§ 44", "§§ 627–638". */
const REFS_SOURCE = String.raw`§§?\s*\d{1,6}(?:\s*[-–]\s*\d{1,6})?(?:\s*(?:,|och)\s*(?:§§?\s*)?\d{1,6}(?:\s*[-–]\s*\d{1,6})?)*`;

export function parseParagraphRefs(text: string, max = 2000): number[] {
  const out = new Set<number>();
  for (const m of text.matchAll(/(\d{1,6})(?:\s*[-–]\s*(\d{1,6}))?/g)) {
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    if (b < a || b - a > max) continue;
    for (let n = a; n <= b && out.size < max; n++) if (n >= 1) out.add(n);
  }
  return [...out].sort((x, y) => x - y);
}

/** Name runs in a text, skipping words that are roles or organisations, and everything inside parentheses. */
export function findNames(text: string): Span[] {
  const spans: Span[] = [];
  // Mask parenthesised text (nested once) so names inside "(ersätter Stefan Dalin (S))" are details, not people.
  const masked = maskParentheses(text);
  const re = new RegExp(NAME_SOURCE, 'gu');
  let m: RegExpExecArray | null;
  while ((m = re.exec(masked))) {
    // Cut the run at a word that is not part of a name; keep the longest piece of two or more words.
    const words = [...m[0].matchAll(/\S+/g)];
    let best: { s: number; e: number } | undefined;
    let runStart: number | undefined;
    let count = 0;
    const close = (endIdx: number) => {
      if (runStart !== undefined && count >= 2) {
        const s = words[runStart]!.index!;
        const e = words[endIdx]!.index! + words[endIdx]![0].length;
        if (!best || e - s > best.e - best.s) best = { s, e };
      }
    };
    for (let i = 0; i < words.length; i++) {
      const w = words[i]![0];
      const bad = NOT_NAME_WORDS.has(w.toLowerCase());
      if (bad) {
        if (runStart !== undefined) close(i - 1);
        runStart = undefined;
        count = 0;
      } else {
        if (runStart === undefined) runStart = i;
        if (/^[A-ZÅÄÖÆØÜÉÈ]/.test(w)) count++;
      }
    }
    if (runStart !== undefined) close(words.length - 1);
    if (best) {
      const last = masked
        .slice(m.index + best.s, m.index + best.e)
        .split(/\s+/)
        .pop()!;
      // A trailing particle is not part of the name.
      if (new RegExp(`^${PARTICLE}$`).test(last)) continue;
      spans.push({ start: m.index + best.s, end: m.index + best.e, name: text.slice(m.index + best.s, m.index + best.e) });
    }
  }
  return spans;
}

function maskParentheses(text: string): string {
  let depth = 0;
  let out = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    out += depth > 0 ? (ch === ' ' ? ' ' : '_') : ch;
    if (ch === ')' && depth > 0) depth--;
  }
  return out;
}

/** Top-level parenthesised groups of a text and the text outside them. */
function splitParentheses(text: string): { groups: string[]; rest: string } {
  const groups: string[] = [];
  let depth = 0;
  let cur = '';
  let rest = '';
  for (const ch of text) {
    if (ch === '(') {
      if (depth++ === 0) {
        cur = '';
        rest += ' ';
        continue;
      }
    } else if (ch === ')' && depth > 0) {
      if (--depth === 0) {
        groups.push(cur.trim());
        continue;
      }
    }
    if (depth > 0) cur += ch;
    else rest += ch;
  }
  if (depth > 0) rest += cur; // an unclosed parenthesis stays text
  return { groups, rest };
}

const PARTY_RE = /^[A-ZÅÄÖ]{1,4}[a-zåäö]?$/;
const PLACE_RE = /(kommun|region|landsting|kommuner|förbund)\b/i;

function cleanPart(s: string): string {
  return (
    s
      .replace(/^[\s,;:.–-]+/, '')
      .replace(/\s*\b(?:och|samt)\s*$/i, '')
      .replace(/[\s,;:]+$/, '')
      // A sentence's full stop goes; an abbreviation's ("1 v ordf.") stays.
      .replace(/(\p{L}{5,})\.$/u, '$1')
      .trim()
  );
}

/** Reads the details after a name: party, municipality, role, whom they replace, the §§ attended. */
function details(person: ParsedPerson, text: string): void {
  let rest = text;
  // "ersätter Robert Hamberg (M) (Ordförande)" written without parentheses.
  const bare = /\bersätter\s+(.+)$/i.exec(maskParentheses(rest));
  if (bare) {
    person.replaces = cleanPart(rest.slice(bare.index + bare[0].length - bare[1]!.length));
    rest = rest.slice(0, bare.index);
  }
  const refs = new RegExp(REFS_SOURCE, 'g');
  const refList: number[] = [];
  rest = rest.replace(refs, (m) => {
    refList.push(...parseParagraphRefs(m));
    return ' ';
  });
  if (refList.length) person.paragraphs = [...new Set(refList)].sort((a, b) => a - b);
  const { groups, rest: outside } = splitParentheses(rest);
  const roles: string[] = [];
  const place = (s: string) => {
    if (!person.municipality) person.municipality = s;
    else roles.push(s);
  };
  for (const g of groups) {
    const rep = /^(?:ersätter|ersättare för|ers\.? för|för)\s+(.+)$/i.exec(g);
    if (rep) person.replaces = rep[1]!.trim();
    else if (PARTY_RE.test(g) && !person.party) person.party = g;
    else
      for (const part of g.split(',').map(cleanPart).filter(Boolean)) {
        if (PLACE_RE.test(part)) place(part);
        else roles.push(part);
      }
  }
  for (const part of outside.split(/[,;]/).map(cleanPart).filter(Boolean)) {
    if (/^(deltog|närvarade)$/i.test(part)) continue;
    if (PLACE_RE.test(part) || (/^[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?$/.test(part) && !person.municipality && !roles.length))
      place(part);
    else roles.push(part);
  }
  if (roles.length) person.role = roles.join(', ').slice(0, 200);
}

/**
 * The people in a block of text (its lines joined). `§N deltog …` before names gives those people
 * `paragraphs: [N]`. Returns the people and the text that named nobody (for the report).
 */
export function parsePeople(text: string): { people: ParsedPerson[]; leftover: string } {
  // "X (S) ersätter Robert Hamberg (M)": the replaced person is a detail of X, not a person present.
  const names: Span[] = [];
  for (const span of findNames(text)) {
    const before = text.slice(0, span.start);
    if (!(names.length && /\b(?:ersätter|ersättare för)\s*$/i.test(before))) names.push(span);
  }
  const people: ParsedPerson[] = [];
  // "§44 deltog" / "Under § 44 deltog": the refs apply to every person after them.
  const prefixRe = new RegExp(String.raw`(?:under\s+)?(${REFS_SOURCE})\s+(?:deltog|närvarade)`, 'gi');
  const prefixes = [...text.matchAll(prefixRe)].map((m) => ({ at: m.index, end: m.index + m[0].length, refs: parseParagraphRefs(m[1]!) }));
  const leftover = names.length ? text.slice(0, names[0]!.start) : text;
  for (let i = 0; i < names.length; i++) {
    const span = names[i]!;
    const next = names[i + 1]?.start ?? text.length;
    let tail = text.slice(span.end, next);
    // A "§N deltog" that belongs to the following people is not this person's detail.
    for (const p of prefixes) if (p.at >= span.end && p.at < next) tail = tail.slice(0, p.at - span.end) + tail.slice(p.end - span.end);
    const person: ParsedPerson = { name: span.name.replace(/\s+/g, ' ') };
    details(person, tail);
    const prefix = prefixes.filter((p) => p.end <= span.start).pop();
    if (prefix && !person.paragraphs) person.paragraphs = prefix.refs;
    people.push(person);
  }
  return { people, leftover: cleanPart(leftover) };
}

/** Joins the lines of a block: a line that ends with a comma or is followed by a lowercase start runs on; otherwise a comma separates. */
export function joinLines(lines: string[]): string {
  let out = '';
  for (const l of lines.map((x) => x.trim()).filter(Boolean)) {
    if (!out) out = l;
    else if (/[,(]$/.test(out) || /^[a-zåäö§(]/.test(l)) out += ` ${l}`;
    else out += `, ${l}`;
  }
  return out;
}
