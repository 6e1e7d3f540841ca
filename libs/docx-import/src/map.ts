/**
 * Step 2 of the mapping: the document's items → a protocol draft and a report.
 *
 * - A `§ N Title` line or heading (or `§ N` followed by the title) starts a §; a trailing
 *   "(GNS/8/2018)" or a following "Dnr …" line is its case number.
 * - Before the first §, the attendance blocks are read by their labels (LABELS below).
 * - Inside a §, section headings ("Beslut", "Styrelsen beslutar att:", "Bakgrund:" …) start
 *   sections; other headings and short "Rubrik:" lines are sub-headings; the rest is text.
 * - Lines repeated on every page (organ and date in the page head, "Justerandes sign",
 *   "Utdragsbestyrkande"), the table of contents and the ANSLAG/BEVIS block are removed: Justera
 *   prints them itself. They are listed in the report.
 * - Everything else that is not recognised goes into the nearest § as text and is listed in the
 *   report: nothing the document says is dropped silently.
 */
import { PROTOCOL_FORMAT_VERSION, SECTION_TITLES } from '@justera/protocol';
import type {
  Attachment,
  Block,
  Inline,
  Meeting,
  Member,
  Paragraph,
  Person,
  Attendee,
  Protocol,
  Section,
  SectionKind,
  Signatory,
} from '@justera/protocol';
import type { Item } from './blocks';
import { joinLines, NAME_SOURCE, findNames, parseParagraphRefs, parsePeople } from './people';

export interface ImportNote {
  /** A stable code for the kind of note (`paragraph`, `members`, `furniture`, `unrecognised` …). */
  code: string;
  /** Swedish, for the secretary. */
  message: string;
  /** The § the note concerns, when there is one. */
  paragraph?: number;
}

export interface ImportReport {
  /** What was recognised and where it went. */
  recognised: ImportNote[];
  /** What was not taken as data: removed (page furniture, contents, anslag) or put into a § as text. */
  setAside: ImportNote[];
  /** Required fields the document does not give (the secretary completes them). */
  missing: ImportNote[];
}

/** What the document gives; may lack required fields (see `report.missing`). */
export type ProtocolDraft = Partial<Omit<Protocol, 'formatVersion' | 'paragraphs' | 'meeting'>> & {
  formatVersion: typeof PROTOCOL_FORMAT_VERSION;
  meeting: Partial<Meeting>;
  paragraphs: Paragraph[];
};

/** Values used when the document does not give them (a .docx rarely names its organisation). */
export interface ImportDefaults {
  organisation?: string;
  organ?: string;
  meetingDate?: string;
  meetingPlace?: string;
  storagePlace?: string;
}

type LabelKind =
  | 'members'
  | 'substitutes'
  | 'others'
  | 'absent'
  | 'adjusters'
  | 'justering'
  | 'paragraphs'
  | 'signatures'
  | 'placeTime'
  | 'place'
  | 'time'
  | 'date'
  | 'organ'
  | 'storage'
  | 'anslag';

/** Labels of the blocks before the first §, longest first within a kind where one is a prefix of another. */
const LABELS: [RegExp, LabelKind][] = [
  [
    /^(?:anslag\s*\/\s*bevis|anslagsbevis|bevis om anslag|datum för anslags (?:uppsättande|nedtagande)|datum då anslaget|underskrift\b|protokollet är justerat)/i,
    'anslag',
  ],
  [
    /^(?:beslutande ledamöter|tjänstgörande ledamöter|närvarande ledamöter|beslutande|ledamöter|närvarande beslutande|tjänstgörande ersättare|närvarande)\b/i,
    'members',
  ],
  [
    /^(?:närvarande ej tjänstgörande ersättare|ej tjänstgörande ersättare|icke tjänstgörande ersättare|närvarande ersättare|ersättare)\b/i,
    'substitutes',
  ],
  [/^(?:övriga närvarande|övriga deltagare|övriga deltagande|närvarande tjänstemän|tjänstemän|övriga|samt)\b/i, 'others'],
  [/^(?:frånvarande utan ersättare|frånvarande ledamöter|frånvarande)\b/i, 'absent'],
  [/^(?:utses att justera|justerare|val av justerare|justerande ledamot)\b/i, 'adjusters'],
  [
    /^(?:justeringens plats och tid|justeringens tid och plats|plats och tid för justering|justering(?:ens)? (?:plats|tid))\b/i,
    'justering',
  ],
  [/^(?:paragrafer|protokollet omfattar|omfattar)\b/i, 'paragraphs'],
  [/^(?:underskrifter)\b/i, 'signatures'],
  [/^(?:plats och tid|tid och plats|sammanträdets plats och tid)\b/i, 'placeTime'],
  [/^(?:plats|lokal|mötesplats)\b/i, 'place'],
  [/^(?:tid)\b/i, 'time'],
  [/^(?:sammanträdesdatum|mötesdatum|sammanträdesdag|datum)\b/i, 'date'],
  [/^(?:organ)\b/i, 'organ'],
  [/^(?:förvaringsplats för protokollet|förvaringsplats|förvaringsställe)\b/i, 'storage'],
];

/** Section headings inside a § (compared without a trailing colon). */
const SECTION_LABELS: [RegExp, SectionKind][] = [
  [/^sammanfattning(?: av ärendet)?$/i, 'sammanfattning'],
  [/^(?:bakgrund|ärendebeskrivning|ärendet)$/i, 'bakgrund'],
  [/^(?:.{0,60}\s)?förslag till beslut(?:\s.{0,60})?$/i, 'forslagTillBeslut'],
  [/^yrkanden?$/i, 'yrkanden'],
  [/^(?:propositionsordning|proposition|beslutsgång)$/i, 'propositionsordning'],
  [/^(?:beslut|beslutet|.{1,60}\sbeslut|.{1,60}\sbeslutar(?: att)?)$/i, 'beslut'],
  [/^(?:reservationer?|protokollsanteckningar?)$/i, 'reservationer'],
  [/^(?:beslutsunderlag|handlingar|bilag(?:a|or))$/i, 'beslutsunderlag'],
  [/^(?:expedieras(?: till)?|beslutet (?:skickas|expedieras) till|sändlista)$/i, 'expedieras'],
];

const TOC_RE = /^(?:innehållsförteckning|innehåll|ärendelista|föredragningslista|dagordning)\s*:?$/i;
const ADJUSTED_RE = /^(?:paragrafen (?:är|förklaras) (?:omedelbart )?justerad|omedelbart justerad|omedelbar justering)\.?$/i;
const E_SIGNED_RE = /^detta är ett elektroniskt undertecknat dokument/i;
const SIGNATURE_ROLE_RE = /\b(sekreterare|ordförande|justerande|justerare)\b/gi;
const PARAGRAPH_START_RE = /^§\s*(\d{1,6})(?:\s*[.:–-])?(?:\s+(.+))?$/;
const NAME_ONLY_RE = new RegExp(`^${NAME_SOURCE}$`, 'u');

function stripColon(s: string): string {
  return s.replace(/\s*:\s*$/, '').trim();
}

function sectionKind(text: string): SectionKind | undefined {
  const t = stripColon(text);
  if (t.length > 80) return undefined;
  return SECTION_LABELS.find(([re]) => re.test(t))?.[1];
}

function labelOf(text: string): { kind: LabelKind; rest: string } | undefined {
  for (const [re, kind] of LABELS) {
    // Labels are written capitalised; "samt specialistfunktioner" on a wrapped line is not the label "Samt".
    if (!/^[A-ZÅÄÖ]/.test(text)) return undefined;
    const m = re.exec(text);
    if (!m) continue;
    const after = text.slice(m[0].length);
    if (after && !/^\s*[:\s]/.test(after)) continue;
    return { kind, rest: after.replace(/^\s*:?\s*/, '').trim() };
  }
  return undefined;
}

/** "2024-12-13", "13 december 2024", "13/12 2024" → ISO date. */
const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
export function findDate(text: string): { date: string; index: number; length: number } | undefined {
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  if (iso) return { date: iso[0], index: iso.index, length: iso[0].length };
  const sv = new RegExp(`\\b(\\d{1,2})\\s+(${MONTHS.join('|')})\\s+(\\d{4})\\b`, 'i').exec(text);
  if (sv) {
    const m = MONTHS.indexOf(sv[2]!.toLowerCase()) + 1;
    return { date: `${sv[3]}-${String(m).padStart(2, '0')}-${sv[1]!.padStart(2, '0')}`, index: sv.index, length: sv[0].length };
  }
  return undefined;
}

function hhmm(h: string, m: string): string | undefined {
  const H = Number(h);
  const M = Number(m);
  return H <= 23 && M <= 59 ? `${String(H).padStart(2, '0')}:${String(M).padStart(2, '0')}` : undefined;
}

/** "kl. 09:00-12:00", "klockan 08.30–12.00", "kl 13", "11:00" → times and what is left of the text. */
export function findTimes(text: string): { start?: string; end?: string; rest: string } {
  const range = /(?:\b(?:kl|klockan)\.?\s*)?\b(\d{1,2})(?:[.:](\d{2}))?\s*[-–]\s*(\d{1,2})(?:[.:](\d{2}))?\b/i.exec(text);
  if (range && (range[2] || range[4] || /kl/i.test(range[0]))) {
    const start = hhmm(range[1]!, range[2] ?? '00');
    const end = hhmm(range[3]!, range[4] ?? '00');
    if (start && end) return { start, end, rest: text.slice(0, range.index) + text.slice(range.index + range[0].length) };
  }
  const one = /(?:\b(?:kl|klockan)\.?\s*)(\d{1,2})(?:[.:](\d{2}))?\b|\b(\d{1,2})[.:](\d{2})\b/i.exec(text);
  if (one) {
    const start = one[1] ? hhmm(one[1], one[2] ?? '00') : hhmm(one[3]!, one[4]!);
    if (start) return { start, rest: text.slice(0, one.index) + text.slice(one.index + one[0].length) };
  }
  return { rest: text };
}

function cleanPlace(s: string): string {
  return s
    .replace(/\b(?:kl|klockan)\.?\s*$/i, '')
    .replace(/^[\s,;:–-]+|[\s,;:–-]+$/g, '')
    .replace(/\s+,/g, ',')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

function roleOf(word: string): Signatory['role'] {
  const w = word.toLowerCase();
  return w === 'sekreterare' ? 'sekreterare' : w === 'ordförande' ? 'ordforande' : 'justerare';
}

/** "Sekreterare ….. Jessica Hådel Ordförande ….. Susanne Hansson" or "Sekreterare: Annelie Ledin" lines. */
function signatoriesFrom(text: string): Signatory[] {
  const marks = [...text.matchAll(SIGNATURE_ROLE_RE)];
  const out: Signatory[] = [];
  marks.forEach((m, i) => {
    const seg = text.slice(m.index + m[0].length, marks[i + 1]?.index ?? text.length);
    const name = findNames(seg)[0];
    if (name) out.push({ role: roleOf(m[1]!), name: name.name });
  });
  return out;
}

/** "Thomas Norgren, sekreterare" — a signature line under the signature space. */
function signatureLine(text: string): Signatory | undefined {
  const m = /^(.+?)\s*,\s*(sekreterare|ordförande|justerare|justerande)$/i.exec(text.trim());
  if (!m || !NAME_ONLY_RE.test(m[1]!)) return undefined;
  return { role: roleOf(m[2]!), name: m[1]! };
}

function quote(s: string, max = 80): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return `”${t.length > max ? `${t.slice(0, max - 1)}…` : t}”`;
}

interface Start {
  index: number;
  number: number;
  title: string;
  /** Items consumed by the heading (1, or 2 for "§ N" followed by the title). */
  span: number;
}

function paragraphStarts(items: Item[]): Start[] {
  const starts: Start[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.kind !== 'heading' && !(it.kind === 'line' && it.first && it.lines === 1)) continue;
    const m = PARAGRAPH_START_RE.exec(it.text);
    if (!m) continue;
    const number = Number(m[1]);
    if (number < 1 || number > 999_999) continue;
    let title = m[2]?.trim();
    let span = 1;
    if (!title) {
      const next = items[i + 1];
      if (!next || (next.kind !== 'heading' && next.kind !== 'line') || PARAGRAPH_START_RE.test(next.text)) continue;
      title = next.text;
      span = 2;
    }
    // A body sentence that happens to start with "§ 7 i …" is not a new §: §§ run upwards.
    const prev = starts[starts.length - 1];
    if (title.length > 300 || (prev && number <= prev.number && i - prev.index > 3)) continue;
    starts.push({ index: i, number, title, span });
  }
  return starts;
}

/** Lines that recur on many pages: page heads and feet of a document printed to Word, or pasted pages. */
function furnitureTexts(items: Item[]): Set<string> {
  const counts = new Map<string, number>();
  for (const it of items) {
    if (it.kind !== 'line' && it.kind !== 'heading') continue;
    const t = it.text.trim();
    // A "Rubrik:" line introduces content; it is never page furniture, however often it recurs.
    if (t.length > 120 || /:$/.test(t) || PARAGRAPH_START_RE.test(t) || sectionKind(t) || ADJUSTED_RE.test(t)) continue;
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, n]) => n >= 3).map(([t]) => t));
}

function splitCaseNumber(title: string): { title: string; caseNumber?: string } {
  // The last parenthesis, read without a backtracking regex (titles come from the document).
  const t = title.trimEnd();
  const open = t.lastIndexOf('(');
  if (t.endsWith(')') && open > 0) {
    const inner = t.slice(open + 1, -1).trim();
    if (inner.length <= 100 && !inner.includes('(') && /\d/.test(inner) && /[/:.-]/.test(inner) && inner.split(/\s+/).length <= 4) {
      return { title: t.slice(0, open).trim(), caseNumber: inner };
    }
  }
  const d = /(?:^|[\s,])(dnr\.? ?\S+)$/i.exec(t);
  if (d && d[1]!.length <= 100)
    return {
      title: t
        .slice(0, d.index)
        .replace(/[\s,]+$/, '')
        .trim(),
      caseNumber: d[1]!,
    };
  return { title };
}

export function mapItems(items: Item[], defaults: ImportDefaults = {}): { protocol: ProtocolDraft; report: ImportReport } {
  const report: ImportReport = { recognised: [], setAside: [], missing: [] };
  const recognised = (code: string, message: string, paragraph?: number) =>
    report.recognised.push({ code, message, ...(paragraph ? { paragraph } : {}) });
  const aside = (code: string, message: string, paragraph?: number) =>
    report.setAside.push({ code, message, ...(paragraph ? { paragraph } : {}) });

  const furniture = furnitureTexts(items);
  const furnitureSeen = new Map<string, number>();
  const isFurniture = (it: Item) => (it.kind === 'line' || it.kind === 'heading') && furniture.has(it.text.trim());
  const dropFurniture = (text: string) => furnitureSeen.set(text.trim(), (furnitureSeen.get(text.trim()) ?? 0) + 1);

  // Everything after an e-signing service's evidence page is that service's, not the protocol's.
  let end = items.length;
  const eSigned = items.findIndex((it) => (it.kind === 'line' || it.kind === 'heading') && E_SIGNED_RE.test(it.text));
  const eSignedItem = items[eSigned];
  if (eSignedItem && (eSignedItem.kind === 'line' || eSignedItem.kind === 'heading')) {
    end = eSigned;
    aside(
      'e-signature-page',
      `Sidan ${quote(eSignedItem.text, 60)} och allt efter den (${items.length - eSigned} stycken) togs inte med: det är en tidigare e-underskrifts bevis, inte protokollets innehåll.`,
    );
  }
  const body = items.slice(0, end);
  let starts = paragraphStarts(body);
  // The contents (ÄRENDELISTA, Innehållsförteckning) repeat the § headings; a "§" that is empty and
  // whose number comes again later was an entry of the contents.
  const contentsLines = new Set<number>();
  starts = starts.filter((s, i) => {
    const next = starts[i + 1];
    const empty = (next ? next.index : body.length) - s.index <= s.span;
    const entry = empty && starts.slice(i + 1).some((o) => o.number === s.number);
    if (entry) for (let k = 0; k < s.span; k++) contentsLines.add(s.index + k);
    return !entry;
  });
  if (contentsLines.size)
    aside('contents', `Innehållsförteckningen (${contentsLines.size} rader med § och rubrik) togs inte med: Justera skriver den själv.`);

  const draft: ProtocolDraft = { formatVersion: PROTOCOL_FORMAT_VERSION, meeting: {}, paragraphs: [] };
  const members: Member[] = [];
  const substitutes: Person[] = [];
  const others: Attendee[] = [];
  const absent: Person[] = [];
  const adjusters: string[] = [];
  let signatories: Signatory[] = [];
  const frontLeftover: Block[] = [];
  let statedParagraphs: number[] | undefined;

  // ---- Before the first §: the meeting and attendance blocks.
  const frontEnd = starts[0]?.index ?? body.length;
  // A block's value ends at the next label, heading or §; a signature line ("Thomas Norgren,
  // sekreterare") ends a one-value block but belongs to a list of people ("Fia Lund, sekreterare").
  const isStop = (it: Item, people: boolean) =>
    it.kind === 'heading' ||
    (it.kind === 'line' &&
      (!!labelOf(it.text) ||
        PARAGRAPH_START_RE.test(it.text) ||
        TOC_RE.test(stripColon(it.text)) ||
        (!people && !!signatureLine(it.text))));
  for (let i = 0; i < frontEnd; i++) {
    const it = body[i]!;
    if (contentsLines.has(i)) continue;
    if (it.kind === 'image') {
      aside('image', 'En bild i dokumentets början togs inte med (bilder importeras inte).');
      continue;
    }
    if (it.kind === 'block') {
      frontLeftover.push(it.block);
      continue;
    }
    const text = it.text.trim();
    if (TOC_RE.test(stripColon(text))) {
      // The contents: its heading and the lists or §-lines after it.
      let j = i + 1;
      while (j < frontEnd) {
        const n = body[j]!;
        if (n.kind === 'block' && n.block.type !== 'table') j++;
        else if (n.kind === 'line' && (/^§/.test(n.text) || !n.first) && !labelOf(n.text)) j++;
        else break;
      }
      aside('contents', `Innehållsförteckningen (${quote(text, 40)}, ${j - i - 1} rader) togs inte med: Justera skriver den själv.`);
      i = j - 1;
      continue;
    }
    const sig = signatureLine(text);
    if (sig) {
      signatories.push(sig);
      continue;
    }
    const label = it.kind === 'line' ? labelOf(text) : undefined;
    if (!label) {
      if (isFurniture(it)) dropFurniture(it.text);
      else if (/^[\p{L} -]{0,40}protokoll$/iu.test(text) && !draft.documentTitle) {
        draft.documentTitle = text;
        recognised('documentTitle', `Dokumentets rubrik: ${quote(text)}.`);
      } else
        frontLeftover.push(it.kind === 'heading' ? { type: 'heading', content: it.inlines } : { type: 'paragraph', content: it.inlines });
      continue;
    }
    // The value: the rest of the label's line, then following lines up to the next label.
    const values: string[] = label.rest ? [label.rest] : [];
    const single = !['members', 'substitutes', 'others', 'absent', 'signatures', 'adjusters'].includes(label.kind);
    const people = ['members', 'substitutes', 'others', 'absent'].includes(label.kind);
    let j = i + 1;
    while (j < frontEnd) {
      const n = body[j]!;
      if (n.kind !== 'line' || isStop(n, people)) break;
      if (isFurniture(n) && values.length > 0) break;
      if (single && values.length > 0) break;
      values.push(n.text.trim());
      j++;
      if (label.kind === 'adjusters' && values.length >= 2) break;
    }
    i = j - 1;
    const value = joinLines(values);
    switch (label.kind) {
      case 'members':
      case 'substitutes':
      case 'others':
      case 'absent': {
        const { people, leftover } = parsePeople(value);
        const target = { members, substitutes, others, absent }[label.kind];
        for (const p of people) {
          const person: Member & Attendee = { ...p };
          if (label.kind !== 'members') delete person.replaces;
          if (label.kind !== 'others') delete person.paragraphs;
          target.push(person);
        }
        const what = { members: 'Beslutande', substitutes: 'Ersättare', others: 'Övriga närvarande', absent: 'Frånvarande' }[label.kind];
        if (people.length)
          recognised(
            label.kind,
            `${what}: ${people.length} ${people.length === 1 ? 'person' : 'personer'} (${people.map((p) => p.name).join(', ')}).`,
          );
        if (leftover) frontLeftover.push({ type: 'paragraph', content: [`${what}: ${leftover}`] });
        if (!people.length && value) frontLeftover.push({ type: 'paragraph', content: [`${text}${label.rest ? '' : ` ${value}`}`] });
        break;
      }
      case 'adjusters': {
        const names = findNames(value).map((n) => n.name);
        for (const n of names) if (adjusters.length < 2 && !adjusters.includes(n)) adjusters.push(n);
        if (names.length) recognised('adjusters', `Utses att justera: ${names.join(', ')}.`);
        else frontLeftover.push({ type: 'paragraph', content: [`${text} ${value}`.trim()] });
        break;
      }
      case 'signatures': {
        const found = signatoriesFrom(value);
        signatories.push(...found);
        if (!found.length) frontLeftover.push({ type: 'paragraph', content: [`${text} ${value}`.trim()] });
        break;
      }
      case 'justering': {
        const d = findDate(value);
        const rest = d ? value.slice(0, d.index) + value.slice(d.index + d.length) : value;
        const t = findTimes(rest);
        const place = cleanPlace(t.rest);
        draft.justering = { ...(place ? { place } : {}), ...(d ? { date: d.date } : {}), ...(t.start ? { time: t.start } : {}) };
        recognised('justering', `Justeringens plats och tid: ${[place, d?.date, t.start].filter(Boolean).join(', ')}.`);
        break;
      }
      case 'paragraphs':
        statedParagraphs = parseParagraphRefs(value);
        recognised('stated-paragraphs', `Protokollet omfattar enligt dokumentet ${value}.`);
        break;
      case 'placeTime':
      case 'place':
      case 'time':
      case 'date': {
        const d = findDate(value);
        let rest = d ? value.slice(0, d.index) + value.slice(d.index + d.length) : value;
        if (d && !draft.meeting.date) draft.meeting.date = d.date;
        if (label.kind !== 'date') {
          const t = findTimes(rest);
          if (t.start && !draft.meeting.startTime) draft.meeting.startTime = t.start;
          if (t.end && !draft.meeting.endTime) draft.meeting.endTime = t.end;
          rest = t.rest;
          const place = cleanPlace(rest);
          if (place && label.kind !== 'time' && !draft.meeting.place) draft.meeting.place = place;
          else if (place && label.kind === 'time') frontLeftover.push({ type: 'paragraph', content: [`${text}`] });
        }
        recognised('meeting', `Sammanträdet: ${quote(`${text}${label.rest ? '' : ` ${value}`}`)}.`);
        break;
      }
      case 'organ':
        if (value && !draft.organ) {
          draft.organ = value.slice(0, 500);
          recognised('organ', `Organ: ${quote(value)}.`);
        }
        break;
      case 'storage':
        if (value) {
          draft.storagePlace = value.slice(0, 500);
          recognised('storagePlace', `Förvaringsplats: ${quote(value)}.`);
        }
        break;
      case 'anslag':
        aside('anslag', `${quote(`${text}`, 60)} togs inte med: ANSLAG/BEVIS skrivs av Justera när protokollet är justerat.`);
        break;
    }
  }

  // ---- The §§.
  for (let s = 0; s < starts.length; s++) {
    const st = starts[s]!;
    const stop = starts[s + 1]?.index ?? body.length;
    const { title, caseNumber } = splitCaseNumber(st.title);
    const para: Paragraph = { number: st.number, title: title.slice(0, 500) || `§ ${st.number}`, sections: [] };
    if (caseNumber) para.caseNumber = caseNumber;
    let section: Section | undefined;
    let sectionLevel = 99;
    const ensure = (): Section => {
      if (!section) {
        section = { kind: 'ovrigt', title: '', content: [] };
        para.sections.push(section);
        sectionLevel = 99;
      }
      return section;
    };
    const kinds: string[] = [];
    let unrecognisedCount = 0;
    let i = st.index + st.span;
    // "Dnr 2022/18" on the line after the title.
    const dnr = body[i];
    if (dnr && dnr.kind === 'line' && /^dnr\.?\s*\S+$/i.test(dnr.text.trim()) && !para.caseNumber) {
      para.caseNumber = dnr.text.trim().slice(0, 100);
      i++;
    }
    for (; i < stop; i++) {
      const it = body[i]!;
      if (it.kind === 'image') {
        aside('image', `En bild i § ${st.number} togs inte med (bilder importeras inte).`, st.number);
        continue;
      }
      if (it.kind === 'block') {
        ensure().content.push(it.block);
        continue;
      }
      const text = it.text.trim();
      if (isFurniture(it)) {
        dropFurniture(it.text);
        continue;
      }
      if (ADJUSTED_RE.test(stripColon(text))) {
        aside(
          'adjusted-mark',
          `§ ${st.number}: ${quote(text)} togs inte med. Justera märker inte § som omedelbart justerad av sig själv; gör det i redigeraren om paragrafen justerades vid sammanträdet.`,
          st.number,
        );
        continue;
      }
      const short = it.kind === 'heading' || (it.first && it.lines === 1 && text.length <= 80);
      const kind = short && (it.kind === 'heading' || it.bold || /:$/.test(text) || text.length <= 40) ? sectionKind(text) : undefined;
      const level = it.kind === 'heading' ? it.level : 99;
      if (kind && !(section && section.kind !== 'ovrigt' && level > sectionLevel && level !== 99)) {
        // The heading as written ("Beslut:", "Styrelsen beslutar att:"); none when it is the default.
        section = { kind, ...(text === SECTION_TITLES[kind] ? {} : { title: text.slice(0, 200) }), content: [] };
        para.sections.push(section);
        sectionLevel = level;
        kinds.push(SECTION_TITLES[kind]);
        continue;
      }
      if (it.kind === 'heading') {
        if (!section || level <= sectionLevel) {
          // A heading at section level that is no known section: a section of its own, titled as written.
          section = { kind: 'ovrigt', title: text.slice(0, 200), content: [] };
          para.sections.push(section);
          sectionLevel = level;
          aside(
            'unknown-heading',
            `§ ${st.number}: rubriken ${quote(text)} känns inte igen som ett avsnitt; den blev ett eget avsnitt (övrigt).`,
            st.number,
          );
        } else section.content.push({ type: 'heading', content: it.inlines });
        continue;
      }
      if (short && text.length <= 80 && (/:$/.test(text) || (it.bold && !/[.!?]$/.test(text)))) {
        ensure().content.push({ type: 'heading', content: it.inlines });
        continue;
      }
      if (!section) unrecognisedCount++;
      ensure().content.push({ type: 'paragraph', content: it.inlines });
    }
    // "Bilagor" with a list closing the last § is the protocol's own list of bilagor.
    const closing = para.sections[para.sections.length - 1];
    if (
      s === starts.length - 1 &&
      closing &&
      para.sections.length > 1 &&
      closing.kind === 'beslutsunderlag' &&
      /^bilagor:?$/i.test(closing.title ?? '')
    ) {
      const at = closing.content.findIndex((x) => x.type === 'bulletList' || x.type === 'numberedList');
      const list = closing.content[at];
      if (list && (list.type === 'bulletList' || list.type === 'numberedList')) {
        const attachments: Attachment[] = list.items
          .map((it) => ({
            title: it.content
              .map((r) => (typeof r === 'string' ? r : r.text))
              .join('')
              .slice(0, 500),
          }))
          .filter((a) => a.title);
        if (attachments.length) {
          draft.attachments = attachments;
          kinds.pop();
          // What else stood under "Bilagor" stays as text (never lost).
          const rest = closing.content.filter((_, k) => k !== at);
          if (rest.length) para.sections[para.sections.length - 1] = { kind: 'ovrigt', title: '', content: rest };
          else para.sections.pop();
          recognised('attachments', `Bilagor: ${attachments.map((x) => x.title).join(', ')}.`);
        }
      }
    }
    if (s === 0 && frontLeftover.length) {
      para.sections.unshift({ kind: 'ovrigt', title: '', content: frontLeftover.splice(0) });
      const n = para.sections[0]!.content.length;
      aside(
        'unrecognised-front',
        `${n} ${n === 1 ? 'stycke' : 'stycken'} i dokumentets början kändes inte igen; de ligger först i § ${st.number} (övrigt) så att inget försvinner.`,
        st.number,
      );
    }
    if (unrecognisedCount && para.sections.some((x) => x.kind !== 'ovrigt')) {
      aside(
        'unrecognised',
        `§ ${st.number}: ${unrecognisedCount} ${unrecognisedCount === 1 ? 'stycke' : 'stycken'} före första avsnittsrubriken ligger som övrig text.`,
        st.number,
      );
    }
    recognised(
      'paragraph',
      `§ ${st.number} ${quote(para.title, 60)}${para.caseNumber ? ` (${para.caseNumber})` : ''}${kinds.length ? `: ${kinds.join(', ')}` : ''}.`,
      st.number,
    );
    draft.paragraphs.push(para);
  }
  for (const [text, n] of furnitureSeen) {
    aside('furniture', `${quote(text, 60)} (${n} gånger) togs bort: sidhuvud eller sidfot som upprepas på varje sida.`);
  }

  // ---- Assemble.
  if (members.length) draft.members = members;
  if (substitutes.length) draft.substitutes = substitutes;
  if (others.length) draft.others = others;
  if (absent.length) draft.absent = absent;
  if (adjusters.length) draft.adjusters = adjusters;
  // Signatories: as written; otherwise from the attendance (sekreterare, ordförande, the justerare).
  if (signatories.length) {
    const order = { sekreterare: 0, ordforande: 1, justerare: 2 };
    signatories = signatories
      .filter((sig, i) => signatories.findIndex((o) => o.role === sig.role && o.name === sig.name) === i)
      .sort((a, b) => order[a.role] - order[b.role]);
    recognised(
      'signatories',
      `Underskrifter: ${signatories.map((x) => `${x.name} (${x.role === 'ordforande' ? 'ordförande' : x.role})`).join(', ')}.`,
    );
  } else {
    const secretary = others.find((p) => /sekreterare/i.test(p.role ?? '')) ?? members.find((p) => /sekreterare/i.test(p.role ?? ''));
    const chair = members.find((p) => /^ordförande$/i.test(p.role ?? ''));
    if (secretary) signatories.push({ role: 'sekreterare', name: secretary.name });
    if (chair) signatories.push({ role: 'ordforande', name: chair.name });
    for (const a of adjusters) signatories.push({ role: 'justerare', name: a });
    if (signatories.length) {
      recognised(
        'signatories',
        `Underskrifter (härledda ur närvaron, kontrollera dem): ${signatories.map((x) => `${x.name} (${x.role === 'ordforande' ? 'ordförande' : x.role})`).join(', ')}.`,
      );
    }
  }
  if (signatories.length) draft.signatories = signatories;

  const fallback = <K extends keyof ImportDefaults>(key: K, label: string, set: (v: string) => void, has: boolean) => {
    const v = defaults[key]?.trim();
    if (!has && v) {
      set(v);
      recognised('default', `${label}: ${quote(v)} (angivet vid importen; står inte i dokumentet).`);
    }
  };
  fallback('organisation', 'Organisation', (v) => (draft.organisation = v), !!draft.organisation);
  fallback('organ', 'Organ', (v) => (draft.organ = v), !!draft.organ);
  fallback('meetingDate', 'Sammanträdesdatum', (v) => (draft.meeting.date = v), !!draft.meeting.date);
  fallback('meetingPlace', 'Sammanträdets plats', (v) => (draft.meeting.place = v), !!draft.meeting.place);
  fallback('storagePlace', 'Förvaringsplats', (v) => (draft.storagePlace = v), !!draft.storagePlace);

  if (statedParagraphs && statedParagraphs.length) {
    const found = draft.paragraphs.map((p) => p.number);
    const missingNumbers = statedParagraphs.filter((n) => !found.includes(n));
    if (missingNumbers.length)
      aside(
        'stated-paragraphs',
        `Dokumentet säger att protokollet omfattar ${missingNumbers.map((n) => `§ ${n}`).join(', ')}, men de paragraferna hittades inte.`,
      );
  }

  const need: [boolean, string, string][] = [
    [!draft.organisation, 'organisation', 'Organisation (kommun, region eller förbund) står inte i dokumentet.'],
    [!draft.organ, 'organ', 'Organet (nämnd, styrelse, utskott) hittades inte.'],
    [!draft.meeting.date, 'meeting.date', 'Sammanträdesdatum hittades inte.'],
    [!draft.meeting.place, 'meeting.place', 'Sammanträdets plats hittades inte.'],
    [!members.length, 'members', 'Inga beslutande hittades.'],
    [!adjusters.length, 'adjusters', 'Ingen som utsetts att justera hittades.'],
    [signatories.length < 3, 'signatories', 'Underskrifterna (sekreterare, ordförande, justerare) är inte kompletta.'],
    [!draft.storagePlace, 'storagePlace', 'Förvaringsplats för protokollet hittades inte.'],
  ];
  for (const [missing, code, message] of need) if (missing) report.missing.push({ code, message });

  // Meeting field order as in the format.
  const m = draft.meeting;
  draft.meeting = {
    ...(m.date ? { date: m.date } : {}),
    ...(m.startTime ? { startTime: m.startTime } : {}),
    ...(m.endTime ? { endTime: m.endTime } : {}),
    ...(m.place ? { place: m.place } : {}),
  };
  return { protocol: draft, report };
}

export type { Inline };
