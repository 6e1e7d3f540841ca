/**
 * Lays a Protocol out on A4 pages: the first-page meeting block, the printed signature block, the
 * ANSLAG/BEVIS box, the table of contents, the paragraphs with their sections and rich text, the
 * list of bilagor and the final Underskrifter page with one signature field per signatory.
 *
 * Layout runs twice (see layoutProtocol): the first pass finds on which page each § heading and the
 * Underskrifter page land, the second prints those numbers in the table of contents. Page numbers
 * are right-aligned in a reserved column, so the numbers never change the flow.
 */
import {
  Attendee,
  Block,
  ListItem,
  Member,
  NumberingStyle,
  Paragraph,
  Person,
  Protocol,
  SECTION_TITLES,
  Section,
  SubItem,
  TableBlock,
  TableCell,
  formatNumberRuns,
  formatParagraphRange,
  paragraphLabel,
  subItemLabel,
} from '@justera/protocol';
import {
  ANSLAG_FIELDS,
  ROLE_LABELS,
  SIGNATURE_FIELD_SIZE,
  signatoryIdentificationText,
  SignatoryIdentification,
  signatureFieldName,
  signatureFieldTooltip,
} from './fields';
import { FontSet, FontStyle, sanitize } from './fonts';
import { DrawOp, Flow, LayoutPage, Rgb, Row } from './flow';
import { Span, TextLine, breakLines, spansOf } from './text';
import { McSlot, StructNode, StructType } from './structure';

/** A4 in points. */
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const MARGIN_LEFT = 68;
export const MARGIN_RIGHT = 56;
export const CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
/** Top of the content area (below the page header) and bottom (above the footer boxes). */
export const CONTENT_TOP = PAGE_HEIGHT - 104;
export const CONTENT_BOTTOM = 84;

const BODY = 10;
const LEADING = 14;
const SMALL = 8;
const TEXT: Rgb = [0.1, 0.1, 0.1];
const MUTED: Rgb = [0.38, 0.38, 0.38];
const RULE: Rgb = [0.55, 0.55, 0.55];
const LIGHT: Rgb = [0.75, 0.75, 0.75];
const HEADER_FILL: Rgb = [0.92, 0.93, 0.95];
const PARA_INDENT = 56;
const LABEL_COL = 150;
/** Leading of an attendance group printed as running text on page 1. */
const COMPACT_LEADING = 12;

export interface LayoutInput {
  protocol: Protocol;
  /** "Protokoll" or "Protokollsutdrag". */
  title: string;
  paragraphs: Paragraph[];
  /** Print the table of contents (full protocol) or not (excerpt). */
  tableOfContents: boolean;
  /** Start every § on a new page. */
  paragraphPerPage: boolean;
  /** How the undertecknare will be identified, printed on the Underskrifter page (absent: not printed). */
  identification?: SignatoryIdentification;
}

export interface LayoutResult {
  pages: LayoutPage[];
  /** 1-based page numbers: "para:<n>" for each § heading, "signatures" for the Underskrifter page. */
  anchors: Map<string, number>;
  /** The logical structure (tagged PDF), in reading order; filled with content as pages are written. */
  structure: StructNode;
  /** Bookmarks: one per §, then Bilagor and Underskrifter; page 0-based, top = y of the heading's top. */
  outline: OutlineEntry[];
}

export interface OutlineEntry {
  title: string;
  page: number;
  top: number;
  /** Sub-items of a § (format v2). */
  children?: OutlineEntry[];
}

/** The ANSLAG/BEVIS sentence when the protocol does not give its own (format v2 `anslag.text`). */
export const DEFAULT_ANSLAG_TEXT = 'Protokollet är justerat. Justeringen har tillkännagivits genom anslag.';

function personText(p: Person & { replaces?: string; paragraphs?: number[] }, numbering?: NumberingStyle): string {
  let s = p.name;
  if (p.party) s += ` (${p.party})`;
  if (p.municipality) s += `, ${p.municipality}`;
  if (p.role) s += `, ${p.role}`;
  if (p.replaces) s += `, ersätter ${p.replaces}`;
  if (p.paragraphs && p.paragraphs.length) s += `, ${formatParagraphRange(p.paragraphs, numbering)}`;
  return s;
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} och ${names[names.length - 1]}`;
}

function timeText(t: string): string {
  return t.replace(':', '.');
}

/** Builds the rows of the document, then flows them. */
class Composer {
  readonly anchors = new Map<string, number>();
  readonly root = new StructNode('Document');
  readonly outline: { title: string; key: string; children?: { title: string; key: string }[] }[] = [];
  readonly positions = new Map<string, { page: number; top: number }>();

  /** Records where an anchored row landed (TOC numbers, bookmarks). */
  anchor(key: string): (page: number, top: number) => void {
    return (page, top) => {
      this.anchors.set(key, page + 1);
      this.positions.set(key, { page, top });
    };
  }

  constructor(
    private readonly fonts: FontSet,
    private readonly numbering: NumberingStyle = 'paragraph',
  ) {}

  /** Calls `also` after the row's own onPlace (an end-of-§ anchor on a row that may start one). */
  static alsoOnPlace(row: Row, also: (page: number, top: number) => void): void {
    const own = row.onPlace;
    row.onPlace = own
      ? (page, top) => {
          own(page, top);
          also(page, top);
        }
      : also;
  }

  // ---- primitives -------------------------------------------------------------------------

  lines(spans: Span[], width: number, size = BODY): TextLine[] {
    return breakLines(spans, width, size, this.fonts);
  }

  /** Draws a line of text into the structure slot `mc`; a link run becomes a Link element there. */
  drawLine(ops: DrawOp[], line: TextLine, x: number, baseline: number, size: number, color: Rgb, mc: McSlot | 'artifact'): void {
    const lastIndex = line.fragments.length - 1;
    line.fragments.forEach((frag, fi) => {
      if (!frag.text) return;
      const f = line.spaceAfter && fi === lastIndex ? { ...frag, text: `${frag.text} ` } : frag;
      if (f.strike) {
        // Strikethrough: the line is decoration (artifact); the text sits in a Span whose layout
        // attribute says LineThrough, so assistive technology can tell.
        ops.push({
          t: 'line',
          x1: x + f.x,
          y1: baseline + size * 0.3,
          x2: x + f.x + f.width,
          y2: baseline + size * 0.3,
          width: Math.max(0.5, size * 0.06),
          color,
        });
        if (!f.href && mc !== 'artifact') {
          const span = StructNode.lazy('Span', mc);
          span.attributes = { lineThrough: true };
          ops.push({ t: 'text', x: x + f.x, y: baseline, text: f.text, style: f.style, size, color, mc: span.slot() });
          return;
        }
      }
      if (f.href) {
        const link = mc === 'artifact' ? undefined : StructNode.lazy('Link', mc);
        ops.push({
          t: 'text',
          x: x + f.x,
          y: baseline,
          text: f.text,
          style: f.style,
          size,
          color: [0.05, 0.25, 0.55],
          mc: link ? link.slot() : 'artifact',
        });
        ops.push({
          t: 'line',
          x1: x + f.x,
          y1: baseline - 1.5,
          x2: x + f.x + f.width,
          y2: baseline - 1.5,
          width: 0.5,
          color: [0.05, 0.25, 0.55],
        });
        ops.push({ t: 'link', uri: f.href, x: x + f.x, y: baseline - size * 0.3, w: f.width, h: size * 1.25, node: link });
      } else ops.push({ t: 'text', x: x + f.x, y: baseline, text: f.text, style: f.style, size, color, mc });
    });
  }

  /** One row per line of text, so that text breaks across pages line by line. */
  textRows(
    spans: Span[],
    x: number,
    width: number,
    opts: {
      mc: McSlot;
      size?: number;
      leading?: number;
      spaceBefore?: number;
      keepWithNext?: boolean;
      color?: Rgb;
      onPlace?: (p: number, top: number) => void;
    },
  ): Row[] {
    const size = opts.size ?? BODY;
    const leading = opts.leading ?? (size === BODY ? LEADING : size * 1.35);
    const ls = this.lines(spans, width, size);
    return ls.map((line, i) => ({
      height: leading,
      spaceBefore: i === 0 ? opts.spaceBefore : 0,
      keepWithNext: opts.keepWithNext || (ls.length > 1 && i === 0) || (i === ls.length - 2 && ls.length > 2),
      draw: (ops, top) =>
        this.drawLine(ops, line, x, top - leading + (leading - size) / 2 + size * 0.22, size, opts.color ?? TEXT, opts.mc),
      onPlace: i === 0 ? opts.onPlace : undefined,
    }));
  }

  plain(text: string, style: FontStyle = 'regular'): Span[] {
    return [{ text: sanitize(text, this.fonts, true), style }];
  }

  /** A label in the left column, values in the right, each value its own (wrapping) text. */
  labelled(label: string, values: Span[][], table: StructNode, spaceBefore = 7, leading = LEADING): Row[] {
    const rows: Row[] = [];
    const tr = table.add('TR');
    const th = tr.add('TH', { scope: 'Row' }).slot();
    // Each value (a person, a place) is its own paragraph in the cell.
    const tdNode = tr.add('TD');
    const td = values.length > 1 ? values.map(() => tdNode.add('P').slot()) : [tdNode.slot()];
    const labelLines = this.lines(this.plain(label, 'bold'), LABEL_COL - 10);
    const valueWidth = CONTENT_WIDTH - LABEL_COL;
    const valueLines: TextLine[][] = values.map((v) => this.lines(v, valueWidth - 12));
    if (valueLines.length === 0) valueLines.push([{ fragments: [], width: 0 }]);
    // Every value starts a line; its continuation lines are indented.
    const flat: { line: TextLine; cont: boolean; mc: McSlot }[] = [];
    valueLines.forEach((ls, vi) => ls.forEach((line, li) => flat.push({ line, cont: li > 0, mc: td[Math.min(vi, td.length - 1)] })));
    const n = Math.max(flat.length, labelLines.length);
    for (let i = 0; i < n; i++) {
      const item = flat[i];
      const labelLine = labelLines[i];
      rows.push({
        height: leading,
        spaceBefore: i === 0 ? spaceBefore : 0,
        keepWithNext: i < labelLines.length - 1 || (i === 0 && n > 1),
        draw: (ops, top) => {
          const baseline = top - leading + (leading - BODY) / 2 + BODY * 0.22;
          if (labelLine) this.drawLine(ops, labelLine, MARGIN_LEFT, baseline, BODY, TEXT, th);
          if (item) this.drawLine(ops, item.line, MARGIN_LEFT + LABEL_COL + (item.cont ? 12 : 0), baseline, BODY, TEXT, item.mc);
        },
      });
    }
    return rows;
  }

  /** A heading element (`type` under `parent`) with its text. */
  heading(text: string, size: number, spaceBefore: number, parent: StructNode, type: StructType = 'H2'): Row[] {
    return this.textRows(this.plain(text, 'bold'), MARGIN_LEFT, CONTENT_WIDTH, {
      mc: parent.add(type).slot(),
      size,
      leading: size * 1.3,
      spaceBefore,
      keepWithNext: true,
    });
  }

  // ---- first page ---------------------------------------------------------------------------

  /** The attendance groups with their labels (format v2 adds frånvarande ersättare). */
  attendanceGroups(p: Protocol): [string, Person[]][] {
    const groups: [string, Person[]][] = [['Beslutande', p.members]];
    if (p.substitutes?.length) groups.push(['Närvarande ersättare', p.substitutes]);
    if (p.others?.length) groups.push(['Övriga närvarande', p.others]);
    if (p.absent?.length) groups.push([p.absentSubstitutes?.length ? 'Frånvarande ledamöter' : 'Frånvarande', p.absent]);
    if (p.absentSubstitutes?.length) groups.push(['Frånvarande ersättare', p.absentSubstitutes]);
    return groups;
  }

  /**
   * `attendance`: 'page' — page 1 says "Beslutande: Enligt närvarolista" and the groups go on the
   * närvarolista page (attendanceListPage); otherwise the indices (in attendanceGroups) of the groups
   * printed as running text ("Namn (S), Kommun; Namn (C), Kommun; …") instead of one person a line.
   */
  meetingBlock(p: Protocol, paragraphs: Paragraph[], attendance: AttendanceLayout = NO_COMPACT): Row[] {
    const rows: Row[] = [];
    rows.push(
      ...this.textRows(this.plain(p.organ, 'bold'), MARGIN_LEFT, CONTENT_WIDTH, { mc: this.root.add('H1').slot(), size: 18, leading: 24 }),
    );
    const m = p.meeting;
    let time = '';
    if (m.startTime) time = ` kl. ${timeText(m.startTime)}${m.endTime ? `–${timeText(m.endTime)}` : ''}`;
    // The meeting block is a two-column table: a row header (the label) and its values.
    const t = this.root.add('Table');
    rows.push(...this.labelled('Plats och tid', [this.plain(`${m.place}, ${m.date}${time}`)], t, 12));
    if (attendance === 'page')
      rows.push(...this.labelled('Beslutande', [[{ text: `Enligt närvarolista, sidan ${refText('attendance')}`, style: 'regular' }]], t));
    else
      this.attendanceGroups(p).forEach(([label, people], i) => {
        const texts = people.map((x: Member & Attendee) => personText(x, this.numbering));
        // Running text is set a little denser (12 pt leading), as a list of names in a cell.
        if (attendance.has(i)) rows.push(...this.labelled(label, [this.plain(texts.join('; '))], t, 7, COMPACT_LEADING));
        else
          rows.push(
            ...this.labelled(
              label,
              texts.map((x) => this.plain(x)),
              t,
            ),
          );
      });
    rows.push(...this.labelled('Utses att justera', [this.plain(joinNames(p.adjusters))], t));
    const j = p.justering;
    if (j && (j.place || j.date || j.time)) {
      const when = j.date && `${j.latest ? 'senast ' : ''}${j.date}${j.time ? ` kl. ${timeText(j.time)}` : ''}`;
      // "Digitalt senast 2022-10-19" reads as one phrase; "Regionens hus, 2020-02-21 kl. 11.00" as two.
      const parts = [j.place, when].filter(Boolean);
      rows.push(...this.labelled('Justeringens plats och tid', [this.plain(parts.join(j.latest ? ' ' : ', '))], t));
    }
    const numbers = paragraphs.map((x) => x.number);
    // "Paragrafer §§ 17–18", or "Punkter 1–5" (not "Punkter punkterna 1–5").
    const range = this.numbering === 'decimal' ? formatNumberRuns(numbers) : formatParagraphRange(numbers);
    rows.push(...this.labelled(this.numbering === 'decimal' ? 'Punkter' : 'Paragrafer', [this.plain(range)], t));
    if (p.notes?.length)
      rows.push(
        ...this.textRows(spansOf(p.notes, this.fonts), MARGIN_LEFT, CONTENT_WIDTH, { mc: this.root.add('P').slot(), spaceBefore: 10 }),
      );
    return rows;
  }

  /** The närvarolista page (format v2 `attendanceList`, or when the attendance does not fit on page 1). */
  attendanceListPage(p: Protocol): Row[] {
    const sect = this.root.add('Sect');
    const rows = this.heading('Närvarolista', 14, 0, sect);
    rows[0].pageBreakBefore = true;
    rows[0].onPlace = this.anchor('attendance');
    this.outline.push({ title: 'Närvarolista', key: 'attendance' });
    const t = sect.add('Table');
    this.attendanceGroups(p).forEach(([label, people], i) =>
      rows.push(
        ...this.labelled(
          label,
          people.map((x: Member & Attendee) => this.plain(personText(x, this.numbering))),
          t,
          i === 0 ? 12 : 7,
        ),
      ),
    );
    return rows;
  }

  printedSignatures(p: Protocol): Row[] {
    const rows: Row[] = [];
    const sect = this.root.add('Sect');
    rows.push(...this.heading('Underskrifter', 12, 20, sect));
    rows.push(
      ...this.textRows(
        [{ text: `Protokollet justeras med elektroniska underskrifter, se sidan ${refText('signatures')}.`, style: 'italic' }],
        MARGIN_LEFT,
        CONTENT_WIDTH,
        {
          mc: sect.add('P').slot(),
          size: 9,
          color: MUTED,
          keepWithNext: true,
        },
      ),
    );
    // As on paper: role, a signature line, the printed name (and organisation) below. Three
    // signatories (the usual sekreterare, ordförande, justerare) stand in one row, as the originals
    // print them ("Sekreterare ….. Jessica Hådel  Ordförande ….. Susanne Hansson  Justerande …"),
    // which keeps page 1 short; four stand two by two.
    const perRow = p.signatories.length === 3 ? 3 : 2;
    const colW = CONTENT_WIDTH / perRow;
    const table = sect.add('Table');
    for (let i = 0; i < p.signatories.length; i += perRow) {
      const group = p.signatories.slice(i, i + perRow);
      // Read as printed, row by row: a table whose header row holds the roles and whose next row
      // holds the printed names, so each name sits under its role (column header).
      const roleRow = table.add('TR');
      const nameRow = table.add('TR');
      const slots = group.map(() => ({ role: roleRow.add('TH', { scope: 'Column' }).slot(), name: nameRow.add('TD').slot() }));
      const nameLines = group.map((s) => this.lines(this.plain(s.name + (s.organisation ? `, ${s.organisation}` : '')), colW - 24, 9));
      const h = 39 + 11 * Math.max(...nameLines.map((ls) => ls.length));
      rows.push({
        height: h,
        spaceBefore: i === 0 ? 8 : 10,
        keepWithNext: i + perRow < p.signatories.length,
        draw: (ops, top) => {
          group.forEach((s, k) => {
            const x = MARGIN_LEFT + k * colW;
            ops.push({ t: 'text', x, y: top - 10, text: ROLE_LABELS[s.role], style: 'bold', size: 9.5, color: TEXT, mc: slots[k].role });
            const lineY = top - 32;
            ops.push({ t: 'line', x1: x, y1: lineY, x2: x + colW - 24, y2: lineY, width: 0.6, color: RULE });
            nameLines[k].forEach((line, li) => this.drawLine(ops, line, x, lineY - 11 - li * 11, 9, TEXT, slots[k].name));
          });
        },
      });
    }
    return rows;
  }

  anslagBox(p: Protocol): Row[] {
    const pad = 10;
    const labelW = 190;
    const rowH = 18;
    // A date given in the protocol (v2 `anslag`, a protocol justerat elsewhere) is printed; otherwise
    // the empty form field that Justera's anslag fills later.
    const a = p.anslag ?? {};
    const dated = (label: string, value: string | undefined, field: string) => (value ? { label, value } : { label, field });
    const entries: { label: string; value?: string; field?: string; signature?: string }[] = [
      { label: 'Organ', value: p.organ },
      { label: 'Sammanträdesdatum', value: p.meeting.date },
      dated('Datum för anslags uppsättande', a.postedDate, ANSLAG_FIELDS.uppsattande),
      dated('Datum för anslags nedtagande', a.takeDownDate, ANSLAG_FIELDS.nedtagande),
      dated('Sista dag att överklaga', a.lastAppealDate, ANSLAG_FIELDS.sistaDagOverklagande),
      { label: 'Förvaringsplats för protokollet', value: p.storagePlace },
    ];
    const sentenceW = CONTENT_WIDTH - 2 * pad;
    const sentence = this.lines([{ text: sanitize(a.text ?? DEFAULT_ANSLAG_TEXT, this.fonts), style: 'italic' }], sentenceW, 9.5);
    const secretary = p.signatories.find((s) => s.role === 'sekreterare');
    const valueW = CONTENT_WIDTH - 2 * pad - labelW;
    const valueLines = entries.map((e) => (e.value !== undefined ? this.lines(this.plain(e.value), valueW) : []));
    const heights = valueLines.map((ls) => Math.max(rowH, ls.length * LEADING + 4));
    const sigH = 34;
    const titleH = 40 + (sentence.length - 1) * 12.5;
    const total = titleH + heights.reduce((a, b) => a + b, 0) + sigH + pad;
    const sect = this.root.add('Sect');
    const hSlot = sect.add('H2').slot();
    const pSlot = sect.add('P').slot();
    const table = sect.add('Table');
    const cells = [...entries.map((e) => e.label), 'Underskrift'].map(() => {
      const tr = table.add('TR');
      const th = tr.add('TH', { scope: 'Row' });
      return { th: th.slot(), td: tr.add('TD') };
    });
    return [
      {
        height: total,
        spaceBefore: 14,
        draw: (ops, top) => {
          const x0 = MARGIN_LEFT;
          ops.push({ t: 'rect', x: x0, y: top - total, w: CONTENT_WIDTH, h: total, stroke: RULE, lineWidth: 0.8 });
          ops.push({ t: 'text', x: x0 + pad, y: top - 15, text: 'ANSLAG/BEVIS', style: 'bold', size: 10.5, color: TEXT, mc: hSlot });
          sentence.forEach((line, li) => this.drawLine(ops, line, x0 + pad, top - 30 - li * 12.5, 9.5, TEXT, pSlot));
          let y = top - titleH;
          entries.forEach((e, i) => {
            const h = heights[i];
            ops.push({ t: 'line', x1: x0 + pad, y1: y, x2: x0 + CONTENT_WIDTH - pad, y2: y, width: 0.4, color: LIGHT });
            const base = y - 13;
            ops.push({ t: 'text', x: x0 + pad, y: base, text: e.label, style: 'regular', size: 9, color: MUTED, mc: cells[i].th });
            const vx = x0 + pad + labelW;
            if (e.field) {
              ops.push({ t: 'rect', x: vx, y: y - rowH + 2, w: 120, h: rowH - 4, stroke: LIGHT, lineWidth: 0.5 });
              ops.push({
                t: 'textField',
                name: e.field,
                tooltip: e.label,
                x: vx,
                y: y - rowH + 2,
                w: 120,
                h: rowH - 4,
                node: cells[i].td.add('Form'),
              });
            } else {
              const td = cells[i].td.slot();
              valueLines[i].forEach((line, li) => this.drawLine(ops, line, vx, base - li * LEADING, BODY, TEXT, td));
            }
            y -= h;
          });
          ops.push({ t: 'line', x1: x0 + pad, y1: y, x2: x0 + CONTENT_WIDTH - pad, y2: y, width: 0.4, color: LIGHT });
          const last = cells[cells.length - 1];
          ops.push({ t: 'text', x: x0 + pad, y: y - 13, text: 'Underskrift', style: 'regular', size: 9, color: MUTED, mc: last.th });
          const vx = x0 + pad + labelW;
          ops.push({ t: 'line', x1: vx, y1: y - 18, x2: vx + 200, y2: y - 18, width: 0.6, color: RULE });
          if (secretary)
            ops.push({
              t: 'text',
              x: vx,
              y: y - 28,
              text: sanitize(`${secretary.name}, sekreterare`, this.fonts),
              style: 'regular',
              size: 8.5,
              color: MUTED,
              mc: last.td.slot(),
            });
        },
      },
    ];
  }

  // ---- table of contents ------------------------------------------------------------------

  /**
   * Entries: each § with its page range ("4–9" when it runs over pages), its sub-items indented below
   * it (format v2), then Närvarolista, Bilagor and Underskrifter.
   */
  tableOfContents(paragraphs: Paragraph[], hasAttachments: boolean, hasAttendancePage = false): Row[] {
    const rows: Row[] = [];
    const sect = this.root.add('Sect');
    const top = this.heading('Innehållsförteckning', 14, 26, sect);
    top[0].needSpace = 220;
    rows.push(...top);
    const toc = sect.add('TOC');
    const numW = 44;
    // Wide enough for a range of four-digit pages ("1204–1210"): the numbers never change the flow.
    const pageW = 60;
    const subNumW = 34;
    const entry = (label: string, title: string, key: string, spaceBefore: number, indent = 0): void => {
      const titleW = CONTENT_WIDTH - numW - pageW - 12 - indent;
      const ls = this.lines(this.plain(title), titleW);
      const item = toc.add('TOCI').slot();
      ls.forEach((line, i) => {
        const last = i === ls.length - 1;
        rows.push({
          height: LEADING,
          spaceBefore: i === 0 ? spaceBefore : 0,
          keepWithNext: !last,
          draw: (ops, t) => {
            const base = t - LEADING + 4;
            const labelX = indent ? MARGIN_LEFT + numW : MARGIN_LEFT;
            if (i === 0 && label)
              ops.push({
                t: 'text',
                x: labelX,
                y: base,
                text: `${label} `,
                style: indent ? 'regular' : 'bold',
                size: BODY,
                color: TEXT,
                mc: item,
              });
            this.drawLine(ops, line, MARGIN_LEFT + numW + indent, base, BODY, TEXT, item);
            if (last) {
              // The page number is filled in after the flow (see resolveRefs), right-aligned in a
              // reserved column; the dot leaders end at that column.
              const px = MARGIN_LEFT + CONTENT_WIDTH - pageW + 6;
              // Dot leaders between the title and the page number.
              const dotW = this.fonts.regular.width('.') * BODY;
              const from = MARGIN_LEFT + numW + indent + line.width + 6;
              const to = px - 6;
              const count = Math.floor((to - from) / (dotW * 2));
              if (count > 0)
                ops.push({
                  t: 'text',
                  x: to - count * dotW * 2 + dotW,
                  y: base,
                  text: '. '.repeat(count).trimEnd(),
                  style: 'regular',
                  size: BODY,
                  color: LIGHT,
                  mc: 'artifact',
                });
              ops.push({
                t: 'text',
                x: MARGIN_LEFT + CONTENT_WIDTH,
                y: base,
                text: ` ${refText(key)}`,
                style: 'regular',
                size: BODY,
                color: TEXT,
                align: 'right',
                mc: item,
              });
            }
          },
        });
      });
    };
    if (hasAttendancePage) entry('', 'Närvarolista', 'attendance', 5);
    for (const para of paragraphs) {
      entry(paragraphLabel(para.number, this.numbering), para.title, `para:${para.number}..paraend:${para.number}`, 5);
      for (const sub of para.subItems ?? [])
        entry(subItemLabel(para, sub), sub.title, `sub:${para.number}:${sub.number}..subend:${para.number}:${sub.number}`, 2, subNumW);
    }
    if (hasAttachments) entry('', 'Bilagor', 'attachments', 9);
    entry('', 'Underskrifter', 'signatures', hasAttachments ? 5 : 9);
    return rows;
  }

  // ---- paragraphs ---------------------------------------------------------------------------

  /** `markAdjusted`: print "Paragrafen är justerad" under an immediately adjusted § (full protocol only; an excerpt is that justering). */
  paragraph(para: Paragraph, first: boolean, newPage: boolean, markAdjusted: boolean): Row[] {
    const rows: Row[] = [];
    const size = 12.5;
    const lead = 17;
    const sect = this.root.add('Sect');
    const h = sect.add('H2').slot();
    const key = `para:${para.number}`;
    const label = paragraphLabel(para.number, this.numbering);
    const outlineEntry: { title: string; key: string; children?: { title: string; key: string }[] } = {
      title: `${label} ${para.title}`,
      key,
    };
    this.outline.push(outlineEntry);
    const titleLines = this.lines(this.plain(para.title, 'bold'), CONTENT_WIDTH - PARA_INDENT, size);
    titleLines.forEach((line, i) => {
      rows.push({
        height: lead,
        spaceBefore: i === 0 ? 26 : 0,
        pageBreakBefore: i === 0 && (first || newPage),
        keepWithNext: true,
        draw: (ops, top, atPageTop) => {
          const base = top - lead + 4;
          if (i === 0 && !atPageTop)
            ops.push({ t: 'line', x1: MARGIN_LEFT, y1: top + 12, x2: MARGIN_LEFT + CONTENT_WIDTH, y2: top + 12, width: 0.5, color: LIGHT });
          if (i === 0) ops.push({ t: 'text', x: MARGIN_LEFT, y: base, text: `${label} `, style: 'bold', size, color: TEXT, mc: h });
          this.drawLine(ops, line, MARGIN_LEFT + PARA_INDENT, base, size, TEXT, h);
        },
        onPlace: i === 0 ? this.anchor(key) : undefined,
      });
    });
    if (para.caseNumber) {
      rows.push(
        ...this.textRows(this.plain(para.caseNumber), MARGIN_LEFT + PARA_INDENT, CONTENT_WIDTH - PARA_INDENT, {
          mc: sect.add('P').slot(),
          size: 9,
          leading: 13,
          keepWithNext: true,
          color: MUTED,
        }),
      );
    }
    para.sections.forEach((section, i) => rows.push(...this.section(section, i === 0, sect)));
    for (const sub of para.subItems ?? []) {
      const subKey = `sub:${para.number}:${sub.number}`;
      (outlineEntry.children ??= []).push({ title: `${subItemLabel(para, sub)} ${sub.title}`, key: subKey });
      rows.push(...this.subItem(para, sub, sect, subKey));
    }
    Composer.alsoOnPlace(rows[rows.length - 1], this.anchor(`paraend:${para.number}`));
    if (para.immediatelyAdjusted && markAdjusted) {
      const text = 'Paragrafen är justerad';
      const mark = sect.add('P').slot();
      rows.push({
        height: 22,
        spaceBefore: 12,
        draw: (ops, top) => {
          const w = this.fonts.bold.width(text) * 9.5 + 20;
          ops.push({ t: 'rect', x: MARGIN_LEFT, y: top - 22, w, h: 22, stroke: RULE, fill: [0.96, 0.96, 0.96], lineWidth: 0.6 });
          ops.push({ t: 'text', x: MARGIN_LEFT + 10, y: top - 15, text, style: 'bold', size: 9.5, color: TEXT, mc: mark });
        },
      });
    }
    return rows;
  }

  /** A numbered sub-item (format v2): "3.1 Titel" as an H3 in its own Sect, its sections one level lower. */
  subItem(para: Paragraph, sub: SubItem, parent: StructNode, key: string): Row[] {
    const sect = parent.add('Sect');
    const rows = this.textRows(this.plain(`${subItemLabel(para, sub)} ${sub.title}`, 'bold'), MARGIN_LEFT, CONTENT_WIDTH, {
      mc: sect.add('H3').slot(),
      size: 11.5,
      leading: 16,
      spaceBefore: 18,
      keepWithNext: true,
      onPlace: this.anchor(key),
    });
    if (sub.caseNumber)
      rows.push(
        ...this.textRows(this.plain(sub.caseNumber), MARGIN_LEFT, CONTENT_WIDTH, {
          mc: sect.add('P').slot(),
          size: 9,
          leading: 13,
          keepWithNext: true,
          color: MUTED,
        }),
      );
    sub.sections.forEach((section, i) => rows.push(...this.section(section, i === 0, sect, 4)));
    Composer.alsoOnPlace(rows[rows.length - 1], this.anchor(`subend:${para.number}:${sub.number}`));
    return rows;
  }

  /** `level`: the heading level of the section heading (H3 in a §, H4 in a sub-item); sub-headings one lower. */
  section(section: Section, first: boolean, parent: StructNode, level: 3 | 4 = 3): Row[] {
    const rows: Row[] = [];
    const title = section.title ?? SECTION_TITLES[section.kind];
    const h: StructType = level === 3 ? 'H3' : 'H4';
    const sub: StructType = level === 3 ? 'H4' : 'H5';
    if (title)
      rows.push(
        ...this.textRows(this.plain(title, 'bold'), MARGIN_LEFT, CONTENT_WIDTH, {
          mc: parent.add(h).slot(),
          size: 11,
          leading: 15.5,
          spaceBefore: first ? 10 : 12,
          keepWithNext: true,
        }),
      );
    section.content.forEach((block, i) =>
      rows.push(...this.block(block, MARGIN_LEFT, CONTENT_WIDTH, i === 0 ? (title ? 2 : 8) : 6, parent, sub)),
    );
    return rows;
  }

  block(block: Block, x: number, width: number, spaceBefore: number, parent: StructNode, headingType: StructType = 'H4'): Row[] {
    switch (block.type) {
      case 'paragraph':
        return this.textRows(spansOf(block.content, this.fonts), x, width, { mc: parent.add('P').slot(), spaceBefore });
      case 'heading':
        return this.textRows(spansOf(block.content, this.fonts, { bold: true }), x, width, {
          mc: parent.add(headingType).slot(),
          spaceBefore: spaceBefore + 4,
          keepWithNext: true,
        });
      case 'bulletList':
        return this.list(block.items, x, width, spaceBefore, () => '•', parent.add('L', { listNumbering: 'Disc' }), headingType);
      case 'numberedList': {
        const start = block.start ?? 1;
        const style = block.style ?? 'decimal-dot';
        return this.list(
          block.items,
          x,
          width,
          spaceBefore,
          (i) => {
            const n = start + i;
            if (style === 'decimal-paren') return `${n})`;
            if (style === 'alpha-paren') return `${alpha(n)})`;
            return `${n}.`;
          },
          parent.add('L', { listNumbering: style === 'alpha-paren' ? 'LowerAlpha' : 'Decimal' }),
          headingType,
        );
      }
      case 'table':
        return this.table(block, x, width, spaceBefore, parent.add('Table'));
    }
  }

  list(
    items: ListItem[],
    x: number,
    width: number,
    spaceBefore: number,
    marker: (i: number) => string,
    l: StructNode,
    headingType: StructType = 'H4',
  ): Row[] {
    const rows: Row[] = [];
    const markers = items.map((_, i) => marker(i));
    const markerW = Math.max(14, ...markers.map((m) => this.fonts.regular.width(m) * BODY + 6));
    items.forEach((item, i) => {
      const li = l.add('LI');
      const lbl = li.add('Lbl').slot();
      const body = li.add('LBody');
      const textRows = this.textRows(spansOf(item.content, this.fonts), x + markerW, width - markerW, {
        mc: body.slot(),
        spaceBefore: i === 0 ? spaceBefore : 3,
      });
      const first = textRows[0];
      const draw = first.draw;
      const m = markers[i];
      first.draw = (ops, top, atTop) => {
        // The marker first: it comes first in reading order (Lbl before LBody).
        const mw = this.fonts.regular.width(m) * BODY;
        ops.push({
          t: 'text',
          x: x + markerW - 6 - mw,
          y: top - LEADING + (LEADING - BODY) / 2 + BODY * 0.22,
          text: m,
          style: 'regular',
          size: BODY,
          color: TEXT,
          mc: lbl,
        });
        draw(ops, top, atTop);
      };
      // Keep-with-next: an item's last line does not stay alone at a page foot while its sub-list or
      // paragraphs go to the next page.
      if (item.children?.length) textRows[textRows.length - 1].keepWithNext = true;
      rows.push(...textRows);
      (item.children ?? []).forEach((child) => rows.push(...this.block(child, x + markerW, width - markerW, 3, body, headingType)));
    });
    return rows;
  }

  table(block: TableBlock, x: number, width: number, spaceBefore: number, table: StructNode | null): Row[] {
    const cols = Math.max(1, ...block.header.map((r) => r.length), ...block.rows.map((r) => r.length));
    const rel = block.columnWidths && block.columnWidths.length === cols ? block.columnWidths : Array<number>(cols).fill(1);
    const sum = rel.reduce((a, b) => a + b, 0);
    const widths = rel.map((w) => (w / sum) * width);
    const pad = 4.5;
    const size = 9;
    const leading = 12.5;
    // `tagged` false: header rows repeated on a later page are pagination artifacts.
    const makeRows = (cells: TableCell[][], header: boolean, tagged: boolean): Row[] => {
      const out: Row[] = [];
      for (const r of cells) {
        const tr = tagged && table ? table.add('TR') : null;
        const slots: (McSlot | 'artifact')[] = widths.map(() =>
          tr ? tr.add(header ? 'TH' : 'TD', header ? { scope: 'Column' } : undefined).slot() : 'artifact',
        );
        const cellLines = widths.map((w, c) => this.lines(spansOf(r[c]?.content ?? [], this.fonts, { bold: header }), w - 2 * pad, size));
        const maxLines = Math.max(...cellLines.map((l) => l.length));
        // A row taller than a page is cut into slices of whole lines.
        const perSlice = Math.max(1, Math.floor((CONTENT_TOP - CONTENT_BOTTOM - 80 - 2 * pad) / leading));
        for (let from = 0; from < maxLines; from += perSlice) {
          const to = Math.min(maxLines, from + perSlice);
          const h = (to - from) * leading + 2 * pad;
          out.push({
            height: h,
            keepWithNext: header,
            draw: (ops, top) => {
              let cx = x;
              widths.forEach((w, c) => {
                // An empty header cell (the corner above a row-label column) is not shaded.
                const filled = header && inlineLength(r[c]?.content) > 0;
                ops.push({ t: 'rect', x: cx, y: top - h, w, h, stroke: LIGHT, fill: filled ? HEADER_FILL : undefined, lineWidth: 0.5 });
                const align = block.align?.[c] ?? 'left';
                cellLines[c].slice(from, to).forEach((line, li) => {
                  const lx = align === 'right' ? cx + w - pad - line.width : align === 'center' ? cx + (w - line.width) / 2 : cx + pad;
                  this.drawLine(ops, line, lx, top - pad - li * leading - 9.4, size, TEXT, slots[c]);
                });
                cx += w;
              });
            },
          });
        }
      }
      return out;
    };
    const headerRows = makeRows(block.header, true, true);
    const bodyRows = makeRows(block.rows, false, true);
    // Header rows drawn again after a page break need their own row objects (no spaceBefore).
    const repeat = makeRows(block.header, true, false).map((r) => ({ ...r, keepWithNext: false }));
    bodyRows.forEach((r) => (r.repeatHeader = repeat));
    const all = [...headerRows, ...bodyRows];
    if (all.length) all[0].spaceBefore = spaceBefore + 2;
    return all;
  }

  attachments(p: Protocol): Row[] {
    const list = p.attachments ?? [];
    if (!list.length) return [];
    const sect = this.root.add('Sect');
    const rows = this.heading('Bilagor', 12.5, 30, sect);
    rows[0].onPlace = this.anchor('attachments');
    this.outline.push({ title: 'Bilagor', key: 'attachments' });
    const table = sect.add('Table');
    list.forEach((a, i) => {
      const label = a.label ?? `Bilaga ${i + 1}`;
      const text = a.paragraph !== undefined ? `${a.title} (${formatParagraphRange([a.paragraph], this.numbering)})` : a.title;
      rows.push(...this.labelled(label, [this.plain(text)], table, i === 0 ? 6 : 2));
    });
    return rows;
  }

  signaturePage(p: Protocol, identification?: SignatoryIdentification): Row[] {
    const sect = this.root.add('Sect');
    const rows = this.heading('Underskrifter', 16, 0, sect);
    rows[0].pageBreakBefore = true;
    rows[0].onPlace = this.anchor('signatures');
    this.outline.push({ title: 'Underskrifter', key: 'signatures' });
    rows.push(
      ...this.textRows(
        this.plain(
          'Protokollet justeras med elektroniska underskrifter i nedanstående ordning. Varje underskrift omfattar hela dokumentet; dokumentets kontrollsumma (SHA-256) visas i underskriften.',
        ),
        MARGIN_LEFT,
        CONTENT_WIDTH,
        { mc: sect.add('P').slot(), spaceBefore: 6 },
      ),
    );
    const { width: fw, height: fh } = SIGNATURE_FIELD_SIZE;
    const textWidth = CONTENT_WIDTH - fw - 20;
    const identText = identification ? signatoryIdentificationText(identification) : null;
    p.signatories.forEach((s, i) => {
      const n = i + 1;
      const div = sect.add('Div');
      const label = div.add('P').slot();
      const role = div.add('P').slot();
      const name = div.add('P').slot();
      const org = div.add('P').slot();
      const ident = identText ? div.add('P').slot() : null;
      const form = div.add('Form');
      const nameLines = this.lines(this.plain(s.name), textWidth, BODY);
      const orgLines = s.organisation ? this.lines(this.plain(s.organisation), textWidth, 9) : [];
      const identLines = identText ? this.lines(this.plain(identText), textWidth, 9) : [];
      const identTop = 44 + nameLines.length * LEADING + orgLines.length * 12 + 4;
      // The row is the field's height, or taller when a long name, organisation and identification need it.
      const h = Math.max(fh + 8, identLines.length ? identTop + identLines.length * 12 : 0);
      rows.push({
        height: h,
        spaceBefore: i === 0 ? 18 : 14,
        draw: (ops, top) => {
          const fx = MARGIN_LEFT + CONTENT_WIDTH - fw;
          ops.push({
            t: 'text',
            x: MARGIN_LEFT,
            y: top - 12,
            text: `Underskrift ${n}`,
            style: 'regular',
            size: SMALL,
            color: MUTED,
            mc: label,
          });
          ops.push({ t: 'text', x: MARGIN_LEFT, y: top - 28, text: ROLE_LABELS[s.role], style: 'bold', size: 11, color: TEXT, mc: role });
          nameLines.forEach((l, li) => this.drawLine(ops, l, MARGIN_LEFT, top - 44 - li * LEADING, BODY, TEXT, name));
          orgLines.forEach((l, li) => this.drawLine(ops, l, MARGIN_LEFT, top - 44 - nameLines.length * LEADING - li * 12, 9, MUTED, org));
          if (ident) identLines.forEach((l, li) => this.drawLine(ops, l, MARGIN_LEFT, top - identTop - li * 12, 9, TEXT, ident));
          ops.push({ t: 'rect', x: fx, y: top - fh, w: fw, h: fh, stroke: LIGHT, lineWidth: 0.6 });
          ops.push({
            t: 'signatureField',
            name: signatureFieldName(n),
            tooltip: signatureFieldTooltip(s.role, s.name),
            x: fx,
            y: top - fh,
            w: fw,
            h: fh,
            node: form,
          });
        },
      });
    });
    return rows;
  }
}

/** The attendance on its own page, or the groups (by index) printed as running text on page 1. */
type AttendanceLayout = 'page' | ReadonlySet<number>;
const NO_COMPACT: ReadonlySet<number> = new Set();

function inlineLength(content: readonly (string | { text: string })[] | undefined): number {
  return (content ?? []).reduce((n, i) => n + (typeof i === 'string' ? i : i.text).trim().length, 0);
}

function alpha(n: number): string {
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(97 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * Lays the document out in one pass. Page numbers that the text refers to (table of contents,
 * "se sidan N") are written as placeholders and filled in once the flow is done: they sit
 * in reserved space (right-aligned page column, end of a short line), so they never change the flow.
 */
export function layoutProtocol(input: LayoutInput, fonts: FontSet): LayoutResult {
  const p = input.protocol;
  const c = new Composer(fonts, p.numbering);
  // Page 1 keeps the meeting block, the printed signatures and ANSLAG/BEVIS together: when they do
  // not fit (a long attendance), the attendance moves to the närvarolista page, as when asked for.
  const attendance = attendanceLayout(fonts, p, input.paragraphs);
  const ownPage = attendance === 'page';
  const rows: Row[] = [...c.meetingBlock(p, input.paragraphs, attendance), ...c.printedSignatures(p), ...c.anslagBox(p)];
  if (ownPage) rows.push(...c.attendanceListPage(p));
  if (input.tableOfContents) rows.push(...c.tableOfContents(input.paragraphs, !!p.attachments?.length, ownPage));
  input.paragraphs.forEach((para, i) =>
    rows.push(...c.paragraph(para, i === 0 && input.tableOfContents, input.paragraphPerPage, input.tableOfContents)),
  );
  if (input.tableOfContents) rows.push(...c.attachments(p));
  rows.push(...c.signaturePage(p, input.identification));
  const flow = new Flow({ top: CONTENT_TOP, bottom: CONTENT_BOTTOM });
  flow.place(rows);
  resolveRefs(flow.pages, c.anchors);
  const place = (o: { title: string; key: string; children?: { title: string; key: string }[] }): OutlineEntry[] => {
    const at = c.positions.get(o.key);
    if (!at) return [];
    const children = (o.children ?? []).flatMap(place);
    return [{ title: o.title, page: at.page, top: at.top, ...(children.length ? { children } : {}) }];
  };
  const outline = c.outline.flatMap(place);
  return { pages: flow.pages, anchors: c.anchors, structure: c.root, outline };
}

/**
 * Where the attendance goes. Page 1 keeps the meeting block, the printed signatures and ANSLAG/BEVIS
 * together, as the municipalities' own protocols do. One person a line when that fits; otherwise the
 * largest groups, one after the other, become running text (as the originals print them: "Samt:
 * Charlotte Sandelius, förbundsdirektör, Annelie Ledin, …"); only when even that does not fit, or
 * the protocol asks for it (`attendanceList`), the groups go on the närvarolista page.
 */
function attendanceLayout(fonts: FontSet, p: Protocol, paragraphs: Paragraph[]): AttendanceLayout {
  if (p.attendanceList) return 'page';
  const groups = new Composer(fonts, p.numbering).attendanceGroups(p);
  const order = groups
    .map((g, i) => i)
    .filter((i) => groups[i][1].length > 1)
    .sort((a, b) => groups[b][1].length - groups[a][1].length || a - b);
  const compact = new Set<number>();
  for (let k = 0; ; k++) {
    if (fitsOnFirstPage(new Composer(fonts, p.numbering), p, paragraphs, compact)) return compact;
    if (k === order.length) return 'page';
    compact.add(order[k]);
  }
}

/** Whether the first-page rows (with the attendance on page 1, laid out as given) fit on one page. */
function fitsOnFirstPage(c: Composer, p: Protocol, paragraphs: Paragraph[], compact: ReadonlySet<number>): boolean {
  const rows = [...c.meetingBlock(p, paragraphs, compact), ...c.printedSignatures(p), ...c.anslagBox(p)];
  const height = rows.reduce((h, r, i) => h + r.height + (i > 0 ? (r.spaceBefore ?? 0) : 0), 0);
  return height <= CONTENT_TOP - CONTENT_BOTTOM;
}

// eslint-disable-next-line no-control-regex -- U+0001 delimits the reference markers
const REF = /\u0001([a-z]+(?::\d+)*(?:\.\.[a-z]+(?::\d+)*)?)\u0001/g;

/** A placeholder for the page number of an anchor, resolved by resolveRefs. */
function refText(key: string): string {
  return `\u0001${key}\u0001`;
}

function resolveRefs(pages: LayoutPage[], anchors: Map<string, number>): void {
  for (const page of pages)
    for (const op of page.ops)
      if (op.t === 'text' && op.text.includes('\u0001'))
        op.text = op.text.replace(REF, (_, ref: string) => {
          // "a..b": the page range from anchor a to anchor b ("4–9", or "4" on one page).
          const [from, to] = ref.split('..').map((key) => {
            const n = anchors.get(key);
            if (n === undefined) throw new Error(`Layout: no page for anchor ${key}`);
            return n;
          });
          return to === undefined || to === from ? String(from) : `${from}\u2013${to}`;
        });
}
