/**
 * The protocol as the editor holds it (formatVersion 2, docs/protocol-format.md) and what is sent:
 * `cleanForSave` trims texts, leaves out empty optional fields and the editor's own list keys, and
 * derives `adjusters` from the justerare when the secretary has not named them. Required fields
 * stay, empty: the api's draft answer names them at their paths.
 */
import type {
  Anslag,
  Attachment,
  Attendee,
  Inline,
  Justering,
  Member,
  NumberingStyle,
  Paragraph,
  Protocol,
  Section,
  SectionKind,
  Signatory,
  SubItem,
} from '../../../../libs/protocol/src/model';
import type { Organ } from '../api/types';

export type { SectionKind };

export const SECTION_KINDS: [SectionKind, string][] = [
  ['sammanfattning', 'Sammanfattning'],
  ['bakgrund', 'Bakgrund'],
  ['forslagTillBeslut', 'Förslag till beslut'],
  ['yrkanden', 'Yrkanden'],
  ['propositionsordning', 'Propositionsordning'],
  ['beslut', 'Beslut'],
  ['reservationer', 'Reservationer'],
  ['beslutsunderlag', 'Beslutsunderlag'],
  ['expedieras', 'Expedieras till'],
  ['ovrigt', 'Övrigt (ingen rubrik)'],
];

/** The editor's own list key (`_k`), so a § or section keeps its React identity when it moves. */
type Keyed = { _k?: string };

/** Anyone in an attendance group: the format's Member and Attendee fields together. */
export type EPerson = Member & Attendee;
export type ESection = Section & Keyed;
/** A sub-item as it is being written: the number may not be typed yet. */
export type ESubItem = Omit<SubItem, 'number' | 'sections'> & Keyed & { number?: number; sections: ESection[] };
export type EParagraph = Omit<Paragraph, 'number' | 'sections' | 'subItems'> &
  Keyed & { number?: number; sections: ESection[]; subItems?: ESubItem[] };
export type ESignatory = Signatory;
export type EAttachment = Attachment;
/** The protocol being written (formatVersion 2); anything it has no field for rides along unchanged. */
export type EProtocol = Omit<
  Protocol,
  'formatVersion' | 'members' | 'substitutes' | 'others' | 'absent' | 'absentSubstitutes' | 'paragraphs' | 'notes'
> & {
  formatVersion: 2;
  members: EPerson[];
  substitutes?: EPerson[];
  others?: EPerson[];
  absent?: EPerson[];
  absentSubstitutes?: EPerson[];
  paragraphs: EParagraph[];
  notes?: Inline[];
  [key: string]: unknown;
};
export type { Anslag, Justering, NumberingStyle };

let counter = 0;
/** A key for React lists that stays with a § or section when it moves. */
export const newKey = () => `k${++counter}`;

const keyed = (sections: ESection[] | undefined): ESection[] => (sections ?? []).map((s) => ({ ...s, _k: newKey() }));

/** Reads a stored (possibly incomplete) draft into the editor's shape, with list keys. */
export function fromStored(raw: unknown): EProtocol {
  const d = (raw && typeof raw === 'object' ? raw : {}) as Partial<EProtocol>;
  return {
    ...d,
    formatVersion: 2,
    organisation: d.organisation ?? '',
    organ: d.organ ?? '',
    meeting: { date: '', place: '', ...(d.meeting ?? {}) },
    members: d.members ?? [],
    adjusters: d.adjusters ?? [],
    paragraphs: (d.paragraphs ?? []).map((p) => ({
      ...p,
      _k: newKey(),
      sections: keyed(p.sections),
      ...(p.subItems ? { subItems: p.subItems.map((s) => ({ ...s, _k: newKey(), sections: keyed(s.sections) })) } : {}),
    })),
    signatories: d.signatories ?? [],
    storagePlace: d.storagePlace ?? '',
  };
}

const optText = (v: string | undefined) => {
  const t = v?.trim();
  return t ? t : undefined;
};

function prune<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function person(p: EPerson, kind: 'member' | 'person' | 'attendee'): EPerson {
  return prune({
    name: p.name.trim(),
    party: optText(p.party)?.replace(/^\((.*)\)$/, '$1'),
    municipality: optText(p.municipality),
    role: optText(p.role),
    replaces: kind === 'member' ? optText(p.replaces) : undefined,
    paragraphs: kind === 'attendee' && p.paragraphs?.length ? p.paragraphs : undefined,
  });
}

const optList = <T>(list: T[] | undefined, map: (x: T) => T) => (list?.length ? list.map(map) : undefined);

/**
 * A blank own heading means the kind's usual heading. Övrigt has none, so there `""` (as imports and
 * the fixtures write it) means the same and is kept as stored.
 */
const cleanSections = (sections: ESection[]) =>
  sections.map(({ _k: _sk, ...s }) =>
    prune({ ...s, kind: s.kind, title: s.kind === 'ovrigt' && s.title === '' ? '' : optText(s.title), content: s.content }),
  );

/** Notes are running text: kept as written unless there is no text at all. */
function cleanNotes(notes: Inline[] | undefined): Inline[] | undefined {
  const text = (notes ?? []).map((i) => (typeof i === 'string' ? i : i.text)).join('');
  return text.trim() ? notes : undefined;
}

function cleanAnslag(a: Anslag | undefined): Anslag | undefined {
  if (!a) return undefined;
  const out = prune({ ...a, text: optText(a.text) });
  return Object.keys(out).length ? out : undefined;
}

export function cleanForSave(d: EProtocol): Record<string, unknown> {
  const justerare = d.signatories.filter((s) => s.role === 'justerare' && s.name.trim()).map((s) => s.name.trim());
  const adjusters = d.adjusters.map((a) => a.trim()).filter(Boolean);
  const justering = d.justering
    ? prune({
        place: optText(d.justering.place),
        date: optText(d.justering.date),
        time: optText(d.justering.time),
        latest: d.justering.latest ? true : undefined,
      })
    : undefined;
  const { _k: _ignored, ...rest } = d as EProtocol & { _k?: string };
  void _ignored;
  return prune({
    ...rest,
    formatVersion: 2,
    numbering: d.numbering === 'decimal' || d.numbering === 'paragraph' ? d.numbering : undefined,
    organisation: d.organisation.trim(),
    organ: d.organ.trim(),
    documentTitle: optText(d.documentTitle),
    meeting: prune({
      date: d.meeting.date,
      startTime: optText(d.meeting.startTime),
      endTime: optText(d.meeting.endTime),
      place: d.meeting.place.trim(),
    }),
    members: d.members.map((p) => person(p, 'member')),
    substitutes: optList(d.substitutes, (p) => person(p, 'person')),
    others: optList(d.others, (p) => person(p, 'attendee')),
    absent: optList(d.absent, (p) => person(p, 'person')),
    absentSubstitutes: optList(d.absentSubstitutes, (p) => person(p, 'person')),
    attendanceList: d.attendanceList ? true : undefined,
    // Empty means the justerare among the signatories (the api's validation requires at least one name).
    adjusters: adjusters.length ? adjusters : justerare,
    justering: justering && Object.keys(justering).length ? justering : undefined,
    anslag: cleanAnslag(d.anslag),
    notes: cleanNotes(d.notes),
    // What the editor has no field for stays as it was stored.
    paragraphs: d.paragraphs.map(({ _k: _pk, ...p }) =>
      prune({
        ...p,
        number: p.number,
        title: p.title.trim(),
        caseNumber: optText(p.caseNumber),
        sections: cleanSections(p.sections),
        subItems: optList(p.subItems, ({ _k: _ik, ...i }) =>
          prune({ ...i, number: i.number, title: i.title.trim(), caseNumber: optText(i.caseNumber), sections: cleanSections(i.sections) }),
        ),
        immediatelyAdjusted: p.immediatelyAdjusted ? true : undefined,
      }),
    ),
    attachments: optList(d.attachments, (a) => prune({ label: optText(a.label), title: a.title.trim(), paragraph: a.paragraph })),
    signatories: d.signatories.map((s) =>
      prune({ role: s.role, name: s.name.trim(), email: optText(s.email), organisation: optText(s.organisation) }),
    ),
    storagePlace: d.storagePlace.trim(),
  });
}

/** "3, 4, 6-9" → [3, 4, 6, 7, 8, 9] (en dash too); what is not a number is left out. */
export function parseParagraphList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.replace(/§/g, '').split(/[,;\s]+/)) {
    const m = part.match(/^(\d{1,6})(?:[-–](\d{1,6}))?$/);
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    for (let n = a; n <= b && n - a < 2000; n++) if (!out.includes(n)) out.push(n);
  }
  return out;
}

export function formatParagraphList(numbers: number[] | undefined): string {
  return (numbers ?? []).join(', ');
}

/**
 * A new protocol: from the organ's last structured protocol (organ, people, signatories, numbering
 * style, närvarolista and the organ's own ANSLAG/BEVIS sentence), or empty with the organ's defaults
 * from the admin's organ page (förvalda undertecknare, ledamöter as beslutande, ersättare as
 * närvarande ersättare — the secretary moves whoever was absent).
 */
export function newProtocol(
  organ: Pick<Organ, 'name' | 'storagePlace' | 'defaults'>,
  previous?: EProtocol,
  secretaryName = '',
  organisationName = '',
): EProtocol {
  const last = previous?.paragraphs.reduce((m, p) => Math.max(m, p.number ?? 0), 0) ?? 0;
  const paragraphs: EParagraph[] = [
    { _k: newKey(), number: last + 1, title: '', sections: [{ _k: newKey(), kind: 'beslut', content: [] }] },
  ];
  if (previous)
    return {
      formatVersion: 2,
      ...(previous.numbering ? { numbering: previous.numbering } : {}),
      // The organisation as it is called now (GET /api/me), not as the last protocol wrote it.
      organisation: organisationName || previous.organisation,
      organ: previous.organ,
      ...(previous.documentTitle ? { documentTitle: previous.documentTitle } : {}),
      meeting: {
        date: '',
        place: previous.meeting.place,
        ...(previous.meeting.startTime ? { startTime: previous.meeting.startTime } : {}),
      },
      // The ordinary members: the ersättare who served last time are left out, the absent are back.
      members: [...previous.members.filter((m) => !m.replaces?.trim()), ...(previous.absent ?? [])].map((m) => ({ ...m })),
      // Likewise the ersättare: present or absent last time, they are listed as present again.
      ...(previous.substitutes?.length || previous.absentSubstitutes?.length
        ? { substitutes: [...(previous.substitutes ?? []), ...(previous.absentSubstitutes ?? [])].map((m) => ({ ...m })) }
        : {}),
      ...(previous.attendanceList ? { attendanceList: true } : {}),
      adjusters: [],
      ...(previous.anslag?.text ? { anslag: { text: previous.anslag.text } } : {}),
      paragraphs,
      signatories: previous.signatories.map((s) => ({ ...s })),
      storagePlace: previous.storagePlace,
    };
  const defaults = organ.defaults;
  const usual = (role: ESignatory['role']) =>
    (defaults?.signatories ?? [])
      .filter((s) => s.role === role && s.name.trim())
      .map((s) => ({ role, name: s.name, ...(s.email ? { email: s.email } : {}) }));
  const justerare = usual('justerare');
  const members = (defaults?.members ?? []).filter((m) => m.name.trim()).map((m) => prune({ ...m }));
  const substitutes = (defaults?.substitutes ?? []).filter((m) => m.name.trim()).map((m) => ({ name: m.name }));
  return {
    formatVersion: 2,
    organisation: organisationName,
    organ: organ.name,
    meeting: { date: '', place: '' },
    members: members.length ? members : [{ name: '' }],
    ...(substitutes.length ? { substitutes } : {}),
    adjusters: [],
    paragraphs,
    signatories: [
      usual('sekreterare')[0] ?? { role: 'sekreterare', name: secretaryName },
      usual('ordforande')[0] ?? { role: 'ordforande', name: '' },
      ...(justerare.length ? justerare.slice(0, 2) : [{ role: 'justerare' as const, name: '' }]),
    ],
    storagePlace: organ.storagePlace ?? '',
  };
}

/**
 * The api's issues as the editor shows them. "Utses att justera" left empty means the justerare among
 * the signatories (cleanForSave fills `adjusters` from them), so an issue at `adjusters` then only
 * repeats what the justerare's own fields already say (a missing name, no justerare): it is not
 * shown at the empty field, which is fine as it is.
 */
export function editorErrors(fields: Record<string, string>, d: EProtocol | null): Record<string, string> {
  if (!d || d.adjusters.some((a) => a.trim())) return fields;
  return Object.fromEntries(Object.entries(fields).filter(([p]) => p !== 'adjusters' && !p.startsWith('adjusters.')));
}

/** A § as the secretary reads it in the form: "§ 17" or, numbered as punkter, "17.". */
export function paragraphLabel(numbering: NumberingStyle | undefined, number: number | undefined): string {
  return numbering === 'decimal' ? `${number ?? '?'}.` : `§ ${number ?? '?'}`;
}

/** A sub-item: "3.1" in both numbering styles. */
export function subItemLabel(paragraph: number | undefined, number: number | undefined): string {
  return `${paragraph ?? '?'}.${number ?? '?'}`;
}

/** Notes (running text) as the textarea shows them, and back: a line break is "\n". */
export function notesText(notes: Inline[] | undefined): string {
  return (notes ?? []).map((i) => (typeof i === 'string' ? i : i.text)).join('');
}
