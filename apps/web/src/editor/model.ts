/**
 * The protocol as the editor holds it (formatVersion 2, docs/protocol-format.md) and what is sent:
 * `cleanForSave` trims texts, leaves out empty optional fields and the editor's own list keys, and
 * derives `adjusters` from the justerare when the secretary has not named them. Required fields
 * stay, empty: the api's draft answer names them at their paths.
 */
import type { Block } from './richtext';

export type SectionKind =
  | 'sammanfattning'
  | 'bakgrund'
  | 'forslagTillBeslut'
  | 'yrkanden'
  | 'propositionsordning'
  | 'beslut'
  | 'reservationer'
  | 'beslutsunderlag'
  | 'expedieras'
  | 'ovrigt';

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

export interface EPerson {
  name: string;
  party?: string;
  municipality?: string;
  role?: string;
  replaces?: string;
  paragraphs?: number[];
}
export interface ESection {
  _k?: string;
  kind: SectionKind;
  title?: string;
  content: Block[];
}
export interface EParagraph {
  _k?: string;
  number?: number;
  title: string;
  caseNumber?: string;
  sections: ESection[];
  immediatelyAdjusted?: boolean;
}
export interface ESignatory {
  role: 'sekreterare' | 'ordforande' | 'justerare';
  name: string;
  email?: string;
  organisation?: string;
}
export interface EAttachment {
  label?: string;
  title: string;
  paragraph?: number;
}
export interface EProtocol {
  formatVersion: 2;
  organisation: string;
  organ: string;
  documentTitle?: string;
  meeting: { date: string; startTime?: string; endTime?: string; place: string };
  members: EPerson[];
  substitutes?: EPerson[];
  others?: EPerson[];
  absent?: EPerson[];
  adjusters: string[];
  justering?: { place?: string; date?: string; time?: string };
  paragraphs: EParagraph[];
  attachments?: EAttachment[];
  signatories: ESignatory[];
  storagePlace: string;
  notes?: unknown;
  [key: string]: unknown;
}

let counter = 0;
/** A key for React lists that stays with a § or section when it moves. */
export const newKey = () => `k${++counter}`;

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
      sections: (p.sections ?? []).map((s) => ({ ...s, _k: newKey() })),
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

export function cleanForSave(d: EProtocol): Record<string, unknown> {
  const justerare = d.signatories.filter((s) => s.role === 'justerare' && s.name.trim()).map((s) => s.name.trim());
  const adjusters = d.adjusters.map((a) => a.trim()).filter(Boolean);
  const justering = d.justering
    ? prune({ place: optText(d.justering.place), date: optText(d.justering.date), time: optText(d.justering.time) })
    : undefined;
  const { _k: _ignored, ...rest } = d as EProtocol & { _k?: string };
  void _ignored;
  return prune({
    ...rest,
    formatVersion: 2,
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
    adjusters: adjusters.length ? adjusters : justerare,
    justering: justering && Object.keys(justering).length ? justering : undefined,
    // What the editor has no field for (sub-items, …) stays as it was stored.
    paragraphs: d.paragraphs.map(({ _k: _pk, ...p }) =>
      prune({
        ...p,
        number: p.number,
        title: p.title.trim(),
        caseNumber: optText(p.caseNumber),
        sections: p.sections.map(({ _k: _sk, ...s }) => prune({ ...s, kind: s.kind, title: optText(s.title), content: s.content })),
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

/** A new protocol: from the organ's last structured protocol (organ, people, signatories), or empty. */
export function newProtocol(organ: { name: string; storagePlace: string | null }, previous?: EProtocol, secretaryName = ''): EProtocol {
  const last = previous?.paragraphs.reduce((m, p) => Math.max(m, p.number ?? 0), 0) ?? 0;
  const paragraphs: EParagraph[] = [
    { _k: newKey(), number: last + 1, title: '', sections: [{ _k: newKey(), kind: 'beslut', content: [] }] },
  ];
  if (previous)
    return {
      formatVersion: 2,
      organisation: previous.organisation,
      organ: previous.organ,
      ...(previous.documentTitle ? { documentTitle: previous.documentTitle } : {}),
      meeting: {
        date: '',
        place: previous.meeting.place,
        ...(previous.meeting.startTime ? { startTime: previous.meeting.startTime } : {}),
      },
      // The ordinary members: the ersättare who served last time are left out, the absent are back.
      members: [...previous.members.filter((m) => !m.replaces?.trim()), ...(previous.absent ?? [])].map((m) => ({ ...m })),
      ...(previous.substitutes ? { substitutes: previous.substitutes.map((m) => ({ ...m })) } : {}),
      adjusters: [],
      paragraphs,
      signatories: previous.signatories.map((s) => ({ ...s })),
      storagePlace: previous.storagePlace,
    };
  return {
    formatVersion: 2,
    organisation: '',
    organ: organ.name,
    meeting: { date: '', place: '' },
    members: [{ name: '' }],
    adjusters: [],
    paragraphs,
    signatories: [
      { role: 'sekreterare', name: secretaryName },
      { role: 'ordforande', name: '' },
      { role: 'justerare', name: '' },
    ],
    storagePlace: organ.storagePlace ?? '',
  };
}
