/**
 * The protocol model: everything a Swedish municipal meeting protocol holds, as plain data.
 *
 * This is the contract between the import format (JSON, see docs/protocol-format.md and
 * docs/protocol.schema.json), the PDF renderer (libs/pdf), the justering workflow and the
 * anslagstavla. It is pure data: no classes, no behaviour, so it serialises as it is.
 *
 * Dates are ISO calendar dates (`YYYY-MM-DD`), times are `HH:MM` (24 h, Europe/Stockholm).
 */

/** The current format version; version 1 files are still accepted and converted (convertProtocolV1). */
export const PROTOCOL_FORMAT_VERSION = 2 as const;

/** Inline text: a run with optional emphasis, or a link. */
export interface TextRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** When present the run is a hyperlink (rendered as text; the URI is kept in the PDF link annotation where possible). */
  href?: string;
  /** Struck through (v2): a meeting date already held in a list of dates. */
  strike?: boolean;
}

/** A piece of inline content: a plain string is shorthand for one unstyled run. */
export type Inline = string | TextRun;

export interface ParagraphBlock {
  type: 'paragraph';
  content: Inline[];
}

/** A sub-heading inside a section, e.g. "Bakgrund" under "Sammanfattning" (gemensam nämnd § 4). */
export interface HeadingBlock {
  type: 'heading';
  content: Inline[];
}

export interface ListItem {
  content: Inline[];
  /** Nested blocks (a sub-list, a paragraph) under the item. */
  children?: Block[];
}

export interface BulletListBlock {
  type: 'bulletList';
  items: ListItem[];
}

export interface NumberedListBlock {
  type: 'numberedList';
  /** First number, default 1. */
  start?: number;
  /** How numbers are written: "1." (default), "1)" or "a)". */
  style?: 'decimal-dot' | 'decimal-paren' | 'alpha-paren';
  items: ListItem[];
}

export interface TableCell {
  content: Inline[];
}

export interface TableBlock {
  type: 'table';
  /** Header rows, repeated when the table breaks across pages (e.g. ÅTGÄRDER / SLUTDATUM / ANSVARIG). */
  header: TableCell[][];
  rows: TableCell[][];
  /** Relative column widths; equal when absent. Length must equal the column count. */
  columnWidths?: number[];
  /** Alignment per column (v2), default left: "right" for money and numbers. Length must equal the column count. */
  align?: ColumnAlign[];
}

export type ColumnAlign = 'left' | 'right' | 'center';

export type Block = ParagraphBlock | HeadingBlock | BulletListBlock | NumberedListBlock | TableBlock;

/** The sections a paragraph (§) may have, in the order they are usually written. */
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

/** Default Swedish headings for each section kind; `Section.title` overrides. */
export const SECTION_TITLES: Record<SectionKind, string> = {
  sammanfattning: 'Sammanfattning',
  bakgrund: 'Bakgrund',
  forslagTillBeslut: 'Förslag till beslut',
  yrkanden: 'Yrkanden',
  propositionsordning: 'Propositionsordning',
  beslut: 'Beslut',
  reservationer: 'Reservationer',
  beslutsunderlag: 'Beslutsunderlag',
  expedieras: 'Expedieras till',
  ovrigt: '',
};

export interface Section {
  kind: SectionKind;
  /** Heading as written in the protocol ("Styrelsen beslutar att:", "Beslutet skickas till"); default from SECTION_TITLES. An empty string renders no heading. */
  title?: string;
  content: Block[];
}

/** A numbered sub-item inside a § (v2): "3.1 Första nämndssammanträdet", listed in the table of contents. */
export interface SubItem {
  /** Printed after the § number: 1 in § 3 gives "3.1". Unique within its §. */
  number: number;
  title: string;
  caseNumber?: string;
  sections: Section[];
}

export interface Paragraph {
  /** The § number; runs on across the year (627, 628 …). Unique within a protocol. */
  number: number;
  title: string;
  /** Ärendenummer / diarienummer, e.g. "Dnr 2022/18-2.4.0.2" or "GNS/8/2018". */
  caseNumber?: string;
  sections: Section[];
  /** Numbered sub-items after the sections (v2), each with its own heading and sections. */
  subItems?: SubItem[];
  /** Set when the paragraph was justerad on its own (omedelbar justering): the full protocol then marks it "Paragrafen är justerad". */
  immediatelyAdjusted?: boolean;
}

export interface Person {
  name: string;
  /** Party abbreviation without parentheses: "S", "C", "M", "VF". */
  party?: string;
  /** Municipality or organisation the person represents: "Bollnäs kommun", "Ånge". */
  municipality?: string;
  /** A role or title: "ordförande", "1 v ordf.", "förbundsdirektör", "HR direktör". */
  role?: string;
}

export interface Member extends Person {
  /** For a serving substitute: whom they replace, e.g. "Stefan Dalin (S)". */
  replaces?: string;
}

export interface Attendee extends Person {
  /** The §§ the person attended when not all of them, e.g. [3, 4]; absent = the whole meeting. */
  paragraphs?: number[];
}

export type SignatoryRole = 'sekreterare' | 'ordforande' | 'justerare';

export interface Signatory {
  role: SignatoryRole;
  name: string;
  /** Where the signing link is sent. Optional for rendering; required to start a justering. */
  email?: string;
  /** Organisation the signer belongs to, shown on the signature page ("Ånge kommun"). */
  organisation?: string;
}

export interface Attachment {
  /** "Bilaga 1" or a free label. */
  label?: string;
  title: string;
  /** Paragraph the attachment belongs to, if any. */
  paragraph?: number;
}

export interface Meeting {
  /** Sammanträdesdatum, YYYY-MM-DD. */
  date: string;
  /** "09:00". */
  startTime?: string;
  /** "12:00". */
  endTime?: string;
  /** "Styrelserummet", "MS Teams", "Digitalt, teams". */
  place: string;
}

export interface Justering {
  /** "Regionens hus". */
  place?: string;
  /** Planned justering date, YYYY-MM-DD. */
  date?: string;
  /** Planned time, "11:00". */
  time?: string;
  /** v2: the date is a deadline, printed "senast 2022-10-19" ("Digitalt senast 2022-10-19"). */
  latest?: boolean;
}

/** v2: the ANSLAG/BEVIS block as the organ writes it, and its dates for a protocol justerat elsewhere. */
export interface Anslag {
  /** The sentence under "ANSLAG/BEVIS"; default "Protokollet är justerat. Justeringen har tillkännagivits genom anslag." */
  text?: string;
  /** Given dates are printed instead of the empty form field that the anslag would fill. */
  postedDate?: string;
  takeDownDate?: string;
  lastAppealDate?: string;
}

/** v2: how §§ are numbered: "§ 17" (default) or "17." (minnesanteckningar, punkter). */
export type NumberingStyle = 'paragraph' | 'decimal';

export interface Protocol {
  /** Optional pointer to the JSON Schema for editors (the fixtures use "../../../docs/protocol.schema.json"); ignored. */
  $schema?: string;
  formatVersion: typeof PROTOCOL_FORMAT_VERSION;
  /** v2: "§ 17" (paragraph, default) or "17." (decimal). */
  numbering?: NumberingStyle;
  /** Kommun, region, kommunalförbund or the host of a joint committee: "Kommunförbundet Västernorrland". */
  organisation: string;
  /** The organ (nämnd, styrelse, utskott): "Styrelsen", "Hälsingerådet". */
  organ: string;
  /** The document title, default "Protokoll" ("Styrelseprotokoll"). */
  documentTitle?: string;
  meeting: Meeting;
  /** Beslutande (members deciding), in the order printed. */
  members: Member[];
  /** Närvarande ej tjänstgörande ersättare. */
  substitutes?: Person[];
  /** Övriga närvarande / övriga deltagare (officials, guests). */
  others?: Attendee[];
  /** Frånvarande ledamöter (absent members), e.g. "Frånvarande utan ersättare". */
  absent?: Person[];
  /** v2: frånvarande ersättare. */
  absentSubstitutes?: Person[];
  /** v2: print the attendance on its own page (närvarolista); page 1 says "Beslutande: Enligt närvarolista". */
  attendanceList?: boolean;
  /** Utses att justera: the names of the appointed justerare (one or two). */
  adjusters: string[];
  justering?: Justering;
  /** v2: the organ's own ANSLAG/BEVIS sentence and given dates. */
  anslag?: Anslag;
  paragraphs: Paragraph[];
  attachments?: Attachment[];
  /** Sekreterare, ordförande and one or two justerare, in signing order. */
  signatories: Signatory[];
  /** Förvaringsplats för protokollet: where the original is kept. */
  storagePlace: string;
  /** Free text printed after the meeting block, e.g. a note on a digital meeting. */
  notes?: Inline[];
}

/**
 * A version 1 file as it was written: the same fields as version 2 without the v2 additions
 * (numbering, sub-items, strikethrough, absentSubstitutes, attendanceList, justering.latest, anslag,
 * table align). `convertProtocolV1` turns it into the current version.
 */
export type ProtocolV1 = Omit<Protocol, 'formatVersion'> & { formatVersion: 1 };
